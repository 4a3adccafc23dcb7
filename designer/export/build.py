"""Build a design with real TensorFlow in a separate process and compare with the engine.

`start_build` exports the design, starts `build_worker` in a child process and
returns a `BuildJob`; `BuildJob.wait` reads its progress, can be cancelled from
another thread, and returns a `BuildReport`. The app drives the same worker
with a QProcess and uses `parse_event` and `compare` from here.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass, field
from typing import Callable

from designer.engine import ModelInference, infer_document
from designer.layers.shapes import fmt_shape
from designer.model import Document

from .code_export import export_code

BUILD_PYTHON_VAR = "KERAS_DESIGNER_BUILD_PYTHON"
INSTALL_HINT = (
    "TensorFlow is not installed in this Python environment; install it with "
    "`pip install 'keras-designer[tf]'` (or `pip install tensorflow`), then build again"
)


@dataclass
class Difference:
    layer: str
    what: str  # "output shape", "params", "missing"
    designer: str
    keras: str

    def __str__(self) -> str:
        return f"{self.layer}: {self.what}: designer {self.designer}, Keras {self.keras}"


@dataclass
class BuildReport:
    ok: bool = False
    summary: str = ""
    keras_layers: list[dict] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    error: str | None = None
    tf_missing: bool = False
    cancelled: bool = False


def worker_command(module_path: str, python: str | list[str] | None = None) -> list[str]:
    """The child's command line; ``python`` is an interpreter path or a command prefix.

    Without one, ``$KERAS_DESIGNER_BUILD_PYTHON`` (e.g. the python of another
    environment that has TensorFlow) is used, else this interpreter.
    """
    if python is None and os.environ.get(BUILD_PYTHON_VAR):
        python = shlex.split(os.environ[BUILD_PYTHON_VAR])
    prefix = [python] if isinstance(python, str) else list(python or [sys.executable])
    return [*prefix, "-m", "designer.export.build_worker", module_path]


def parse_event(line: str) -> dict | None:
    """One JSON event line of the worker, or None for other output."""
    line = line.strip()
    if not line.startswith("{"):
        return None
    try:
        event = json.loads(line)
    except json.JSONDecodeError:
        return None
    return event if isinstance(event, dict) and "event" in event else None


def _fmt(shapes: list) -> str:
    """One shape as Keras prints it, or a list of them for a layer with several outputs."""
    return fmt_shape(shapes[0]) if len(shapes) == 1 else "[" + ", ".join(fmt_shape(s) for s in shapes) + "]"


def compare(doc: Document, inference: ModelInference, keras_layers: list[dict]) -> list[Difference]:
    """Layer by layer, the engine's output shapes and params against Keras's."""
    by_name = {k["name"]: k for k in keras_layers}
    seen_calls: dict[str, int] = {}
    diffs: list[Difference] = []
    for r in inference.results():
        k = by_name.get(r.name)
        call = seen_calls.get(r.name, 0)
        seen_calls[r.name] = call + 1
        if k is None:
            if r.class_name != "InputLayer":
                diffs.append(Difference(r.name, "missing", "present", "absent from the built model"))
            continue
        ours = [list(s) for s in (r.outputs or [])]
        if call < len(k["calls"]) and k["calls"][call] != ours:
            diffs.append(Difference(r.name, "output shape", _fmt(ours) if ours else "?", _fmt(k["calls"][call])))
        if call == 0 and r.params is not None:
            mine = (r.params.trainable, r.params.non_trainable)
            theirs = (k["trainable"], k["non_trainable"])
            if mine != theirs:
                diffs.append(Difference(r.name, "params", f"{mine[0]:,} + {mine[1]:,} non-trainable",
                                        f"{theirs[0]:,} + {theirs[1]:,} non-trainable"))
    return diffs


class BuildJob:
    """A running build; `wait` collects its report, `cancel` stops it."""

    def __init__(self, doc: Document, inference: ModelInference, process: subprocess.Popen, module_path: str):
        self.doc, self.inference, self.process = doc, inference, process
        self._module_path = module_path
        self._cancelled = threading.Event()

    def cancel(self) -> None:
        self._cancelled.set()
        if self.process.poll() is None:
            self.process.kill()

    def wait(self, on_progress: Callable[[str], None] | None = None) -> BuildReport:
        report = BuildReport()
        try:
            for line in self.process.stdout:
                event = parse_event(line)
                if event is None:
                    continue
                kind = event["event"]
                if kind == "progress" and on_progress:
                    on_progress(str(event.get("message", "")))
                elif kind == "missing_tf":
                    report.tf_missing, report.error = True, INSTALL_HINT
                elif kind == "error":
                    report.error = str(event.get("message", "the build failed"))
                elif kind == "result":
                    report.summary = str(event.get("summary", ""))
                    report.keras_layers = list(event.get("layers", []))
            self.process.wait()
        finally:
            self.process.stdout.close()
            try:
                os.unlink(self._module_path)
            except OSError:
                pass
        if self._cancelled.is_set():
            report.cancelled, report.error = True, "the build was cancelled"
            return report
        if report.error is None and not report.keras_layers and not report.summary:
            report.error = f"the build process ended without a result (exit code {self.process.returncode})"
        if report.error is None:
            report.differences = compare(self.doc, self.inference, report.keras_layers)
            report.ok = not report.differences
        return report


def start_build(doc: Document, python: str | list[str] | None = None, force: bool = False) -> BuildJob:
    """Export ``doc`` and start building it in a child process."""
    inference = infer_document(doc)
    source = export_code(doc, force=force, inference=inference)
    fd, path = tempfile.mkstemp(prefix="keras_designer_build_", suffix=".py")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(source)
    process = subprocess.Popen(
        worker_command(path, python), stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        env=worker_env(), stdin=subprocess.DEVNULL,
    )
    return BuildJob(doc, inference, process, path)


def worker_env() -> dict[str, str]:
    """The child's environment: quiet TensorFlow, and this copy of `designer` importable."""
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", PYTHONUNBUFFERED="1")
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH", "")) if p)
    env.pop("PYTHONSTARTUP", None)
    return env


def build_design(doc: Document, on_progress: Callable[[str], None] | None = None,
                 python: str | list[str] | None = None, force: bool = False) -> BuildReport:
    """Build ``doc`` with TensorFlow and compare; blocks until done."""
    return start_build(doc, python, force).wait(on_progress)
