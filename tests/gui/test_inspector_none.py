"""Choosing None where it is not Keras's default (LSTM activation=None: linear) is kept, exported and built."""

import pytest
from PySide6.QtCore import Qt

from designer.export.code_export import export_code
from designer.model import Document, LayerNode, Source

pytestmark = pytest.mark.gui


def test_lstm_activation_none_is_stored_exported_and_reset(qtbot, controller):
    from designer.gui.inspector import InspectorPanel

    controller.replace_document(Document("d", [LayerNode("in", "InputLayer", {"shape": [5, 3]}),
                                               LayerNode("lstm", "LSTM", {"units": 4}, (Source("in"),))]))
    panel = InspectorPanel(controller)
    qtbot.addWidget(panel)
    panel.show()
    controller.select(["lstm"])
    row = panel.form.row("activation")
    combo = row.editor.combo
    combo.setCurrentIndex(combo.findText("None"))
    combo.activated.emit(combo.currentIndex())
    assert controller.document.layer("lstm").config == {"units": 4, "activation": None}
    assert "layers.LSTM(4, activation=None" in export_code(controller.document)
    controller.undo_stack.undo()
    assert controller.document.layer("lstm").config == {"units": 4}
    controller.undo_stack.redo()
    qtbot.mouseClick(panel.form.row("activation").reset, Qt.MouseButton.LeftButton)
    assert controller.document.layer("lstm").config == {"units": 4}


@pytest.mark.keras
def test_explicit_none_builds_like_keras():
    from keras_oracle import assert_design_agrees

    assert_design_agrees(Document("d", [LayerNode("in", "InputLayer", {"shape": [5, 3]}),
                                        LayerNode("lstm", "LSTM", {"units": 4, "activation": None},
                                                  (Source("in"),))]))
