"""The canvas's look: card metrics, colours and fonts, in one place.

The colours below are the light theme's; `use_palette` recomputes them from
the application's palette when the theme changes (`designer.gui.theme`), so
painters read them from this module at paint time.
"""

from __future__ import annotations

from functools import cache

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
    "Augmentation": "#66C61C",  # Keras's image preprocessing layers: the preprocessing colour
}
UNKNOWN_FAMILY_COLOR = "#667085"
DARK = False
"""Whether the canvas colours come from a dark palette (`use_palette`)."""


def use_palette(palette) -> None:
    """Derive every canvas colour from ``palette`` (a QPalette): light or dark, both readable."""
    from ..theme import AMBER, RED, blend, colors, is_dark

    g = globals()
    roles = type(palette).ColorRole
    base, text = palette.color(roles.Base), palette.color(roles.Text)
    window, accent = palette.color(roles.Window), palette.color(roles.Highlight)
    dark = is_dark(palette)
    g["DARK"] = dark
    panel = colors(palette)
    card = blend(base, text, 0.07) if dark else base
    canvas = blend(window, "#000000", 0.15) if dark else blend(base, window, 0.6)
    g.update(
        CANVAS_BG=canvas.name(), GRID_DOT=blend(canvas, text, 0.18).name(), CARD_BG=card.name(),
        CARD_BORDER=blend(card, text, 0.22).name(), TEXT=text.name(), TEXT_SOFT=blend(text, card, 0.3).name(),
        TEXT_FAINT=blend(text, card, 0.5).name(), SHAPE_BG=blend(card, text, 0.07).name(),
        SELECT=accent.name(), SELECT_HALO=blend(card, accent, 0.45).name(),
        ERROR="#FDA29B" if dark else "#B42318", ERROR_BG=blend(card, RED, 0.18 if dark else 0.06).name(),
        ERROR_BORDER=blend(card, RED, 0.7).name(), BLOCKED_BG=blend(card, text, 0.05).name(),
        WARNING=AMBER, WARNING_TEXT=panel.warning_text, WARNING_BG=panel.warning_bg,
        WARNING_BORDER=panel.warning_border, EDGE=blend(text, canvas, 0.5).name(),
        PORT_IN=blend(text, card, 0.4).name(), EDGE_HOT=accent.name(), WIRE=accent.name(),
        OUTPUT_TAG="#75E0A7" if dark else "#067647", OUTPUT_TAG_BG=blend(card, "#12B76A", 0.25 if dark else 0.15).name(),
    )


@cache
def color(value: str) -> QColor:
    """A cached QColor for a hex string."""
    return QColor(value)


def family_color(family: str | None) -> QColor:
    return color(FAMILY_COLORS.get(family or "", UNKNOWN_FAMILY_COLOR))


def family_text(family: str | None) -> QColor:
    """A family's colour for text on a card: darkened on a light card, lightened on a dark one (darkened there,
    the grey of the augmentation and applications families was nearly the card's own colour)."""
    base = family_color(family)
    return base.lighter(150) if DARK else base.darker(135)


@cache
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
