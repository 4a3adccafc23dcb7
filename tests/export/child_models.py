"""Run a script that saves Keras models in a child process (our side never runs model code) and read its truth."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def save_in_child(script: str, folder: Path, timeout: int = 300) -> Any:
    """Run ``script`` with ``folder`` as its argument; the last line it prints is JSON (what Keras says)."""
    proc = subprocess.run([sys.executable, "-c", script, str(folder)], capture_output=True, text=True,
                          timeout=timeout)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])
