"""Semantic zoom of a card: which lines it shows at a zoom, and at what size, so what is shown can be read.

As a card gets small it drops its arguments, then its parameter count, before
its name and output shape; the lines it keeps are drawn in fonts scaled up so
that they stay at least `MIN_PIXELS` high on screen (`stacked`): a name too
long for one line takes two when the card has room for them, the class and
params line going first; every shape is written compactly (``28×28×32``, so
that no two cards in one view use two notations), and inside a block a name
drops the block's name it starts with (`within_block`). Far out, a card is an
outline with its name (`OUTLINE`).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF

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

SCOPE_BREAKS = "_/-."
"""What may follow a block's name at the start of a layer's name (``conv2_block1_1_conv``, ``encoder/dense``)."""


def within_block(name: str, block: str) -> str:
    """``name`` as read inside the block ``block`` zoomed out: its own part (``…1_conv`` for ``conv2_block1_1_conv``
    in ``conv2_block1``), since the block's frame already says the rest; ``name`` itself otherwise."""
    rest = name[len(block) + 1:]
    if block and rest and name.startswith(block) and name[len(block)] in SCOPE_BREAKS:
        return "…" + rest
    return name


def compact_shape(text: str) -> str:
    """``(None, 28, 28, 32)`` → ``28×28×32``: an output shape without the batch axis, for small cards."""
    def one(match: re.Match) -> str:
        dims = [d.strip() for d in match.group(1).split(",") if d.strip()]
        return "×".join("?" if d == "None" else d for d in dims) if dims else "scalar"

    return _SHAPE.sub(one, text)


Line = tuple[str, str, int, QRectF]
"""One line a card draws: ``(font kind, text, font pixel size, rectangle)``."""
BREAKS = "_-./ :"
"""Where a long name is preferably cut onto a second line (after one of these)."""
LINE_GAP = 2.0
MARGIN = 4.0
"""Least room left above the first line and below the last."""


def name_lines(name: str, px: int, width: float, kind: str = "title") -> list[str]:
    """``name`` on one line if it fits ``width`` at ``px``, else on two: cut after the last of `BREAKS` that lets
    both halves fit, else after the last that lets the first fit (a sentence wraps at a space), else where the
    first line is full; the second line is elided only if even that cannot hold the rest."""
    metrics = QFontMetricsF(scaled_font(kind, px))
    if metrics.horizontalAdvance(name) <= width:
        return [name]
    fitting = [cut for cut in range(len(name) - 1, 0, -1)
               if name[cut - 1] in BREAKS and metrics.horizontalAdvance(name[:cut]) <= width]
    whole = [cut for cut in fitting if metrics.horizontalAdvance(name[cut:]) <= width]
    if whole:
        cut = whole[0]
    elif fitting:
        cut = fitting[0]
    else:
        cut = 1
        while cut < len(name) and metrics.horizontalAdvance(name[:cut + 1]) <= width:
            cut += 1
    first, rest = name[:cut], name[cut:]
    return [first.rstrip() or first, metrics.elidedText(rest.lstrip(), Qt.TextElideMode.ElideRight, width)]


def first_fitting(kind: str, px: int, options: list[str], width: float,
                  mode: Qt.TextElideMode = Qt.TextElideMode.ElideRight) -> str:
    """The first of ``options`` that fits ``width`` at ``px``, else the last one elided (by ``mode``)."""
    metrics = QFontMetricsF(scaled_font(kind, px))
    for option in options:
        if metrics.horizontalAdvance(option) <= width:
            return option
    return metrics.elidedText(options[-1], mode, width)


def stacked(left: float, height: float, title: tuple[str, int, float], main: tuple[str, list[str], int, float],
            extra: tuple[str, list[str], int, float] | None, centred: bool, top: float = 6.0) -> list[Line]:
    """The lines of a zoomed-out card, in order of importance: the name (``(text, px, width)``; on two lines
    when it does not fit on one and there is room), the main line (``(kind, options, px, width)``: the first
    option that fits, the shape for instance; a ``"body"`` line, a message, is wrapped like the name), then
    ``extra`` (the class and params), dropped first when the card is too short. ``centred`` centres them
    vertically, else they start at ``top``."""
    name, title_px, title_w = title
    kind, options, px, width = main
    names = name_lines(name, title_px, title_w)
    if kind == "body":
        mains = name_lines(options[-1], px, width, kind)
    else:
        mains = [first_fitting(kind, px, options, width, Qt.TextElideMode.ElideMiddle)]
    rows: list[tuple[str, str, int, float]] = [("title", n, title_px, title_w) for n in names]
    rows += [(kind, m, px, width) for m in mains]
    if extra is not None:
        e_kind, e_options, e_px, e_width = extra
        rows.append((e_kind, first_fitting(e_kind, e_px, e_options, e_width), e_px, e_width))

    def needed(rs) -> float:
        return sum(r[2] + 4 for r in rs) + LINE_GAP * (len(rs) - 1)

    room = height - 2 * MARGIN
    if needed(rows) > room and extra is not None:
        rows.pop()
    if needed(rows) > room and len(mains) > 1:
        metrics = QFontMetricsF(scaled_font(kind, px))
        rows[len(names):] = [(kind, metrics.elidedText(options[-1], Qt.TextElideMode.ElideRight, width), px, width)]
    if needed(rows) > room and len(names) > 1:
        metrics = QFontMetricsF(scaled_font("title", title_px))
        rows[:2] = [("title", metrics.elidedText(name, Qt.TextElideMode.ElideRight, title_w), title_px, title_w)]
    y = max(MARGIN, (height - needed(rows)) / 2) if centred else top
    out: list[Line] = []
    for row_kind, text, row_px, row_w in rows:
        out.append((row_kind, text, row_px, QRectF(left, y, row_w, row_px + 4)))
        y += row_px + 4 + LINE_GAP
    return out
