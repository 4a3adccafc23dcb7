"""The command line: exit codes, the JSON contract and readable failures."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

SAMPLES = Path(__file__).resolve().parent.parent / "samples"


def run(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "designer", *args], capture_output=True, text=True,
                          timeout=60, cwd=cwd)


def test_check_json_has_exactly_the_documented_keys():
    proc = run("check", str(SAMPLES / "denoiser.json"), "--json")
    data = json.loads(proc.stdout)
    assert set(data) == {"name", "valid", "total_params", "trainable_params", "non_trainable_params",
                         "unknown_params_layers", "layers"}
    assert all(set(l) == {"id", "name", "class_name", "output_shape", "params", "error", "source", "unknown",
                          "notes"} for l in data["layers"])
    assert data["layers"][0] == {"id": "input", "name": "input", "class_name": "InputLayer",
                                 "output_shape": [None, 28, 28, 1], "params": 0, "error": None,
                                 "source": "computed", "unknown": None, "notes": []}


def test_check_table_prints_totals():
    proc = run("check", str(SAMPLES / "denoiser.json"))
    assert proc.returncode == 0
    assert "Total params: 8,001" in proc.stdout
    assert "(None, 14, 14, 32)" in proc.stdout


def test_summary_looks_like_keras():
    proc = run("summary", str(SAMPLES / "denoiser.json"))
    assert proc.returncode == 0
    out = proc.stdout
    assert 'Model: "denoiser"' in out
    for header in ("Layer (type)", "Output Shape", "Param #", "Connected to"):
        assert header in out
    assert "conv2d_1 (Conv2D)" in out and "input[0][0]" in out
    assert "Total params: 8,001 (31.25 KB)" in out


def test_invalid_design_exits_1_and_says_why():
    proc = run("summary", str(SAMPLES / "convmodel3-valid.json"))
    assert proc.returncode == 1
    assert "conv2d_4:" in proc.stdout


@pytest.mark.parametrize("content", ["{broken", "", "\x00\x01binary", '{"format": "keras-designer", "version": 9}'])
def test_unreadable_file_exits_2_with_one_line(tmp_path, content):
    path = tmp_path / "bad.json"
    path.write_text(content)
    proc = run("check", str(path))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and "Traceback" not in proc.stderr


def test_missing_file_exits_2(tmp_path):
    proc = run("check", str(tmp_path / "nope.json"))
    assert proc.returncode == 2 and "does not exist" in proc.stderr


KERAS2_SEQUENTIAL = {
    "class_name": "Sequential",
    "config": {"name": "tiny", "layers": [
        {"class_name": "Conv2D", "config": {"name": "c", "filters": 4, "kernel_size": [3, 3],
                                            "batch_input_shape": [None, 8, 8, 1]}},
        {"class_name": "Flatten", "config": {"name": "f"}},
        {"class_name": "Dense", "config": {"name": "d", "units": 2}},
    ]},
    "keras_version": "2.15.0", "backend": "tensorflow",
}


def test_check_and_summary_open_a_keras_model_file_directly(tmp_path):
    path = tmp_path / "model.json"
    path.write_text(json.dumps(KERAS2_SEQUENTIAL))
    proc = run("check", str(path), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert [l["output_shape"] for l in data["layers"]][-3:] == [[None, 6, 6, 4], [None, 144], [None, 2]]
    assert data["total_params"] == 40 + 290
    assert run("summary", str(path)).returncode == 0
