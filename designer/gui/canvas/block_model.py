"""What a collapsed block's card says, from its members' cards (no Qt).

Nothing is computed here that the engine did not: the shapes are the members'
results, the badge is the worst of the members' badges.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from designer.layers.shapes import fmt_shape

from .card_lod import compact_shape

MAX_CLASSES = 4
"""Classes named on the card; the others are counted."""


@dataclass(frozen=True)
class BlockText:
    """A collapsed block's card: ``flow`` is ``in → out`` (compact shapes), ``badge`` error/warning/None."""

    title: str
    count: str
    classes: str
    flow: str
    inputs: tuple[str, ...]
    outputs: tuple[str, ...]
    params: str
    badge: str | None
    tooltip: str


def block_text(name: str, doc, members: list[str], result, badges: list[str | None]) -> BlockText:
    """The card of block ``name`` whose live members are ``members`` (ids), with ``result(id)``
    giving each layer's engine result and ``badges`` the members' card badges."""
    inside = set(members)
    counts = Counter(doc.layer(m).class_name for m in members)
    named = [f"{c} ×{n}" if n > 1 else c for c, n in counts.most_common(MAX_CLASSES)]
    rest = len(counts) - len(named)
    classes = " · ".join(named) + (f" · +{rest} more" if rest > 0 else "")
    inputs: list[str] = []
    for m in members:
        for src in doc.layer(m).inbound:
            if src.layer not in inside:
                r = result(src.layer)
                shape = fmt_shape(r.outputs[src.index]) if r is not None and r.outputs and src.index < len(
                    r.outputs) else "?"
                if shape not in inputs:
                    inputs.append(shape)
    model_outputs = {s.layer for s in doc.outputs()}
    outputs: list[str] = []
    for m in members:
        if m in model_outputs or any(c not in inside for c in doc.consumers(m)):
            r = result(m)
            shape = fmt_shape(r.outputs[0]) if r is not None and r.outputs else "?"
            if shape not in outputs:
                outputs.append(shape)
    total = 0
    for m in members:
        r = result(m)
        if r is not None and r.params is not None:
            total += r.params.total
    params = f"{total:,} param{'s' if total != 1 else ''}"
    badge = "error" if "error" in badges else ("warning" if "warning" in badges else None)
    flow = " | ".join(compact_shape(s) for s in inputs) + " → " + " | ".join(compact_shape(s) for s in outputs)
    count = f"{len(members)} layers"
    lines = [f"{name}: block of {count}", classes, f"Input: {', '.join(inputs) or 'none'}",
             f"Output: {', '.join(outputs) or 'none'}", f"Params: {total:,}"]
    if badge == "error":
        lines.append("A layer inside is invalid: expand the block to see it")
    elif badge == "warning":
        lines.append("A layer inside has a warning")
    lines.append("Double-click to expand")
    return BlockText(name, count, classes, flow, tuple(inputs), tuple(outputs), params, badge, "\n".join(lines))
