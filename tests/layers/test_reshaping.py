"""Reshaping layers against Keras: Flatten, Reshape, Permute, RepeatVector, UpSampling,
ZeroPadding and Cropping."""

import pytest
from hypothesis import given, settings, strategies as st

from keras_oracle import assert_agrees, keras_infer
from designer.engine.layer_infer import infer_layer

pytestmark = pytest.mark.keras

CF = {"data_format": "channels_first"}

CASES = [
    # Flatten: 7×7×8 is 392; unknown as soon as one axis is.
    ("Flatten", {}, [(None, 7, 7, 8)]),
    ("Flatten", {**CF}, [(None, 8, 7, 7)]),
    ("Flatten", {}, [(None, 7, None, 8)]),
    ("Flatten", {}, [(None, 10)]),
    ("Flatten", {}, [(None,)]),
    ("Flatten", {}, [(4, 3, 2)]),
    ("Flatten", {"data_format": "channels_middle"}, [(None, 3)]),
    # Reshape: -1 worked out, sizes must match, None stays None.
    ("Reshape", {"target_shape": [7, 7, 8]}, [(None, 392)]),
    ("Reshape", {"target_shape": [-1, 4]}, [(None, 8)]),
    ("Reshape", {"target_shape": [2, -1, 2]}, [(None, 4, 6)]),
    ("Reshape", {"target_shape": [-1]}, [(None, 7, 7, 8)]),
    ("Reshape", {"target_shape": [-1, 3]}, [(None, 8)]),
    ("Reshape", {"target_shape": [3, 3]}, [(None, 8)]),
    ("Reshape", {"target_shape": [-1, -1]}, [(None, 8)]),
    ("Reshape", {"target_shape": [-2, 4]}, [(None, 8)]),
    ("Reshape", {"target_shape": [0, -1]}, [(None, 8)]),
    ("Reshape", {"target_shape": [2, 0]}, [(None, 8)]),
    ("Reshape", {"target_shape": [0]}, [(None, None)]),
    ("Reshape", {"target_shape": [-1, 4]}, [(None, None)]),
    ("Reshape", {"target_shape": [3, 5]}, [(None, None, 2)]),
    ("Reshape", {"target_shape": [None, 4]}, [(None, 8)]),
    ("Reshape", {"target_shape": [None, -1]}, [(None, 8)]),
    ("Reshape", {"target_shape": []}, [(None, 1)]),
    ("Reshape", {"target_shape": []}, [(None, 2)]),
    ("Reshape", {"target_shape": [-1]}, [(None,)]),
    ("Reshape", {"target_shape": [-1, 4]}, [(None, 0, 4)]),
    ("Reshape", {"target_shape": [0, -1]}, [(None, 0, 4)]),
    ("Reshape", {"target_shape": [3, 4], "trainable": False}, [(5, 12)]),
    ("Reshape", {"target_shape": 8}, [(None, 8)]),
    ("Reshape", {}, [(None, 8)]),
    # Permute: a permutation of 1 … n on an input of rank n + 1.
    ("Permute", {"dims": [2, 1]}, [(None, 7, 8)]),
    ("Permute", {"dims": [3, 1, 2]}, [(None, 7, None, 3)]),
    ("Permute", {"dims": [1]}, [(None, 7)]),
    ("Permute", {"dims": []}, [(None,)]),
    ("Permute", {"dims": [2, 1]}, [(None, 7, 8, 3)]),
    ("Permute", {"dims": [0, 1]}, [(None, 7, 8)]),
    ("Permute", {"dims": [1, 1]}, [(None, 7, 8)]),
    ("Permute", {"dims": [2, 3]}, [(None, 7, 8)]),
    ("Permute", {"dims": 1}, [(None, 7)]),
    ("Permute", {}, [(None, 7)]),
    # RepeatVector: (batch, features) → (batch, n, features).
    ("RepeatVector", {"n": 3}, [(None, 7)]),
    ("RepeatVector", {"n": 1}, [(None, None)]),
    ("RepeatVector", {"n": 3}, [(None, 7, 2)]),
    ("RepeatVector", {"n": 0}, [(None, 7)]),
    ("RepeatVector", {"n": 2.0}, [(None, 7)]),
    ("RepeatVector", {}, [(None, 7)]),
    # UpSampling: repeat along each spatial axis.
    ("UpSampling1D", {}, [(None, 5, 3)]),
    ("UpSampling1D", {"size": 3}, [(None, None, 3)]),
    ("UpSampling1D", {"size": 0}, [(None, 5, 3)]),
    ("UpSampling1D", {"size": [2]}, [(None, 5, 3)]),
    ("UpSampling1D", {}, [(None, 5, 3, 2)]),
    ("UpSampling2D", {"size": [2, 2]}, [(None, 7, 7, 8)]),
    ("UpSampling2D", {}, [(None, 7, 7, 8)]),
    ("UpSampling2D", {"size": [1, 3]}, [(None, 7, None, 8)]),
    ("UpSampling2D", {"size": 3, **CF}, [(None, 8, 7, 5)]),
    ("UpSampling2D", {"interpolation": "bilinear"}, [(None, 7, 7, 8)]),
    ("UpSampling2D", {"interpolation": "BICUBIC"}, [(None, 7, 7, 8)]),
    ("UpSampling2D", {"interpolation": "lanczos5"}, [(None, 7, 7, 8)]),
    ("UpSampling2D", {"size": 0}, [(None, 7, 7, 8)]),
    ("UpSampling2D", {"size": [2, 2, 2]}, [(None, 7, 7, 8)]),
    ("UpSampling2D", {}, [(None, 7, 8)]),
    ("UpSampling3D", {}, [(None, 2, 3, 4, 5)]),
    ("UpSampling3D", {"size": [1, 2, 3], **CF}, [(None, 5, 2, None, 4)]),
    ("UpSampling3D", {"size": [1, 2]}, [(None, 2, 3, 4, 5)]),
    ("UpSampling3D", {}, [(None, 2, 3, 4)]),
    # ZeroPadding: int, per-axis ints, per-axis pairs (mixed); ZeroPadding2D/3D accept a negative int.
    ("ZeroPadding1D", {}, [(None, 5, 3)]),
    ("ZeroPadding1D", {"padding": [2, 0]}, [(None, 5, 3)]),
    ("ZeroPadding1D", {"padding": 3, **CF}, [(None, 5, 3)]),
    ("ZeroPadding1D", {"padding": -1}, [(None, 5, 3)]),
    ("ZeroPadding1D", {"padding": [1, 2, 3]}, [(None, 5, 3)]),
    ("ZeroPadding1D", {}, [(None, None, 3)]),
    ("ZeroPadding1D", {}, [(None, 5)]),
    ("ZeroPadding2D", {}, [(None, 5, 5, 3)]),
    ("ZeroPadding2D", {"padding": 2}, [(None, 5, 5, 3)]),
    ("ZeroPadding2D", {"padding": [1, 2]}, [(None, 5, 5, 3)]),
    ("ZeroPadding2D", {"padding": [[1, 2], [3, 4]]}, [(None, 5, 5, 3)]),
    ("ZeroPadding2D", {"padding": [[1, 2], 3]}, [(None, 5, None, 3)]),
    ("ZeroPadding2D", {"padding": [[1, 2], [3, 4]], **CF}, [(None, 3, 5, 5)]),
    ("ZeroPadding2D", {"padding": 0}, [(None, 5, 5, 3)]),
    ("ZeroPadding2D", {"padding": -1}, [(None, 5, 5, 3)]),
    ("ZeroPadding2D", {"padding": -1}, [(None, 2, None, 3)]),
    ("ZeroPadding2D", {"padding": -3}, [(None, 5, 5, 3)]),
    ("ZeroPadding2D", {"padding": [1, -1]}, [(None, 5, 5, 3)]),
    ("ZeroPadding2D", {"padding": [[1, 2], [3, -1]]}, [(None, 5, 5, 3)]),
    ("ZeroPadding2D", {"padding": [1, 2, 3]}, [(None, 5, 5, 3)]),
    ("ZeroPadding2D", {"padding": [[1, 2, 3], 1]}, [(None, 5, 5, 3)]),
    ("ZeroPadding2D", {"padding": "same"}, [(None, 5, 5, 3)]),
    ("ZeroPadding2D", {"padding": None}, [(None, 5, 5, 3)]),
    ("ZeroPadding2D", {}, [(None, 5, 3)]),
    ("ZeroPadding3D", {}, [(None, 4, 4, 4, 2)]),
    ("ZeroPadding3D", {"padding": 2, **CF}, [(None, 2, 4, None, 4)]),
    ("ZeroPadding3D", {"padding": [1, 2, 3]}, [(None, 4, 4, 4, 2)]),
    ("ZeroPadding3D", {"padding": [[0, 1], 2, [3, 0]]}, [(None, 4, 4, 4, 2)]),
    ("ZeroPadding3D", {"padding": -1}, [(None, 4, 4, 4, 2)]),
    ("ZeroPadding3D", {"padding": [1, 2]}, [(None, 4, 4, 4, 2)]),
    ("ZeroPadding3D", {}, [(None, 4, 4, 2)]),
    # Cropping: the same forms; refused when nothing would be left.
    ("Cropping1D", {}, [(None, 5, 3)]),
    ("Cropping1D", {"cropping": [0, 2]}, [(None, 5, 3)]),
    ("Cropping1D", {"cropping": 2}, [(None, 5, 3)]),
    ("Cropping1D", {"cropping": [2, 3]}, [(None, 5, 3)]),
    ("Cropping1D", {"cropping": 3}, [(None, 5, 3)]),
    ("Cropping1D", {"cropping": 4}, [(None, None, 3)]),
    ("Cropping1D", {"cropping": -1}, [(None, 5, 3)]),
    ("Cropping1D", {}, [(None, 5, 3, 3)]),
    ("Cropping2D", {}, [(None, 5, 5, 3)]),
    ("Cropping2D", {"cropping": 2}, [(None, 5, 5, 3)]),
    ("Cropping2D", {"cropping": [1, 2]}, [(None, 5, 6, 3)]),
    ("Cropping2D", {"cropping": [[0, 1], [2, 0]]}, [(None, 5, 5, 3)]),
    ("Cropping2D", {"cropping": [[0, 1], 2], **CF}, [(None, 3, 5, 5)]),
    ("Cropping2D", {"cropping": [[1, 1], [2, 2]]}, [(None, None, 5, 3)]),
    ("Cropping2D", {"cropping": 3}, [(None, 5, 5, 3)]),
    ("Cropping2D", {"cropping": [[1, 1], [3, 2]]}, [(None, 5, 5, 3)]),
    ("Cropping2D", {"cropping": [2, 0], **CF}, [(None, 5, 4, 5)]),
    ("Cropping2D", {"cropping": -1}, [(None, 5, 5, 3)]),
    ("Cropping2D", {"cropping": [1, -1]}, [(None, 5, 5, 3)]),
    ("Cropping2D", {"cropping": [1, 1, 1]}, [(None, 5, 5, 3)]),
    ("Cropping2D", {"cropping": None}, [(None, 5, 5, 3)]),
    ("Cropping2D", {}, [(None, 5, 3)]),
    ("Cropping2D", {}, [(None, 0, 4, 2)]),
    ("Cropping3D", {}, [(None, 5, 5, 5, 3)]),
    ("Cropping3D", {"cropping": 2}, [(None, 5, 5, 5, 3)]),
    ("Cropping3D", {"cropping": [1, 2, 1]}, [(None, 4, 5, 5, 3)]),
    ("Cropping3D", {"cropping": [[0, 1], 0, [1, 0]], **CF}, [(None, 3, 4, None, 5)]),
    ("Cropping3D", {"cropping": 2}, [(None, 4, 5, 5, 3)]),
    ("Cropping3D", {"cropping": [1, 1]}, [(None, 5, 5, 5, 3)]),
    ("Cropping3D", {"cropping": [[1, 1], [1, 1], [1, "a"]]}, [(None, 5, 5, 5, 3)]),
    ("Cropping3D", {}, [(None, 5, 5, 3)]),
]


@pytest.mark.parametrize("class_name,config,inputs", CASES)
def test_reshaping_table(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)


def test_unknown_interpolation_is_refused_before_keras_runs():
    """Keras builds UpSampling2D(interpolation='foo') and only fails when data flows; we refuse it early."""
    assert keras_infer("UpSampling2D", {"interpolation": "foo"}, [(None, 7, 7, 8)]).error is None
    assert infer_layer("UpSampling2D", {"interpolation": "foo"}, [(None, 7, 7, 8)]).error


def test_reshape_mismatch_names_both_sizes():
    error = infer_layer("Reshape", {"target_shape": [10, 10]}, [(None, 7, 7, 8)]).error
    assert "392" in error and "100" in error


# Hypothesis ----------------------------------------------------------------

size = st.one_of(st.none(), st.integers(0, 6))
target_dim = st.one_of(st.integers(-1, 6), st.none())


@settings(deadline=None, max_examples=150)
@given(target=st.lists(target_dim, min_size=0, max_size=4), shape=st.lists(size, min_size=0, max_size=4))
def test_reshape_random(target, shape):
    assert_agrees("Reshape", {"target_shape": target}, [(None, *shape)])


@st.composite
def _per_axis(draw, dims, lo):
    """Any of Keras's per-axis forms: an int, one int per axis, or a [before, after] pair per axis."""
    amount = st.integers(lo, 3)
    entry = st.one_of(amount, st.lists(amount, min_size=2, max_size=2))
    return draw(st.one_of(amount, st.lists(entry, min_size=dims, max_size=dims),
                          st.lists(entry, min_size=1, max_size=dims + 1)))


@st.composite
def _pad_crop_case(draw):
    dims = draw(st.integers(1, 3))
    kind = draw(st.sampled_from(["ZeroPadding", "Cropping"]))
    name = "padding" if kind == "ZeroPadding" else "cropping"
    if dims == 1:
        amount = st.integers(0, 3)
        value = draw(st.one_of(amount, st.lists(amount, min_size=2, max_size=2)))
    else:
        value = draw(_per_axis(dims, -2 if kind == "ZeroPadding" else 0))
    config = {name: value}
    if dims > 1 or kind == "ZeroPadding":
        config["data_format"] = draw(st.sampled_from(["channels_last", "channels_first"]))
    rank = draw(st.sampled_from([dims + 2, dims + 2, dims + 1]))
    return f"{kind}{dims}D", config, [(None, *draw(st.lists(size, min_size=rank - 1, max_size=rank - 1)))]


@settings(deadline=None, max_examples=200)
@given(case=_pad_crop_case())
def test_padding_and_cropping_random(case):
    assert_agrees(*case)


@settings(deadline=None, max_examples=50)
@given(dims=st.integers(1, 3), factor=st.integers(1, 3), data_format=st.sampled_from(["channels_last", "channels_first"]),
       shape=st.lists(size, min_size=2, max_size=4))
def test_upsampling_random(dims, factor, data_format, shape):
    config = {"size": factor} if dims == 1 else {"size": factor, "data_format": data_format}
    assert_agrees(f"UpSampling{dims}D", config, [(None, *shape)])


@settings(deadline=None, max_examples=50)
@given(dims=st.one_of(st.permutations([1, 2, 3]), st.lists(st.integers(0, 3), max_size=3)),
       shape=st.lists(size, min_size=1, max_size=4))
def test_permute_random(dims, shape):
    assert_agrees("Permute", {"dims": dims}, [(None, *shape)])
