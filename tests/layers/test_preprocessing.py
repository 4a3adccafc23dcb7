"""Preprocessing layers against Keras: Rescaling, Resizing, CenterCrop, Normalization."""

import pytest
from hypothesis import given, settings, strategies as st

from keras_oracle import assert_agrees
from designer.engine.layer_infer import infer_layer

pytestmark = pytest.mark.keras

CF = "channels_first"
MEAN5, VAR5 = [1, 2, 3, 4, 5], [1, 1, 1, 1, 1]

CASES = [
    # Rescaling: any rank, scalar or per-channel factors
    ("Rescaling", {"scale": 1 / 255}, [(None, 28, 28, 3)]),
    ("Rescaling", {"scale": 1 / 127.5, "offset": -1}, [(None,)]),
    ("Rescaling", {"scale": [1, 2, 3]}, [(None, 4, 3)]),
    ("Rescaling", {"scale": 2, "offset": [0.1, 0.2, 0.3]}, [(None, None, 3)]),
    ("Rescaling", {}, [(None, 4, 3)]),
    ("Rescaling", {"scale": 1, "trainable": False}, [(None, 4, 3)]),
    # Resizing: a 4-D input is a batch; any other rank is one image (its first axes are replaced)
    ("Resizing", {"height": 8, "width": 9}, [(None, 4, 5, 3)]),
    ("Resizing", {"height": 224, "width": 224}, [(None, None, None, 3)]),
    ("Resizing", {"height": 8, "width": 9}, [(None, None, None, None)]),
    ("Resizing", {"height": 8, "width": 9, "data_format": CF}, [(None, 3, 4, 5)]),
    ("Resizing", {"height": 8, "width": 9, "data_format": CF}, [(3, 4, 5)]),
    ("Resizing", {"height": 8, "width": 9}, [(4, 5, 3)]),
    ("Resizing", {"height": 8, "width": 9}, [(None, 5, 3)]),
    ("Resizing", {"height": 8, "width": 9}, [(None, 5)]),
    ("Resizing", {"height": 8, "width": 9}, [(None, 4, 5, 3, 2)]),
    ("Resizing", {"height": 8, "width": 9, "data_format": CF}, [(None, 4, 5, 3, 2)]),
    ("Resizing", {"height": 8, "width": 9, "data_format": CF}, [(None, 5)]),
    ("Resizing", {"height": 8, "width": 9}, [(None,)]),
    ("Resizing", {"height": 0, "width": 9}, [(None, 4, 5, 3)]),
    ("Resizing", {"height": -1, "width": 9}, [(None, 4, 5, 3)]),
    ("Resizing", {"height": 8, "width": -9}, [(None, 4, 5, 3)]),
    ("Resizing", {"height": 8.0, "width": 9}, [(None, 4, 5, 3)]),
    ("Resizing", {"width": 9}, [(None, 4, 5, 3)]),
    ("Resizing", {"height": 8, "width": 9, "interpolation": "nearest"}, [(None, 4, 5, 3)]),
    ("Resizing", {"height": 8, "width": 9, "interpolation": "area", "antialias": True}, [(None, 4, 5, 3)]),
    ("Resizing", {"height": 8, "width": 9, "crop_to_aspect_ratio": True}, [(None, 4, 5, 3)]),
    ("Resizing", {"height": 8, "width": 9, "pad_to_aspect_ratio": True, "fill_value": 1.0}, [(None, 4, 5, 3)]),
    ("Resizing", {"height": 8, "width": 9, "data_format": "nhwc"}, [(None, 4, 5, 3)]),
    ("Resizing", {"height": 8, "width": 9, "trainable": False}, [(None, 4, 5, 3)]),
    # CenterCrop: 3-D or 4-D only; a smaller input is resized up, so the output is always height × width
    ("CenterCrop", {"height": 2, "width": 3}, [(None, 4, 5, 3)]),
    ("CenterCrop", {"height": 8, "width": 9}, [(None, 4, 5, 3)]),
    ("CenterCrop", {"height": 2, "width": 3}, [(None, None, None, 3)]),
    ("CenterCrop", {"height": 2, "width": 3, "data_format": CF}, [(None, 3, 4, 5)]),
    ("CenterCrop", {"height": 2, "width": 3, "data_format": CF}, [(None, 4, 5)]),
    ("CenterCrop", {"height": 2, "width": 3}, [(None, 5, 3)]),
    ("CenterCrop", {"height": 2, "width": 3}, [(None, 5)]),
    ("CenterCrop", {"height": 2, "width": 3}, [(None, 4, 5, 3, 2)]),
    ("CenterCrop", {"height": 0, "width": 3}, [(None, 4, 5, 3)]),
    ("CenterCrop", {"height": -1, "width": 3}, [(None, 4, 5, 3)]),
    ("CenterCrop", {"height": 2}, [(None, 4, 5, 3)]),
    # Normalization before adapt(): mean, variance (kept-axis shape) and a scalar count, all non-trainable
    ("Normalization", {}, [(None, 5)]),
    ("Normalization", {}, [(None, 7, 5)]),
    ("Normalization", {}, [(None, None)]),
    ("Normalization", {}, [(None,)]),
    ("Normalization", {"axis": None}, [(None, 5)]),
    ("Normalization", {"axis": None}, [(None, None)]),
    ("Normalization", {"axis": []}, [(None, 5)]),
    ("Normalization", {"axis": [1, 2]}, [(None, 4, 5)]),
    ("Normalization", {"axis": [2, -2]}, [(None, 4, 5)]),
    ("Normalization", {"axis": [1, 1]}, [(None, 4, 5)]),
    ("Normalization", {"axis": [1, 1]}, [(None, 1, 5)]),
    ("Normalization", {"axis": 0}, [(None, 4, 5)]),
    ("Normalization", {"axis": 0}, [(2, 4, 5)]),
    ("Normalization", {"axis": 3}, [(None, 4, 5)]),
    ("Normalization", {"axis": -3}, [(None, 4, 5)]),
    ("Normalization", {"axis": -4}, [(None, 4, 5)]),
    ("Normalization", {"invert": True}, [(None, 4)]),
    ("Normalization", {"trainable": False}, [(None, 4)]),
    # Normalization with fixed mean and variance: no weights, but they must broadcast to the kept axes
    ("Normalization", {"mean": 0.5, "variance": 2.0}, [(None, 4, 5)]),
    ("Normalization", {"mean": MEAN5, "variance": VAR5}, [(None, 4, 5)]),
    ("Normalization", {"mean": [1], "variance": [1]}, [(None, 4, 5)]),
    ("Normalization", {"mean": [1, 2, 3], "variance": [1, 1, 1]}, [(None, 4, 5)]),
    ("Normalization", {"mean": [], "variance": []}, [(None, 4, 5)]),
    ("Normalization", {"mean": 0.5}, [(None, 4, 5)]),
    ("Normalization", {"variance": 0.5}, [(None, 4, 5)]),
    ("Normalization", {"mean": [1, 2], "variance": [1, 1, 1]}, [(None, 4, 5)]),
    ("Normalization", {"mean": [[1, 2]], "variance": [[1, 1]]}, [(None, 4, 5)]),
    ("Normalization", {"mean": 0.5, "variance": 2.0}, [(None, None, None)]),
    ("Normalization", {"mean": 0.5, "variance": 2.0, "axis": None}, [(None, None, None)]),
    ("Normalization", {"mean": [1.0], "variance": [2.0], "axis": None}, [(None, 4)]),
    ("Normalization", {"mean": MEAN5, "variance": VAR5, "axis": [1, 2]}, [(None, 4, 5)]),
    ("Normalization", {"mean": [MEAN5] * 4, "variance": [VAR5] * 4, "axis": [2, 1]}, [(None, 4, 5)]),
    ("Normalization", {"mean": [MEAN5] * 3, "variance": [VAR5] * 3, "axis": [1, 2]}, [(None, 4, 5)]),
    ("Normalization", {"mean": [[1]] * 4, "variance": [[1]] * 4, "axis": [1, 2]}, [(None, 4, 5)]),
    ("Normalization", {"mean": [1, 2, 3, 4], "variance": [1, 1, 1, 1], "axis": [1, 1]}, [(None, 4, 5)]),
    ("Normalization", {"mean": [1, 2, 3, 4], "variance": [1, 1, 1, 1], "axis": [1, 2]}, [(None, 4, 4)]),
]


@pytest.mark.parametrize("class_name,config,inputs", CASES)
def test_preprocessing_table(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)


RUNTIME_ONLY = [
    ("Resizing", {"height": 8, "width": 9, "interpolation": "cubic"}),
    ("Resizing", {"height": 8, "width": 9, "fill_mode": "reflect"}),
    ("Rescaling", {"scale": "half"}),
]


@pytest.mark.parametrize("class_name,config", RUNTIME_ONLY)
def test_values_keras_only_refuses_on_real_data(class_name, config):
    """Keras builds these graphs, then fails on the first real batch; the engine refuses them up front."""
    import numpy as np

    from keras_oracle import keras

    layer = getattr(keras.layers, class_name)(**config)
    with pytest.raises(Exception):  # noqa: B017 - the error's type differs per layer and backend
        layer(np.zeros((1, 4, 5, 3), "float32"))
    assert not infer_layer(class_name, config, [(None, 4, 5, 3)]).valid


dims = st.one_of(st.none(), st.integers(1, 9))
formats = st.sampled_from([None, "channels_last", "channels_first"])


@settings(max_examples=40, deadline=None)
@given(class_name=st.sampled_from(["Resizing", "CenterCrop"]), height=st.integers(-1, 12),
       width=st.integers(-1, 12), data_format=formats, shape=st.lists(dims, min_size=0, max_size=4))
def test_image_size_random(class_name, height, width, data_format, shape):
    config = {"height": height, "width": width, "data_format": data_format}
    assert_agrees(class_name, config, [(None, *shape)])


@st.composite
def _stats(draw):
    """A mean/variance pair of the same shape (or a bare number)."""
    sizes = draw(st.lists(st.integers(1, 4), max_size=2))
    value = 0.5
    for size in reversed(sizes):
        value = [value] * size
    return value


@settings(max_examples=40, deadline=None)
@given(axis=st.one_of(st.none(), st.integers(-3, 2), st.lists(st.integers(-3, 2), max_size=2)),
       stats=st.one_of(st.none(), _stats()), shape=st.lists(st.one_of(st.none(), st.integers(1, 4)),
                                                            min_size=1, max_size=2))
def test_normalization_random(axis, stats, shape):
    config = {"axis": axis, "mean": stats, "variance": stats}
    assert_agrees("Normalization", config, [(None, *shape)])
