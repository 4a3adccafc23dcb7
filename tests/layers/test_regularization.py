"""Regularization layers against Keras: Dropout, SpatialDropout1D/2D/3D, GaussianNoise,
GaussianDropout, AlphaDropout, ActivityRegularization."""

import pytest
from hypothesis import given, settings, strategies as st

from keras_oracle import assert_agrees

pytestmark = pytest.mark.keras

CASES = [
    # Dropout: rate in [0, 1], noise_shape entries positive (its length is not checked)
    ("Dropout", {"rate": 0.5}, [(None, 128)]),
    ("Dropout", {"rate": 0.0}, [(None,)]),
    ("Dropout", {"rate": 1}, [(None, None, 3)]),
    ("Dropout", {"rate": 1.5}, [(None, 4)]),
    ("Dropout", {"rate": -0.1}, [(None, 4)]),
    ("Dropout", {}, [(None, 4)]),
    ("Dropout", {"rate": 0.2, "noise_shape": [None, 1, 3]}, [(None, 5, 3)]),
    ("Dropout", {"rate": 0.2, "noise_shape": [None, 1, 1, 1]}, [(None, 5)]),
    ("Dropout", {"rate": 0.2, "noise_shape": [None, 0]}, [(None, 5)]),
    ("Dropout", {"rate": 0.2, "noise_shape": [None, -2]}, [(None, 5)]),
    ("Dropout", {"rate": 0.2, "seed": 42}, [(None, 5)]),
    ("Dropout", {"rate": 0.2, "seed": -3}, [(None, 5)]),
    ("Dropout", {"rate": 0.2, "seed": "x"}, [(None, 5)]),
    ("Dropout", {"rate": 0.2, "trainable": False, "activity_regularizer": "l2"}, [(None, 5)]),
    # SpatialDropout: exact rank, channels position does not change the shape
    ("SpatialDropout1D", {"rate": 0.3}, [(None, 10, 8)]),
    ("SpatialDropout1D", {"rate": 0.3}, [(None, None, None)]),
    ("SpatialDropout1D", {"rate": 0.3}, [(None, 8)]),
    ("SpatialDropout1D", {"rate": 0.3}, [(None, 10, 8, 2)]),
    ("SpatialDropout1D", {"rate": 1.3}, [(None, 10, 8)]),
    ("SpatialDropout1D", {"rate": 0.3, "seed": 1}, [(None, 10, 8)]),
    ("SpatialDropout2D", {"rate": 0.3}, [(None, 28, 28, 16)]),
    ("SpatialDropout2D", {"rate": 0.3, "data_format": "channels_first"}, [(None, 16, 28, 28)]),
    ("SpatialDropout2D", {"rate": 0.3, "data_format": "CHANNELS_FIRST"}, [(None, 16, 28, 28)]),
    ("SpatialDropout2D", {"rate": 0.3, "data_format": "nchw"}, [(None, 16, 28, 28)]),
    ("SpatialDropout2D", {"rate": 0.3}, [(None, 28, 16)]),
    ("SpatialDropout2D", {"rate": 0.3}, [(None, 4, 28, 28, 16)]),
    ("SpatialDropout2D", {"rate": 0.3}, [(None, None, None, None)]),
    ("SpatialDropout3D", {"rate": 0.3}, [(None, 4, 8, 8, 2)]),
    ("SpatialDropout3D", {"rate": 0.3, "data_format": "channels_first"}, [(None, 2, 4, 8, 8)]),
    ("SpatialDropout3D", {"rate": 0.3}, [(None, 8, 8, 2)]),
    # the spatial dropouts take no **kwargs: trainable and activity_regularizer are refused
    ("SpatialDropout2D", {"rate": 0.3, "trainable": False}, [(None, 28, 28, 16)]),
    ("SpatialDropout1D", {"rate": 0.3, "activity_regularizer": "l1"}, [(None, 10, 8)]),
    ("SpatialDropout3D", {"rate": 0.3, "name": "sd3"}, [(None, 4, 8, 8, 2)]),
    # Gaussian noise and dropout
    ("GaussianNoise", {"stddev": 0.1}, [(None, 32)]),
    ("GaussianNoise", {"stddev": 0}, [(None, 2, 3)]),
    ("GaussianNoise", {"stddev": 1.5}, [(None, 32)]),
    ("GaussianNoise", {}, [(None, 32)]),
    ("GaussianDropout", {"rate": 0.4}, [(None, 32)]),
    ("GaussianDropout", {"rate": 1}, [(None,)]),
    ("GaussianDropout", {"rate": 1.01}, [(None, 32)]),
    # AlphaDropout: noise_shape is not checked at all
    ("AlphaDropout", {"rate": 0.1}, [(None, 32)]),
    ("AlphaDropout", {"rate": 0.1, "noise_shape": [None, 0]}, [(None, 32)]),
    ("AlphaDropout", {"rate": 0.1, "noise_shape": [None, 9, 9]}, [(None, 32)]),
    ("AlphaDropout", {"rate": 2}, [(None, 32)]),
    # ActivityRegularization sets activity_regularizer itself
    ("ActivityRegularization", {}, [(None, 5)]),
    ("ActivityRegularization", {"l1": 0.01, "l2": 2}, [(None, 5, 6)]),
    ("ActivityRegularization", {"l1": -1}, [(None, 5)]),
    ("ActivityRegularization", {"l2": -0.5}, [(None, 5)]),
    ("ActivityRegularization", {"activity_regularizer": "l1"}, [(None, 5)]),
]


@pytest.mark.parametrize("class_name,config,inputs", CASES)
def test_regularization_table(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)


dims = st.one_of(st.none(), st.integers(1, 6))
SPATIAL = ["SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D"]


@settings(max_examples=40, deadline=None)
@given(class_name=st.sampled_from(SPATIAL), rate=st.floats(-0.5, 1.5, allow_nan=False),
       data_format=st.sampled_from([None, "channels_last", "channels_first"]),
       shape=st.lists(dims, min_size=1, max_size=5))
def test_spatial_dropout_random(class_name, rate, data_format, shape):
    config = {"rate": rate}
    if class_name != "SpatialDropout1D" and data_format is not None:
        config["data_format"] = data_format
    assert_agrees(class_name, config, [(None, *shape)])


@settings(max_examples=30, deadline=None)
@given(class_name=st.sampled_from(["Dropout", "AlphaDropout"]), rate=st.floats(0, 1),
       noise_shape=st.one_of(st.none(), st.lists(st.one_of(st.none(), st.integers(-2, 4)), max_size=4)),
       shape=st.lists(dims, min_size=0, max_size=3))
def test_noise_shape_random(class_name, rate, noise_shape, shape):
    assert_agrees(class_name, {"rate": rate, "noise_shape": noise_shape}, [(None, *shape)])
