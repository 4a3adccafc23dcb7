"""Build a design with real TensorFlow in an isolated child process and compare with the engine.

`start_build` exports the design into a fresh temporary folder, starts
`build_worker` there and returns a `BuildJob`; `BuildJob.wait` folds the child's
output with `designer.export.build_protocol`, can be cancelled from another
thread, always kills the child's process group and removes the folder, and
returns a `BuildReport`. The app drives the same worker with a QProcess using
`worker_command`, `prepare_workspace`, `kill_group` and `remove_workspace`.

Isolation: the child runs ``python -I`` on the worker's file (so neither the
current folder nor ``PYTHONPATH`` can put a ``tensorflow.py`` first), in the
temporary folder, in its own session (process group), with an address-space
limit and a time limit it applies to itself (`build_limits`).
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Callable

from designer.engine import ModelInference, infer_document
from designer.model import Document

from .build_protocol import (  # noqa: F401  (re-exported: the protocol's public names)
    INSTALL_HINT, BuildReport, BuildState, Difference, compare, parse_event, reduce, report, with_stderr,
)
from .code_export import export_code

BUILD_PYTHON_VAR = "KERAS_DESIGNER_BUILD_PYTHON"
MEMORY_VAR = "KERAS_DESIGNER_BUILD_MEMORY_MB"
TIMEOUT_VAR = "KERAS_DESIGNER_BUILD_TIMEOUT"
DEFAULT_MEMORY_MB = 8192
DEFAULT_TIMEOUT_S = 600
WORKER_FILE = str(Path(__file__).with_name("build_worker.py"))
MODULE_NAME = "exported_model.py"
STDERR_NAME = "stderr.txt"
STDERR_TAIL_BYTES = 32 * 1024


def build_limits() -> tuple[int, int]:
    """(memory in MB, time in s) for a build: the defaults, or ``$KERAS_DESIGNER_BUILD_MEMORY_MB`` /
    ``$KERAS_DESIGNER_BUILD_TIMEOUT`` (0 means no limit)."""

    def read(var: str, default: int) -> int:
        try:
            value = int(os.environ.get(var, default))
        except ValueError:
            return default
        return max(0, value)

    return read(MEMORY_VAR, DEFAULT_MEMORY_MB), read(TIMEOUT_VAR, DEFAULT_TIMEOUT_S)


def describe_limits() -> str:
    memory, timeout = build_limits()
    parts = [f"{memory:,} MB" if memory else "no memory limit", f"{timeout} s" if timeout else "no time limit"]
    return f"{', '.join(parts)}; set {MEMORY_VAR} / {TIMEOUT_VAR} to change them"


def worker_command(module_path: str, python: str | list[str] | None = None) -> list[str]:
    """The child's command line; ``python`` is an interpreter path or a command prefix.

    Without one, ``$KERAS_DESIGNER_BUILD_PYTHON`` (e.g. the python of another
    environment that has TensorFlow) is used, else this interpreter.
    """
    if python is None and os.environ.get(BUILD_PYTHON_VAR):
        python = shlex.split(os.environ[BUILD_PYTHON_VAR])
    prefix = [python] if isinstance(python, str) else list(python or [sys.executable])
    memory, timeout = build_limits()
    return [*prefix, "-I", WORKER_FILE, module_path, "--memory-mb", str(memory), "--timeout", str(timeout)]


def worker_env() -> dict[str, str]:
    """The child's environment: quiet TensorFlow, nothing that makes Python import from elsewhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTHON")}
    env.update(TF_CPP_MIN_LOG_LEVEL="3", PYTHONUNBUFFERED="1")
    return env


def prepare_workspace(source: str) -> tuple[str, str]:
    """A new private temporary folder holding the exported module; returns (folder, module path)."""
    folder = tempfile.mkdtemp(prefix="keras_designer_build_")
    module = os.path.join(folder, MODULE_NAME)
    with open(module, "w", encoding="utf-8") as handle:
        handle.write(source)
    return folder, module


def read_stderr_tail(folder: str) -> str:
    """The end of the child's stderr, which it wrote into its folder."""
    try:
        with open(os.path.join(folder, STDERR_NAME), "rb") as handle:
            handle.seek(0, os.SEEK_END)
            handle.seek(max(0, handle.tell() - STDERR_TAIL_BYTES))
            return handle.read().decode("utf-8", "replace")
    except OSError:
        return ""


def remove_workspace(folder: str | None) -> None:
    if folder:
        shutil.rmtree(folder, ignore_errors=True)


def kill_group(pid: int | None) -> None:
    """Kill the child and everything it started (it leads its own process group)."""
    if not pid:
        return
    if hasattr(os, "killpg"):
        try:
            os.killpg(pid, signal.SIGKILL)
            return
        except OSError:
            pass
    try:
        os.kill(pid, signal.SIGKILL)
    except OSError:
        pass


class BuildJob:
    """A running build; `wait` collects its report, `cancel` stops it."""

    def __init__(self, doc: Document, inference: ModelInference, process: subprocess.Popen, folder: str):
        self.doc, self.inference, self.process = doc, inference, process
        self.folder = folder
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()
        if self.process.poll() is None:
            kill_group(self.process.pid)

    def wait(self, on_progress: Callable[[str], None] | None = None) -> BuildReport:
        state = BuildState()
        try:
            for line in self.process.stdout:
                before, state = state, reduce(state, line)
                if on_progress and state.progress is not None and state.progress is not before.progress:
                    on_progress(state.progress)
            self.process.wait()
            state = with_stderr(state, read_stderr_tail(self.folder))
        finally:
            if self.process.poll() is None:
                kill_group(self.process.pid)
                self.process.wait()
            self.process.stdout.close()
            remove_workspace(self.folder)
        return report(state, self.doc, self.inference, self.process.returncode,
                      cancelled=self._cancelled.is_set(), limits=describe_limits())


def start_build(doc: Document, python: str | list[str] | None = None, force: bool = False) -> BuildJob:
    """Export ``doc`` and start building it in an isolated child process."""
    inference = infer_document(doc)
    source = export_code(doc, force=force, inference=inference)
    folder, module = prepare_workspace(source)
    try:
        with open(os.path.join(folder, STDERR_NAME), "wb") as stderr:
            process = subprocess.Popen(
                worker_command(module, python), stdout=subprocess.PIPE, stderr=stderr, text=True,
                encoding="utf-8", errors="replace", env=worker_env(), stdin=subprocess.DEVNULL, cwd=folder,
                start_new_session=True,
            )
    except BaseException:
        remove_workspace(folder)
        raise
    return BuildJob(doc, inference, process, folder)


def build_design(doc: Document, on_progress: Callable[[str], None] | None = None,
                 python: str | list[str] | None = None, force: bool = False) -> BuildReport:
    """Build ``doc`` with TensorFlow and compare; blocks until done."""
    return start_build(doc, python, force).wait(on_progress)
