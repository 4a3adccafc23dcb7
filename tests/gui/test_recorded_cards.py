"""The app shows layers the designer does not know as neutral cards, recorded shapes marked recorded."""

import pytest

from designer.model import Document, LayerNode, Source
from designer.model.recorded import Recorded


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_DESIGNER_DATA_DIR", str(tmp_path))
    from designer.gui.app import create_window

    win = create_window()
    yield win
    win.controller.undo_stack.setClean()
    win.close()
    win.deleteLater()


def design():
    return Document("custom", [
        LayerNode("in", "InputLayer", {"shape": [8]}),
        LayerNode("scale", "Scale", {}, (Source("in"),), recorded=Recorded(((None, 8),), ((None, 8),), (8, 0))),
        LayerNode("d", "Dense", {"units": 2}, (Source("scale"),)),
        LayerNode("mystery", "Mystery", {}, (Source("d"),)),
        LayerNode("after", "Dense", {"units": 1}, (Source("mystery"),)),
    ])


def test_recorded_and_unknown_cards_are_not_errors(window):
    from designer.gui.canvas.card_model import OK, UNKNOWN

    window.controller.replace_document(design())
    graph = window.canvas.graph
    scale = graph.layer_item("scale").text
    assert scale.state == OK and scale.shape == "(None, 8) [recorded]" and scale.badge is None
    assert scale.params == "8 params"
    mystery, after = graph.layer_item("mystery").text, graph.layer_item("after").text
    assert mystery.state == UNKNOWN and mystery.badge is None and "not in the designer's catalog" in mystery.status
    assert after.state == UNKNOWN and "depends on mystery" in after.status
    status = window.status_totals.text()
    assert "at least 26 params" in status and "(2 layers unknown)" in status
    assert "all layers valid" in status


def test_an_upstream_edit_marks_the_recorded_shape_stale(window):
    window.controller.replace_document(design())
    from designer.model.edits import set_argument

    assert window.controller.apply(set_argument(window.controller.document, "in", "shape", [9]))
    scale = window.canvas.graph.layer_item("scale").text
    assert "may be stale" in scale.tooltip and scale.shape == "(None, 8) [recorded]"


def _answer(dialog, class_name, shape, trainable=0, non_trainable=0):
    """Fill the dialog as a user would and press OK when it is shown."""
    from PySide6.QtWidgets import QDialog

    def exec_():
        dialog.class_name.setText(class_name)
        dialog.shape.setText(shape)
        dialog.trainable.setValue(trainable)
        dialog.non_trainable.setValue(non_trainable)
        dialog.accept()
        return dialog.result() if dialog.result_value else QDialog.Rejected

    dialog.exec = exec_
    return dialog


def test_custom_layer_is_declared_from_the_edit_menu_and_inference_goes_on(window, monkeypatch):
    from designer.gui import custom_layer
    from designer.model.edits import add_layer

    controller = window.controller
    controller.replace_document(Document("d", [LayerNode("in", "InputLayer", {"shape": [8]})]))
    controller.select(["in"])
    real = custom_layer.CustomLayerDialog

    def dialog_factory(*args, **kwargs):
        return _answer(real(*args, **kwargs), "TokenMixer", "4, 16", 520)

    monkeypatch.setattr(custom_layer, "CustomLayerDialog", dialog_factory)
    window.action_set.by_name["custom_layer"].trigger()
    doc = controller.document
    node = next(n for n in doc if n.class_name == "TokenMixer")
    assert node.declared.output_shape == (None, 4, 16) and node.declared.params == (520, 0)
    assert [s.layer for s in node.inbound] == ["in"]
    result = controller.result(node.id)
    assert result.output_shape == (None, 4, 16) and result.source == "declared" and result.params.total == 520
    edit, dense = add_layer(doc, "Dense", {"units": 3}, (Source(node.id),))
    controller.apply(edit)
    assert controller.result(dense).output_shape == (None, 4, 3)
    assert window.canvas.graph.layer_item(node.id).text.shape == "(None, 4, 16) [declared]"
    controller.undo_stack.undo()
    controller.undo_stack.undo()  # the whole custom-layer step is one undo entry
    assert [n.id for n in controller.document] == ["in"]


def test_custom_layer_dialog_refuses_a_known_class_and_a_bad_shape(window):
    from designer.gui.custom_layer import CustomLayerDialog

    dialog = CustomLayerDialog(window)
    dialog.class_name.setText("Dense")
    dialog.accept()
    assert dialog.result_value is None and "knows" in dialog.error.text()
    dialog.class_name.setText("MyBlock")
    dialog.shape.setText("8, -1")
    dialog.accept()
    assert dialog.result_value is None and "'-1' is not a size" in dialog.error.text()
    dialog.shape.setText("same")
    dialog.accept()
    assert dialog.result_value[0] == "MyBlock" and dialog.result_value[1].output_shape == "same"


def test_keyword_inputs_have_labelled_ports(window):
    from designer.model.calls import CallArgs

    doc = Document("s2s", [
        LayerNode("enc_in", "InputLayer", {"shape": [None, 4]}),
        LayerNode("enc", "LSTM", {"units": 3, "return_state": True}, (Source("enc_in"),)),
        LayerNode("dec_in", "InputLayer", {"shape": [None, 5]}),
        LayerNode("dec", "LSTM", {"units": 3}, (Source("dec_in"), Source("enc", 1), Source("enc", 2)),
                  call=CallArgs((("initial_state", (1, 2)),))),
    ])
    window.controller.replace_document(doc)
    card = window.canvas.graph.layer_item("dec")
    assert [p.label for p in card.in_ports] == ["1", "s", "s"]
    assert card.in_ports[1].toolTip().startswith("initial_state= (input 2)")
    assert window.controller.result("dec").output_shape == (None, 3) and card.text.badge is None


def test_inspector_says_where_values_come_from(window):
    from designer.model.calls import CallArgs

    doc = design()
    doc.add_layer(LayerNode("dec", "LSTM", {"units": 3}, (Source("in"), Source("d"), Source("d")),
                            call=CallArgs((("initial_state", (1, 2)),))))
    window.controller.replace_document(doc)
    inspector = window.inspector
    window.controller.select(["scale"])
    assert "recorded" in inspector.output_label.text() and "never computed" in inspector.doc_label.text()
    window.controller.select(["mystery"])
    assert inspector.error_label.text().startswith("? mystery: Mystery is not in the designer's catalog")
    window.controller.select(["dec"])
    assert "initial_state= <b>(None, 2)</b>" in inspector.inputs_label.text()


def test_inspector_call_check_boxes_edit_the_call(window, qtbot):
    from PySide6.QtCore import Qt

    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    window.controller.replace_document(Document("att", [
        LayerNode("x", "InputLayer", {"shape": [6, 8]}),
        LayerNode("mha", "MultiHeadAttention", {"num_heads": 2, "key_dim": 4}, (Source("x"), Source("x"))),
    ]))
    window.controller.select(["mha"])
    section = window.inspector.call_section
    assert section.isVisible() and not section.boxes["training"].isVisible()
    box = section.boxes["return_attention_scores"]
    window.inspector.stack.widget(1).ensureWidgetVisible(box)
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    node = window.controller.document.layer("mha")
    assert node.call.value("return_attention_scores") is True
    assert window.controller.result("mha").outputs == [(None, 6, 8), (None, 2, 6, 6)]
    window.controller.undo_stack.undo()
    assert window.controller.document.layer("mha").call is None and not box.isChecked()
    window.controller.select(["x"])
    assert not section.isVisible()


def test_inspector_wires_a_decoder_to_the_encoders_states(window, qtbot):
    from PySide6.QtCore import Qt

    from designer.model.calls import CallArgs

    window.controller.replace_document(Document("s2s", [
        LayerNode("enc_in", "InputLayer", {"shape": [None, 4]}),
        LayerNode("enc", "LSTM", {"units": 3, "return_state": True}, (Source("enc_in"),)),
        LayerNode("dec_in", "InputLayer", {"shape": [None, 5]}),
        LayerNode("dec", "LSTM", {"units": 3, "return_sequences": True}, (Source("dec_in"),)),
    ]))
    window.controller.select(["dec"])
    combo = window.inspector.call_section.states
    assert [combo.itemText(i) for i in range(combo.count())][1:] == ["enc"]
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)  # the user picks "enc"
    dec = window.controller.document.layer("dec")
    assert [(s.layer, s.index) for s in dec.inbound] == [("dec_in", 0), ("enc", 1), ("enc", 2)]
    assert dec.call == CallArgs((("initial_state", (1, 2)),))
    assert window.controller.result("dec").valid and window.controller.result("dec").output_shape == (None, None, 3)
    assert [p.label for p in window.canvas.graph.layer_item("dec").in_ports] == ["1", "s", "s"]
    combo = window.inspector.call_section.states
    qtbot.keyClick(combo, Qt.Key.Key_Up)  # back to Keras's default (zero states)
    dec = window.controller.document.layer("dec")
    assert dec.inbound == (Source("dec_in"),) and dec.call is None
