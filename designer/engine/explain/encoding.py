"""Shape explanations of the text and categorical preprocessing layers (lookups, hashing, encodings)."""

from __future__ import annotations

from .model import Ctx, Line
from .text import dim, fmt_shape


def encoding(ctx: Ctx) -> list[Line]:
    """Indices keep the shape; an encoding puts an axis of the vocabulary's (or bins') size last."""
    cfg, x, out = ctx.cfg, ctx.x, ctx.out
    mode = cfg.get("output_mode", "int")
    if mode == "int":
        return [Line(f"output_mode='int': one index per value, so the shape stays {fmt_shape(x)}"),
                *(Line(f"axis {i}: {dim(d)}", (0, i, d)) for i, d in enumerate(out) if i)]
    depth = out[-1]
    known = "unknown until the vocabulary is known (adapt() or vocabulary=)" if depth is None else str(depth)
    where = "a new last axis" if mode == "one_hot" and len(out) > len(x) else "the last axis"
    return [Line(f"output_mode={mode!r}: each value (or each sample's values) becomes a vector with one slot per "
                 f"index, placed as {where}"),
            Line(f"last axis: {known}", (0, len(out) - 1, depth))]


def text_vectorization(ctx: Ctx) -> list[Line]:
    """Token indices, ``output_sequence_length`` of them; the encodings as the other lookups."""
    if ctx.cfg["output_mode"] != "int":
        return encoding(ctx)
    length = ctx.cfg["output_sequence_length"]
    why = "pad or cut to output_sequence_length" if length is not None else "as many tokens as the longest string"
    return [Line("splits each string into tokens and gives each token's index in the vocabulary"),
            Line(f"tokens: {dim(length)} ({why})", (0, 1, length))]


EXPLAINERS = {"encoding": encoding, "text_vectorization": text_vectorization}
"""Kind of explanation → explainer, for the encoding preprocessing layers."""
