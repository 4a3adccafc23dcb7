"""Core layers against Keras: InputLayer, Dense, Embedding, Masking, Identity."""

import pytest
from hypothesis import given, settings, strategies as st

from keras_oracle import assert_agrees

pytestmark = pytest.mark.keras

CASES = [
    ("InputLayer", {"shape": [28, 28, 1]}, []),
    ("InputLayer", {"shape": [None, 3]}, []),
    ("InputLayer", {"shape": [4], "batch_size": 8}, []),
    ("InputLayer", {"batch_shape": [2, 5]}, []),
    ("InputLayer", {}, []),
    ("InputLayer", {"shape": [4], "batch_shape": [None, 4]}, []),
    ("InputLayer", {"shape": [-1]}, []),
    ("Dense", {"units": 10}, [(None, 784)]),
    ("Dense", {"units": 10, "use_bias": False}, [(None, 784)]),
    ("Dense", {"units": 4}, [(None, 7, 7, 8)]),
    ("Dense", {"units": 4}, [(None, None)]),
    ("Dense", {"units": 4}, [(None,)]),
    ("Dense", {"units": 0}, [(None, 3)]),
    ("Dense", {"units": 4, "trainable": False}, [(None, 3)]),
    ("Dense", {"units": 4, "lora_rank": 2}, [(None, 3)]),
    ("Dense", {"units": 4, "activation": "relu", "name": "a/b"}, [(None, 3)]),
    ("Dense", {"units": 4, "activation": "nope"}, [(None, 3)]),
    ("Embedding", {"input_dim": 1000, "output_dim": 64}, [(None, 20)]),
    ("Embedding", {"input_dim": 1000, "output_dim": 64}, [(None, None)]),
    ("Embedding", {"input_dim": 10, "output_dim": 3, "lora_rank": 2}, [(None, 5)]),
    ("Embedding", {"input_dim": 0, "output_dim": 3}, [(None, 5)]),
    ("Masking", {"mask_value": -1.0}, [(None, 10, 3)]),
    ("Identity", {}, [(None, 10, 3)]),
]


@pytest.mark.parametrize("class_name,config,inputs", CASES)
def test_core_table(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)


dims = st.one_of(st.none(), st.integers(1, 40))


@settings(max_examples=60, deadline=None)
@given(units=st.integers(-1, 50), use_bias=st.booleans(), shape=st.lists(dims, min_size=0, max_size=3),
       last=st.one_of(st.none(), st.integers(1, 30)))
def test_dense_random(units, use_bias, shape, last):
    assert_agrees("Dense", {"units": units, "use_bias": use_bias}, [(None, *shape, last)])
