"""The command line says what is true: compact `check --json`, no `--force` advice when `--force` was given."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "designer" / "samples"


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "designer", *args], capture_output=True, text=True, timeout=60)


def test_check_json_is_one_compact_line():
    proc = cli("check", str(SAMPLES / "denoiser.json"), "--json")
    assert proc.returncode == 0
    assert proc.stdout.count("\n") == 1 and proc.stdout.startswith('{"name": "denoiser", "valid": true, ')
    assert json.loads(proc.stdout)["total_params"] == 8001


def test_export_refused_with_force_does_not_suggest_force(tmp_path):
    design = tmp_path / "bad.json"
    design.write_text(json.dumps({"format": "keras-designer", "version": 1, "name": "bad", "layers": [
        {"id": "in", "class_name": "InputLayer", "config": {"shape": [4]}, "inbound": []},
        {"id": "x", "class_name": "Dense(2)\nimport os", "config": {}, "inbound": ["in"]}]}))
    forced = cli("export", str(design), "--force")
    assert forced.returncode == 1 and "bad.json: " in forced.stderr
    assert "--force" not in forced.stderr
    plain = cli("export", str(SAMPLES / "convmodel3-valid.json"))
    assert plain.returncode == 1 and "use --force to export anyway" in plain.stderr
