"""Attention layers against Keras: MultiHeadAttention, Attention, AdditiveAttention."""

import pytest
from hypothesis import given, settings, strategies as st

from keras_oracle import assert_agrees

pytestmark = pytest.mark.keras

MHA = "MultiHeadAttention"


def mha(inputs, **config):
    return (MHA, {"num_heads": 2, "key_dim": 3, **config}, inputs)


CASES = [
    # MultiHeadAttention: self- and cross-attention, query and value of different lengths
    mha([(None, 5, 8), (None, 5, 8)]),
    mha([(None, 5, 8), (None, 7, 6)]),
    mha([(None, 5, 8), (None, 7, 6)], trainable=False),  # Keras's model still counts the projections trainable
    mha([(None, 5, 8), (None, 7, 6), (None, 7, 4)]),
    mha([(None, 5, 8), (None, 7, 6), (None, 6, 4)]),
    mha([(None, 5, 8), (None, 7, 6), (None, None, 4)]),
    mha([(None, None, 8), (None, None, 6), (None, None, 4)]),
    mha([(None, 5, 8), (None, 7, 6)], value_dim=5, use_bias=False),
    mha([(None, 5, 8), (None, 7, 6)], value_dim=5),
    (MHA, {"num_heads": 8, "key_dim": 64}, [(None, 128, 512), (None, 128, 512)]),
    # output_shape
    mha([(None, 5, 8), (None, 7, 6)], output_shape=[4, 5]),
    mha([(None, 5, 8), (None, 7, 6)], output_shape=4),
    mha([(None, 5, 8), (None, 7, 6)], output_shape=[4]),
    mha([(None, 5, 4, 3), (None, 6, 7)], output_shape=[2, 3]),
    mha([(None, 5, 8), (None, 7, 6)], output_shape=0),
    mha([(None, 5, 8), (None, 7, 6)], output_shape=[]),
    mha([(None, 5, 8), (None, 7, 6)], output_shape=[0]),
    mha([(None, 5, 8), (None, 7, 6)], output_shape=[None]),
    mha([(None, 5, 8), (None, 7, 6)], output_shape=[2, None]),
    mha([(None, 5, 8), (None, 7, 6)], output_shape=[-2]),
    mha([(None, 5, 8), (None, 7, 6)], output_shape="wide"),
    # unknown feature sizes cannot make weights
    mha([(None, 5, None), (None, 7, 6)]),
    mha([(None, 5, None), (None, 7, 6)], output_shape=4),
    mha([(None, 5, 8), (None, 7, None)]),
    mha([(None, 5, 8), (None, 7, 6), (None, 7, None)]),
    mha([(None, 5, 3), (None, 6, 7), (None, 6, 0)]),
    # ranks: 2-D, 4-D, query and value of different ranks, attention_axes
    mha([(None, 8), (None, 6)]),
    mha([(None,), (None, 6)]),
    mha([(None, 8), (None,)]),
    mha([(4,), (None, 6)]),
    mha([(4,), (4,)]),
    mha([(4, 3), (4,)]),
    mha([(4, 5, 3), (4, 6)]),
    mha([(4, 5, 3), (4, 6), (4, 5)]),
    mha([(4,), (4,)], attention_axes=2),
    mha([(4,), (4,)], attention_axes=-3),
    mha([(4, 3), (4,)], attention_axes=[0, 1]),
    mha([(None, 5, 2, 8), (None, 7, 6)]),
    mha([(None, 5, 8), (None, 7, 3, 6)]),
    mha([(None, 5, 4, 8), (None, 7, 3, 6)]),
    *[mha([(None, 5, 4, 8), (None, 7, 3, 6)], attention_axes=a)
      for a in [2, [2], [1, 2], 3, 4, 5, -1, -5, -9, -10, 0, [1, 1], [], [1, 6]]],
    mha([(None, 5, 4, 8), (None, 7, 6)], attention_axes=3),
    mha([(None, 5, 4, 8), (None, 7, 6)], attention_axes=4),
    mha([(None, 5, 4, 3), (None, 6, 2, 7)], attention_axes=[1, 2]),
    mha([(None, 4, 5, 6, 8), (None, 4, 5, 6, 8)], attention_axes=[2, 3]),
    # other arguments
    mha([(None, 5, 8), (None, 7, 6)], use_gate=True),
    mha([(None, 5, 8), (None, 7, 6)], use_gate=True, value_dim=4, use_bias=False),
    mha([(None, 5, 8), (None, 7, 6)], dropout=0.1, seed=-1),
    mha([(None, 5, 8), (None, 7, 6)], dropout=1.0),
    mha([(None, 5, 8), (None, 7, 6)], dropout=1.5),
    mha([(None, 5, 8), (None, 7, 6)], dropout=-0.5),
    mha([(None, 5, 8), (None, 7, 6)], dropout=0.5, flash_attention=True),
    mha([(None, 5, 8), (None, 7, 6)], flash_attention=True),
    mha([(None, 5, 8), (None, 7, 6)], flash_attention=False, dropout=0.3),
    mha([(None, 5, 8), (None, 7, 6)], sliding_window=3),
    mha([(None, 5, 8), (None, 7, 6)], sliding_window=0),
    mha([(None, 5, 8), (None, 7, 6)], value_dim=0),
    mha([(None, 5, 8), (None, 7, 6)], trainable=False),
    (MHA, {"num_heads": 0, "key_dim": 3}, [(None, 5, 8), (None, 7, 6)]),
    (MHA, {"num_heads": 2, "key_dim": 0}, [(None, 5, 8), (None, 7, 6)]),
    (MHA, {"num_heads": 2}, [(None, 5, 8), (None, 7, 6)]),
    mha([(None, 5, 8)]),
    # Attention: output is query[:-1] + value[-1]; no other shape checks
    ("Attention", {}, [(None, 3, 4), (None, 5, 4)]),
    ("Attention", {}, [(None, 3, 4), (None, 5, 6)]),
    ("Attention", {}, [(None, 3, 4), (None, 5, 6), (None, 5, 4)]),
    ("Attention", {}, [(None, 3, 4), (None, 5, 6, 7)]),
    ("Attention", {}, [(None, 3, 4), (None, 5, None)]),
    ("Attention", {}, [(2, 3, 4), (3, 5, 4)]),
    ("Attention", {}, [(None, 4), (None, 5)]),
    ("Attention", {}, [(None,), (None, 5)]),
    ("Attention", {"use_scale": True}, [(None, 3, 4), (None, 5, 4)]),
    ("Attention", {"score_mode": "concat"}, [(None, 3, 4), (None, 5, 4)]),
    ("Attention", {"score_mode": "concat", "use_scale": True}, [(None, 3, 4), (None, 5, 6)]),
    ("Attention", {"score_mode": "general"}, [(None, 3, 4), (None, 5, 4)]),
    ("Attention", {"dropout": 0.5, "seed": 3}, [(None, 3, 4), (None, 5, 4)]),
    ("Attention", {"dropout": 2.0}, [(None, 3, 4), (None, 5, 4)]),
    ("Attention", {"use_scale": True, "trainable": False}, [(None, 3, 4), (None, 5, 4)]),
    ("Attention", {}, [(None, 3, 4)]),
    ("Attention", {}, [(None, 3, 4)] * 4),
    # AdditiveAttention: a scale vector the size of the query's last axis
    ("AdditiveAttention", {}, [(None, 3, 4), (None, 5, 6)]),
    ("AdditiveAttention", {}, [(None, 3, 4), (None, 5, 6), (None, 5, 4)]),
    ("AdditiveAttention", {"use_scale": False}, [(None, 3, 4), (None, 5, 6)]),
    ("AdditiveAttention", {}, [(None, 3, None), (None, 5, 6)]),
    ("AdditiveAttention", {"use_scale": False}, [(None, 3, None), (None, 5, 6)]),
    ("AdditiveAttention", {}, [(None, 3, 0), (None, 5, 6)]),
    ("AdditiveAttention", {}, [(None,), (None, 5, 6)]),
    ("AdditiveAttention", {"dropout": 0.5}, [(None, 3, 4), (None, 5, 6)]),
    ("AdditiveAttention", {}, [(None, 3, 4)]),
]


@pytest.mark.parametrize("class_name,config,inputs", CASES)
def test_attention_table(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)


size = st.sampled_from([None, 1, 2, 3, 5, 6])


@settings(max_examples=50, deadline=None)
@given(num_heads=st.integers(1, 4), key_dim=st.integers(1, 8), value_dim=st.one_of(st.none(), st.integers(1, 8)),
       use_bias=st.booleans(), use_gate=st.booleans(),
       output_shape=st.one_of(st.none(), st.integers(1, 6), st.lists(st.integers(1, 4), min_size=1, max_size=2)),
       attention_axes=st.one_of(st.none(), st.none(), st.integers(-4, 4),
                                st.lists(st.integers(-3, 3), min_size=1, max_size=2)),
       query=st.lists(size, min_size=1, max_size=3), value=st.lists(size, min_size=1, max_size=3),
       key_kind=st.sampled_from(["none", "same", "other"]), key_last=st.integers(1, 6))
def test_multi_head_attention_random(num_heads, key_dim, value_dim, use_bias, use_gate, output_shape,
                                     attention_axes, query, value, key_kind, key_last):
    shapes = [(None, *query), (None, *value)]
    if key_kind == "same":
        shapes.append((None, *value[:-1], key_last))
    elif key_kind == "other":
        shapes.append((None, *query[:-1], key_last))
    config = {"num_heads": num_heads, "key_dim": key_dim, "value_dim": value_dim, "use_bias": use_bias,
              "use_gate": use_gate, "output_shape": output_shape, "attention_axes": attention_axes}
    assert_agrees(MHA, config, shapes)


@settings(max_examples=40, deadline=None)
@given(name=st.sampled_from(["Attention", "AdditiveAttention"]), use_scale=st.booleans(),
       concat=st.booleans(), shapes=st.lists(st.lists(size, min_size=0, max_size=3), min_size=2, max_size=3))
def test_attention_random(name, use_scale, concat, shapes):
    config = {"use_scale": use_scale}
    if name == "Attention" and concat:
        config["score_mode"] = "concat"
    assert_agrees(name, config, [(None, *s) for s in shapes])


def test_score_mode_is_case_sensitive_as_in_keras():
    assert_agrees("Attention", {"score_mode": "DOT"}, [(None, 4, 8), (None, 5, 8)])
