"""Small helpers that write numbers, products and axis names the way explanations show them.

The conventions (axis names, data_format) and the writing of terms live in the
catalog (`designer.layers.conventions`, `designer.layers.terms`); this module
adds the learner's names of a shape's axes.

Formulas use the typographic minus (−), the middle dot (·) for products of
terms and × for sizes and scale factors, e.g. ``floor((7 − 2) / 2) + 1 = 3``.
Results get thousands separators (``4,640``); terms inside a formula do not.
"""

from __future__ import annotations

from typing import Sequence

from designer.layers.conventions import SPATIAL_NAMES, channel_index, data_format, spatial_indices
from designer.layers.shapes import fmt_shape, fmt_size
from designer.layers.spec import Dim
from designer.layers.terms import MINUS, dim, num, plural, product_text

UNITS = {"steps": ("step", "steps"), "height": ("row", "rows"), "width": ("column", "columns"),
         "depth": ("slice", "slices")}
"""What one unit of each spatial axis is called (a lost row, a lost column…)."""

__all__ = ["MINUS", "SPATIAL_NAMES", "UNITS", "axis_names", "channel_index", "data_format", "dim", "fmt_shape",
           "fmt_size", "num", "plural", "product_text", "sizes_text", "spatial_indices"]


def axis_names(ndim: int, fmt: str = "channels_last") -> tuple[str, ...]:
    """Learner names of the axes of a shape: batch, then steps/height/width…, channels or features."""
    if ndim <= 1:
        return ("batch",)[:ndim]
    if ndim == 2:
        return ("batch", "features")
    rank = ndim - 2
    spatial = SPATIAL_NAMES.get(rank, tuple(f"axis {i}" for i in range(1, rank + 1)))
    if ndim == 3 and fmt != "channels_first":
        return ("batch", "steps", "features")
    if fmt == "channels_first":
        return ("batch", "channels", *spatial)
    return ("batch", *spatial, "channels")


def sizes_text(values: Sequence[Dim]) -> str:
    """``7×7`` (or a single ``7``)."""
    return fmt_size(values)
