"""`keras-designer explain FILE [LAYER_ID] [--json]`: text, the JSON keys and the exit codes."""

import json
import subprocess
import sys
from pathlib import Path

SAMPLES = Path(__file__).resolve().parents[2] / "samples"
KEYS = {"id", "output_shape", "explanation", "params_explanation", "error", "warnings", "fixes", "macs", "flops",
        "activation_bytes"}


def run(*args):
    return subprocess.run([sys.executable, "-m", "designer", "explain", *args], capture_output=True, text=True,
                          timeout=60)


def test_explain_json_has_exactly_the_documented_keys():
    proc = run(str(SAMPLES / "convmodel3-valid.json"), "--json")
    assert proc.returncode == 1
    data = json.loads(proc.stdout)
    assert isinstance(data, list) and len(data) == 18
    assert all(set(item) == KEYS for item in data)
    bad = next(item for item in data if item["id"] == "conv2d_4")
    assert bad["output_shape"] is None and bad["error"].startswith("conv2d_4: ")
    assert {"kind", "label"} == set(bad["fixes"][0]) and "padding_same" in [f["kind"] for f in bad["fixes"]]
    first = data[0]
    assert first["output_shape"] == [None, 28, 28, 1] and first["macs"] == 0 and first["activation_bytes"] == 3136
    conv = next(item for item in data if item["id"] == "conv2d_1")
    assert conv["macs"] > 0 and conv["flops"] == 2 * conv["macs"]


def test_explain_one_layer_as_text():
    proc = run(str(SAMPLES / "convmodel3.json"), "max_pooling2d_3")
    assert proc.returncode == 0
    assert proc.stdout.startswith("max_pooling2d_3 (MaxPooling2D): (None, 7, 7, 8) → (None, 3, 3, 8)")
    assert "height: floor((7 − 2) / 2) + 1 = 3" in proc.stdout
    assert "drops 1 row and 1 column" in proc.stdout and "fix [padding_same]" in proc.stdout


def test_explain_one_layer_as_json_is_a_list_of_one():
    proc = run(str(SAMPLES / "denoiser.json"), "conv2d_2", "--json")
    assert proc.returncode == 0
    (item,) = json.loads(proc.stdout)
    assert item["params_explanation"].startswith("(3·3·32 + 1)·16 = 4,624")


def test_explain_whole_design_prints_totals():
    proc = run(str(SAMPLES / "denoiser.json"))
    assert proc.returncode == 0
    assert "Total: " in proc.stdout and "MACs" in proc.stdout and "per sample" in proc.stdout


def test_unknown_layer_and_unreadable_file_exit_2(tmp_path):
    proc = run(str(SAMPLES / "denoiser.json"), "nope")
    assert proc.returncode == 2 and "nope" in proc.stderr and proc.stdout == ""
    bad = tmp_path / "bad.json"
    bad.write_text("{broken")
    proc = run(str(bad), "--json")
    assert proc.returncode == 2 and proc.stdout == "" and len(proc.stderr.strip().splitlines()) == 1


def test_explain_never_imports_tensorflow_or_qt():
    code = ("import sys; from designer.cli import main; main(['explain', sys.argv[1], '--json']); "
            "heavy = sorted(m for m in sys.modules if m.split('.')[0] in "
            "('tensorflow', 'keras', 'PySide6', 'shiboken6', 'numpy')); print('HEAVY:', heavy, file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", code, str(SAMPLES / "convmodel3-valid.json")], capture_output=True,
                          text=True, timeout=60)
    assert "HEAVY: []" in proc.stderr, proc.stderr
