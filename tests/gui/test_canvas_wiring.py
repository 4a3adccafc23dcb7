"""Connecting layers by dragging between ports with real mouse events."""

import pytest
from PySide6.QtCore import QPointF

from canvas_support import card_centre, make_view, mouse_drag

from designer.model import Document, LayerNode, Source

pytestmark = pytest.mark.gui


def loose_document() -> Document:
    """input → a; b and add unconnected."""
    return Document("loose", [
        LayerNode("input", "InputLayer", {"shape": [8]}, (), (0.0, 0.0)),
        LayerNode("a", "Dense", {"units": 8}, (Source("input"),), (0.0, 130.0)),
        LayerNode("b", "Dense", {"units": 8}, (), (300.0, 130.0)),
        LayerNode("add", "Add", {}, (), (150.0, 300.0)),
    ])


@pytest.fixture
def view(qtbot, controller):
    return make_view(qtbot, controller, loose_document())


def test_drag_from_output_port_to_input_port_connects(qtbot, view, controller):
    out = view.graph.layer_item("a").out_ports[0].scenePos()
    into = view.graph.layer_item("b").in_ports[0].scenePos()
    mouse_drag(qtbot, view, out, into)
    assert controller.document.layer("b").inbound == (Source("a"),)
    assert [e.source.layer_id for e in view.graph.layer_item("b").in_edges] == ["a"]
    assert view.graph.layer_item("b").text.shape == "(None, 8)"
    assert view.graph.wiring.wire is None
    controller.undo_stack.undo()
    assert controller.document.layer("b").inbound == ()
    assert view.graph.layer_item("b").in_edges == []
    controller.undo_stack.redo()
    assert controller.document.layer("b").inbound == (Source("a"),)


def test_live_wire_follows_the_mouse(qtbot, view):
    from PySide6.QtCore import Qt

    target = view.viewport()
    start = view.mapFromScene(view.graph.layer_item("a").out_ports[0].scenePos())
    qtbot.mousePress(target, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(target, start + start.__class__(40, 60))
    wire = view.graph.wiring.wire
    assert wire is not None and wire.scene() is view.graph
    assert wire.boundingRect().height() > 50
    qtbot.mouseRelease(target, Qt.MouseButton.LeftButton, pos=start + start.__class__(40, 60))
    assert view.graph.wiring.wire is None


def test_drop_wire_on_card_body_uses_the_next_free_port(qtbot, view, controller):
    mouse_drag(qtbot, view, view.graph.layer_item("a").out_ports[0].scenePos(), card_centre(view, "add"))
    mouse_drag(qtbot, view, view.graph.layer_item("input").out_ports[0].scenePos(), card_centre(view, "add"))
    assert controller.document.layer("add").inbound == (Source("a"), Source("input"))
    assert [p.label for p in view.graph.layer_item("add").in_ports] == ["1", "2", "3"]


def test_full_single_input_card_refuses_with_a_message(qtbot, view, controller):
    with qtbot.waitSignal(controller.message) as said:
        mouse_drag(qtbot, view, view.graph.layer_item("b").out_ports[0].scenePos(), card_centre(view, "a"))
    assert "already connected" in said.args[0]
    assert controller.document.layer("a").inbound == (Source("input"),)


def test_a_cycle_is_refused_and_explained(qtbot, view, controller):
    with qtbot.waitSignal(controller.message) as said:
        mouse_drag(qtbot, view, view.graph.layer_item("a").out_ports[0].scenePos(),
                   view.graph.layer_item("input").scenePos() + QPointF(110, 45))
    # InputLayer takes no input at all
    assert "takes no input" in said.args[0]
    mouse_drag(qtbot, view, view.graph.layer_item("a").out_ports[0].scenePos(),
               view.graph.layer_item("b").in_ports[0].scenePos())
    before = controller.undo_stack.count()
    with qtbot.waitSignal(controller.message) as said:
        mouse_drag(qtbot, view, view.graph.layer_item("b").out_ports[0].scenePos(),
                   view.graph.layer_item("a").in_ports[0].scenePos())
    assert "cycle" in said.args[0]
    assert controller.document.layer("a").inbound == (Source("input"),)
    assert controller.undo_stack.count() == before
    assert [e.source.layer_id for e in view.graph.layer_item("a").in_edges] == ["input"]


def test_drag_connected_input_to_empty_canvas_disconnects(qtbot, view, controller):
    mouse_drag(qtbot, view, view.graph.layer_item("a").in_ports[0].scenePos(), QPointF(700, 600))
    assert controller.document.layer("a").inbound == ()
    assert view.graph.layer_item("a").in_edges == []
    controller.undo_stack.undo()
    assert controller.document.layer("a").inbound == (Source("input"),)
    assert view.graph.layer_item("a").in_edges[0].isVisible()


def test_drag_connected_input_to_another_input_moves_the_connection(qtbot, view, controller):
    mouse_drag(qtbot, view, view.graph.layer_item("a").in_ports[0].scenePos(),
               view.graph.layer_item("b").in_ports[0].scenePos())
    assert controller.document.layer("a").inbound == ()
    assert controller.document.layer("b").inbound == (Source("input"),)
    controller.undo_stack.undo()
    assert controller.document.layer("a").inbound == (Source("input"),)
    assert controller.document.layer("b").inbound == ()


def test_drag_from_free_input_to_output_connects(qtbot, view, controller):
    mouse_drag(qtbot, view, view.graph.layer_item("b").in_ports[0].scenePos(),
               view.graph.layer_item("input").out_ports[0].scenePos())
    assert controller.document.layer("b").inbound == (Source("input"),)


def test_a_click_on_a_port_changes_nothing_and_says_nothing(qtbot, view, controller):
    from canvas_support import click

    said = []
    controller.message.connect(said.append)
    for port in (view.graph.layer_item("a").out_ports[0], view.graph.layer_item("b").in_ports[0],
                 view.graph.layer_item("a").in_ports[0]):
        click(qtbot, view, port.scenePos())
    assert said == [] and controller.undo_stack.count() == 0
    assert view.graph.wiring.wire is None
