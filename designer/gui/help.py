"""The Help menu: keyboard shortcuts (from the actions themselves) and About (versions)."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from PySide6 import __version__ as PYSIDE_VERSION
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QMessageBox, QScrollArea, QVBoxLayout

from designer import KERAS_RULES, __version__

if TYPE_CHECKING:
    from .main_window import MainWindow

CANVAS_KEYS = (
    ("Tab", "quick-add a layer (inserted after a selected mid-chain layer)"),
    ("Del / Backspace", "delete the selected layers, reconnecting around them"),
    ("Ctrl+0", "zoom to 100%"),
    ("Ctrl+wheel", "zoom at the mouse"),
    ("Space+drag, middle-drag", "pan"),
    ("Esc", "cancel a wire, or clear the selection"),
)
"""Keys the canvas handles itself, with no menu action of their own."""


def shortcut_rows(window: "MainWindow") -> list[tuple[str, str]]:
    """(keys, what) for every action with a shortcut, then the canvas's own keys."""
    rows = []
    for action in window.action_set.by_name.values():
        keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
        if keys:
            rows.append((keys, action.statusTip() or action.text().replace("&", "")))
    taken = {keys for keys, _ in rows}
    return rows + [(keys, what) for keys, what in CANVAS_KEYS if keys not in taken]


def about_text() -> str:
    return (f"<h3>keras-designer {__version__}</h3>"
            "<p>Design Keras models and see every layer's output shape, parameter count and error as you edit.</p>"
            f"<p>Shape and parameter rules: {html.escape(KERAS_RULES)}<br>"
            f"Qt {qVersion()} · PySide6 {PYSIDE_VERSION}</p>"
            "<p>The app never imports TensorFlow: <i>Build &amp; Summarize</i> runs it in a separate process.</p>")


def show_shortcuts(window: "MainWindow") -> QDialog:
    dialog = QDialog(window)
    dialog.setObjectName("shortcutsDialog")
    dialog.setWindowTitle("Keyboard shortcuts")
    rows = "".join(f"<tr><td style='padding:2px 14px 2px 0'><b>{html.escape(k)}</b></td>"
                   f"<td>{html.escape(what)}</td></tr>" for k, what in shortcut_rows(window))
    label = QLabel(f"<table>{rows}</table><p>Shortcuts of the canvas work while it has the focus; "
                   "in a text box, keys edit the text.</p>", dialog)
    label.setWordWrap(True)
    label.setContentsMargins(8, 8, 8, 8)
    scroll = QScrollArea(dialog)
    scroll.setWidget(label)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, dialog)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(scroll)
    layout.addWidget(buttons)
    screen = window.screen().availableGeometry() if window.screen() is not None else None
    height = min(label.sizeHint().height() + 80, int(screen.height() * 0.85)) if screen else 600
    dialog.resize(max(label.sizeHint().width() + 40, 520), height)  # the whole list fits, or it scrolls
    dialog.label = label  # type: ignore[attr-defined]  # kept for tests that read the list
    dialog.show()
    return dialog


def show_about(window: "MainWindow") -> None:
    QMessageBox.about(window, "About keras-designer", about_text())


def build_help_menu(window: "MainWindow") -> None:
    from .actions import make_action

    menu = window.menuBar().addMenu("&Help")
    menu.addAction(make_action(window, window.action_set, "shortcuts", "&Keyboard Shortcuts",
                               "List every keyboard shortcut", lambda: show_shortcuts(window), "F1"))
    menu.addAction(make_action(window, window.action_set, "about", "&About keras-designer",
                               "Versions of keras-designer, its Keras rules and Qt", lambda: show_about(window)))
