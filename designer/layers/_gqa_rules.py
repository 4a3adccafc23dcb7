"""GroupedQueryAttention's rules (keras/src/layers/attention/grouped_query_attention.py).

`build` makes EinsumDense projections in this order: query ``bqm,muh->bquh``,
key and value ``bkm,mvh->bkvh`` (``num_key_value_heads``), the optional gate
(like the query) and the output ``bquh,uhm->bqm`` back to the query's last
size. The output has the query's shape once `compute_output_shape` has checked
that query and value end in the same size and value and key share their
middle axes.
"""

from __future__ import annotations

from ._einsum import analyze_einsum
from ._mha_rules import Projection, flash_caveat, projections_params
from .shapes import fmt_shape, product
from .spec import ArgumentError, LayerError, ParamCount, Shape
from .terms import num


def check_heads(cfg) -> None:
    """Construction checks: heads divide, a positive sliding window, no dropout with flash attention."""
    q, kv = cfg["num_query_heads"], cfg["num_key_value_heads"]
    if kv == 0 or q % kv:
        raise ArgumentError("num_key_value_heads", f"`num_query_heads` ({q}) must be divisible by "
                                                   f"`num_key_value_heads` ({kv})", "e.g. 8 query heads, 2 key/value heads")
    if cfg["flash_attention"] and cfg["dropout"] > 0:
        raise LayerError("flash attention does not support dropout", "set dropout to 0 or flash_attention to null")


def _project(name: str, x: Shape, equation: str, bias: str, partial: tuple, use_bias: bool) -> Projection:
    return Projection(name, x, analyze_einsum(equation, bias if use_bias else None, x, partial), 3)


def gqa_projections(cfg, inputs) -> list[Projection]:
    """Every projection, in Keras's build order."""
    check_heads(cfg)
    query, value = tuple(inputs[0]), tuple(inputs[1])
    key = tuple(inputs[2]) if len(inputs) > 2 else value
    u, v, h, bias = cfg["num_query_heads"], cfg["num_key_value_heads"], cfg["head_dim"], cfg["use_bias"]
    heads_q, heads_kv = (None, u, h), (None, v, h)
    projections = [_project("query", query, "bqm,muh->bquh", "uh", heads_q, bias),
                   _project("key", key, "bkm,mvh->bkvh", "vh", heads_kv, bias)]
    if cfg["use_gate"]:
        projections.append(_project("gate", query, "bqm,muh->bquh", "uh", heads_q, bias))
    projections.append(_project("value", value, "bkm,mvh->bkvh", "vh", heads_kv, bias))
    out = Projection("output", (None, None, u, h),
                     analyze_einsum("bquh,uhm->bqm", "m" if bias else None, (None, None, u, h), (None, query[-1])), 4)
    projections.append(out)
    for p in projections:
        p.size()
    return projections


def gqa_shape(cfg, inputs) -> Shape:
    """The query's shape, after Keras's checks of the three inputs."""
    gqa_projections(cfg, inputs)
    query, value = tuple(inputs[0]), tuple(inputs[1])
    key = tuple(inputs[2]) if len(inputs) > 2 else value
    if query[-1] != value[-1]:
        raise LayerError(f"needs query and value with the same last size, but they are {fmt_shape(query)} "
                         f"and {fmt_shape(value)}", "project the value to the query's size first")
    if value[1:-1] != key[1:-1]:
        raise LayerError(f"needs value and key with the same axes but the last, but they are {fmt_shape(value)} "
                         f"and {fmt_shape(key)}", "give key and value the same length")
    return query


def gqa_params(cfg, inputs) -> ParamCount:
    """All projection kernels and biases."""
    return projections_params(gqa_projections(cfg, inputs))


def gqa_macs(cfg, inputs, outputs):
    """Projections plus ``Tq·Tk·query heads·2·head_dim`` for the scores and the weighted sum."""
    projections = gqa_projections(cfg, inputs)
    query, value = inputs[0], inputs[1]
    tq, tk = product(query[1:-1]), product(value[1:-1])
    if tq is None or tk is None:
        return None, "projections + attention (unknown: a size is None)"
    positions = {"query": tq, "gate": tq, "output": tq, "key": tk, "value": tk}
    total = sum(positions[p.name] * p.kernel_size() for p in projections)
    scores = tq * tk * cfg["num_query_heads"] * 2 * cfg["head_dim"]
    return total + scores, (f"{num(total)} projections + {num(scores)} attention (Tq·Tk·query heads·2·head_dim) "
                            f"= {num(total + scores)} MACs")


def gqa_caveats(cfg, inputs, outputs) -> list[tuple[str, str]]:
    """What Keras builds but cannot run: no query heads, inputs of rank other than 3, flash attention on TensorFlow."""
    found = []
    if not cfg["num_query_heads"]:
        found.append(("gqa_no_query_heads", (
            "num_query_heads=0 builds in Keras (model.summary() shows the shape and weights the engine gives) "
            "but predict() and fit() fail on it: attention with no heads has nothing to compute; "
            "give it at least one query head")))
    other = [fmt_shape(tuple(x)) for x in inputs if len(x) != 3]
    if other:
        found.append(("gqa_rank", (
            f"Keras builds it on {', '.join(other)}, but predict() and fit() fail: its projections take "
            "(batch, length, features) inputs only; Reshape the others to 3 axes")))
    else:
        found += flash_caveat(cfg)
    return found
