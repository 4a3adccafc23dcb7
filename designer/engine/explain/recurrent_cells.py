"""Shape explanation of an RNN layer built from cells."""

from __future__ import annotations

from .model import Ctx, Line
from .text import dim


def rnn_cells(ctx: Ctx) -> list[Line]:
    """The last cell's units make the output; return_sequences keeps the time axis."""
    x, out = ctx.x, ctx.out
    units = out[-1]
    lines = [Line(f"runs its cell(s) over the {dim(x[1])} time steps; the output has the last cell's units = {units}",
                  (0, len(out) - 1, units))]
    if ctx.cfg["return_sequences"]:
        lines.append(Line(f"steps: {dim(x[1])} (return_sequences=True keeps one output per step)", (0, 1, x[1])))
    else:
        lines.append(Line("steps: dropped (return_sequences=False returns the last step only)"))
    if len(ctx.outputs) > 1:
        lines.append(Line(f"then {len(ctx.outputs) - 1} final state(s), one per state of each cell "
                          "(return_state=True)"))
    return lines


EXPLAINERS = {"rnn_cells": rnn_cells}
"""Kind of explanation → explainer, for RNN layers made of cells."""
