"""Core layers against Keras: InputLayer, Dense, Embedding, Masking, Identity."""

import pytest
from hypothesis import given, settings, strategies as st

from keras_oracle import assert_agrees
from designer.layers import get_spec

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
    ("Dense", {"units": 4, "activation": "nope"}, [(None, 3)]),
    ("Embedding", {"input_dim": 1000, "output_dim": 64}, [(None, 20)]),
    ("Embedding", {"input_dim": 1000, "output_dim": 64}, [(None, None)]),
    ("Embedding", {"input_dim": 10, "output_dim": 3, "lora_rank": 2}, [(None, 5)]),
    # ReversibleEmbedding: an Embedding, plus a reverse matrix unless tied
    ("ReversibleEmbedding", {"input_dim": 10, "output_dim": 3}, [(None, 5)]),
    ("ReversibleEmbedding", {"input_dim": 10, "output_dim": 3, "tie_weights": False}, [(None, 5, 2)]),
    ("ReversibleEmbedding", {"input_dim": 10, "output_dim": 3, "lora_rank": 2}, [(None, 5)]),
    ("ReversibleEmbedding", {"input_dim": 10, "output_dim": 3, "lora_rank": 2, "tie_weights": False}, [(None, 5)]),
    ("ReversibleEmbedding", {"input_dim": 10, "output_dim": 3, "lora_rank": 2,
                             "embeddings_constraint": "non_neg"}, [(None, 5)]),
    ("ReversibleEmbedding", {"input_dim": 0, "output_dim": 3}, [(None, 5)]),
    ("ReversibleEmbedding", {"output_dim": 3}, [(None, 5)]),
    ("ReversibleEmbedding", {"input_dim": 10, "output_dim": 3, "trainable": False}, [(None,)]),
    # LoRA refuses a constraint on the adapted weight (only when the rank is set)
    ("Dense", {"units": 4, "lora_rank": 2, "kernel_constraint": "non_neg"}, [(None, 3)]),
    ("Dense", {"units": 4, "lora_rank": 0, "kernel_constraint": "non_neg"}, [(None, 3)]),
    ("Dense", {"units": 4, "lora_rank": 2, "bias_constraint": "non_neg"}, [(None, 3)]),
    ("Embedding", {"input_dim": 10, "output_dim": 3, "lora_rank": 2, "embeddings_constraint": "max_norm"},
     [(None, 5)]),
    ("EinsumDense", {"equation": "ab,bc->ac", "output_shape": 4, "lora_rank": 2, "kernel_constraint": "non_neg"},
     [(None, 3)]),
    # base keywords every Keras 3 layer takes through **kwargs (legacy input_shape on a first layer)
    ("Dense", {"units": 4, "input_shape": [3]}, [(None, 3)]),
    ("Dense", {"units": 4, "input_dim": 3}, [(None, 3)]),
    ("Dense", {"units": 4, "autocast": False}, [(None, 3)]),
    ("Embedding", {"input_dim": 10, "output_dim": 3, "input_shape": [5]}, [(None, 5)]),
    ("Masking", {"input_shape": [5, 2], "autocast": True}, [(None, 5, 2)]),
    # dtype policies: what Keras converts, and what it cannot
    ("Dense", {"units": 4, "dtype": "float64"}, [(None, 3)]),
    ("Dense", {"units": 4, "dtype": "mixed_float16"}, [(None, 3)]),
    ("Dense", {"units": 4, "dtype": "bfloat16"}, [(None, 3)]),
    ("Dense", {"units": 4, "dtype": "float"}, [(None, 3)]),
    ("Dense", {"units": 4, "dtype": "double"}, [(None, 3)]),
    ("Identity", {"dtype": "half"}, [(None, 3)]),
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


def test_dtype_names_are_those_keras_converts():
    """Every dtype name Keras's policy lookup accepts, and no other, passes the engine's check."""
    from keras.src.backend.common.dtypes import ALLOWED_DTYPES

    from designer.layers.args import normalize_value
    from designer.layers.spec import ArgumentError
    from keras_oracle import keras

    arg = get_spec("Dense").arg("dtype")
    for name in (*ALLOWED_DTYPES, "float", "int", "half", "double", "mixed_float16", "mixed_bfloat16",
                 "int8_from_float32", "int8_from_float16", "int4_from_mixed_bfloat16", "float8_from_float16",
                 "gptq_from_float32", "awq_from_float32"):
        try:
            keras.dtype_policies.get(name)
            keras_ok = True
        except Exception:
            keras_ok = False
        try:
            normalize_value(arg, name)
            ours = True
        except ArgumentError:
            ours = False
        assert ours == keras_ok, f"dtype {name!r}: engine {'accepts' if ours else 'refuses'}, Keras does not agree"
