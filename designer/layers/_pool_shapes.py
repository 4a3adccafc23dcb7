"""Helpers shared by the pooling and reshaping families: data_format and rank checks.

Keras's ``data_format=None`` means the ``image_data_format`` of keras.json, which
is ``channels_last`` unless the user changed it; the rules read it that way.
"""

from __future__ import annotations

from .shapes import require_ndim, spatial_dims
from .spec import Arg, Dim, Shape

DATA_FORMATS = ("channels_last", "channels_first")

SPATIAL_AXES = {1: ("steps",), 2: ("height", "width"), 3: ("depth", "height", "width")}
"""Names of the spatial axes of 1-D, 2-D and 3-D layers, for messages."""


def data_format_arg(shape_affecting: bool = True) -> Arg:
    """The ``data_format`` argument as Keras's spatial layers take it."""
    return Arg(
        "data_format", "choice", None, choices=DATA_FORMATS, nullable=True, shape_affecting=shape_affecting,
        doc="Where the channels axis is: last (batch, …, channels) or first (batch, channels, …).",
    )


def is_channels_first(cfg) -> bool:
    return cfg.get("data_format") == "channels_first"


def spatial_input(dims: int, data_format: str | None) -> str:
    """``a 4-D input (batch, height, width, channels)`` in the layer's data_format."""
    axes = SPATIAL_AXES[dims]
    names = ("batch", "channels", *axes) if data_format == "channels_first" else ("batch", *axes, "channels")
    return f"a {dims + 2}-D input ({', '.join(names)})"


def require_spatial(x: Shape, dims: int, cfg) -> tuple:
    """Refuse an input of the wrong rank; return its spatial sizes."""
    data_format = cfg.get("data_format")
    require_ndim(x, dims + 2, spatial_input(dims, data_format))
    return spatial_dims(x, data_format)


def channels_of(x: Shape, cfg) -> Dim:
    return x[1] if is_channels_first(cfg) else x[-1]


def scaled(size: Dim, factor: int) -> Dim:
    """``size × factor``, unknown when ``size`` is."""
    return None if size is None else size * factor


def grown(size: Dim, before: int, after: int) -> Dim:
    """``size + before + after``, unknown when ``size`` is."""
    return None if size is None else size + before + after

