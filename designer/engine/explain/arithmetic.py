"""The shape explanation of one valid layer: pick the family's explainer, verify its numbers, add None notes.

Every formula line carries the value it claims for an output axis; the line
is shown only when that value equals the engine's. When an explainer and the
engine disagree (or an explainer fails) the explanation falls back to a plain
statement of the shapes and is marked inexact, so a learner is never shown a
wrong number.
"""

from __future__ import annotations

from typing import Sequence

from designer.layers import get_spec
from designer.layers.spec import Shape

from . import composite, encoding, recurrent_cells, spatial, structure
from .model import Ctx, Line
from .text import axis_names, data_format, fmt_shape

EXPLAINERS = {**spatial.EXPLAINERS, **structure.EXPLAINERS, **encoding.EXPLAINERS, **recurrent_cells.EXPLAINERS,
              **composite.EXPLAINERS}
"""Kind of explanation → explainer; every catalog spec names one (a test checks it)."""


def _verified(lines: Sequence[Line], outputs: Sequence[Shape]) -> bool:
    for line in lines:
        if line.check is None:
            continue
        index, axis, value = line.check
        if index >= len(outputs) or not -len(outputs[index]) <= axis < len(outputs[index]):
            return False
        if outputs[index][axis] != value:
            return False
    return True


def explainer_lines(ctx: Ctx) -> list[Line]:
    """The family explainer's lines for ``ctx``; raises when there is none or it fails."""
    spec = get_spec(ctx.class_name)
    if spec is None:
        raise KeyError(ctx.class_name)
    return EXPLAINERS[spec.explainer](ctx)


def shapes_text(shapes: Sequence[Shape]) -> str:
    """One shape as Keras prints it, several as a list."""
    if len(shapes) == 1:
        return fmt_shape(shapes[0])
    return "[" + ", ".join(fmt_shape(s) for s in shapes) + "]"


def header(ctx: Ctx) -> str:
    """``(None, 7, 7, 8) → (None, 3, 3, 8)``."""
    if not ctx.inputs:
        return f"output {shapes_text(ctx.outputs)}"
    return f"{shapes_text(ctx.inputs)} → {shapes_text(ctx.outputs)}"


def shape_lines(ctx: Ctx) -> tuple[list[str], bool]:
    """The header and the rule lines of a valid layer, and whether every number was verified."""
    try:
        lines = explainer_lines(ctx)
    except Exception:  # an explainer bug must not hide the shapes
        lines = None
    if lines and _verified(lines, ctx.outputs):
        return [header(ctx), *(line.text for line in lines)], True
    return [header(ctx), f"output shape {shapes_text(ctx.outputs)} (as the engine computes it)"], False


def none_notes(ctx: Ctx) -> list[str]:
    """What each ``None`` in the output means: the batch axis, or a size left open."""
    notes: list[str] = []
    fmt = data_format(ctx.cfg) if ctx.cfg else "channels_last"
    for shape in ctx.outputs:
        names = axis_names(len(shape), fmt)
        for axis, size in enumerate(shape):
            if size is not None:
                continue
            if axis == 0:
                note = ("None on the batch axis: any number of samples; the batch size is only fixed when data "
                        "arrives (fit, predict)")
            else:
                name = names[axis] if axis < len(names) else f"axis {axis}"
                note = (f"None on axis {axis} ({name}): a size left open, unknown until data arrives; "
                        "any size is accepted there")
            if note not in notes:
                notes.append(note)
    return notes
