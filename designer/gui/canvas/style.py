"""The canvas's look: card metrics, colours and fonts, in one place (light theme)."""

from __future__ import annotations

from functools import lru_cache

from PySide6.QtGui import QColor, QFont, QFontDatabase

from . import card_model

CARD_W = 224.0
"""Card width in scene units (pixels at 100% zoom)."""
CARD_H = 92.0
CARD_RADIUS = 8.0
ACCENT_W = 5.0
"""Width of the family-coloured strip on the left of a card."""
PAD = 14.0
PORT_R = 6.0
NUMBERED_PORT_R = 7.5
PORT_HIT_R = 11.0
"""Ports react within this radius: easier to grab than to see."""
RANK_GAP = 130.0
NODE_GAP = 260.0

CANVAS_BG = "#F5F6F8"
GRID_DOT = "#D9DDE3"
CARD_BG = "#FFFFFF"
CARD_BORDER = "#D0D5DD"
TEXT = "#101828"
TEXT_SOFT = "#475467"
TEXT_FAINT = "#98A2B3"
SHAPE_BG = "#F2F4F7"
SELECT = "#2E90FA"
SELECT_HALO = "#B2DDFF"
ERROR = "#D92D20"
ERROR_BG = "#FEF3F2"
ERROR_BORDER = "#F04438"
BLOCKED_BG = "#F2F4F7"
WARNING = "#F79009"
"""Amber: a warning badge (a triangle, where an error's badge is a red circle)."""
WARNING_TEXT = card_model.WARNING_TEXT
"""Amber text readable on white: warning tooltips (card_model writes them), the problems list, the inspector."""
WARNING_BG = "#FFFAEB"
WARNING_BORDER = "#FEC84B"
EDGE = "#98A2B3"
PORT_IN = "#667085"
EDGE_HOT = "#2E90FA"
WIRE = "#2E90FA"
OUTPUT_TAG = "#067647"
OUTPUT_TAG_BG = "#DCFAE6"

FAMILY_COLORS = {
    "Input": "#12B76A",
    "Core": "#2E90FA",
    "Convolution": "#7A5AF8",
    "Pooling": "#0BA5EC",
    "Reshaping": "#15B79E",
    "Normalization": "#EAAA08",
    "Regularization": "#98A2B3",
    "Activation": "#F79009",
    "Merge": "#EE46BC",
    "Recurrent": "#6172F3",
    "Attention": "#D444F1",
    "Preprocessing": "#66C61C",
}
UNKNOWN_FAMILY_COLOR = "#667085"


@lru_cache(maxsize=None)
def color(value: str) -> QColor:
    """A cached QColor for a hex string."""
    return QColor(value)


def family_color(family: str | None) -> QColor:
    return color(FAMILY_COLORS.get(family or "", UNKNOWN_FAMILY_COLOR))


@lru_cache(maxsize=None)
def font(kind: str) -> QFont:
    """The card fonts, in pixel sizes so cards look the same on every screen DPI.

    ``title`` (bold name), ``class`` (class name), ``body`` (argument line),
    ``mono`` (shapes), ``small`` (params, port numbers), ``badge``.
    """
    if kind == "mono":
        f = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        f.setStyleHint(QFont.StyleHint.TypeWriter)
        f.setPixelSize(12)
        return f
    f = QFont()
    sizes = {"title": 13, "class": 11, "body": 11, "small": 11, "port": 9, "badge": 12}
    f.setPixelSize(sizes[kind])
    if kind in ("title", "badge", "port"):
        f.setBold(True)
    if kind == "class":
        f.setWeight(QFont.Weight.DemiBold)
    return f
