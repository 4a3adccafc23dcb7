"""Explanations as text for the terminal (the ``explain`` command) and as JSON objects."""

from __future__ import annotations

from typing import Sequence

from ..summary import readable_bytes
from .cost import totals
from .model import LayerExplanation
from .text import num

INDENT = "  "


def layer_text(e: LayerExplanation) -> list[str]:
    """One layer: header, rule lines, parameters, cost, warnings and fixes."""
    if e.valid:
        first, *rest = e.lines or [""]
        out = [f"{e.name} ({e.class_name}): {first}"]
        out += [INDENT + line for line in (*rest, *e.none_notes)]
        out.append(f"{INDENT}params: {e.params}")
        out.append(f"{INDENT}cost: {_cost_text(e)}")
    else:
        out = [f"{e.name} ({e.class_name}): ✗ {e.error}"]
        out += [INDENT + line for line in e.diagnosis if not line.startswith("Keras would refuse it:")]
    shown = set()
    for w in e.warnings:
        out.append(f"{INDENT}⚠ {w.message}")
        for f in w.fixes:
            shown.add(id(f))
            out.append(f"{INDENT * 2}fix [{f.kind}]: {f.label}")
    for f in e.fixes:
        if id(f) not in shown:
            out.append(f"{INDENT}fix [{f.kind}]: {f.label}")
    return out


def _cost_text(e: LayerExplanation) -> str:
    c = e.cost
    memory = "unknown" if c.activation_bytes is None else \
        f"{readable_bytes(c.activation_bytes)} ({num(c.activation_bytes // 4)} values × 4 bytes)"
    return f"{c.rule}; activations {memory} per sample"


def totals_text(explanations: Sequence[LayerExplanation]) -> str:
    """``Total: 12,201 params · 1,951,776 MACs (≈ 3.9 MFLOPs) · activations 0.45 MB per sample``."""
    macs, memory, complete = totals([e.cost for e in explanations])
    at_least = "" if complete else "at least "
    flops = 2 * macs
    scaled = next(((flops / f, u) for f, u in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "K")) if flops >= f),
                  (flops, ""))
    invalid = sum(1 for e in explanations if not e.valid)
    tail = f" · {invalid} of {len(explanations)} layers invalid" if invalid else ""
    return (f"Total: {at_least}{num(macs)} MACs (≈ {scaled[0]:.3g} {scaled[1]}FLOPs, FLOPs ≈ 2 × MACs) · "
            f"activations {at_least}{readable_bytes(memory)} per sample (float32){tail}")


def render_text(explanations: Sequence[LayerExplanation], with_totals: bool = True) -> str:
    """Every explanation, a blank line between layers, then the totals."""
    blocks = ["\n".join(layer_text(e)) for e in explanations]
    if with_totals:
        blocks.append(totals_text(explanations))
    return "\n\n".join(blocks)


def render_json(explanations: Sequence[LayerExplanation]) -> list[dict]:
    """The ``explain --json`` list: one object per layer with exactly the documented keys."""
    return [e.to_json() for e in explanations]
