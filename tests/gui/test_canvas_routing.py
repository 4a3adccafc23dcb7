"""Long arrows (U-Net concatenates, skip connections) are routed around the cards they would pass behind."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF

from designer.gui.canvas.edge_item import ARROW_LEN, bezier, outline
from designer.model.edits import move_layers
from designer.model.layout import layered_layout

from canvas_support import card_centre, make_view, mouse_drag

pytestmark = pytest.mark.gui


def _edge(view, source: str, target: str):
    return next(e for e in view.graph.edge_items() if e.source.layer_id == source and e.target.layer_id == target)


def _crossed(view, edge) -> list[str]:
    """The cards (other than its ends) that the edge's line passes through, by more than a few pixels."""
    path = outline(edge.path())
    return [item.layer_id for item in view.graph.layer_items()
            if item not in (edge.source, edge.target)
            and path.intersects(item.sceneBoundingRect().adjusted(6, 6, -6, -6))]


@pytest.fixture
def unet(qtbot, controller, sample):
    """The U-Net in one tall column (the layout without folding): its skips are long edges to route."""
    view = make_view(qtbot, controller, sample("unet"))
    controller.apply(move_layers(controller.document, layered_layout(controller.document)))
    return view


def test_no_edge_of_the_unet_folded_to_the_window_passes_behind_a_card(qtbot, controller, sample):
    view = make_view(qtbot, controller, sample("unet"))
    view.auto_layout()
    assert len({item.pos().x() for item in view.graph.layer_items()}) >= 3  # folded into columns
    crossing = {(e.source.layer_id, e.target.layer_id): _crossed(view, e) for e in view.graph.edge_items()}
    assert {k: v for k, v in crossing.items() if v} == {}


def test_long_skip_connection_goes_around_the_cards(unet):
    edge = _edge(unet, "conv1_2", "merge9")
    assert _crossed(unet, edge) == []
    start = edge.source.output_anchor(edge.index)
    assert edge.path().boundingRect().height() > 3000  # it really spans the network
    assert edge.path().pointAtPercent(0.0) == start
    assert _edge(unet, "conv1_2", "merge9").path().pointAtPercent(1.0).y() < edge.target.input_anchor(0).y()


def test_no_edge_of_the_unet_passes_behind_a_card(unet):
    crossing = {(e.source.layer_id, e.target.layer_id): _crossed(unet, e) for e in unet.graph.edge_items()}
    assert {k: v for k, v in crossing.items() if v} == {}


def test_short_edge_keeps_its_bezier(unet):
    edge = _edge(unet, "conv1_1", "conv1_2")
    start, tip = edge.source.output_anchor(0), edge.target.input_anchor(0)
    assert edge.path() == bezier(start, tip - QPointF(0, ARROW_LEN - 1))


def test_dragging_a_card_into_the_lane_reroutes_the_long_edge(qtbot, unet, controller):
    edge = _edge(unet, "conv1_2", "merge9")
    lane = edge.path().boundingRect()
    mover = unet.graph.layer_item("conv10")
    target_centre = QPointF(lane.right(), lane.center().y())
    mouse_drag(qtbot, unet, card_centre(unet, "conv10"), target_centre)
    assert controller.node("conv10").position != (mover.pos().x(), mover.pos().y() + 1)  # moved by the drag
    assert mover.sceneBoundingRect().contains(QPointF(lane.right(), lane.center().y()))
    assert edge.path().boundingRect() != lane
    assert _crossed(unet, edge) == []

    controller.undo_stack.undo()
    assert edge.path().boundingRect() == lane
    assert _crossed(unet, edge) == []


def test_moving_cards_by_an_edit_reroutes_and_follows_the_ends(unet, controller):
    edge = _edge(unet, "conv1_2", "merge9")
    lane = edge.path().boundingRect()
    blocker = unet.graph.layer_item("conv4_2")
    x = lane.right() - blocker.boundingRect().width() / 2
    controller.apply(move_layers(controller.document, {"conv4_2": (x, blocker.pos().y())}))
    assert _crossed(unet, edge) == []
    assert edge.path().boundingRect() != lane

    source = unet.graph.layer_item("conv1_2")
    controller.apply(move_layers(controller.document, {"conv1_2": (source.pos().x() + 300, source.pos().y())}))
    assert edge.path().pointAtPercent(0.0) == source.output_anchor(0)
    assert _crossed(unet, edge) == []
    controller.undo_stack.undo()
    controller.undo_stack.undo()
    assert edge.path().boundingRect() == lane
