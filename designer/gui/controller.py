"""The open document, its undo stack, the engine's latest answer and the selection.

Views read from here and edit only through `apply`, which pushes an undo
command; the command changes the document, the document emits its event,
the controller re-infers and emits `inferred`. Views redraw from those signals.
"""

from __future__ import annotations

import gc
from pathlib import Path
from typing import Iterable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from designer.engine import LayerResult, ModelInference, ShapeEngine
from designer.engine.explain import warnings_for_design
from designer.model import Change, Document, DocumentError, LayerNode
from designer.model.edits import Edit

from .commands import EditCommand

LAZY_WARNINGS_LAYERS = 400
"""From this many layers on, warnings are computed after an edit reaches the screen, not before."""
WARNINGS_DELAY_MS = 60


class DocumentController(QObject):
    """One open design.

    Signals: ``document_changed(Change)`` for every document event (structure,
    config, position), ``inferred()`` after shapes were recomputed,
    ``selection_changed(list)`` with layer ids, ``message(str)`` for refusals
    and notices the status bar shows, ``path_changed(str)``,
    ``warnings_changed()`` when `warnings` has a new answer.
    """

    document_changed = Signal(object)
    inferred = Signal()
    warnings_changed = Signal()
    selection_changed = Signal(list)
    message = Signal(str)
    path_changed = Signal(str)

    def __init__(self, document: Document | None = None, path: str | Path | None = None, parent=None):
        super().__init__(parent)
        self.document = document or new_document()
        self.path: Path | None = Path(path) if path else None
        self.undo_stack = QUndoStack(self)
        self.engine = ShapeEngine()
        self.inference: ModelInference = self.engine.infer(self.document)
        self._selection: list[str] = []
        self._warnings: dict = {}
        self._warned: ModelInference | None = None
        self._asked: ModelInference | None = None
        self._warnings_timer = QTimer(self)
        self._warnings_timer.setSingleShot(True)
        self._warnings_timer.setInterval(WARNINGS_DELAY_MS)
        self._warnings_timer.timeout.connect(self._update_warnings)
        self._selection_before: list[str] = []
        self._selection_sources: dict[str, str] = {}
        self.document.changed.connect(self._on_document_changed)

    # Reading -------------------------------------------------------------

    def result(self, layer_id: str) -> LayerResult | None:
        return self.inference.layers.get(layer_id)

    def node(self, layer_id: str) -> LayerNode | None:
        return self.document.get(layer_id)

    @property
    def selection(self) -> list[str]:
        return list(self._selection)

    def warnings(self) -> dict:
        """The design's warnings by layer id (`warnings_for_design`), never on the path of an edit to the screen.

        A design of fewer than `LAZY_WARNINGS_LAYERS` layers gets them at once.
        A larger one keeps showing the previous answer while the new one is
        computed once the edit is on screen (`warnings_changed` then says so):
        detecting the warnings of thousands of outputs must not hold up the
        shapes the user is waiting for.
        """
        inference = self.inference
        if self._warned is not inference and self._asked is not inference:
            self._asked = inference  # every card asks after an edit: decide once
            if len(self.document) < LAZY_WARNINGS_LAYERS:
                self._update_warnings(emit=False)
            else:
                self._warnings_timer.start()
        return self._warnings

    def _update_warnings(self, emit: bool = True) -> None:
        if self._warned is self.inference:
            return
        self._warnings = warnings_for_design(self.document, self.inference)
        self._warned = self.inference
        if emit:
            self.warnings_changed.emit()

    @property
    def modified(self) -> bool:
        return not self.undo_stack.isClean()

    # Editing -------------------------------------------------------------

    def apply(self, edit: Edit, merge_key: object = None) -> bool:
        """Push ``edit`` as one undo step; a refused edit changes nothing and says why."""
        if not edit:
            return False
        self.before_edit()
        try:
            inverse = edit.apply(self.document)
        except DocumentError as exc:
            self.message.emit(f"{edit.text} refused: {exc}")
            return False
        self.undo_stack.push(EditCommand(self, edit, inverse, merge_key))
        return True

    def before_edit(self) -> None:
        """Called before the document changes: remember where each selected layer takes its input from."""
        doc = self.document
        self._selection_before = list(self._selection)
        self._selection_sources = {i: doc.layer(i).inbound[0].layer for i in self._selection
                                   if i in doc and doc.layer(i).inbound}

    def after_edit(self) -> None:
        """Called by commands after the document changed: re-infer, prune the selection.

        When every selected layer is gone (deleted, or an append undone), the
        layers they took their input from are selected instead, so the next
        append connects where the user was working.
        """
        self.refresh()
        kept = [i for i in self._selection if i in self.document]
        before, self._selection_before = self._selection_before, []
        if not kept and before and not any(i in self.document for i in before):
            kept = list(dict.fromkeys(s for i in before if (s := self._surviving_source(i))))
        if kept != self._selection:
            self.select(kept)

    def _surviving_source(self, layer_id: str) -> str | None:
        """The nearest layer upstream of a removed ``layer_id`` that is still in the document."""
        seen = set()
        current: str | None = layer_id
        while current is not None and current not in self.document and current not in seen:
            seen.add(current)
            current = self._selection_sources.get(current)
        return current if current is not None and current in self.document else None

    def refresh(self) -> None:
        self.inference = self.engine.infer(self.document)
        self.inferred.emit()
        self.warnings()  # now for a small design, soon after for a large one

    def replace_document(self, document: Document, path: str | Path | None = None) -> None:
        """Show another document (open, new, revert): a fresh undo history, clean.

        `QUndoStack.clear` keeps a clean index of -1 left by `resetClean` (an
        import is unsaved work), so the stack is marked clean explicitly: the
        document shown now is exactly its file. A caller that shows unsaved work
        calls `resetClean` afterwards.
        """
        self.document.changed.disconnect(self._on_document_changed)
        self.document = document
        self.document.changed.connect(self._on_document_changed)
        self.path = Path(path) if path else None
        self.undo_stack.clear()
        self.undo_stack.setClean()
        self.engine = ShapeEngine()
        self._selection = []
        self._warnings, self._warned = {}, None
        gc.unfreeze()
        self.document_changed.emit(Change("reset"))
        self.refresh()
        self.selection_changed.emit([])
        self.path_changed.emit(str(self.path or ""))
        settle_garbage_collector()

    # Selection -----------------------------------------------------------

    def select(self, ids: Iterable[str]) -> None:
        ids = [i for i in dict.fromkeys(ids) if i in self.document]
        if ids != self._selection:
            self._selection = ids
            self.selection_changed.emit(list(ids))

    def _on_document_changed(self, change: Change) -> None:
        self.document_changed.emit(change)


def settle_garbage_collector() -> None:
    """Move every object alive now out of the cyclic collector's view (`gc.freeze`).

    A large design makes tens of thousands of long-lived objects (cards, ports,
    results); without this, Python's full collections walk them all and stall
    an edit by tens of milliseconds. They are unfrozen before the next design
    replaces them, so nothing is kept alive for good. No collection is forced
    here: destroying Qt wrappers in the middle of a signal is not safe.
    """
    gc.freeze()


def new_document(name: str = "untitled") -> Document:
    """A new design: one Input layer, ready for the first layer to be appended."""
    return Document(name, [LayerNode("input", "InputLayer", {"shape": [28, 28, 1]}, (), (0.0, 0.0))])
