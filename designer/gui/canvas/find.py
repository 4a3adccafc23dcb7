"""Find (Ctrl+F): a bar over the canvas that finds layers by name or class, with next and previous.

Typing selects the first match and brings it into view (`navigation.reveal`:
zoomed in enough to read, a layer inside a collapsed block shows the block);
Enter or F3 goes to the next match, Shift+Enter or Shift+F3 to the previous
one, Esc closes the bar and gives the canvas the focus back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QToolButton

from designer.model import topological_order

if TYPE_CHECKING:
    from .view import CanvasView


def find_layers(doc, text: str) -> list[str]:
    """Ids of the layers whose name, id or class contains ``text`` (any case), in topological order."""
    needle = text.strip().lower()
    if not needle:
        return []
    found = []
    for layer_id in topological_order(doc):
        node = doc.layer(layer_id)
        if needle in node.name.lower() or needle in layer_id.lower() or needle in node.class_name.lower():
            found.append(layer_id)
    return found


class FindBar(QFrame):
    """The find bar, a child of the canvas view shown at its top right."""

    def __init__(self, view: "CanvasView"):
        super().__init__(view)
        self.view = view
        self.matches: list[str] = []
        self.current = -1
        self.setObjectName("FindBar")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        self.field = QLineEdit(self)
        self.field.setPlaceholderText("Find a layer by name or class")
        self.field.setClearButtonEnabled(True)
        self.field.setMinimumWidth(220)
        self.count = QLabel("", self)
        # room for the widest count from the start: the bar is sized when it opens, empty (the count then grew
        # over the field's clear button, "1 of 4" read "ⓧf 4"; seen under Xvfb)
        self.count.setMinimumWidth(self.count.fontMetrics().horizontalAdvance("9,999 of 9,999"))
        self.previous_button = QToolButton(self)
        self.previous_button.setText("▲")
        self.previous_button.setToolTip("Previous match (Shift+Enter, Shift+F3)")
        self.next_button = QToolButton(self)
        self.next_button.setText("▼")
        self.next_button.setToolTip("Next match (Enter, F3)")
        close = QToolButton(self)
        close.setText("✕")
        close.setToolTip("Close (Esc)")
        for widget in (self.field, self.count, self.previous_button, self.next_button, close):
            layout.addWidget(widget)
        self.field.textChanged.connect(self._search)
        self.previous_button.clicked.connect(self.previous)
        self.next_button.clicked.connect(self.next)
        close.clicked.connect(self.close_bar)
        self.field.installEventFilter(self)
        self.hide()

    # Acting ------------------------------------------------------------------

    def open(self) -> None:
        """Show the bar with its field focused and its text selected (Ctrl+F)."""
        self.adjustSize()
        self._place()
        self.show()
        self.raise_()
        self.field.setFocus()
        self.field.selectAll()
        if self.field.text():
            self._search(self.field.text())

    def close_bar(self) -> None:
        self.hide()
        self.view.setFocus()

    def next(self) -> None:
        self._go(+1)

    def previous(self) -> None:
        self._go(-1)

    # Internals -----------------------------------------------------------------

    def _search(self, text: str) -> None:
        self.matches = find_layers(self.view.controller.document, text)
        self.current = -1
        if self.matches:
            self._go(+1)
        else:
            self.count.setText("no match" if text.strip() else "")

    def _go(self, step: int) -> None:
        if not self.matches:
            return
        self.current = (self.current + step) % len(self.matches)
        layer_id = self.matches[self.current]
        self.count.setText(f"{self.current + 1} of {len(self.matches)}")
        from .navigation import reveal

        self.view.controller.select([layer_id])
        reveal(self.view, layer_id)

    def _place(self) -> None:
        viewport = self.view.viewport().geometry()
        self.move(viewport.right() - self.width() - 12, viewport.top() + 10)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.field and event.type() == QEvent.Type.KeyPress:
            key, shift = event.key(), bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F3):
                self.previous() if shift else self.next()
                return True
            if key == Qt.Key.Key_Escape:
                self.close_bar()
                return True
        return super().eventFilter(obj, event)
