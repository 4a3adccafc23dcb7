"""Right-click menus as a user uses them (a real context-menu event, an entry chosen in the open menu),
and a wire dropped on empty canvas."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt, QTimer
from PySide6.QtGui import QContextMenuEvent
from PySide6.QtWidgets import QApplication, QInputDialog

from canvas_support import chain_document, make_view, mouse_drag, vp

from designer.model import Source
from designer.model.groups import groups_of

pytestmark = pytest.mark.gui


@pytest.fixture
def view(qtbot, controller):
    view = make_view(qtbot, controller, chain_document())
    view.setFocus()
    return view


def right_click(qtbot, view, scene_point: QPointF, entry: str) -> list[str]:
    """Right-click at ``scene_point``, choose ``entry`` in the menu that opens; returns the menu's entries."""
    seen: list[str] = []

    def choose():
        menu = QApplication.activePopupWidget()
        if menu is None:
            QTimer.singleShot(20, choose)
            return
        actions = [a for a in menu.actions() if a.text()]
        seen.extend(a.text() for a in actions)
        chosen = next((a for a in actions if a.text() == entry), None)
        menu.close()
        if chosen is not None and chosen.isEnabled():
            chosen.trigger()

    QTimer.singleShot(20, choose)
    pos = vp(view, scene_point)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, pos, view.viewport().mapToGlobal(pos))
    QApplication.sendEvent(view.viewport(), event)
    qtbot.waitUntil(lambda: bool(seen), timeout=2000)
    return seen


def pick(qtbot, view, text: str) -> None:
    """Type in the class list the entry opened and press Enter."""
    picker = view.menus.picker
    qtbot.waitUntil(picker.isVisible, timeout=2000)
    qtbot.keyClicks(picker.filter, text)
    qtbot.keyClick(picker.filter, Qt.Key.Key_Return)


def centre(view, layer_id: str) -> QPointF:
    return view.graph.layer_item(layer_id).sceneBoundingRect().center()


def test_card_menu_rename_replace_type_insert_after_and_delete(qtbot, view, controller, monkeypatch):
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("hidden", True)))
    entries = right_click(qtbot, view, centre(view, "dense"), "Rename…")
    assert entries[:4] == ["Rename…", "Replace Type…", "Insert After…", "Group"]
    assert controller.selection == ["dense"]
    assert controller.document.layer("dense").name == "hidden"

    right_click(qtbot, view, centre(view, "dense"), "Replace Type…")
    pick(qtbot, view, "Dropout")
    node = controller.document.layer("dense")
    assert node.class_name == "Dropout" and node.name == "hidden" and node.inbound == (Source("input"),)
    assert view.graph.layer_item("dense").text.class_name == "Dropout"
    controller.undo_stack.undo()
    assert controller.document.layer("dense").class_name == "Dense"

    right_click(qtbot, view, centre(view, "dense"), "Insert After…")
    pick(qtbot, view, "ReLU")
    new = controller.selection[0]
    assert controller.document.layer(new).class_name == "ReLU"
    assert controller.document.layer(new).inbound == (Source("dense"),)
    assert controller.document.layer("head").inbound == (Source(new),)

    right_click(qtbot, view, centre(view, new), "Delete")
    assert new not in controller.document
    assert controller.document.layer("head").inbound == (Source("dense"),)


def test_edge_menu_inserts_a_layer_on_the_connection_or_disconnects_it(qtbot, view, controller):
    edge = view.graph.layer_item("head").in_edges[0]
    middle = edge.path().pointAtPercent(0.5)
    assert view.itemAt(vp(view, middle)) is edge
    entries = right_click(qtbot, view, middle, "Insert Layer Here…")
    assert entries == ["Insert Layer Here…", "Disconnect"]
    pick(qtbot, view, "BatchNormalization")
    new = controller.selection[0]
    assert controller.document.layer(new).class_name == "BatchNormalization"
    assert controller.document.layer(new).inbound == (Source("dense"),)
    assert controller.document.layer("head").inbound == (Source(new),)
    controller.undo_stack.undo()
    assert controller.document.layer("head").inbound == (Source("dense"),)
    edge = view.graph.layer_item("head").in_edges[0]
    right_click(qtbot, view, edge.path().pointAtPercent(0.5), "Disconnect")
    assert controller.document.layer("head").inbound == ()


def test_canvas_menu_adds_a_layer_where_clicked_and_lays_out(qtbot, view, controller):
    spot = QPointF(600, 60)
    entries = right_click(qtbot, view, spot, "Add Layer…")
    assert entries == ["Paste", "Add Layer…", "Lay Out", "Fit All"]
    pick(qtbot, view, "Dense")
    new = controller.selection[0]
    assert view.graph.layer_item(new).sceneBoundingRect().contains(spot)
    right_click(qtbot, view, QPointF(-400, -300), "Lay Out")
    assert controller.undo_stack.undoText() == "Auto layout"


def test_block_menu_expands_collapses_and_ungroups(qtbot, view, controller):
    controller.select(["dense", "head"])
    right_click(qtbot, view, centre(view, "dense"), "Group")
    group = next(iter(groups_of(controller.document)))
    assert group.members == ("dense", "head") and not group.collapsed
    frame = view.graph.blocks.frames[group.id]
    header = frame.header()
    entries = right_click(qtbot, view, QPointF(header.left() + 40, header.center().y()), "Collapse")
    assert entries[:3] == ["Collapse", "Rename Block…", "Ungroup"]
    assert next(iter(groups_of(controller.document))).collapsed
    block = view.graph.blocks.card(group.id)
    entries = right_click(qtbot, view, block.sceneBoundingRect().center() - QPointF(20, 0), "Expand")
    assert entries[0] == "Expand" and not next(iter(groups_of(controller.document))).collapsed
    frame = view.graph.blocks.frames[group.id]
    right_click(qtbot, view, QPointF(frame.header().left() + 40, frame.header().center().y()), "Ungroup")
    assert len(groups_of(controller.document)) == 0
    assert len(controller.document) == 3


def test_a_wire_dropped_on_empty_canvas_opens_quick_add_and_connects_the_new_layer(qtbot, view, controller):
    out = view.graph.layer_item("head").out_ports[0].scenePos()
    empty = out + QPointF(260, 160)
    mouse_drag(qtbot, view, out, empty)
    assert view.graph.wiring.wire is None
    pick(qtbot, view, "Softmax")
    new = controller.selection[0]
    node = controller.document.layer(new)
    assert node.class_name == "Softmax" and node.inbound == (Source("head"),)
    assert view.graph.layer_item(new).sceneBoundingRect().contains(empty)
    assert view.graph.layer_item(new).text.shape == "(None, 4)"
    controller.undo_stack.undo()
    assert new not in controller.document


def test_insert_layer_here_on_a_chain_makes_room_instead_of_covering_the_next_card(qtbot, controller, sample):
    """Seen under Xvfb on the U-Net: "Insert Layer Here…" on pool3 → conv4_1 dropped the Dropout on conv4_1."""
    view = make_view(qtbot, controller, sample("unet"))
    view.setFocus()
    doc = controller.document
    before = {n.id: n.position for n in doc}
    source, target = view.graph.layer_item("pool3"), view.graph.layer_item("conv4_1")
    middle = (source.sceneBoundingRect().center() + target.sceneBoundingRect().center()) / 2
    edge = next(e for e in target.in_edges if e.source.layer_id == "pool3")
    assert edge.shape().contains(edge.mapFromScene(middle)), "the point must be on the arrow"
    right_click(qtbot, view, middle, "Insert Layer Here…")
    pick(qtbot, view, "Dropout")
    new = controller.selection[0]
    cards = [i for i in view.graph.layer_items() if i.isVisible()]
    overlapping = [(a.layer_id, b.layer_id) for n, a in enumerate(cards) for b in cards[n + 1:]
                   if a.sceneBoundingRect().adjusted(2, 2, -2, -2).intersects(b.sceneBoundingRect())]
    assert overlapping == []
    assert controller.document.layer("conv4_1").inbound == (Source(new),)
    assert controller.document.layer("conv4_1").position[1] > before["conv4_1"][1]
    assert controller.document.layer("conv1_1").position == before["conv1_1"], "other columns stay"
    controller.undo_stack.undo()
    assert {n.id: n.position for n in controller.document} == before
