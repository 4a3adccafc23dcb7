"""Opening Keras code from the clipboard: Edit → Paste Keras Code, or Ctrl+V on the canvas with code copied.

The code is read by `designer.export.pysource` (never run) and opens as a new
design, replacing the current one after the usual prompt for unsaved
changes; a message lists what the code would fail at in Keras 3 and what was
skipped. Ctrl+V with layers on the clipboard still pastes layers; Ctrl+V with
text that is not a model script leaves the design alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox

from designer.export.pysource import import_source
from designer.model import DocumentError

from .actions import make_action

if TYPE_CHECKING:
    from .files import FileController

NOT_A_SCRIPT = ("not valid Python", "no Keras model found")
"""Refusals meaning the clipboard text is simply not model code (Ctrl+V then does nothing with it)."""


class CodePaste(QObject):
    """The Paste Keras Code action of one window, and the canvas's Ctrl+V fallback for copied code."""

    def __init__(self, files: "FileController"):
        super().__init__(files)
        self.files = files
        self.window = files.window
        self.action = make_action(self.window, self.window.action_set, "paste_code", "Paste &Keras Code",
                                  "Open the Keras code on the clipboard as a new design (the code is read, never run)",
                                  self.paste_clipboard, "Ctrl+Shift+V")
        menu = self._edit_menu()
        if menu is not None:
            menu.addAction(self.action)
        self.window.canvas.editing.paste_code = self.paste_text_if_code

    def _edit_menu(self) -> QMenu | None:
        for action in self.window.menuBar().actions():
            menu = action.menu()
            if isinstance(menu, QMenu) and action.text().replace("&", "") == "Edit":
                return menu
        return None

    def paste_clipboard(self) -> bool:
        """Edit → Paste Keras Code: open the clipboard's text, saying why when it cannot."""
        text = QApplication.clipboard().text()
        if not text.strip():
            QMessageBox.information(self.window, "Paste Keras code", "The clipboard holds no text: copy the code "
                                    "that builds the model first.")
            return False
        return self.open_code(text, quiet_if_not_code=False)

    def paste_text_if_code(self, text: str) -> bool:
        """Ctrl+V on the canvas without layers on the clipboard: open ``text`` if it is model code."""
        return self.open_code(text, quiet_if_not_code=True)

    def open_code(self, text: str, quiet_if_not_code: bool) -> bool:
        """Open the model built by ``text`` as a new design; True when it opened (or a message was shown)."""
        try:
            result = import_source(text)
        except DocumentError as exc:
            if quiet_if_not_code and str(exc).startswith(NOT_A_SCRIPT):
                return False
            QMessageBox.warning(self.window, "Cannot open the pasted code", f"The code cannot be opened:\n\n{exc}")
            return True
        if not self.files.confirm_discard("opening the pasted code"):
            return True
        from .canvas.navigation import imported_with_blocks

        self.window.controller.replace_document(imported_with_blocks(self.window.canvas, result.document), None)
        self.window.controller.undo_stack.resetClean()
        self.window.canvas.fit_all()
        self.window.statusBar().showMessage(result.notes[0], 10000)
        self.show_notes("Opened the pasted code", result.notes)
        return True

    def show_notes(self, title: str, notes: list[str]) -> None:
        """What opening code said: the model opened, what Keras 3 would refuse as written, what was skipped.

        Shown once the window is on screen (a file opened at start-up, or for ``--screenshot``, leaves the
        notes in the status bar rather than block before the window appears).
        """
        if self.window.isVisible():
            QMessageBox.information(self.window, title, "\n\n".join(notes))
