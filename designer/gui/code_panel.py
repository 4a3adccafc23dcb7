"""The code panel: the design's tf.keras code, live, highlighted, read-only, with Copy and Export.

Positions and blocks never appear in the code, so an edit that only moves
cards (or groups, collapses, expands blocks, which change no layer) does not
regenerate it: at NASNetMobile's 771 layers that would cost ~0.4 s a drag.
"""

from __future__ import annotations

import keyword
import re
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QSyntaxHighlighter, QTextCharFormat
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget

from designer.export.code_export import ExportError, export_code
from designer.model import Change, LayerNode

REFRESH_DELAY_MS = 120


def _format(color: str, bold: bool = False, italic: bool = False) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(color))
    if bold:
        fmt.setFontWeight(QFont.Bold)
    fmt.setFontItalic(italic)
    return fmt


class PythonHighlighter(QSyntaxHighlighter):
    """Keywords, strings, numbers, comments and calls of Python source."""

    RULES = [
        (re.compile(r"\b(" + "|".join(keyword.kwlist) + r")\b"), _format("#8959a8", bold=True)),
        (re.compile(r"\b(keras|layers)\b"), _format("#3e6fb0")),
        (re.compile(r"\b[A-Z][A-Za-z0-9_]*(?=\()"), _format("#c18401", bold=True)),
        (re.compile(r"\b\d+(\.\d+)?([eE][-+]?\d+)?\b"), _format("#986801")),
        (re.compile(r"\b[a-z_][a-z0-9_]*(?==)"), _format("#4078f2")),
        (re.compile(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\''), _format("#50a14f")),
        (re.compile(r"#[^\n]*"), _format("#a0a1a7", italic=True)),
    ]

    def highlightBlock(self, text: str) -> None:
        for pattern, fmt in self.RULES:
            for match in pattern.finditer(text):
                self.setFormat(match.start(), match.end() - match.start(), fmt)
        self._docstrings(text)

    def _docstrings(self, text: str) -> None:
        fmt = _format("#50a14f", italic=True)
        start = 0
        if self.previousBlockState() != 1:
            start = text.find('"""')
            if start < 0:
                self.setCurrentBlockState(0)
                return
            end = text.find('"""', start + 3)
        else:
            end = text.find('"""')
        if end < 0:
            self.setFormat(start, len(text) - start, fmt)
            self.setCurrentBlockState(1)
        else:
            self.setFormat(start, end + 3 - start, fmt)
            self.setCurrentBlockState(0)


class CodePanel(QWidget):
    """Shows `export_code` of the current design; says why when the design cannot run."""

    export_requested = Signal()

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.editor = QPlainTextEdit()
        self.editor.setReadOnly(True)
        self.editor.setLineWrapMode(QPlainTextEdit.NoWrap)
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.FixedFont))
        self.highlighter = PythonHighlighter(self.editor.document())
        self.copy_button = QPushButton("Copy")
        self.copy_button.setToolTip("Copy the code to the clipboard")
        self.copy_button.clicked.connect(self.copy)
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Save the code as a .py file (Ctrl+E)")
        self.export_button.clicked.connect(self.export_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(buttons)
        layout.addWidget(self.editor, 1)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REFRESH_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        self._stale = False
        self._dirty = True
        self._generated: dict[str, LayerNode] = {}
        """The layers as the code shown was generated from: a change to one of them only in position is a move."""
        self.generations = 0
        """How many times the code was generated (export_code ran)."""
        controller.document_changed.connect(self._on_document_changed)
        controller.inferred.connect(self._on_inferred)
        self.refresh()

    def _on_document_changed(self, change: Change) -> None:
        if change.kind != "replaced" or not all(self._moved_only(i) for i in change.ids):
            self._dirty = True

    def _moved_only(self, layer_id: str) -> bool:
        before, now = self._generated.get(layer_id), self.controller.document.get(layer_id)
        return before is not None and now is not None and replace(now, position=before.position) == before

    def _on_inferred(self) -> None:
        if self._dirty:
            self._timer.start()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        """Regenerate the code from the document and the engine's latest result.

        Called after an edit that changed more than positions (`_on_inferred`).
        While the panel is hidden (a tab behind another), it only notes that it is
        stale and catches up when shown: no export work for a code nobody sees.
        """
        if not self.isVisible() and self.editor.toPlainText():
            self._stale = True
            return
        self._stale = self._dirty = False
        doc = self.controller.document
        self._generated = {node.id: node for node in doc}
        self.generations += 1
        try:
            source = export_code(doc, inference=self.controller.inference)
        except ExportError as exc:
            self.status.setText(f"<span style='color:#c0392b'>No runnable code: {exc}</span>")
            self.status.setTextFormat(Qt.RichText)
            self._show("")
            self.copy_button.setEnabled(False)
            self.export_button.setEnabled(False)
            return
        self.status.setText("tf.keras code of this design, updated as you edit")
        self.copy_button.setEnabled(True)
        self.export_button.setEnabled(True)
        self._show(source)

    def _show(self, text: str) -> None:
        if self.editor.toPlainText() == text:
            return
        bar = self.editor.verticalScrollBar()
        where = bar.value()
        self.editor.setPlainText(text)
        bar.setValue(where)

    def code(self) -> str:
        return self.editor.toPlainText()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.code())
