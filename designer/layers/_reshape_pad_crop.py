"""ZeroPadding and Cropping: Keras's per-axis argument forms and their shape rules.

``ZeroPadding2D/3D`` and ``Cropping2D/3D`` take one integer (the same on both
sides of every spatial axis), one integer per axis (the same on both sides), or
one ``(before, after)`` pair per axis; Keras lets the last two forms mix, e.g.
``((1, 2), 3)``. `per_axis_pairs` turns all of them into one pair per axis and
refuses what Keras refuses, naming the argument. The 1-D layers take a plain
``(before, after)`` pair and use the ``ints`` kind instead.
"""

from __future__ import annotations

from typing import Any

from ._pool_shapes import SPATIAL_AXES, channels_of, grown, require_spatial
from .shapes import fmt_size, with_spatial
from .spec import ArgumentError, LayerError

_ORDINALS = ("1st", "2nd", "3rd")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _form(name: str, dims: int) -> str:
    axes = ", ".join(SPATIAL_AXES[dims])
    return (f"`{name}` must be an integer, a list of {dims} integers (one per axis: {axes}) "
            f"or a list of {dims} [before, after] pairs")


def _pair(name: str, dims: int, index: int, entry: Any) -> tuple[int, int]:
    """One axis's entry: an int (both sides) or a [before, after] pair, none negative."""
    if _is_int(entry):
        pair = (entry, entry)
    elif isinstance(entry, (list, tuple)) and len(entry) == 2 and all(_is_int(v) for v in entry):
        pair = tuple(entry)
    else:
        raise ArgumentError(
            name, f"the {_ORDINALS[index]} entry of `{name}` must be an integer or a [before, after] pair "
                  f"of integers; received {entry!r}", _form(name, dims))
    if min(pair) < 0:
        raise ArgumentError(
            name, f"the {_ORDINALS[index]} entry of `{name}` cannot be negative; received {entry!r}")
    return pair


def per_axis_pairs(name: str, value: Any, dims: int, negative_int_ok: bool) -> tuple:
    """``value`` in any of Keras's forms as one ``(before, after)`` pair per spatial axis.

    ``negative_int_ok`` mirrors a Keras quirk: ZeroPadding2D/3D accept a single
    negative integer unchecked (it trims the input), while Cropping refuses it.
    """
    if _is_int(value):
        if value < 0 and not negative_int_ok:
            raise ArgumentError(name, f"`{name}` cannot be negative; received {name}={value}")
        return ((value, value),) * dims
    if isinstance(value, (list, tuple)):
        if len(value) != dims:
            raise ArgumentError(
                name, f"`{name}` needs {dims} entries (one per spatial axis); received {list(value)!r}",
                _form(name, dims))
        return tuple(_pair(name, dims, i, entry) for i, entry in enumerate(value))
    raise ArgumentError(name, f"{_form(name, dims)}; received {value!r}")


def _fmt_pairs(pairs: tuple) -> str:
    """``(1, 2)`` for one axis, ``((1, 2), (0, 0))`` for several."""
    return repr(tuple(pairs[0])) if len(pairs) == 1 else repr(tuple(tuple(p) for p in pairs))


# Rules --------------------------------------------------------------------

def padding_rule(dims: int):
    """Output shape of ZeroPadding{dims}D: every known spatial size grows by its pair."""

    def output_shape(cfg, inputs):
        (x,) = inputs
        pads = (tuple(cfg["padding"]),) if dims == 1 else per_axis_pairs("padding", cfg["padding"], dims, True)
        spatial = require_spatial(x, dims, cfg)
        out = tuple(grown(size, *pair) for size, pair in zip(spatial, pads))
        if any(o is not None and o < 0 for o in out):
            raise LayerError(
                f"padding {_fmt_pairs(pads)} is negative and trims input size {fmt_size(spatial)} "
                f"below zero (output would be {fmt_size(out)})",
                f"use a padding of 0 or more; to remove rows or columns use Cropping{dims}D",
            )
        return with_spatial(x, out, channels_of(x, cfg), cfg.get("data_format"))

    return output_shape


def cropping_rule(dims: int):
    """Output shape of Cropping{dims}D: every known spatial size shrinks by its pair."""

    def output_shape(cfg, inputs):
        (x,) = inputs
        crops = (tuple(cfg["cropping"]),) if dims == 1 else per_axis_pairs("cropping", cfg["cropping"], dims, False)
        spatial = require_spatial(x, dims, cfg)
        out = tuple(grown(size, -before, -after) for size, (before, after) in zip(spatial, crops))
        if any(o is not None and o <= 0 for o in out):
            raise LayerError(
                f"cropping {_fmt_pairs(crops)} leaves nothing of input size {fmt_size(spatial)} "
                f"(output would be {fmt_size(out)})",
                "crop less: on each axis before + after must be smaller than the input's size",
            )
        return with_spatial(x, out, channels_of(x, cfg), cfg.get("data_format"))

    return output_shape
