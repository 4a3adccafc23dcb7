"""The oracle itself: an engine crash is never counted as agreeing with a Keras refusal."""

from __future__ import annotations

import pytest

import keras_oracle
from designer.engine.layer_infer import LayerInference


def test_an_internal_error_does_not_agree_with_a_keras_refusal():
    crashed = LayerInference(None, None, "internal error while inferring Conv2D: TypeError('boom')")
    refused = keras_oracle.KerasResult(None, None, None, "ValueError: negative dimension")
    with pytest.raises(AssertionError, match="the engine crashed"):
        keras_oracle._assert_same("conv", crashed, refused)


def test_a_refusal_agrees_with_a_keras_refusal():
    refused_here = LayerInference(None, None, "conv: a 3×3 kernel does not fit the 2×2 input")
    keras_oracle._assert_same("conv", refused_here,
                              keras_oracle.KerasResult(None, None, None, "ValueError: negative dimension"))


@pytest.mark.keras
def test_a_crashing_rule_fails_the_differential_check(monkeypatch):
    """Where Keras refuses the layer, an engine that crashed on it must fail `assert_agrees`."""
    crashed = LayerInference(None, None, "internal error while inferring Conv2D: TypeError('boom')")
    monkeypatch.setattr(keras_oracle, "infer_layer", lambda *args: crashed)
    with pytest.raises(AssertionError, match="the engine crashed"):
        keras_oracle.assert_agrees("Conv2D", {"filters": 2, "kernel_size": 3}, [(None, 2, 2, 1)])
