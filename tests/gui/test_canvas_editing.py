"""Selection, moving, delete, copy/cut/paste and duplicate on the canvas, with real keys and mouse."""

import json

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QApplication

from canvas_support import card_centre, click, focused_chain_view, mouse_drag

from designer.gui.mime import LAYERS_CLIPBOARD_MIME
from designer.model import Source

pytestmark = pytest.mark.gui
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def view(qtbot, controller):
    return focused_chain_view(qtbot, controller)


def test_click_selects_and_controller_selection_selects_cards(qtbot, view, controller):
    click(qtbot, view, card_centre(view, "dense"))
    assert controller.selection == ["dense"]
    click(qtbot, view, card_centre(view, "head"), CTRL)
    assert controller.selection == ["dense", "head"]
    controller.select(["input"])
    assert [i.layer_id for i in view.graph.selectedItems()] == ["input"]
    click(qtbot, view, QPointF(700, 500))
    assert controller.selection == []


def test_rubber_band_selection_syncs_the_controller(qtbot, view, controller):
    left = view.graph.layer_item("dense").sceneBoundingRect()
    mouse_drag(qtbot, view, left.topLeft() + QPointF(-60, -20), QPointF(left.right() + 60, 400))
    assert sorted(controller.selection) == ["dense", "head"]


def test_moving_cards_is_one_undo_step(qtbot, view, controller):
    controller.select(["dense", "head"])
    before = controller.undo_stack.count()
    centre = card_centre(view, "dense")
    mouse_drag(qtbot, view, centre, centre + QPointF(120, 30))
    assert controller.undo_stack.count() == before + 1
    dense, head = controller.document.layer("dense"), controller.document.layer("head")
    assert dense.position == pytest.approx((120.0, 160.0), abs=2)
    assert head.position == pytest.approx((120.0, 290.0), abs=2)
    edge = view.graph.layer_item("head").in_edges[0]
    assert edge.boundingRect().contains(edge.mapFromScene(view.graph.layer_item("dense").output_anchor(0)))
    controller.undo_stack.undo()
    assert view.graph.layer_item("dense").pos().toTuple() == (0.0, 130.0)
    assert controller.document.layer("head").position == (0.0, 260.0)


def test_delete_key_removes_and_reconnects(qtbot, view, controller):
    controller.select(["dense"])
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    doc = controller.document
    assert "dense" not in doc
    assert doc.layer("head").inbound == (Source("input"),)
    assert [e.source.layer_id for e in view.graph.layer_item("head").in_edges] == ["input"]
    assert view.graph.layer_item("head").text.params == f"{8 * 4 + 4} params"
    controller.undo_stack.undo()
    assert controller.document.layer("head").inbound == (Source("dense"),)
    assert [e.source.layer_id for e in view.graph.layer_item("head").in_edges] == ["dense"]
    controller.undo_stack.redo()
    assert view.graph.layer_item("dense") is None


def test_delete_a_selected_edge_disconnects(qtbot, view, controller):
    edge = view.graph.layer_item("head").in_edges[0]
    controller.select([])
    edge.setSelected(True)
    qtbot.keyClick(view, Qt.Key.Key_Delete)
    assert controller.document.layer("head").inbound == ()
    controller.undo_stack.undo()
    assert controller.document.layer("head").inbound == (Source("dense"),)


def test_copy_paste_through_the_clipboard(qtbot, view, controller):
    controller.select(["dense", "head"])
    qtbot.keyClick(view, Qt.Key.Key_C, CTRL)
    mime = QApplication.clipboard().mimeData()
    layers = json.loads(bytes(mime.data(LAYERS_CLIPBOARD_MIME)).decode())
    assert [l["id"] for l in layers] == ["dense", "head"]
    assert layers[1] == {"id": "head", "class_name": "Dense", "config": {"units": 4}, "inbound": ["dense"],
                         "position": [0.0, 260.0]}
    qtbot.keyClick(view, Qt.Key.Key_V, CTRL)
    doc = controller.document
    assert len(doc) == 5
    new = controller.selection
    assert len(new) == 2 and not set(new) & {"dense", "head"}
    first, second = (doc.layer(i) for i in new)
    assert first.inbound == () and second.inbound == (Source(first.id),)
    assert len(view.graph.layer_items()) == 5 and len(view.graph.edge_items()) == 3
    controller.undo_stack.undo()
    assert len(controller.document) == 3 and len(view.graph.layer_items()) == 3
    controller.undo_stack.redo()
    assert len(view.graph.layer_items()) == 5


def test_cut_removes_and_paste_brings_back(qtbot, view, controller):
    controller.select(["head"])
    qtbot.keyClick(view, Qt.Key.Key_X, CTRL)
    assert "head" not in controller.document
    assert controller.undo_stack.undoText().startswith("Cut")
    qtbot.keyClick(view, Qt.Key.Key_V, CTRL)
    assert len(controller.document) == 3
    pasted = controller.document.layer(controller.selection[0])
    assert pasted.class_name == "Dense" and pasted.config["units"] == 4


def test_paste_refuses_foreign_clipboard_with_a_message(qtbot, view, controller):
    QApplication.clipboard().setText("hello")
    with qtbot.waitSignal(controller.message) as said:
        qtbot.keyClick(view, Qt.Key.Key_V, CTRL)
    assert "Nothing to paste" in said.args[0]


def test_duplicate_keeps_outside_inputs(qtbot, view, controller):
    controller.select(["dense"])
    qtbot.keyClick(view, Qt.Key.Key_D, CTRL)
    doc = controller.document
    (copy,) = controller.selection
    assert copy != "dense" and doc.layer(copy).inbound == (Source("input"),)
    assert doc.layer(copy).position == (40.0, 170.0)
    assert view.graph.layer_item(copy).text.shape == "(None, 16)"
    controller.undo_stack.undo()
    assert copy not in controller.document and view.graph.layer_item(copy) is None


def test_select_all(qtbot, view, controller):
    qtbot.keyClick(view, Qt.Key.Key_A, CTRL)
    assert controller.selection == ["input", "dense", "head"]
    assert len(view.graph.selectedItems()) == 3
