"""The inspector's line for a shared layer: it is one layer (edits reach every call), or un-share this call.

A Keras layer called several times is several nodes with one name, class and config (`designer.model.sharing`).
The inspector edits it as one layer: `edits.set_argument` changes every call. This bar says so, lists the calls,
and offers "Un-share this call" (`edits.unshare`, one undo step), which gives the shown node its own name and
weights.
"""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QWidget

from designer.model import edits
from designer.model.sharing import shared_calls

from ..theme import muted_style


class SharedLayerBar(QWidget):
    """Hidden unless the shown node is one call of a shared layer."""

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.layer_id: str | None = None
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel(self)
        self.label.setWordWrap(True)
        self.label.setStyleSheet(muted_style())
        self.unshare_button = QPushButton("Un-share this call", self)
        self.unshare_button.setToolTip("Give this call its own name and weights; the other calls stay shared")
        self.unshare_button.clicked.connect(self.unshare)
        layout.addWidget(self.label, 1)
        layout.addWidget(self.unshare_button)
        self.hide()

    def show_layer(self, layer_id: str | None) -> None:
        """Show the bar for ``layer_id`` when it is a call of a shared layer, hide it otherwise."""
        self.layer_id = layer_id
        doc = self.controller.document
        calls = shared_calls(doc, layer_id) if layer_id is not None and layer_id in doc else []
        if len(calls) < 2:
            self.hide()
            return
        others = ", ".join(i for i in calls if i != layer_id)
        self.label.setText(f"Shared layer: called {len(calls)} times (also {others}), one set of weights. "
                           "Edits apply to every call.")
        self.show()

    def unshare(self) -> None:
        if self.layer_id is not None and self.layer_id in self.controller.document:
            self.controller.apply(edits.unshare(self.controller.document, self.layer_id))
