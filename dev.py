#!/usr/bin/env python3
"""Set up keras-designer in ./.venv and run it: `python3 dev.py app` or `python3 dev.py test`.

- ``app [ARGS]``: install the app (and TensorFlow, for Build & summarize) and start it.
- ``test [PYTEST ARGS]``: install the app, TensorFlow and the test tools, then run pytest.
- ``bench``: install as for tests, then run the benchmarks.

The virtual environment is created with the Python running this script (3.11 or
newer) and reinstalled only when pyproject.toml changes.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = Path(os.environ.get("KERAS_DESIGNER_VENV", ROOT / ".venv"))
EXTRAS = {"app": "tf", "test": "tf,test", "bench": "tf,test"}


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def ensure_env(extras: str) -> Path:
    if sys.version_info < (3, 11):
        sys.exit(f"keras-designer needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    python = venv_python()
    if not python.exists():
        print(f"creating virtual environment in {VENV}", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes() + extras.encode()).hexdigest()
    stamp = VENV / ".keras-designer-installed"
    if not stamp.exists() or stamp.read_text() != digest:
        print(f"installing keras-designer[{extras}] (first run takes a minute or two)", flush=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-e", f"{ROOT}[{extras}]"], check=True)
        stamp.write_text(digest)
    return python


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
    return subprocess.call([str(python), "-m", "pytest", *rest], cwd=ROOT)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
