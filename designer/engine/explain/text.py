"""Small helpers that write numbers, products and axis names the way explanations show them.

Formulas use the typographic minus (−), the middle dot (·) for products of
terms and × for sizes and scale factors, e.g. ``floor((7 − 2) / 2) + 1 = 3``.
Results get thousands separators (``4,640``); terms inside a formula do not.
"""

from __future__ import annotations

from typing import Iterable, Mapping, Sequence

from designer.layers.shapes import fmt_dim, fmt_shape, fmt_size
from designer.layers.spec import Dim

MINUS = "−"

SPATIAL_NAMES = {1: ("steps",), 2: ("height", "width"), 3: ("depth", "height", "width")}
UNITS = {"steps": ("step", "steps"), "height": ("row", "rows"), "width": ("column", "columns"),
         "depth": ("slice", "slices")}
"""What one unit of each spatial axis is called (a lost row, a lost column…)."""

__all__ = ["MINUS", "SPATIAL_NAMES", "UNITS", "axis_names", "channel_index", "data_format", "dim", "fmt_shape",
           "fmt_size", "num", "plural", "product_text", "sizes_text", "spatial_indices"]


def num(value: int | None) -> str:
    """A result: ``4,640``; ``None`` when unknown."""
    return "None" if value is None else f"{value:,}"


def dim(value: Dim) -> str:
    """A term inside a formula: no separators."""
    return fmt_dim(value)


def product_text(values: Iterable[Dim]) -> str:
    """``7·7·8``."""
    return "·".join(dim(v) for v in values)


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 row``, ``2 rows``."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def data_format(cfg: Mapping) -> str:
    """A config's data_format, Keras's default (None) read as channels_last."""
    return cfg.get("data_format") or "channels_last"


def spatial_indices(ndim: int, rank: int, fmt: str) -> list[int]:
    """Indices of the ``rank`` spatial axes in a full shape of ``ndim`` axes."""
    first = 2 if fmt == "channels_first" else 1
    return list(range(first, first + rank))


def channel_index(ndim: int, fmt: str) -> int:
    """Index of the channel axis (non-negative)."""
    return 1 if fmt == "channels_first" else ndim - 1


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
