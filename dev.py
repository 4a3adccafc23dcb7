#!/usr/bin/env python3
"""Set up keras-designer in ./.venv and run it: `python3 dev.py app` or `python3 dev.py test`.

- ``app [ARGS]``: install the app (and TensorFlow, for Build & summarize) and start it.
- ``test [--only=STAGE,...] [PYTEST ARGS]``: install the app, TensorFlow and the test tools, then run, in order:
  ``lint`` (ruff), ``types`` (mypy), ``contract`` (the import contract test), ``no-tf`` (the tests not marked
  ``keras``, in ./.venv-notf, a second venv without TensorFlow) and ``suite`` (the pytest suite with TensorFlow).
  When ``no-tf`` runs too, ``suite`` runs the tests marked ``keras`` (the others just ran without TensorFlow), so
  every test runs once; ``--only=suite`` or ``KERAS_DESIGNER_FULL_SUITE=1`` runs them all with TensorFlow. PYTEST
  ARGS go to both pytest runs; the two run at the same time (``KERAS_DESIGNER_SERIAL=1``: one after the other).
  Every stage runs; the exit code is 1 if any failed.
- ``bench``: install as for tests, then run the benchmarks.

The virtual environments are created with the Python running this script (3.11 or
newer) and reinstalled only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("KERAS_DESIGNER_VENV", ROOT / ".venv"))
NOTF_VENV = Path(os.environ.get("KERAS_DESIGNER_NOTF_VENV", ROOT / ".venv-notf"))
EXTRAS = {"app": "tf", "test": "tf,test,lint", "bench": "tf,test"}
STAGES = ("lint", "types", "contract", "no-tf", "suite")
CONCURRENT = ("no-tf", "suite", "keras")
STAGE_TIMEOUT = float(os.environ.get("KERAS_DESIGNER_STAGE_TIMEOUT", 40 * 60))
"""A stage still running after this many seconds is stopped and counted as failed (a hang never blocks CI)."""
"""The two pytest runs, run at the same time unless KERAS_DESIGNER_SERIAL is set."""
LINT_PATHS = ["designer", "tests", "benchmarks", "dev.py"]


def venv_python(folder: Path = VENV) -> Path:
    return folder / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_env(extras: str, folder: Path = VENV) -> Path:
    """The venv at `folder` with keras-designer[extras] installed (editable); its Python."""
    if sys.version_info < (3, 11):
        sys.exit(f"keras-designer needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    python = venv_python(folder)
    if not python.exists():
        print(f"creating virtual environment in {folder}", flush=True)
        venv.EnvBuilder(with_pip=True).create(folder)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = folder / ".keras-designer-installed"
    if not stamp.exists() or stamp.read_text() != digest:
        print(f"installing keras-designer[{extras}] in {folder} (first run takes a minute or two)", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[{extras}]"], check=True)
        stamp.write_text(digest)
    return python


TF_KERAS = "tf_keras==2.21.*"
"""tf.keras (Keras 2), for the tests that read files it saves; ``--no-deps`` keeps TensorFlow's own Keras 3."""


def ensure_tf_keras(python: Path) -> None:
    """Install tf_keras beside TensorFlow in the test venv, once."""
    probe = "import importlib.util, sys; sys.exit(importlib.util.find_spec('tf_keras') is None)"
    if subprocess.run([str(python), "-c", probe]).returncode != 0:
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", TF_KERAS], check=True)


def ensure_notf_env() -> Path:
    """The small venv for the TF-free subset: the app and the test tools, and certainly no TensorFlow."""
    python = ensure_env("test", NOTF_VENV)
    probe = "import importlib.util, sys; sys.exit(importlib.util.find_spec('tensorflow') is not None)"
    if subprocess.run([str(python), "-c", probe]).returncode != 0:
        sys.exit(f"{NOTF_VENV} has TensorFlow installed; delete that folder and run again")
    return python


def stage_commands(stage: str, python: Path, pytest_args: list[str]) -> list[str]:
    if stage == "lint":
        return [str(python), "-m", "ruff", "check", *LINT_PATHS]
    if stage == "types":
        return [str(python), "-m", "mypy"]
    if stage == "contract":
        return [str(python), "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/test_import_contract.py"]
    if stage == "no-tf":
        return [str(ensure_notf_env()), "-m", "pytest", "-m", "not keras", *pytest_args]
    if stage == "keras":
        return [str(python), "-m", "pytest", "-m", "keras", *pytest_args]
    return [str(python), "-m", "pytest", *pytest_args]


def run_together(stages: list[str], python: Path, pytest_args: list[str], env: dict) -> list[tuple[str, int, float]]:
    """Run the pytest stages at the same time (one per core on a 2-core CI machine); print each log when done."""
    import tempfile

    commands = {stage: stage_commands(stage, python, pytest_args) for stage in stages}
    print(f"\n=== {' and '.join(stages)} (at the same time; KERAS_DESIGNER_SERIAL=1 runs them one by one) ===",
          flush=True)
    running = []
    start = time.monotonic()
    for stage, command in commands.items():
        log = tempfile.TemporaryFile("w+")
        running.append((stage, subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT),
                        log))
    results = []
    for stage, process, log in running:
        try:
            code = process.wait(timeout=max(1.0, STAGE_TIMEOUT - (time.monotonic() - start)))
        except subprocess.TimeoutExpired:
            process.kill()
            code = process.wait()
            log.write(f"\n{stage}: stopped after {STAGE_TIMEOUT / 60:.0f} minutes (a test hangs?)\n")
        results.append((stage, code, time.monotonic() - start))
        log.seek(0)
        print(f"\n=== {stage} ===\n{log.read()}", end="", flush=True)
        log.close()
    return results


def run_tests(python: Path, argv: list[str]) -> int:
    stages: tuple[str, ...] = STAGES
    rest = []
    for arg in argv:
        if arg.startswith("--only="):
            stages = tuple(s for s in arg.split("=", 1)[1].split(",") if s)
            unknown = set(stages) - set(STAGES)
            if unknown:
                sys.exit(f"unknown stage(s) {', '.join(sorted(unknown))}; stages are {', '.join(STAGES)}")
        else:
            rest.append(arg)
    if "no-tf" in stages and "suite" in stages and not os.environ.get("KERAS_DESIGNER_FULL_SUITE"):
        stages = tuple("keras" if s == "suite" else s for s in stages)  # the rest just ran in no-tf
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    results = []
    together = [s for s in stages if s in CONCURRENT] if not os.environ.get("KERAS_DESIGNER_SERIAL") else []
    for stage in stages:
        if stage in together:
            continue
        print(f"\n=== {stage} ===", flush=True)
        start = time.monotonic()
        try:
            code = subprocess.call(stage_commands(stage, python, rest), cwd=ROOT, env=env, timeout=STAGE_TIMEOUT)
        except subprocess.TimeoutExpired:
            print(f"{stage}: stopped after {STAGE_TIMEOUT / 60:.0f} minutes (a test hangs?)", flush=True)
            code = 124
        results.append((stage, code, time.monotonic() - start))
    if together:
        results += run_together(together, python, rest, env)
    print("\n=== summary ===")
    for stage, code, seconds in results:
        print(f"{stage:9} {'ok' if code == 0 else f'FAILED ({code})':12} {seconds:6.1f} s")
    return 0 if all(code == 0 for _, code, _ in results) else 1


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in EXTRAS:
        print(__doc__)
        return 2
    command, rest = argv[0], argv[1:]
    python = ensure_env(EXTRAS[command])
    if command == "app":
        return subprocess.call([str(python), "-m", "designer", *rest])
    if command == "bench":
        return subprocess.call([str(python), str(ROOT / "benchmarks" / "run.py"), *rest])
    ensure_tf_keras(python)
    return run_tests(python, rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
