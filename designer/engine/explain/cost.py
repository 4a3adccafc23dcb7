"""Compute cost and activation memory per layer, as torchinfo and Sony NNC show them.

Cost is counted in multiply–accumulates (MACs, torchinfo's "Mult-Adds"; FLOPs
≈ 2·MACs) for ONE sample, bias additions not counted. The convention per
family:

- convolution: ``out_h·out_w·k_h·k_w·(in/groups)·filters``;
- transposed convolution: ``in_h·in_w·k_h·k_w·in·filters`` (every input
  position is spread over a kernel window);
- depthwise: ``out_h·out_w·k_h·k_w·in·depth_multiplier``; separable: the
  depthwise part plus ``out_h·out_w·(in·depth_multiplier)·filters``;
- dense: ``in·units`` per position (``positions·in·units`` on a 3-D or larger
  input); EinsumDense: output values × the summed-over kernel sizes;
- recurrent: ``steps·gates·(in + units)·units``; ConvLSTM: ``steps·4·`` a
  convolution of ``in + filters`` channels to ``filters``; Bidirectional
  counts both directions, TimeDistributed its layer once per step;
- attention: the projections' dense costs plus ``Tq·Tk·heads·(key_dim +
  value_dim)`` for the scores and the weighted sum (Attention:
  ``Tq·Tv·(d + d_v)``); Dot: output values × the summed axis;
- normalization: one per output value (its scale-and-shift);
- everything else (activations, pooling, dropout, reshaping, merges,
  embeddings): 0.

Activation memory is the layer's output values for one sample × 4 bytes
(float32); None when a size is unknown.
"""

from __future__ import annotations

import math
import re
from typing import Sequence

from designer.layers._mha_rules import mha_projections
from designer.layers._rnn_rules import GATES
from designer.layers._rnn_wrappers import nested_layer
from designer.layers.shapes import product
from designer.layers.spec import Shape

from .model import Cost, Ctx
from .text import channel_index, data_format, num, product_text, spatial_indices

BYTES_PER_VALUE = 4
NORMALIZATION = ("BatchNormalization", "LayerNormalization", "GroupNormalization", "RMSNormalization",
                 "UnitNormalization", "Normalization")


def activation_bytes(outputs: Sequence[Shape] | None) -> int | None:
    """Output values of one sample × 4 bytes, all outputs together."""
    if outputs is None:
        return None
    values = [product(s[1:]) for s in outputs]
    if any(v is None for v in values):
        return None
    return sum(values) * BYTES_PER_VALUE


def _spatial(shape: Shape, rank: int, fmt: str) -> list:
    return [shape[a] for a in spatial_indices(len(shape), rank, fmt)]


def _known(*values) -> bool:
    return all(v is not None for v in values)


def _result(values: list, text: str):
    """``(macs, rule)`` from a list of factors: None when a factor is unknown."""
    if not _known(*values):
        return None, f"{text} (unknown: a size is None)"
    total = math.prod(values)
    return total, f"{product_text(values)} = {num(total)} MACs ({text})"


def conv(ctx: Ctx):
    cfg, x, out = ctx.cfg, ctx.x, ctx.out
    fmt = data_format(cfg)
    rank = len(cfg["kernel_size"])
    c = x[channel_index(len(x), fmt)]
    k = list(cfg["kernel_size"])
    name = ctx.class_name
    if "Transpose" in name:
        return _result([*_spatial(x, rank, fmt), *k, c, cfg["filters"]], "in positions·kernel·in·filters")
    positions = _spatial(out, rank, fmt)
    if name.startswith("Depthwise"):
        return _result([*positions, *k, c, cfg["depth_multiplier"]], "out positions·kernel·in·depth_multiplier")
    if name.startswith("Separable"):
        m = cfg["depth_multiplier"]
        if not _known(*positions):
            return None, "separable: depthwise + pointwise (unknown: a size is None)"
        p = math.prod(positions)
        depthwise, pointwise = p * math.prod(k) * c * m, p * c * m * cfg["filters"]
        return depthwise + pointwise, (f"{num(depthwise)} depthwise + {num(pointwise)} pointwise = "
                                       f"{num(depthwise + pointwise)} MACs")
    return _result([*positions, *k, c // cfg["groups"], cfg["filters"]],
                   "out positions·kernel·(in/groups)·filters")


def dense(ctx: Ctx):
    x = ctx.x
    return _result([*x[1:-1], x[-1], ctx.cfg["units"]], "positions·in·units" if len(x) > 2 else "in·units")


def einsum_dense(ctx: Ctx):
    from designer.layers._einsum import analyze_einsum, partial_output_shape

    cfg = ctx.cfg
    shapes = analyze_einsum(cfg["equation"], cfg["bias_axes"], ctx.x, partial_output_shape(cfg["output_shape"]))
    _, kernel_spec, out_spec = re.split(",|->", cfg["equation"].replace("...", ""))
    summed = [size for letter, size in zip(kernel_spec, shapes.kernel) if letter not in out_spec]
    return _result([*ctx.out[1:], *summed], "output values·summed kernel sizes")


def rnn(ctx: Ctx):
    x, u = ctx.x, ctx.cfg["units"]
    g = GATES[ctx.class_name]
    fan_in = None if x[-1] is None else x[-1] + u
    return _result([x[1], g, fan_in, u], "steps·gates·(in + units)·units")


def convlstm(ctx: Ctx):
    cfg, x = ctx.cfg, ctx.x
    step = (x[0], *x[2:])
    fmt = data_format(cfg)
    rank = len(cfg["kernel_size"])
    out_step = ctx.outputs[-1] if cfg["return_state"] else (ctx.out if not cfg["return_sequences"]
                                                            else (ctx.out[0], *ctx.out[2:]))
    c = step[channel_index(len(step), fmt)]
    return _result([x[1], 4, *_spatial(out_step, rank, fmt), *cfg["kernel_size"], c + cfg["filters"], cfg["filters"]],
                   "steps·4 gates·out positions·kernel·(in + filters)·filters")


def bidirectional(ctx: Ctx):
    forward = nested_layer(ctx.cfg["layer"], "wrapped")
    macs, _ = layer_macs(Ctx(forward.class_name, forward.cfg, ctx.inputs, forward.outputs(ctx.inputs)))
    if macs is None:
        return None, "2 directions (unknown: a size is None)"
    return 2 * macs, f"2·{num(macs)} = {num(2 * macs)} MACs (forward and backward)"


def time_distributed(ctx: Ctx):
    nested = nested_layer(ctx.cfg["layer"], "wrapped")
    step = (ctx.x[0], *ctx.x[2:])
    macs, _ = layer_macs(Ctx(nested.class_name, nested.cfg, (step,), nested.outputs([step])))
    steps = ctx.x[1]
    if macs is None or steps is None:
        return None, "steps·per-step cost (unknown: a size is None)"
    return steps * macs, f"{steps}·{num(macs)} = {num(steps * macs)} MACs (steps·per-step cost)"


def multi_head_attention(ctx: Ctx):
    cfg = ctx.cfg
    projections, query = mha_projections(cfg, ctx.inputs)
    value = ctx.inputs[1]
    key = ctx.inputs[2] if len(ctx.inputs) > 2 else value
    tq, tk, tv = product(query[1:-1]), product(key[1:-1]), product(value[1:-1])
    positions = {"query": tq, "gate": tq, "output": tq, "key": tk, "value": tv}
    if tq is None or tk is None or tv is None:
        return None, "projections + attention (unknown: a size is None)"
    total = sum(positions[p.name] * math.prod(p.shapes.kernel) for p in projections)
    heads, key_dim = cfg["num_heads"], cfg["key_dim"]
    scores = tq * tk * heads * (key_dim + (cfg["value_dim"] or key_dim))
    return total + scores, (f"{num(total)} projections + {num(scores)} attention (Tq·Tk·heads·(key_dim + "
                            f"value_dim)) = {num(total + scores)} MACs")


def attention(ctx: Ctx):
    q, v = ctx.inputs[0], ctx.inputs[1]
    return _result([product(q[1:-1]), product(v[1:-1]), None if q[-1] is None or v[-1] is None else q[-1] + v[-1]],
                   "Tq·Tv·(d + d_v): scores and weighted sum")


def dot(ctx: Ctx):
    s1 = ctx.inputs[0]
    axes = ctx.cfg["axes"]
    a1 = (axes % len(s1) if axes < 0 else axes) if isinstance(axes, int) else axes[0]
    return _result([*ctx.out[1:], s1[a1]], "output values·summed axis")


def normalization(ctx: Ctx):
    return _result(list(ctx.out[1:]), "one scale-and-shift per output value")


RULES = {
    **{f"{kind}{r}D": conv for r in (1, 2, 3) for kind in ("Conv", "DepthwiseConv", "SeparableConv")},
    **{f"Conv{r}DTranspose": conv for r in (1, 2, 3)}, **{f"ConvLSTM{r}D": convlstm for r in (1, 2, 3)},
    "Dense": dense, "EinsumDense": einsum_dense, "SimpleRNN": rnn, "LSTM": rnn, "GRU": rnn,
    "Bidirectional": bidirectional, "TimeDistributed": time_distributed, "MultiHeadAttention": multi_head_attention,
    "Attention": attention, "AdditiveAttention": attention, "Dot": dot,
    **{name: normalization for name in NORMALIZATION},
}


def layer_macs(ctx: Ctx) -> tuple[int | None, str]:
    """MACs of one valid layer for one sample, and the rule with its numbers."""
    rule = RULES.get(ctx.class_name)
    if rule is None:
        return 0, "0 MACs (no multiply–adds counted for this kind of layer)"
    try:
        return rule(ctx)
    except Exception:
        return None, "unknown"


def layer_cost(ctx: Ctx | None) -> Cost:
    """Cost of one layer; an invalid layer (``ctx`` None) has none."""
    if ctx is None:
        return Cost(None, None, "no shape, so no cost")
    macs, rule = layer_macs(ctx)
    return Cost(macs, activation_bytes(ctx.outputs), rule)


def totals(costs: Sequence[Cost]) -> tuple[int, int, bool]:
    """Total MACs and activation bytes over layers, and whether every layer's figures were known."""
    macs = sum(c.macs for c in costs if c.macs is not None)
    memory = sum(c.activation_bytes for c in costs if c.activation_bytes is not None)
    complete = all(c.macs is not None and c.activation_bytes is not None for c in costs)
    return macs, memory, complete
