"""Themes: System, Light or Dark, and every colour of the canvas and panels derived from the palette.

`apply_theme(name)` sets the application's style and palette (Light and Dark
use Qt's Fusion style with a fixed palette; System keeps the platform's), then
recomputes the canvas colours (`designer.gui.canvas.style`) and the panels'
semantic colours (`colors()`) from that palette, so both themes stay readable
and System follows the desktop. The choice is remembered in the settings.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

THEMES = ("system", "light", "dark")
"""Theme names, as stored in the settings under `SETTING`."""
SETTING = "view/theme"

AMBER = "#F79009"
RED = "#F04438"
GREEN = "#12B76A"

_system_style: str | None = None
_system_palette: QPalette | None = None


def blend(a: QColor | str, b: QColor | str, t: float) -> QColor:
    """``a`` moved a fraction ``t`` of the way to ``b`` (0 = a, 1 = b)."""
    a, b = QColor(a), QColor(b)
    return QColor(round(a.red() + (b.red() - a.red()) * t), round(a.green() + (b.green() - a.green()) * t),
                  round(a.blue() + (b.blue() - a.blue()) * t))


def is_dark(palette: QPalette | None = None) -> bool:
    palette = palette or QApplication.palette()
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


@dataclass(frozen=True)
class Colors:
    """The panels' colours for the current palette, as ``#rrggbb`` strings for style sheets and rich text."""

    text: str
    muted: str
    base: str
    warning_text: str
    warning_bg: str
    warning_border: str
    error_text: str
    error_bg: str
    error_border: str
    blocked_text: str
    blocked_bg: str
    blocked_border: str
    ok_text: str
    fix_bg: str
    fix_hover: str
    fix_border: str


def colors(palette: QPalette | None = None) -> Colors:
    """Semantic colours computed from ``palette`` (the application's by default)."""
    palette = palette or QApplication.palette()
    base = palette.color(QPalette.ColorRole.Base)
    text = palette.color(QPalette.ColorRole.Text)
    accent = palette.color(QPalette.ColorRole.Highlight)
    dark = is_dark(palette)

    def tint(colour: str, strength: float) -> str:
        return blend(base, colour, strength).name()

    return Colors(
        text=text.name(), muted=blend(text, base, 0.4).name(), base=base.name(),
        warning_text="#FDB022" if dark else "#B54708", warning_bg=tint(AMBER, 0.16 if dark else 0.08),
        warning_border=tint(AMBER, 0.55),
        error_text="#FDA29B" if dark else "#B42318", error_bg=tint(RED, 0.18 if dark else 0.06),
        error_border=tint(RED, 0.5),
        blocked_text="#FEC84B" if dark else "#93370D", blocked_bg=blend(base, text, 0.06).name(),
        blocked_border=blend(base, text, 0.2).name(),
        ok_text="#75E0A7" if dark else "#067647",
        fix_bg=tint(accent.name(), 0.18 if dark else 0.08), fix_hover=tint(accent.name(), 0.3 if dark else 0.18),
        fix_border=tint(accent.name(), 0.6 if dark else 0.35),
    )


def light_palette() -> QPalette:
    return _palette(window="#EFF1F4", base="#FFFFFF", alt="#F5F6F8", text="#101828", button="#F5F6F8",
                    highlight="#2E90FA", disabled="#98A2B3", link="#1570EF")


def dark_palette() -> QPalette:
    return _palette(window="#1F2329", base="#16191D", alt="#1C2026", text="#E6E8EB", button="#2A2F36",
                    highlight="#3B82F6", disabled="#6B7280", link="#84ADFF")


def _palette(window, base, alt, text, button, highlight, disabled, link) -> QPalette:
    p = QPalette()
    roles = QPalette.ColorRole
    for role, value in ((roles.Window, window), (roles.WindowText, text), (roles.Base, base),
                        (roles.AlternateBase, alt), (roles.Text, text), (roles.Button, button),
                        (roles.ButtonText, text), (roles.ToolTipBase, base), (roles.ToolTipText, text),
                        (roles.Highlight, highlight), (roles.HighlightedText, "#FFFFFF"),
                        (roles.PlaceholderText, disabled), (roles.Link, link), (roles.BrightText, "#FFFFFF"),
                        (roles.Light, blend(button, "#FFFFFF", 0.3)), (roles.Midlight, blend(button, "#FFFFFF", 0.15)),
                        (roles.Mid, blend(button, text, 0.3)), (roles.Dark, blend(button, "#000000", 0.4)),
                        (roles.Shadow, "#000000")):
        p.setColor(role, QColor(value))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return p


def apply_theme(name: str) -> str:
    """Use theme ``name`` (System, Light or Dark; anything else is System) for the whole app; returns it."""
    global _system_style, _system_palette
    app = QApplication.instance()
    name = name if name in THEMES else "system"
    if _system_style is None:
        _system_style = app.style().name()
        _system_palette = QPalette(app.palette())
    if name == "system":
        app.setStyle(_system_style)
        app.setPalette(_system_palette)
    else:
        app.setStyle("Fusion")
        app.setPalette(dark_palette() if name == "dark" else light_palette())
    from .canvas import style

    style.use_palette(app.palette())
    return name


def saved_theme() -> str:
    from .settings import settings

    value = settings().value(SETTING, "system")
    return value if value in THEMES else "system"


def save_theme(name: str) -> None:
    from .settings import settings

    store = settings()
    store.setValue(SETTING, name)
    store.sync()


def error_style() -> str:
    """Style sheet for an error line."""
    return f"color: {colors().error_text};"


def muted_style() -> str:
    """Style sheet for secondary text (descriptions, hints, costs)."""
    return f"color: {colors().muted};"


def blocked_style() -> str:
    """Style sheet for "no shape: depends on …" lines."""
    return f"color: {colors().blocked_text};"


def frame_style(name: str, kind: str) -> str:
    """A rounded box ``QFrame#name`` tinted for ``kind``: warning, error or blocked."""
    c = colors()
    bg, border = {"warning": (c.warning_bg, c.warning_border), "error": (c.error_bg, c.error_border),
                  "blocked": (c.blocked_bg, c.blocked_border)}[kind]
    return (f"QFrame#{name} {{ background: {bg}; border: 1px solid {border}; border-radius: 6px; }}"
            f" QFrame#{name} QLabel {{ color: {c.text}; }}")


def fix_button_style() -> str:
    c = colors()
    return (f"QPushButton {{ text-align: left; padding: 5px 8px; border: 1px solid {c.fix_border}; "
            f"border-radius: 5px; background: {c.fix_bg}; color: {c.text}; }} "
            f"QPushButton:hover {{ background: {c.fix_hover}; }} QPushButton:pressed {{ background: {c.fix_border}; }}"
            f" QPushButton QLabel {{ color: {c.text}; }}")
