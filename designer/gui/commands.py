"""Undo commands: each wraps one `designer.model.edits.Edit` (one user action, one undo step)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from designer.model.edits import Edit

if TYPE_CHECKING:
    from .controller import DocumentController

MERGE_SET_ARGUMENT = 1001


class EditCommand(QUndoCommand):
    """Re-applies an edit on redo and its inverse on undo, then lets the controller refresh the views.

    The controller applies the edit before pushing (so a refusal raises before
    anything reaches the stack) and passes its inverse; the first redo, which
    QUndoStack.push calls, only refreshes. ``merge_key`` lets consecutive edits
    of the same thing (typing in a spin box) collapse into one undo step.
    """

    def __init__(self, controller: "DocumentController", edit: Edit, inverse: Edit, merge_key: object = None):
        super().__init__(edit.text)
        self._controller = controller
        self._edit = edit
        self._inverse = inverse
        self._merge_key = merge_key
        self._applied = True

    def redo(self) -> None:
        if not self._applied:
            self._controller.before_edit()
            self._inverse = self._edit.apply(self._controller.document)
        self._applied = False
        self._controller.after_edit()

    def undo(self) -> None:
        self._controller.before_edit()
        self._edit = self._inverse.apply(self._controller.document)
        self._controller.after_edit()

    def id(self) -> int:
        return MERGE_SET_ARGUMENT if self._merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, EditCommand) or other._merge_key != self._merge_key:
            return False
        self._edit = Edit(self._edit.text, self._edit.steps + other._edit.steps)
        self._inverse = Edit(self._edit.text, other._inverse.steps + self._inverse.steps)
        return True
