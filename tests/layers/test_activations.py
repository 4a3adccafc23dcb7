"""Activation layers against Keras: Activation, ReLU, LeakyReLU, PReLU, ELU, Softmax."""

import pytest
from hypothesis import given, settings, strategies as st

from keras_oracle import assert_agrees

pytestmark = pytest.mark.keras

CASES = [
    # Activation: any Keras activation keeps the shape (glu too: Keras reports the input shape).
    ("Activation", {"activation": "relu"}, [(None, 10)]),
    ("Activation", {"activation": "softmax"}, [(None, 4, 5)]),
    ("Activation", {"activation": "softmax"}, [(None,)]),
    ("Activation", {"activation": "glu"}, [(None, 5)]),
    ("Activation", {"activation": "gelu"}, [(None, None, None)]),
    ("Activation", {}, [(None, 10)]),
    ("Activation", {"activation": "nope"}, [(None, 10)]),
    ("Activation", {"activation": "relu", "trainable": False}, [(None, 3)]),
    # ReLU
    ("ReLU", {}, [(None, 8)]),
    ("ReLU", {}, [(None,)]),
    ("ReLU", {"max_value": 6.0}, [(None, 4, 4, 3)]),
    ("ReLU", {"max_value": 0}, [(None, 4)]),
    ("ReLU", {"max_value": -1.0}, [(None, 4)]),
    ("ReLU", {"negative_slope": 0.1, "threshold": 0.5}, [(None, 4)]),
    ("ReLU", {"negative_slope": -0.1}, [(None, 4)]),
    ("ReLU", {"threshold": -1}, [(None, 4)]),
    ("ReLU", {"threshold": None}, [(None, 4)]),
    ("ReLU", {"negative_slope": None}, [(None, 4)]),
    # LeakyReLU
    ("LeakyReLU", {}, [(None, 16)]),
    ("LeakyReLU", {"negative_slope": 0}, [(None, 2, 3)]),
    ("LeakyReLU", {"negative_slope": -0.2}, [(None, 16)]),
    ("LeakyReLU", {"negative_slope": None}, [(None, 16)]),
    # ELU: alpha is not checked by Keras
    ("ELU", {}, [(None, 7)]),
    ("ELU", {"alpha": -3.0}, [(None, None, 7)]),
    # PReLU: one slope per value, shared along shared_axes
    ("PReLU", {}, [(None, 5)]),
    ("PReLU", {}, [(None,)]),
    ("PReLU", {}, [(None, 4, 5, 6)]),
    ("PReLU", {}, [(None, None)]),
    ("PReLU", {"shared_axes": [1, 2]}, [(None, 4, 5, 6)]),
    ("PReLU", {"shared_axes": [1, 2]}, [(None, None, None, 6)]),
    ("PReLU", {"shared_axes": [1]}, [(None, None, None, 6)]),
    ("PReLU", {"shared_axes": 1}, [(None, 4, 5, 6)]),
    ("PReLU", {"shared_axes": [1, 2, 3]}, [(None, None, None, None)]),
    ("PReLU", {"shared_axes": [1, 1]}, [(None, 4, 5, 6)]),
    ("PReLU", {"shared_axes": []}, [(None, 4, 5, 6)]),
    ("PReLU", {"shared_axes": 3}, [(None, 4, 5, 6)]),
    ("PReLU", {"shared_axes": 4}, [(None, 4, 5, 6)]),
    # Keras indexes the weight shape with axis-1: 0 and negatives count from the end.
    ("PReLU", {"shared_axes": 0}, [(None, 4, 5, 6)]),
    ("PReLU", {"shared_axes": -1}, [(None, 4, 5, 6)]),
    ("PReLU", {"shared_axes": -2}, [(None, 4, 5, 6)]),
    ("PReLU", {"shared_axes": -3}, [(None, 4, 5, 6)]),
    ("PReLU", {"shared_axes": [0]}, [(None, None, None, 3)]),
    ("PReLU", {"shared_axes": 1}, [(None,)]),
    ("PReLU", {"trainable": False}, [(None, 3, 2)]),
    ("PReLU", {"alpha_initializer": "ones", "alpha_constraint": "non_neg"}, [(None, 3)]),
    # Softmax: Keras checks no axis when building the graph.
    ("Softmax", {}, [(None, 10)]),
    ("Softmax", {"axis": 1}, [(None, 4, 5)]),
    ("Softmax", {"axis": [1, 2]}, [(None, 4, 5)]),
    ("Softmax", {"axis": 5}, [(None, 3)]),
    ("Softmax", {}, [(None,)]),
]


@pytest.mark.parametrize("class_name,config,inputs", CASES)
def test_activations_table(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)


dims = st.one_of(st.none(), st.integers(1, 6))


@settings(max_examples=60, deadline=None)
@given(shape=st.lists(dims, min_size=0, max_size=4),
       shared=st.one_of(st.none(), st.integers(-5, 5), st.lists(st.integers(-5, 5), max_size=3)))
def test_prelu_shared_axes_random(shape, shared):
    assert_agrees("PReLU", {"shared_axes": shared}, [(None, *shape)])


@settings(max_examples=30, deadline=None)
@given(max_value=st.one_of(st.none(), st.floats(-2, 10)), slope=st.floats(-1, 2), threshold=st.floats(-1, 2),
       shape=st.lists(dims, min_size=0, max_size=3))
def test_relu_arguments_random(max_value, slope, threshold, shape):
    config = {"max_value": max_value, "negative_slope": slope, "threshold": threshold}
    assert_agrees("ReLU", config, [(None, *shape)])
