"""Semantic zoom of a card: which lines it shows at a zoom, and at what size, so what is shown can be read.

As a card gets small it drops its arguments, then its parameter count, before
its name and output shape; the lines it keeps are drawn in fonts scaled up so
that they stay at least `MIN_PIXELS` high on screen. Far out, a card is an
outline with its name (`OUTLINE`).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from PySide6.QtGui import QFont

from . import style

FULL, BRIEF, NAME_SHAPE, OUTLINE = "full", "brief", "name_shape", "outline"
FULL_ZOOM = 0.85
"""From this zoom up a card shows every line at its normal size."""
BRIEF_ZOOM = 0.6
"""From here to `FULL_ZOOM`: name, class, output shape and params (no arguments), fonts scaled up."""
NAME_SHAPE_ZOOM = 0.24
"""From here to `BRIEF_ZOOM`: name and output shape only (the shape without its batch axis)."""
SPECK_ZOOM = 0.08
"""Below this zoom (a minimap, a huge design fitted) a card is a coloured rectangle: no text, no shadow."""
MIN_PIXELS = 11.0
"""Smallest text height on screen for the lines a card keeps."""


def level(zoom: float) -> str:
    """The detail a card shows at ``zoom`` (its level of detail: scene units to pixels)."""
    if zoom >= FULL_ZOOM:
        return FULL
    if zoom >= BRIEF_ZOOM:
        return BRIEF
    return NAME_SHAPE if zoom >= NAME_SHAPE_ZOOM else OUTLINE


def scaled_px(nominal: float, zoom: float, cap: float) -> int:
    """A font size in scene units: ``nominal``, or larger so it is `MIN_PIXELS` on screen, at most ``cap``."""
    return math.ceil(min(cap, max(nominal, MIN_PIXELS / max(zoom, 0.01))))


@lru_cache(maxsize=256)
def scaled_font(kind: str, px: int) -> QFont:
    """A card font (`style.font`) at another pixel size."""
    f = QFont(style.font(kind))
    f.setPixelSize(px)
    return f


_SHAPE = re.compile(r"\(None, ([^()]*)\)")


def compact_shape(text: str) -> str:
    """``(None, 28, 28, 32)`` → ``28×28×32``: an output shape without the batch axis, for small cards."""
    def one(match: re.Match) -> str:
        dims = [d.strip() for d in match.group(1).split(",") if d.strip()]
        return "×".join("?" if d == "None" else d for d in dims) if dims else "scalar"

    return _SHAPE.sub(one, text)
