"""The cause of an invalid layer in words: which size, where it came from, and where it went wrong.

Three cases get a tailored diagnosis; every other error is told in the
engine's own words (which already say why and how to fix it):

- a 'valid' convolution or pooling window larger than its input (Keras 3's
  "Computed output size would be zero or negative", older TensorFlow's
  "Negative dimension size"), with the trail of sizes that led there and the
  earlier layer where the size fell below what is needed;
- a merge (Concatenate, Add, …) whose inputs differ in spatial size, with each
  input's trail and the layers that dropped rows or columns;
- a layer blocked by an invalid layer upstream.
"""

from __future__ import annotations

from designer.model import Document, upstream

from ..inference import ModelInference
from .arithmetic import shapes_text
from .model import Fix
from .paths import has_trait, trail, trail_text
from .spatial import conv_length
from .text import SPATIAL_NAMES, fmt_size
from .warnings import drop_summary, merge_mismatch, too_small


def _message(inference: ModelInference, layer_id: str) -> str:
    """The engine's error without the leading ``name: ``."""
    r = inference[layer_id]
    prefix = f"{r.name}: "
    return r.error[len(prefix):] if r.error.startswith(prefix) else r.error


def _window_lines(doc: Document, inference: ModelInference, layer_id: str, w, spatial, fixes: list[Fix]) -> list[str]:
    r = inference[layer_id]
    what = "window" if w.kind == "pool" else "kernel"
    dilated = f" (dilated to span {fmt_size(w.spans)})" if max(w.dilation) > 1 else ""
    lines = [f"{r.name} slides a {fmt_size(w.sizes)} {what}{dilated} over its input with padding='valid' (no zeros "
             f"added), so the input must be at least {fmt_size(w.spans)}; it is only {fmt_size(spatial)}:"]
    first = None
    for name, n, span, stride in zip(SPATIAL_NAMES[w.rank], spatial, w.spans, w.strides):
        if n is not None and n < span:
            text, _ = conv_length(n, span, stride, "valid")
            lines.append(f"{name}: {text} (no room for a single window)")
            first = first or (span, n)
    if first:
        lines.append(f"Keras 3 (TensorFlow 2.21) refuses it with “Computed output size would be zero or "
                     f"negative”; older TensorFlow said “Negative dimension size caused by subtracting {first[0]} "
                     f"from {first[1]}”.")
    steps = trail(doc, inference, doc.layer(layer_id).inbound[0].layer)
    if len(steps) > 1:
        lines.append(f"How the size got there: {trail_text(steps)}.")
    removal = next((f for f in fixes if f.kind == "remove_layer"), None)
    if removal is not None:
        culprit = next(s.old.id for s in removal.edit.steps if s.kind == "remove")
        lines.append(f"It fell below what {r.name} needs at {inference[culprit].name}: removing that layer alone "
                     "gives it a large enough input.")
    return lines


def _merge_lines(doc: Document, inference: ModelInference, layer_id: str) -> list[str]:
    r = inference[layer_id]
    node = doc.layer(layer_id)
    except_axis = " (all but the joined axis)" if has_trait(node.class_name, "joins_axis") else ""
    lines = [f"{r.name} needs its inputs to have the same spatial size{except_axis}, but they differ:"]
    for src, shape in zip(node.inbound, r.inputs):
        steps = trail(doc, inference, src.layer)
        lines.append(f"  {inference[src.layer].name}: {fmt_size(shape[1:-1])} — {trail_text(steps)}")
    drops = drop_summary(inference, upstream(doc, [layer_id]))
    if drops:
        lines.append("; ".join(drops) + ": up-sampling cannot give dropped rows or columns back, so the "
                     "skip connection and the up-sampled path no longer line up.")
    return lines


def diagnose(doc: Document, inference: ModelInference, layer_id: str, fixes: list[Fix]) -> list[str]:
    """Lines explaining why ``layer_id`` is invalid (the first names its input shapes)."""
    r = inference[layer_id]
    if r.blocked_by is not None:
        blocker = inference[r.blocked_by].name
        return [f"no shape: it depends on {blocker}, which is invalid; fix {blocker} first"]
    head = f"{shapes_text(r.inputs)} → ✗" if r.inputs else "✗"
    small = too_small(doc, inference, layer_id)
    if small is not None:
        return [head, *_window_lines(doc, inference, layer_id, *small, fixes)]
    if merge_mismatch(inference, layer_id, r.class_name):
        return [head, *_merge_lines(doc, inference, layer_id)]
    return [head, f"Keras would refuse it: {_message(inference, layer_id)}"]
