"""Designs with the newer catalog classes export to code that TensorFlow builds, agreeing on every layer.

Covers the argument kinds export writes specially: a list of cells (``layers``),
a wrapped layer (``layer``) and a class `keras.applications` defines for itself.
"""

import json
import subprocess
import sys

import pytest

pytestmark = pytest.mark.keras

DESIGN = {"format": "keras-designer", "version": 1, "name": "newer", "layers": [
    {"id": "x", "class_name": "InputLayer", "config": {"shape": [5, 3]}, "inbound": []},
    {"id": "rnn", "class_name": "RNN", "config": {"cell": [{"class_name": "LSTMCell", "config": {"units": 4}},
                                                            {"class_name": "GRUCell", "config": {"units": 2}}],
                                                   "return_sequences": True}, "inbound": ["x"]},
    {"id": "scale", "class_name": "LayerScale", "config": {"init_values": 0.1, "projection_dim": 2}, "inbound": ["rnn"]},
    {"id": "sn", "class_name": "SpectralNormalization",
     "config": {"layer": {"class_name": "Dense", "config": {"units": 3}}}, "inbound": ["scale"]},
]}


def test_exported_code_builds_and_agrees(tmp_path):
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(DESIGN))
    proc = subprocess.run([sys.executable, "-m", "designer", "build", str(path)], capture_output=True, text=True,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "agrees with Keras on every layer" in proc.stdout, proc.stdout[-2000:]
