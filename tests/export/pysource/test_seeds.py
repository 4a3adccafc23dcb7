"""The seed questions' code, verbatim, opens with Keras's shapes and parameter counts.

The snippets in ``seeds/`` are copied unchanged from the questions the project
started from (the denoiser ``.add`` chain has no ``Sequential()`` line; the
U-Net is a function never called, with ``Model(input=…, output=…)`` and
``Adam(lr=…)``). The expected figures are the ``model.summary()`` tables in
those questions, which the differential corpus test confirms with TensorFlow.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from designer.engine import infer_document
from designer.export.pysource import import_source_file

SEEDS = Path(__file__).parent / "seeds"


def _open(name: str):
    result = import_source_file(SEEDS / name)
    return result, infer_document(result.document)


def _row(inference, name):
    return next(r for r in inference.results() if r.name == name)


def test_denoiser_chain_without_its_sequential_line_opens_with_8001_params():
    result, inference = _open("denoiser.py")
    assert inference.valid
    assert inference.params.total == 8001
    assert _row(inference, "conv2d_5").output_shape == (None, 28, 28, 1)
    assert [r.class_name for r in inference.results()][:4] == ["InputLayer", "Conv2D", "Activation", "MaxPooling2D"]
    assert any("denoiser is never assigned" in n for n in result.notes)
    assert any("compile" in n and "skipped" in n for n in result.notes)


def test_convmodel3_with_third_pooling_returns_24x24_and_12201_params():
    _, inference = _open("convmodel3.py")
    assert inference.valid
    assert inference.params.total == 12201
    outputs = inference.results()[-1]
    assert outputs.output_shape == (None, 24, 24, 1)
    assert _row(inference, "max_pooling2d_2").output_shape == (None, 3, 3, 8)


def test_convmodel3_without_same_padding_is_flagged_at_the_conv_receiving_2x2():
    result, inference = _open("convmodel3_valid.py")
    invalid = inference.invalid()
    assert [r.name for r in invalid] == ["conv2d_3"]
    assert invalid[0].inputs == ((None, 2, 2, 8),)
    assert "2×2" in invalid[0].error
    assert len(result.document) == 18  # the model still opens whole


def test_unet_function_never_called_opens_with_31031685_params_and_keras3_warnings():
    result, inference = _open("unet.py")
    assert inference.valid
    assert inference.params.total == 31_031_685
    assert inference.results()[-1].output_shape == (None, 256, 256, 1)
    notes = "\n".join(result.notes)
    assert "unet() is never called in the code; it was called with its defaults" in notes
    assert "Model(input=…) is the Keras 1 spelling and fails in Keras 3: use Model(inputs=…)" in notes
    assert "Adam(lr=…) fails in Keras 3: use Adam(learning_rate=…)" in notes
    assert "line 56:" in notes and "line 58:" in notes


def test_tf1_placeholder_and_tf_layers_conv2d_open_as_keras3_layers():
    result, inference = _open("tf1_placeholder.py")
    assert [(r.name, r.class_name, r.output_shape) for r in inference.results()] == [
        ("inputs", "InputLayer", (None, 28, 28, 1)), ("conv2d", "Conv2D", (None, 28, 28, 32))]
    assert _row(inference, "conv2d").params.total == 320
    assert result.document.layer("conv2d").config["activation"] == "relu"
    assert any("keras.Input(batch_shape=(None, 28, 28, 1))" in n for n in result.notes)


@pytest.mark.parametrize("name", ["denoiser.py", "convmodel3.py", "unet.py"])
def test_layers_get_keras_automatic_names(name):
    _, inference = _open(name)
    names = [r.name for r in inference.results() if r.class_name == "Conv2D"]
    assert all(n == "conv2d" or n.startswith("conv2d_") for n in names)
    assert len(set(names)) == len(names)
