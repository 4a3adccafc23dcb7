"""Convolution layers against Keras: Conv, ConvTranspose, SeparableConv and DepthwiseConv in 1-D to 3-D."""

import re

import pytest
from hypothesis import given, settings, strategies as st

from keras_oracle import assert_agrees

pytestmark = pytest.mark.keras

CF = {"data_format": "channels_first"}

CONV_CASES = [
    # Conv2D: typical, every shape-affecting argument, channels_first, unknown sizes.
    ("Conv2D", {"filters": 32, "kernel_size": 3}, [(None, 28, 28, 1)]),
    ("Conv2D", {"filters": 32, "kernel_size": [3, 5]}, [(None, 28, 28, 1)]),
    ("Conv2D", {"filters": 8, "kernel_size": 3, "padding": "same"}, [(None, 28, 28, 3)]),
    ("Conv2D", {"filters": 8, "kernel_size": 3, "padding": "SAME"}, [(None, 28, 28, 3)]),
    ("Conv2D", {"filters": 8, "kernel_size": 3, "strides": 2}, [(None, 28, 28, 3)]),
    ("Conv2D", {"filters": 8, "kernel_size": 3, "strides": [2, 1], "padding": "same"}, [(None, 27, 27, 3)]),
    ("Conv2D", {"filters": 8, "kernel_size": 3, "dilation_rate": 2}, [(None, 28, 28, 3)]),
    ("Conv2D", {"filters": 8, "kernel_size": 3, "dilation_rate": [1, 3], "padding": "same"}, [(None, 9, 9, 3)]),
    ("Conv2D", {"filters": 8, "kernel_size": 3, "groups": 2}, [(None, 9, 9, 4)]),
    ("Conv2D", {"filters": 8, "kernel_size": 3, "use_bias": False}, [(None, 9, 9, 4)]),
    ("Conv2D", {"filters": 8, "kernel_size": 3, "trainable": False}, [(None, 9, 9, 4)]),
    ("Conv2D", {"filters": 8, "kernel_size": 3, "activation": "relu"}, [(None, 9, 9, 4)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3, **CF}, [(None, 3, 9, 9)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "data_format": "CHANNELS_FIRST"}, [(None, 3, 9, 9)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same", **CF}, [(4, 3, None, 9)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "data_format": "channels_last"}, [(None, 9, 9, 3)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3}, [(None, None, None, 3)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3}, [(2, None, 5, 3)]),
    ("Conv2D", {"filters": 4, "kernel_size": 1}, [(None, 1, 1, 3)]),
    # Conv2D refused: input too small, rank, unknown channels, arguments.
    ("Conv2D", {"filters": 4, "kernel_size": 3}, [(None, 2, 2, 3)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3}, [(None, None, 2, 3)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "dilation_rate": 3}, [(None, 6, 6, 3)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3, **CF}, [(None, 3, None, 2)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3}, [(None, 28, 28)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3}, [(None, None, 28)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3}, [(None, 28)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3}, [(None, 8, 8, 3, 2)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3}, [(None, 8, 8, None)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3, **CF}, [(None, None, 8, 8)]),
    ("Conv2D", {"filters": 6, "kernel_size": 3, "groups": 3}, [(None, 9, 9, 4)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "groups": 3}, [(None, 9, 9, 3)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "groups": 0}, [(None, 9, 9, 4)]),
    ("Conv2D", {"filters": 0, "kernel_size": 3}, [(None, 9, 9, 3)]),
    ("Conv2D", {"filters": -2, "kernel_size": 3}, [(None, 9, 9, 3)]),
    ("Conv2D", {"filters": 4}, [(None, 9, 9, 3)]),
    ("Conv2D", {"filters": 4, "kernel_size": 0}, [(None, 9, 9, 3)]),
    ("Conv2D", {"filters": 4, "kernel_size": [3, 3, 3]}, [(None, 9, 9, 3)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "strides": 0}, [(None, 9, 9, 3)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, [(None, 9, 9, 3)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "strides": [1, 2], "dilation_rate": [2, 1]}, [(None, 9, 9, 3)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "dilation_rate": 0}, [(None, 9, 9, 3)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "padding": "causal"}, [(None, 9, 9, 3)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "padding": "full"}, [(None, 9, 9, 3)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "data_format": "nhwc"}, [(None, 9, 9, 3)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "output_padding": 1}, [(None, 9, 9, 3)]),
    # Conv1D: causal padding, channels_first, sequences of unknown length.
    ("Conv1D", {"filters": 16, "kernel_size": 5}, [(None, 100, 8)]),
    ("Conv1D", {"filters": 16, "kernel_size": 5}, [(None, None, 8)]),
    ("Conv1D", {"filters": 16, "kernel_size": 5, "padding": "causal"}, [(None, 100, 8)]),
    ("Conv1D", {"filters": 4, "kernel_size": 3, "padding": "CAUSAL", "strides": 2}, [(None, 8, 3)]),
    ("Conv1D", {"filters": 4, "kernel_size": 3, "padding": "causal", "dilation_rate": 4}, [(None, 3, 3)]),
    ("Conv1D", {"filters": 4, "kernel_size": 3, "padding": "causal", **CF}, [(None, 3, 7)]),
    ("Conv1D", {"filters": 4, "kernel_size": 3, "strides": 3, "groups": 2}, [(None, 10, 6)]),
    ("Conv1D", {"filters": 4, "kernel_size": [3]}, [(None, 10, 6)]),
    ("Conv1D", {"filters": 4, "kernel_size": [3, 3]}, [(None, 10, 6)]),
    ("Conv1D", {"filters": 4, "kernel_size": 3, "padding": "causal", "strides": 2, "dilation_rate": 2},
     [(None, 10, 6)]),
    ("Conv1D", {"filters": 4, "kernel_size": 11}, [(None, 10, 6)]),
    ("Conv1D", {"filters": 4, "kernel_size": 3}, [(None, 10)]),
    ("Conv1D", {"filters": 4, "kernel_size": 3}, [(None, 10, 10, 3)]),
    # Conv3D.
    ("Conv3D", {"filters": 8, "kernel_size": 3}, [(None, 16, 16, 16, 1)]),
    ("Conv3D", {"filters": 8, "kernel_size": [1, 3, 3], "strides": [1, 2, 2], "padding": "same"},
     [(None, 8, 32, 32, 3)]),
    ("Conv3D", {"filters": 8, "kernel_size": 3, "dilation_rate": [1, 2, 1]}, [(None, 5, 5, 5, 2)]),
    ("Conv3D", {"filters": 8, "kernel_size": 3, "groups": 4, **CF}, [(None, 4, None, 6, 6)]),
    ("Conv3D", {"filters": 8, "kernel_size": 3}, [(None, 16, 16, 2, 1)]),
    ("Conv3D", {"filters": 8, "kernel_size": 3}, [(None, 16, 16, 16)]),
]

TRANSPOSE_CASES = [
    ("Conv2DTranspose", {"filters": 16, "kernel_size": 3}, [(None, 7, 7, 32)]),
    ("Conv2DTranspose", {"filters": 16, "kernel_size": 3, "strides": 2}, [(None, 7, 7, 32)]),
    ("Conv2DTranspose", {"filters": 16, "kernel_size": 2, "strides": 3}, [(None, 7, 7, 32)]),
    ("Conv2DTranspose", {"filters": 16, "kernel_size": 3, "strides": 2, "padding": "same"}, [(None, 7, 7, 32)]),
    ("Conv2DTranspose", {"filters": 16, "kernel_size": 4, "strides": 2, "padding": "same", "output_padding": 1},
     [(None, 7, 7, 32)]),
    ("Conv2DTranspose", {"filters": 16, "kernel_size": 3, "strides": 2, "output_padding": [0, 1]},
     [(None, 7, 7, 32)]),
    ("Conv2DTranspose", {"filters": 16, "kernel_size": 3, "dilation_rate": 2}, [(None, 7, 7, 32)]),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "dilation_rate": 2, "output_padding": 0}, [(None, 1, 1, 3)]),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "padding": "same", "dilation_rate": [2, 3]},
     [(None, 5, 5, 3)]),
    ("Conv2DTranspose", {"filters": 16, "kernel_size": 3, "strides": 2, **CF}, [(None, 32, 7, None)]),
    ("Conv2DTranspose", {"filters": 16, "kernel_size": 3, "use_bias": False}, [(None, None, None, 8)]),
    ("Conv2DTranspose", {"filters": 16, "kernel_size": 3, "trainable": False}, [(None, 4, 4, 8)]),
    # Keras accepts an empty output: 'same', even kernel, output_padding 0 on a size-1 input.
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 2, "padding": "same", "output_padding": 0}, [(None, 1, 1, 3)]),
    # Refused.
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "output_padding": 2}, [(None, 7, 7, 3)]),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "output_padding": [1, 2]}, [(None, 7, 7, 3)]),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "output_padding": 1}, [(None, 7, 7, 3)]),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "output_padding": -1}, [(None, 7, 7, 3)]),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, [(None, 7, 7, 3)]),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "padding": "causal"}, [(None, 7, 7, 3)]),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3}, [(None, 8, 8, None)]),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3}, [(None, 8, 3)]),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3}, [(None, 8, 8, 3, 2)]),
    ("Conv2DTranspose", {"filters": 0, "kernel_size": 3}, [(None, 8, 8, 3)]),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "groups": 1}, [(None, 8, 8, 3)]),
    ("Conv1DTranspose", {"filters": 8, "kernel_size": 5, "strides": 4}, [(None, 25, 16)]),
    ("Conv1DTranspose", {"filters": 8, "kernel_size": 5, "strides": 4, "padding": "same", "output_padding": 3},
     [(None, None, 16)]),
    ("Conv1DTranspose", {"filters": 8, "kernel_size": 3, **CF}, [(None, 16, 10)]),
    ("Conv1DTranspose", {"filters": 8, "kernel_size": 3, "padding": "causal"}, [(None, 10, 16)]),
    ("Conv1DTranspose", {"filters": 8, "kernel_size": 3}, [(None, 10)]),
    ("Conv3DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"}, [(None, 4, 4, 4, 8)]),
    ("Conv3DTranspose", {"filters": 4, "kernel_size": [1, 2, 3], "strides": [1, 2, 3], "output_padding": [0, 1, 2]},
     [(None, 4, 4, 4, 8)]),
    ("Conv3DTranspose", {"filters": 4, "kernel_size": 3, **CF}, [(None, 8, 4, None, 4)]),
    ("Conv3DTranspose", {"filters": 4, "kernel_size": 3, "output_padding": [0, 1]}, [(None, 4, 4, 4, 8)]),
]

SEPARABLE_DEPTHWISE_CASES = [
    ("SeparableConv2D", {"filters": 32, "kernel_size": 3}, [(None, 32, 32, 3)]),
    ("SeparableConv2D", {"filters": 32, "kernel_size": 3, "depth_multiplier": 4, "padding": "same"},
     [(None, 32, 32, 3)]),
    ("SeparableConv2D", {"filters": 32, "kernel_size": 3, "strides": 2, "use_bias": False}, [(None, 32, 32, 3)]),
    ("SeparableConv2D", {"filters": 8, "kernel_size": [3, 1], "dilation_rate": 2, **CF}, [(None, 3, None, 6)]),
    # Unlike Conv, separable and depthwise layers accept strides > 1 with dilation_rate > 1.
    ("SeparableConv2D", {"filters": 4, "kernel_size": 3, "strides": 2, "dilation_rate": 2}, [(None, 9, 9, 3)]),
    ("SeparableConv2D", {"filters": 4, "kernel_size": 3}, [(None, 2, 9, 3)]),
    ("SeparableConv2D", {"filters": 4, "kernel_size": 3}, [(None, 9, 9, None)]),
    ("SeparableConv2D", {"filters": 4, "kernel_size": 3, "padding": "causal"}, [(None, 9, 9, 3)]),
    ("SeparableConv2D", {"filters": 4, "kernel_size": 3, "depth_multiplier": 0}, [(None, 9, 9, 3)]),
    ("SeparableConv2D", {"filters": 4, "kernel_size": 3, "groups": 1}, [(None, 9, 9, 3)]),
    ("SeparableConv2D", {"filters": 4, "kernel_size": 3}, [(None, 9, 3)]),
    ("SeparableConv1D", {"filters": 16, "kernel_size": 5, "depth_multiplier": 2}, [(None, 50, 8)]),
    ("SeparableConv1D", {"filters": 16, "kernel_size": 5, "strides": 2, "dilation_rate": 2, **CF}, [(None, 8, 50)]),
    ("SeparableConv1D", {"filters": 16, "kernel_size": 5, "padding": "causal"}, [(None, 50, 8)]),
    ("SeparableConv1D", {"filters": 16, "kernel_size": 5}, [(None, 4, 8)]),
    ("DepthwiseConv2D", {"kernel_size": 3}, [(None, 32, 32, 16)]),
    ("DepthwiseConv2D", {"kernel_size": 3, "depth_multiplier": 3, "padding": "same", "strides": 2},
     [(None, 32, 32, 16)]),
    ("DepthwiseConv2D", {"kernel_size": [5, 3], "use_bias": False, **CF}, [(None, 16, None, 32)]),
    ("DepthwiseConv2D", {"kernel_size": 3, "strides": 2, "dilation_rate": 2}, [(None, 9, 9, 3)]),
    ("DepthwiseConv2D", {"kernel_size": 3, "trainable": False}, [(None, 9, 9, 3)]),
    ("DepthwiseConv2D", {"kernel_size": 3}, [(None, 2, 9, 3)]),
    ("DepthwiseConv2D", {"kernel_size": 3}, [(None, 9, 9, None)]),
    ("DepthwiseConv2D", {"kernel_size": 3}, [(None, 9, 9, 3, 1)]),
    ("DepthwiseConv2D", {}, [(None, 9, 9, 3)]),
    ("DepthwiseConv2D", {"kernel_size": 3, "filters": 4}, [(None, 9, 9, 3)]),
    ("DepthwiseConv1D", {"kernel_size": 3, "depth_multiplier": 2}, [(None, 20, 4)]),
    ("DepthwiseConv1D", {"kernel_size": 3, "strides": 3, **CF}, [(None, 4, 20)]),
    ("DepthwiseConv1D", {"kernel_size": 3, "padding": "causal"}, [(None, 20, 4)]),
    ("DepthwiseConv1D", {"kernel_size": 3, "dilation_rate": 10}, [(None, 20, 4)]),
]

CASES = CONV_CASES + TRANSPOSE_CASES + SEPARABLE_DEPTHWISE_CASES


@pytest.mark.parametrize("class_name,config,inputs", CASES)
def test_convolutional_table(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)


def test_every_class_is_covered():
    from designer.layers import all_specs

    family = {s.class_name for s in all_specs() if s.family == "Convolution"}
    assert family == {c for c, _, _ in CASES}


# Properties ------------------------------------------------------------------

size = st.one_of(st.none(), st.integers(1, 12))
small = st.integers(1, 4)
data_formats = st.sampled_from([None, "channels_first"])


@st.composite
def _layer_and_input(draw, classes):
    """A convolution of random rank, geometry and format, and an input of the right rank."""
    class_name = draw(st.sampled_from(classes))
    rank = int(re.search(r"(\d)D", class_name).group(1))
    config = {
        "kernel_size": draw(st.lists(small, min_size=rank, max_size=rank)),
        "strides": draw(st.lists(st.integers(1, 3), min_size=rank, max_size=rank)),
        "dilation_rate": draw(st.one_of(st.just(1), st.lists(st.integers(1, 3), min_size=rank, max_size=rank))),
        "use_bias": draw(st.booleans()),
        "data_format": draw(data_formats),
    }
    padding = ["valid", "same", "causal"] if class_name == "Conv1D" else ["valid", "same"]
    config["padding"] = draw(st.sampled_from(padding))
    if "Depthwise" in class_name or "Separable" in class_name:
        config["depth_multiplier"] = draw(small)
    if "Depthwise" not in class_name:
        config["filters"] = draw(st.integers(1, 8))
    if class_name.startswith("Conv") and "Transpose" not in class_name:
        config["groups"] = draw(st.sampled_from([1, 1, 2, 3]))
    if "Transpose" in class_name and draw(st.booleans()):
        config["output_padding"] = draw(st.lists(st.integers(0, 2), min_size=rank, max_size=rank))
    channels = draw(st.sampled_from([1, 2, 3, 4, 6, None]))
    spatial = draw(st.lists(size, min_size=rank, max_size=rank))
    rank_change = draw(st.sampled_from([0, 0, 0, 0, -1, 1]))
    spatial = spatial[: rank + rank_change] if rank_change < 0 else spatial + [3] * rank_change
    shape = (None, channels, *spatial) if config["data_format"] else (None, *spatial, channels)
    return class_name, config, [shape]


@settings(deadline=None, max_examples=120)
@given(case=_layer_and_input(["Conv1D", "Conv2D", "Conv3D"]))
def test_conv_random(case):
    assert_agrees(*case)


@settings(deadline=None, max_examples=120)
@given(case=_layer_and_input(["Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose"]))
def test_conv_transpose_random(case):
    assert_agrees(*case)


@settings(deadline=None, max_examples=120)
@given(case=_layer_and_input(["SeparableConv1D", "SeparableConv2D", "DepthwiseConv1D", "DepthwiseConv2D"]))
def test_separable_and_depthwise_random(case):
    assert_agrees(*case)


LORA_CASES = [
    ("Conv2D", {"filters": 4, "kernel_size": 3, "lora_rank": 2}, [(None, 9, 9, 3)]),
    ("Conv1D", {"filters": 5, "kernel_size": 2, "lora_rank": 3, "use_bias": False}, [(None, 7, 4)]),
    ("Conv3D", {"filters": 2, "kernel_size": 2, "lora_rank": 1, "groups": 2}, [(None, 4, 4, 4, 4)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "lora_rank": 0}, [(None, 9, 9, 3)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "lora_rank": 2, "kernel_constraint": "max_norm"}, [(None, 9, 9, 3)]),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "lora_rank": 2, "trainable": False}, [(None, 9, 9, 3)]),
]


@pytest.mark.parametrize("class_name,config,inputs", LORA_CASES)
def test_conv_lora_through_kwargs(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)


INITIALIZER_RANKS = [
    (cls, {**base, f"{weight}_initializer": init}, [shape])
    for cls, base, shape, weights in [
        ("Conv2D", {"filters": 4, "kernel_size": 3}, (None, 8, 8, 3), ("kernel", "bias")),
        ("Conv1D", {"filters": 4, "kernel_size": 3}, (None, 8, 3), ("kernel", "bias")),
        ("SeparableConv2D", {"filters": 4, "kernel_size": 3}, (None, 8, 8, 3), ("depthwise", "pointwise")),
        ("DepthwiseConv2D", {"kernel_size": 3}, (None, 8, 8, 3), ("depthwise", "bias")),
        ("Dense", {"units": 4}, (None, 3), ("kernel", "bias")),
        ("Embedding", {"input_dim": 10, "output_dim": 4}, (None, 3), ("embeddings",)),
        ("BatchNormalization", {}, (None, 3), ("gamma", "moving_mean")),
    ]
    for weight in weights
    for init in ("identity", "orthogonal", "Orthogonal", {"class_name": "Identity", "config": {}})
]


@pytest.mark.parametrize("class_name,config,inputs", INITIALIZER_RANKS)
def test_initializers_keras_refuses_for_a_weights_rank(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)
