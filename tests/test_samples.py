"""The seed samples give exactly what Keras gives, layer by layer."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from keras_oracle import assert_design_agrees
from designer.model import load_document

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
ALL = sorted(SAMPLES.glob("*.json"))


@pytest.mark.keras
@pytest.mark.parametrize("path", ALL, ids=lambda p: p.stem)
def test_sample_agrees_with_keras(path):
    assert_design_agrees(load_document(path))


def _check(name):
    proc = subprocess.run([sys.executable, "-m", "designer", "check", str(SAMPLES / name), "--json"],
                          capture_output=True, text=True, timeout=60)
    return proc.returncode, json.loads(proc.stdout)


def test_denoiser_has_8001_params_and_28x28_output():
    code, data = _check("denoiser.json")
    assert code == 0 and data["valid"]
    assert data["total_params"] == 8001
    assert data["layers"][-1]["output_shape"] == [None, 28, 28, 1]


def test_convmodel3_returns_24x24_with_12201_params():
    code, data = _check("convmodel3.json")
    assert code == 0
    assert data["total_params"] == 12201
    pools = [l for l in data["layers"] if l["class_name"] == "MaxPooling2D"]
    assert pools[-1]["output_shape"] == [None, 3, 3, 8]
    assert data["layers"][-1]["output_shape"] == [None, 24, 24, 1]


def test_convmodel3_valid_is_flagged_where_the_input_became_too_small():
    code, data = _check("convmodel3-valid.json")
    assert code == 1 and not data["valid"]
    first_bad = next(l for l in data["layers"] if l["error"])
    assert first_bad["id"] == "conv2d_4"
    assert "2×2" in first_bad["error"] and "padding='same'" in first_bad["error"]
    later = data["layers"][data["layers"].index(first_bad) + 1:]
    assert later and all(l["output_shape"] is None and "depends on conv2d_4" in l["error"] for l in later)


def test_unet_is_valid_and_ends_256x256x1():
    code, data = _check("unet.json")
    assert code == 0
    assert data["layers"][-1]["output_shape"] == [None, 256, 256, 1]
    assert data["total_params"] == 31_031_685
