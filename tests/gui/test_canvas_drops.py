"""Palette drops on the canvas (real QDropEvents with LAYER_MIME): add, insert on an edge, append."""

import pytest
from PySide6.QtCore import QPointF

from canvas_support import card_centre, chain_document, drop_layer, make_view

from designer.model import Source

pytestmark = pytest.mark.gui


@pytest.fixture
def view(qtbot, controller):
    return make_view(qtbot, controller, chain_document())


def test_drop_on_empty_canvas_adds_the_layer_there(view, controller):
    spot = QPointF(600, 60)
    assert drop_layer(view, "Dropout", spot)
    doc = controller.document
    assert "dropout" in doc
    node = doc.layer("dropout")
    assert node.inbound == ()
    assert node.config == {"rate": 0.5}  # a starter value for the argument Keras requires
    card = view.graph.layer_item("dropout")
    assert card.sceneBoundingRect().contains(spot)
    assert controller.selection == ["dropout"]
    controller.undo_stack.undo()
    assert "dropout" not in controller.document and view.graph.layer_item("dropout") is None
    controller.undo_stack.redo()
    assert view.graph.layer_item("dropout") is not None


def test_drop_on_an_edge_inserts_the_layer_on_it(view, controller):
    edge = view.graph.layer_item("head").in_edges[0]
    start, end = edge.source.output_anchor(0), edge.target.input_anchor(0)
    middle = QPointF(start.x(), (start.y() + end.y()) / 2)
    assert drop_layer(view, "Dropout", middle)
    doc = controller.document
    assert doc.layer("dropout").inbound == (Source("dense"),)
    assert doc.layer("head").inbound == (Source("dropout"),)
    assert view.graph.layer_item("dropout").text.shape == "(None, 16)"
    assert [e.source.layer_id for e in view.graph.layer_item("head").in_edges] == ["dropout"]
    controller.undo_stack.undo()
    assert controller.document.layer("head").inbound == (Source("dense"),)
    assert [e.source.layer_id for e in view.graph.layer_item("head").in_edges] == ["dense"]


def test_drop_on_a_card_appends_after_it(view, controller):
    assert drop_layer(view, "BatchNormalization", card_centre(view, "head"))
    doc = controller.document
    node = doc.layer("batch_normalization")
    assert node.inbound == (Source("head"),)
    assert view.graph.layer_item("batch_normalization").pos().y() > view.graph.layer_item("head").pos().y()
    assert view.graph.layer_item("batch_normalization").text.shape == "(None, 4)"
    controller.undo_stack.undo()
    assert "batch_normalization" not in controller.document


def test_drop_on_an_output_port_appends_after_it(view, controller):
    port = view.graph.layer_item("dense").out_ports[0]
    assert drop_layer(view, "ReLU", port.scenePos())
    assert controller.document.layer("re_lu").inbound == (Source("dense"),)


def test_a_refused_drop_says_why(view, controller, qtbot):
    with qtbot.waitSignal(controller.message) as said:
        drop_layer(view, "InputLayer", card_centre(view, "dense"))
    assert "takes no input" in said.args[0]
    assert "input_layer" not in controller.document
    with qtbot.waitSignal(controller.message) as said:
        drop_layer(view, "NoSuchLayer", QPointF(700, 500))
    assert "NoSuchLayer" in said.args[0]


def test_other_drags_are_not_accepted(view):
    from PySide6.QtCore import QMimeData, Qt
    from PySide6.QtGui import QDragEnterEvent
    from PySide6.QtWidgets import QApplication

    mime = QMimeData()
    mime.setText("hello")
    enter = QDragEnterEvent(view.mapFromScene(QPointF(600, 60)), Qt.DropAction.CopyAction, mime,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(view.viewport(), enter)
    assert not enter.isAccepted()
