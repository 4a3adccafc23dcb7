"""GroupQueryAttention against Keras on drawn heads, flags and inputs of independent ranks.

The catalog-wide fuzz draws inputs of one rank and arguments one at a time;
this one draws what GroupQueryAttention's rules turn on: heads that do or do
not divide (zero included), flash attention with and without dropout, bias
and gate, and query, value and key of different ranks whose last sizes and
middle axes sometimes match.
"""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from keras_oracle import assert_agrees

pytestmark = pytest.mark.keras

size = st.one_of(st.none(), st.integers(1, 6))


@st.composite
def _inputs(draw):
    last = draw(size)
    middle = tuple(draw(st.lists(size, min_size=0, max_size=3)))
    query = (None, *draw(st.lists(size, min_size=0, max_size=3)), last)
    value = (None, *middle, draw(st.one_of(st.just(last), size)))
    if not draw(st.booleans()):
        return [query, value]
    key_middle = draw(st.one_of(st.just(middle), st.lists(size, min_size=0, max_size=3).map(tuple)))
    return [query, value, (None, *key_middle, draw(size))]


config = st.fixed_dictionaries({
    "head_dim": st.integers(0, 4),
    "num_query_heads": st.integers(0, 6),
    "num_key_value_heads": st.integers(0, 4),
    "use_bias": st.booleans(),
    "use_gate": st.booleans(),
    "dropout": st.sampled_from([0.0, 0.25]),
    "flash_attention": st.sampled_from([None, False, True]),
    "sliding_window": st.sampled_from([None, 0, 2]),
})


@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(config=config, inputs=_inputs())
def test_gqa_agrees_with_keras_on_drawn_heads_and_inputs(config, inputs):
    assert_agrees("GroupQueryAttention", config, inputs)
