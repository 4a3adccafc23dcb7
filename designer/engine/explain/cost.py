"""Compute cost and activation memory per layer, as torchinfo and Sony NNC show them.

Cost is counted in multiply–accumulates (MACs, torchinfo's "Mult-Adds"; FLOPs
≈ 2·MACs) for ONE sample, bias additions not counted. Each catalog spec's
``macs`` hook computes it (a spec without one multiplies nothing); the
conventions per family:

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

from typing import Sequence

from designer.layers import get_spec
from designer.layers.shapes import product
from designer.layers.spec import Shape

from .model import Cost, Ctx

BYTES_PER_VALUE = 4


def activation_bytes(outputs: Sequence[Shape] | None) -> int | None:
    """Output values of one sample × 4 bytes, all outputs together."""
    if outputs is None:
        return None
    values = [product(s[1:]) for s in outputs]
    known = [v for v in values if v is not None]
    if len(known) != len(values):
        return None
    return sum(known) * BYTES_PER_VALUE


def layer_macs(ctx: Ctx) -> tuple[int | None, str]:
    """MACs of one valid layer for one sample, and the rule with its numbers."""
    spec = get_spec(ctx.class_name)
    if spec is None:
        return None, "unknown (the designer does not know this layer)"
    if spec.macs is None:
        return 0, "0 MACs (no multiply–adds counted for this kind of layer)"
    try:
        return spec.macs(ctx.cfg, list(ctx.inputs), ctx.outputs)
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
