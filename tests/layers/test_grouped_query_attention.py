"""GroupQueryAttention against Keras: projections' weights, the three inputs' checks, construction refusals."""

import pytest

from keras_oracle import assert_agrees

pytestmark = pytest.mark.keras

N = None
GQA = "GroupQueryAttention"


def gqa(inputs, **config):
    return (GQA, {"head_dim": 4, "num_query_heads": 4, "num_key_value_heads": 2, **config}, inputs)


CASES = [
    gqa([(N, 5, 16), (N, 7, 16)]),
    gqa([(N, 5, 16), (N, 5, 16)], use_bias=False),
    gqa([(N, 5, 16), (N, 7, 16), (N, 7, 8)]),
    gqa([(N, 5, 16), (N, 7, 16), (N, 6, 8)]),
    gqa([(N, 5, 16), (N, 7, 12)]),
    gqa([(N, N, 16), (N, N, 16)]),
    gqa([(N, 5, N), (N, 7, 16)]),
    gqa([(N, 5, 16), (N, 7, N)]),
    gqa([(N, 16), (N, 16)]),
    gqa([(N, 2, 5, 16), (N, 2, 7, 16)]),
    gqa([(N, 5, 16), (N, 7, 16)], use_gate=True),
    gqa([(N, 5, 16), (N, 7, 16)], num_query_heads=3),
    gqa([(N, 5, 16), (N, 7, 16)], num_key_value_heads=4),
    gqa([(N, 5, 16), (N, 7, 16)], sliding_window=3),
    gqa([(N, 5, 16), (N, 7, 16)], sliding_window=0),
    gqa([(N, 5, 16), (N, 7, 16)], dropout=0.1),
    gqa([(N, 5, 16), (N, 7, 16)], flash_attention=True, dropout=0.1),
    gqa([(N, 5, 16), (N, 7, 16)], trainable=False),
    (GQA, {"head_dim": 4, "num_query_heads": 4}, [(N, 5, 16), (N, 7, 16)]),
]


@pytest.mark.parametrize("class_name,config,inputs", CASES)
def test_gqa_table(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)
