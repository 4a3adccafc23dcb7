"""Pooling layers against Keras: windowed and global max/average pooling, 1-D to 3-D."""

import pytest
from hypothesis import given, settings, strategies as st

from keras_oracle import assert_agrees
from designer.engine.layer_infer import infer_layer

pytestmark = pytest.mark.keras

CF = {"data_format": "channels_first"}

CASES = [
    # The learner's first CNN: 2×2 max pooling on 7×7 gives 3×3.
    ("MaxPooling2D", {}, [(None, 7, 7, 8)]),
    ("MaxPooling2D", {"pool_size": [2, 2]}, [(None, 28, 28, 32)]),
    ("MaxPooling2D", {"pool_size": 3, "strides": 2}, [(None, 7, 7, 3)]),
    ("MaxPooling2D", {"pool_size": [3, 2], "strides": [1, 2]}, [(None, 9, 9, 3)]),
    ("MaxPooling2D", {"pool_size": 3, "strides": 1, "padding": "same"}, [(None, 7, 7, 3)]),
    ("MaxPooling2D", {"pool_size": 8, "padding": "same"}, [(None, 7, 7, 3)]),
    ("MaxPooling2D", {"padding": "same"}, [(None, 7, 7, 3)]),
    ("MaxPooling2D", {}, [(None, 2, 2, 3)]),
    ("MaxPooling2D", {**CF}, [(None, 3, 7, 7)]),
    ("MaxPooling2D", {**CF, "pool_size": 3}, [(None, 16, 9, 6)]),
    ("MaxPooling2D", {"data_format": "CHANNELS_FIRST"}, [(None, 7, 7, 3)]),
    ("MaxPooling2D", {"pool_size": 3, "strides": 2}, [(None, None, 7, 3)]),
    ("MaxPooling2D", {"pool_size": 3}, [(None, None, None, None)]),
    ("MaxPooling2D", {**CF}, [(None, None, 5, None)]),
    ("MaxPooling2D", {"padding": "same"}, [(None, 0, 4, 3)]),
    ("MaxPooling1D", {}, [(4, 6, 3)]),
    # Refusals: window larger than the input, wrong rank, bad arguments.
    ("MaxPooling2D", {}, [(None, 1, 7, 3)]),
    ("MaxPooling2D", {"pool_size": 8}, [(None, 7, 7, 3)]),
    ("MaxPooling2D", {"pool_size": 3}, [(None, None, 2, 3)]),
    ("MaxPooling2D", {**CF}, [(None, 7, 7, 1)]),
    ("MaxPooling2D", {}, [(None, 7, 3)]),
    ("MaxPooling2D", {}, [(None, 7, 7, 7, 3)]),
    ("MaxPooling2D", {"pool_size": 0}, [(None, 7, 7, 3)]),
    ("MaxPooling2D", {"pool_size": [2, 2, 2]}, [(None, 7, 7, 3)]),
    ("MaxPooling2D", {"strides": 0}, [(None, 7, 7, 3)]),
    ("MaxPooling2D", {"strides": [1, 0]}, [(None, 7, 7, 3)]),
    ("MaxPooling2D", {"strides": -1}, [(None, 7, 7, 3)]),
    ("MaxPooling2D", {"padding": "causal"}, [(None, 7, 7, 3)]),
    ("MaxPooling2D", {"data_format": "channels_middle"}, [(None, 7, 7, 3)]),
    ("MaxPooling1D", {}, [(None, 10, 4)]),
    ("MaxPooling1D", {"pool_size": 3, "strides": 1}, [(None, 10, 4)]),
    ("MaxPooling1D", {"pool_size": [4], "padding": "same"}, [(None, 10, 4)]),
    ("MaxPooling1D", {**CF}, [(None, 4, 10)]),
    ("MaxPooling1D", {}, [(None, None, 4)]),
    ("MaxPooling1D", {}, [(None, 1, 4)]),
    ("MaxPooling1D", {}, [(None, 10)]),
    ("MaxPooling3D", {}, [(None, 8, 8, 8, 2)]),
    ("MaxPooling3D", {"pool_size": [1, 2, 3], "strides": 1}, [(None, 4, 5, 6, 2)]),
    ("MaxPooling3D", {**CF, "padding": "same"}, [(None, 2, 5, 5, 5)]),
    ("MaxPooling3D", {}, [(None, 8, 1, 8, 2)]),
    ("MaxPooling3D", {}, [(None, 8, 8, 2)]),
    ("AveragePooling1D", {"pool_size": 2}, [(None, 10, 4)]),
    ("AveragePooling1D", {"pool_size": 3, "strides": 2, "padding": "same"}, [(None, 10, 4)]),
    ("AveragePooling1D", {}, [(None, 10, 4)]),
    ("AveragePooling1D", {"pool_size": 11}, [(None, 10, 4)]),
    ("AveragePooling2D", {"pool_size": 2}, [(None, 7, 7, 3)]),
    ("AveragePooling2D", {"pool_size": [2, 3], **CF}, [(None, 3, 8, 9)]),
    ("AveragePooling2D", {"pool_size": 4}, [(None, 3, 8, 3)]),
    ("AveragePooling3D", {"pool_size": 2, "strides": [1, 1, 2]}, [(None, 4, 4, 4, 1)]),
    ("AveragePooling3D", {"pool_size": 3, **CF}, [(None, 1, None, 6, 3)]),
    ("AveragePooling3D", {"pool_size": 2}, [(None, 4, 4, 1)]),
    # Global pooling: one value per channel.
    ("GlobalMaxPooling1D", {}, [(None, 10, 4)]),
    ("GlobalMaxPooling1D", {"keepdims": True}, [(None, 10, 4)]),
    ("GlobalMaxPooling1D", {**CF}, [(None, 10, 4)]),
    ("GlobalMaxPooling1D", {**CF, "keepdims": True}, [(None, None, 4)]),
    ("GlobalMaxPooling1D", {}, [(None, 10, 6, 4)]),
    ("GlobalMaxPooling2D", {}, [(None, 7, 7, 8)]),
    ("GlobalMaxPooling2D", {"keepdims": True}, [(None, None, None, 8)]),
    ("GlobalMaxPooling2D", {**CF, "keepdims": True}, [(None, 8, 7, 7)]),
    ("GlobalMaxPooling2D", {}, [(None, 7, 8)]),
    ("GlobalMaxPooling3D", {}, [(None, 4, 4, 4, 2)]),
    ("GlobalMaxPooling3D", {**CF, "keepdims": True}, [(None, 2, 4, 4, 4)]),
    ("GlobalMaxPooling3D", {}, [(None, 4, 4, 2)]),
    ("GlobalAveragePooling1D", {}, [(None, 10, 4)]),
    ("GlobalAveragePooling1D", {**CF, "keepdims": True}, [(None, 10, 4)]),
    ("GlobalAveragePooling1D", {}, [(None, 4)]),
    ("GlobalAveragePooling2D", {}, [(None, 7, 7, 8)]),
    ("GlobalAveragePooling2D", {**CF}, [(None, 8, None, 7)]),
    ("GlobalAveragePooling2D", {"keepdims": True}, [(None, 7, 7, None)]),
    ("GlobalAveragePooling2D", {}, [(None, 7, 7, 7, 8)]),
    ("GlobalAveragePooling3D", {"keepdims": True}, [(None, 4, 4, 4, 2)]),
    ("GlobalAveragePooling3D", {**CF}, [(None, 2, 4, 4, 4)]),
    ("GlobalAveragePooling3D", {"data_format": "channels_middle"}, [(None, 2, 4, 4, 4)]),
    ("GlobalAveragePooling3D", {}, [(None, 2, 4, 4, 4, 4)]),
]


@pytest.mark.parametrize("class_name,config,inputs", CASES)
def test_pooling_table(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)


def test_pooling_refusal_explains_the_fix():
    result = infer_layer("MaxPooling2D", {"pool_size": 8}, [(None, 7, 7, 3)])
    assert "8×8" in result.error and "7×7" in result.error and "padding='same'" in result.error


def test_pooling_padding_is_case_sensitive_in_keras():
    assert_agrees("MaxPooling2D", {"padding": "Same"}, [(None, 7, 7, 3)])


small = st.one_of(st.none(), st.integers(0, 12))


@st.composite
def _pooling_case(draw):
    dims = draw(st.integers(1, 3))
    mode = draw(st.sampled_from(["Max", "Average"]))
    axis = st.integers(1, 4)
    config = {
        "pool_size": draw(st.one_of(axis, st.lists(axis, min_size=dims, max_size=dims))),
        "strides": draw(st.one_of(st.none(), axis, st.lists(axis, min_size=dims, max_size=dims))),
        "padding": draw(st.sampled_from(["valid", "same"])),
        "data_format": draw(st.sampled_from(["channels_last", "channels_first"])),
    }
    shape = (None, *draw(st.lists(small, min_size=dims + 1, max_size=dims + 1)))
    return f"{mode}Pooling{dims}D", config, [shape]


@settings(deadline=None, max_examples=200)
@given(case=_pooling_case())
def test_pooling_random_windows(case):
    assert_agrees(*case)


@settings(deadline=None, max_examples=50)
@given(dims=st.integers(1, 3), mode=st.sampled_from(["Max", "Average"]), keepdims=st.booleans(),
       data_format=st.sampled_from([None, "channels_last", "channels_first"]),
       shape=st.lists(small, min_size=1, max_size=5))
def test_global_pooling_random(dims, mode, keepdims, data_format, shape):
    config = {"keepdims": keepdims, "data_format": data_format}
    assert_agrees(f"Global{mode}Pooling{dims}D", config, [(None, *shape)])
