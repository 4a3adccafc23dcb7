"""Attention layers: MultiHeadAttention, Attention, AdditiveAttention (keras/src/layers/attention).

MultiHeadAttention's weights are those of its EinsumDense projections, built
exactly as `MultiHeadAttention.build` builds them (see `_mha_rules`). Attention
and AdditiveAttention never check their inputs' shapes while a model is built:
their output is the query's shape with the value's last size.
"""

from __future__ import annotations

from ._attention_masks import mask_caveats
from ._gqa_rules import gqa_caveats, gqa_macs, gqa_params, gqa_shape
from ._mha_rules import mha_caveats, mha_macs, mha_output_shape, mha_params
from .common import layer_args, weight_args
from .registry import register
from .shapes import fmt_shape, product
from .spec import Arg, Config, LayerError, LayerSpec, ParamCount, Shape
from .terms import macs_product

HEAD_CALL = frozenset({"attention_mask", "query_mask", "value_mask", "key_mask", "return_attention_scores",
                       "use_causal_mask"})
"""What the call of a layer with heads (MultiHeadAttention, GroupQueryAttention) takes besides its tensors."""

HEAD_INPUTS = ("query", "value", "key")
"""The tensor arguments of a layer with heads' call, in positional order."""


def head_scores(heads_arg: str):
    """The scores' shape of a layer with heads: ``(batch, heads, T…, S…)``; ``heads_arg`` names the head count."""

    def scores(cfg: Config, inputs) -> Shape:
        query, value = inputs[0], inputs[1] if len(inputs) > 1 else inputs[0]
        key = inputs[2] if len(inputs) > 2 else value
        if cfg.get("attention_axes") not in (None, [len(query) - 2], (len(query) - 2,)) and len(query) != 3:
            raise LayerError("return_attention_scores with attention_axes is not supported by the designer")
        return (query[0], cfg.get(heads_arg), *query[1:-1], *key[1:-1])

    return scores


# MultiHeadAttention --------------------------------------------------------

def _mha_args():
    weights = weight_args("kernel", "bias")
    initializers, regularizers, constraints = weights[:2], weights[2:4], weights[4:]
    return layer_args(
        Arg("num_heads", "int", None, minimum=1, shape_affecting=True, doc="Number of attention heads.", start=2),
        Arg("key_dim", "int", None, minimum=1, shape_affecting=True,
            doc="Size of each head's query and key projections.", start=32),
        Arg("value_dim", "int", None, nullable=True, minimum=1, shape_affecting=True,
            doc="Size of each head's value projection; null means key_dim."),
        Arg("dropout", "float", 0.0, minimum=0, maximum=1, doc="Dropout rate on the attention scores."),
        Arg("use_bias", "bool", True, shape_affecting=True),
        Arg("output_shape", "any", None, shape_affecting=True,
            doc="Size(s) of the output's last axes; null projects back to the query's last size."),
        Arg("attention_axes", "axis", None, nullable=True, shape_affecting=True,
            doc="Axes attention runs over; null means every axis between batch and features."),
        Arg("sliding_window", "int", None, nullable=True, minimum=1,
            doc="Each position attends only to keys closer than this; null for full attention."),
        Arg("flash_attention", "bool", None, nullable=True),
        *initializers, *regularizers, *constraints,
        Arg("use_gate", "bool", False, shape_affecting=True,
            doc="Adds a sigmoid gate projection of the query (one more dense projection)."),
        Arg("seed", "int", None, nullable=True),
    )


def _mha_shape(cfg, inputs):
    if cfg["flash_attention"] and cfg["dropout"] > 0:
        raise LayerError(
            "flash attention does not support dropout",
            "set dropout to 0 or flash_attention to null",
        )
    return mha_output_shape(cfg, inputs)


MULTI_HEAD_ATTENTION = LayerSpec(
    class_name="MultiHeadAttention",
    family="Attention",
    doc="Multi-head attention of a query over a value (and optional key), as in Transformers.",
    args=_mha_args(),
    output_shape=_mha_shape,
    params=mha_params,
    macs=mha_macs,
    caveats=mha_caveats,
    inputs=(2, 3),
    call="positional",
    call_inputs=HEAD_INPUTS,
    call_keywords=HEAD_CALL,
    attention_scores=head_scores("num_heads"),
    call_caveats=mask_caveats("num_heads", reads_query_mask=False),
    explainer="multi_head_attention",
    trainable_flag_ignored=True,
)


# Attention, AdditiveAttention ---------------------------------------------

def _attention_shape(cfg, inputs):
    """``(*query[:-1], value[-1])``: Keras checks nothing else while building."""
    query, value = inputs[0], inputs[1]
    for shape in (query, value):
        if len(shape) == 0:
            raise LayerError("an input has no axes at all", "give every input at least a batch axis")
    return (*query[:-1], value[-1])


def _attention_scores(cfg, inputs):
    """``(batch, Tq, Tv)``: one score per query and value position."""
    query, value = inputs[0], inputs[1] if len(inputs) > 1 else inputs[0]
    return (query[0], query[1], value[1])


ATTENTION_CALL = frozenset({"return_attention_scores", "use_causal_mask"})
"""What Attention's and AdditiveAttention's call takes besides its list of tensors."""


def _attention_params(cfg, inputs):
    """A scalar ``scale`` (use_scale) and a scalar ``concat_score_weight`` (score_mode='concat')."""
    parts = ["1 (scale)"] * cfg["use_scale"] + ["1 (concat_score_weight)"] * (cfg["score_mode"] == "concat")
    if not parts:
        return ParamCount(0, 0, lambda: "0: dot-product attention learns nothing unless use_scale=True")
    return ParamCount(len(parts), 0, lambda: " + ".join(parts) + f" = {len(parts)}")


def _attention_macs(cfg, inputs, outputs):
    """``Tq·Tv·(d + d_v)``: the scores and the weighted sum."""
    q, v = inputs[0], inputs[1]
    return macs_product([product(q[1:-1]), product(v[1:-1]), None if q[-1] is None or v[-1] is None
                         else q[-1] + v[-1]], "Tq·Tv·(d + d_v): scores and weighted sum")


def _additive_params(cfg, inputs):
    """A ``scale`` vector the size of the query's last axis (use_scale)."""
    if not cfg["use_scale"]:
        return ParamCount(0, 0, lambda: "0: use_scale=False, so there is nothing to learn")
    query = inputs[0]
    dim = query[-1] if query else None
    if dim is None:
        raise LayerError(
            f"needs the query's last size to create its scale weights, but the query is {fmt_shape(query)}",
            "give the query's Input a fixed size on its last axis, or set use_scale to false",
        )
    return ParamCount(dim, 0, lambda: f"{dim} (one scale per feature of the query's last axis)")


ATTENTION = LayerSpec(
    class_name="Attention",
    family="Attention",
    doc="Dot-product (Luong) attention: inputs [query, value] or [query, value, key].",
    args=layer_args(
        Arg("use_scale", "bool", False, shape_affecting=True, doc="Learn a scalar that scales the scores."),
        Arg("score_mode", "choice", "dot", choices=("dot", "concat"), shape_affecting=True, case_sensitive=True,
            doc="'dot' scores by dot product; 'concat' by tanh of the sum (adds one weight)."),
        Arg("dropout", "float", 0.0, doc="Dropout rate on the attention scores."),
        Arg("seed", "int", None, nullable=True),
    ),
    output_shape=_attention_shape,
    params=_attention_params,
    macs=_attention_macs,
    inputs=(2, 3),
    call="list",
    call_keywords=ATTENTION_CALL,
    attention_scores=_attention_scores,
    explainer="attention",
    operation="dot-product",
)

ADDITIVE_ATTENTION = LayerSpec(
    class_name="AdditiveAttention",
    family="Attention",
    doc="Additive (Bahdanau) attention: inputs [query, value] or [query, value, key].",
    args=layer_args(
        Arg("use_scale", "bool", True, shape_affecting=True,
            doc="Learn one scale per feature of the query's last axis."),
        Arg("dropout", "float", 0.0, doc="Dropout rate on the attention scores."),
    ),
    output_shape=_attention_shape,
    params=_additive_params,
    macs=_attention_macs,
    inputs=(2, 3),
    call="list",
    call_keywords=ATTENTION_CALL,
    attention_scores=_attention_scores,
    explainer="attention",
    operation="additive",
)

# GroupedQueryAttention -----------------------------------------------------

def _gqa_args():
    weights = weight_args("kernel", "bias")
    initializers, regularizers, constraints = weights[:2], weights[2:4], weights[4:]
    return layer_args(
        Arg("head_dim", "int", None, minimum=1, shape_affecting=True, doc="Size of each head.", start=32),
        Arg("num_query_heads", "int", None, minimum=0, shape_affecting=True,
            doc="Number of query heads (Keras builds 0 heads, but cannot run them).", start=4, card="value"),
        Arg("num_key_value_heads", "int", None, minimum=0, shape_affecting=True,
            doc="Number of key and value heads; must divide num_query_heads.", start=2),
        Arg("dropout", "float", 0.0, minimum=0, maximum=1, doc="Dropout rate on the attention scores."),
        Arg("use_bias", "bool", True, shape_affecting=True),
        Arg("sliding_window", "int", None, nullable=True, minimum=1,
            doc="Each position attends only to keys closer than this; null for full attention."),
        Arg("flash_attention", "bool", None, nullable=True),
        *initializers, *regularizers, *constraints,
        Arg("use_gate", "bool", False, shape_affecting=True, doc="Adds a sigmoid gate projection of the query."),
        Arg("seed", "int", None, nullable=True),
    )


GROUPED_QUERY_ATTENTION = LayerSpec(
    class_name="GroupQueryAttention",
    python_class="GroupedQueryAttention",
    family="Attention",
    doc="Attention whose key/value heads are shared by groups of query heads (as in recent decoders).",
    args=_gqa_args(),
    output_shape=gqa_shape,
    params=gqa_params,
    macs=gqa_macs,
    caveats=gqa_caveats,
    inputs=(2, 3),
    call="positional",
    call_inputs=HEAD_INPUTS,
    call_keywords=HEAD_CALL,
    attention_scores=head_scores("num_query_heads"),
    call_caveats=mask_caveats("num_query_heads", reads_query_mask=True),
    trainable_flag_ignored=True,
)

register(MULTI_HEAD_ATTENTION, ATTENTION, ADDITIVE_ATTENTION, GROUPED_QUERY_ATTENTION)
