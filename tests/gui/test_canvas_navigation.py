"""Getting around big designs as a user: layout direction, folding to the window, zoom to 100%, reveal."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, QRectF

from designer.model.edits import set_argument

from canvas_support import app_window, close_window

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch, sample):
    win = app_window(qtbot, monkeypatch, tmp_path, sample("denoiser"))
    yield win
    close_window(win)


def _positions(controller) -> dict:
    return {n.id: n.position for n in controller.document}


def test_layout_direction_switch_moves_layers_and_ports_and_is_remembered(qtbot, window):
    from designer.gui.canvas import placement

    controller, scene = window.controller, window.canvas.graph
    window.action_set["layout_lr"].trigger()
    doc = controller.document
    pos = _positions(controller)
    assert pos["conv2d_1"][0] > pos["input"][0] and pos["conv2d_1"][1] == pos["input"][1]
    card = scene.layer_item("conv2d_1")
    port = card.in_ports[0].scenePos() - card.scenePos()
    assert port.x() == 0 and 0 < port.y() < card.boundingRect().height()
    edge = card.in_edges[0]
    assert edge.path().pointAtPercent(0.0).x() > scene.layer_item("input").sceneBoundingRect().right() - 1
    assert placement.layout_direction() == "LR"
    assert window.action_set["layout_lr"].isChecked()

    controller.undo_stack.undo()
    assert _positions(controller) != pos
    window.action_set["layout_tb"].trigger()
    pos = _positions(controller)
    assert pos["conv2d_1"][1] > pos["input"][1]
    port = card.in_ports[0].scenePos() - card.scenePos()
    assert port.y() == 0
    assert placement.layout_direction() == "TB"
    assert len(doc) == 16


def test_auto_layout_folds_the_denoiser_so_fit_all_is_readable(qtbot, window):
    window.action_set["layout_tb"].trigger()
    view = window.canvas
    assert view.zoom >= 0.5, "the 16 layers fill the window instead of a hairline column"
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    for item in view.graph.layer_items():
        assert seen.contains(item.sceneBoundingRect())
    columns = {item.pos().x() for item in view.graph.layer_items()}
    assert len(columns) >= 3
    # The arrow from the bottom of one column to the top of the next passes beside the cards, not through them.
    from designer.gui.canvas.edge_item import outline

    for edge in view.graph.edge_items():
        area = outline(edge.path())
        for item in view.graph.layer_items():
            if item not in (edge.source, edge.target):
                assert not area.intersects(item.sceneBoundingRect().adjusted(6, 6, -6, -6))


def test_zoom_to_100_and_reveal_a_layer_chosen_in_the_summary(qtbot, window):
    view = window.canvas
    view.set_zoom(0.2)
    window.action_set["zoom_100"].trigger()
    assert view.zoom == pytest.approx(1.0)
    view.set_zoom(0.2)
    view.centerOn(QPointF(-3000, -3000))
    window.summary.setFocus()
    window.controller.select(["conv2d_5"])
    item = view.graph.layer_item("conv2d_5")
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    assert seen.contains(item.sceneBoundingRect())
    assert view.zoom >= 0.8


def test_at_fit_all_every_card_of_the_laid_out_denoiser_shows_its_whole_name_and_shape(qtbot, window):
    from designer.gui.canvas import card_lod

    window.action_set["layout_tb"].trigger()
    view = window.canvas
    assert card_lod.level(view.zoom) in (card_lod.BRIEF, card_lod.NAME_SHAPE)
    for item in view.graph.layer_items():
        lines = item.scaled_lines(view.zoom)
        kinds = {kind: (text, px) for kind, text, px, _ in lines}
        assert kinds["title"][0] == item.node.name, "the name is cut"
        result = window.controller.result(item.layer_id)
        dims = "×".join(str(d) for d in result.outputs[0][1:])
        assert kinds["mono"][0] in (dims, item.text.shape)
        assert all(px * view.zoom >= card_lod.MIN_PIXELS - 0.5 for _, px in kinds.values())
    window.canvas.set_zoom(1.0)
    assert card_lod.level(view.zoom) == card_lod.FULL


def test_semantic_zoom_drops_arguments_then_params_before_name_and_shape():
    from designer.gui.canvas import card_lod

    assert [card_lod.level(z) for z in (1.0, 0.7, 0.4, 0.1)] == [
        card_lod.FULL, card_lod.BRIEF, card_lod.NAME_SHAPE, card_lod.OUTLINE]
    assert card_lod.compact_shape("(None, 28, 28, 32)") == "28×28×32"
    assert card_lod.compact_shape("[(None, 4), (None, None, 8)]") == "[4, ?×8]"


def test_an_edge_says_the_shape_of_its_tensor_on_hover(qtbot, window):

    view = window.canvas
    window.action_set["layout_tb"].trigger()
    view.set_zoom(1.0)
    edge = view.graph.layer_item("conv2d_2").in_edges[0]  # from the bottom of the first column
    assert edge.tensor_shape() == "(None, 14, 14, 32)"
    view.centerOn(edge.path().pointAtPercent(0.5))
    spot = view.mapFromScene(edge.path().pointAtPercent(0.5))
    assert view.itemAt(spot) is edge
    assert "max_pooling2d_1 → conv2d_2: (None, 14, 14, 32)" == edge.toolTip()
    window.controller.apply(set_argument(window.controller.document, "conv2d_1", "filters", 8))
    assert "(None, 14, 14, 8)" in edge.toolTip()


def test_find_by_name_or_class_with_next_previous_and_escape(qtbot, window):
    from PySide6.QtCore import Qt

    view, controller = window.canvas, window.controller
    view.set_zoom(0.2)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = view.find_bar
    assert bar.isVisible() and bar.field.hasFocus()
    qtbot.keyClicks(bar.field, "maxpool")
    assert bar.matches == ["max_pooling2d_1", "max_pooling2d_2"]  # the class MaxPooling2D matches
    assert controller.selection == ["max_pooling2d_1"] and bar.count.text() == "1 of 2"
    assert view.zoom >= 0.8
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    assert seen.contains(view.graph.layer_item("max_pooling2d_1").sceneBoundingRect())
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert controller.selection == ["max_pooling2d_2"] and bar.count.text() == "2 of 2"
    qtbot.keyClick(bar.field, Qt.Key.Key_Return)
    assert controller.selection == ["max_pooling2d_1"]
    qtbot.keyClick(bar.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert controller.selection == ["max_pooling2d_2"]
    bar.field.clear()
    qtbot.keyClicks(bar.field, "activation_4")
    assert bar.matches == ["activation_4"] and controller.selection == ["activation_4"]
    bar.field.clear()
    qtbot.keyClicks(bar.field, "zzz")
    assert bar.matches == [] and bar.count.text() == "no match"
    qtbot.keyClick(bar.field, Qt.Key.Key_Escape)
    assert not bar.isVisible() and view.hasFocus()


def test_find_reveals_the_collapsed_block_that_hides_the_layer(qtbot, window):
    controller, view = window.controller, window.canvas
    controller.select(["conv2d_1", "activation_1", "max_pooling2d_1"])
    window.action_set["group"].trigger()
    window.action_set["collapse"].trigger()
    block = next(iter(view.graph.blocks.cards.values()))
    view.centerOn(QPointF(5000, 5000))
    window.action_set["find"].trigger()
    view.find_bar.field.setText("activation_1")
    assert controller.selection == ["activation_1"]
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    assert seen.contains(block.sceneBoundingRect().center())


def test_minimap_appears_when_the_graph_is_larger_than_the_view_and_a_click_moves_the_view(qtbot, window):
    from PySide6.QtCore import Qt

    view = window.canvas
    minimap = view.minimap
    view.fit_all()
    minimap.refresh()
    assert not minimap.isVisible()
    view.set_zoom(1.0)
    view.centerOn(view.graph.layer_item("input"))
    minimap.refresh()
    assert minimap.isVisible()
    seen = minimap.seen_rect()
    assert 0 < seen.width() < minimap.width()
    bottom = view.graph.layer_item("conv2d_6").sceneBoundingRect().center()
    target = minimap._to_map(QRectF(bottom, bottom)).topLeft().toPoint()
    qtbot.mouseClick(minimap, Qt.MouseButton.LeftButton, pos=target)
    now = view.mapToScene(view.viewport().rect()).boundingRect()
    assert now.contains(bottom)
    assert minimap.seen_rect() != seen


def test_a_click_on_a_build_difference_selects_and_reveals_its_layer(qtbot, window):
    from PySide6.QtCore import Qt

    from designer.export.build_protocol import BuildReport, Difference

    view = window.canvas
    view.set_zoom(0.2)
    view.centerOn(QPointF(-4000, -4000))
    report = BuildReport(summary="Model: denoiser", differences=[
        Difference("conv2d_5", "output shape", "(None, 14, 14, 16)", "(None, 15, 15, 16)")])
    window.build._show_result(report, "1 s")
    item = window.build.differences.item(0)
    window.build_dock.show()
    window.build_dock.raise_()
    qtbot.waitExposed(window.build.differences)
    rect = window.build.differences.visualItemRect(item)
    qtbot.mouseClick(window.build.differences.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.controller.selection == ["conv2d_5"]
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    assert seen.contains(view.graph.layer_item("conv2d_5").sceneBoundingRect()) and view.zoom >= 0.8


def test_shapes_are_written_on_the_edges_only_when_zoomed_in(qtbot, window):
    from designer.gui.canvas import style

    view = window.canvas
    edge = view.graph.layer_item("conv2d_2").in_edges[0]  # from the bottom of the first column to the next
    label = edge.path().pointAtPercent(0.5)
    text_colour = style.color(style.TEXT_SOFT)

    def text_pixels(zoom: float) -> int:
        view.set_zoom(zoom)
        view.centerOn(label)
        image = view.viewport().grab().toImage()
        centre = view.mapFromScene(label)
        count = 0
        for dx in range(-30, 31):
            for dy in range(-6, 7):
                c = image.pixelColor(centre.x() + dx, centre.y() + dy)
                if abs(c.red() - text_colour.red()) + abs(c.green() - text_colour.green()) + abs(
                        c.blue() - text_colour.blue()) < 60:
                    count += 1
        return count

    assert edge.tensor_shape() == "(None, 14, 14, 32)"
    assert text_pixels(1.5) > 10
    assert text_pixels(0.9) == 0


def test_far_out_ports_are_hidden_and_cards_are_not_cached_then_back_close_up(qtbot, window):
    from PySide6.QtWidgets import QGraphicsItem

    view = window.canvas
    card = view.graph.layer_item("conv2d_3")
    view.set_zoom(0.05)
    assert not card.in_ports[0].isVisible() and card.cacheMode() == QGraphicsItem.CacheMode.NoCache
    view.set_zoom(1.0)
    assert card.in_ports[0].isVisible() and card.cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache


def test_a_click_on_a_card_while_another_widget_has_the_focus_selects_without_zooming(qtbot, window):
    """Seen under Xvfb: the first click on a card after a dialog (focus elsewhere) zoomed the canvas to 80%."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QWidget

    view = window.canvas
    view.fit_all()
    zoom = view.zoom
    assert zoom < 0.8, "the design must be shown below the reveal zoom for this test to mean anything"
    other = QWidget()  # a dialog just closed, another app in front: the window is not active yet
    qtbot.addWidget(other)
    other.show()
    other.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is other)
    assert not view.hasFocus()
    item = view.graph.layer_item("conv2d_5")
    centre = view.mapFromScene(item.sceneBoundingRect().center())
    QTest.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, centre)
    assert window.controller.selection == ["conv2d_5"]
    assert view.zoom == pytest.approx(zoom)


def test_the_find_count_sits_beside_the_field_not_over_it(qtbot, window):
    """Seen under Xvfb: the bar was sized when it opened empty, so "1 of 4" grew over the field's clear button."""
    from PySide6.QtCore import Qt

    view = window.canvas
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = view.find_bar
    qtbot.keyClicks(bar.field, "conv")
    assert bar.count.text().endswith(f"of {len(bar.matches)}") and len(bar.matches) >= 2
    qtbot.wait(1)
    assert not bar.count.geometry().intersects(bar.field.geometry())
    assert bar.count.width() >= bar.count.fontMetrics().horizontalAdvance(bar.count.text())


def test_the_minimap_shows_a_fixed_layer_as_fixed(qtbot, tmp_path, monkeypatch):
    """Seen under Xvfb: after a fix, the minimap went on drawing the layer red (it was drawn from the canvas's
    cached card pictures)."""
    from designer.model import Document, LayerNode, Source, save_document
    from designer.model.edits import set_argument

    path = tmp_path / "broken.json"
    save_document(Document("broken", [
        LayerNode("input", "InputLayer", {"shape": [28, 28, 1]}, (), (0, 0)),
        LayerNode("conv", "Conv2D", {"filters": 8, "kernel_size": 3}, (Source("input"),), (0, 130)),
        LayerNode("pool", "MaxPooling2D", {"pool_size": 2}, (Source("conv"),), (0, 260)),
        LayerNode("conv2", "Conv2D", {"filters": 8, "kernel_size": 15}, (Source("pool"),), (0, 390)),
        LayerNode("flat", "Flatten", {}, (Source("conv2"),), (0, 520)),
        LayerNode("out", "Dense", {"units": 10}, (Source("flat"),), (0, 650)),
    ]), path)
    win = app_window(qtbot, monkeypatch, tmp_path, path=path)
    try:
        view = win.canvas
        view.set_zoom(0.8)  # where the canvas draws its cards from cached pictures
        qtbot.wait(400)
        minimap = view.minimap
        assert minimap.isVisible() and minimap._picture is not None
        before = minimap._picture.toImage()
        win.controller.apply(set_argument(win.controller.document, "conv2", "padding", "same"))
        qtbot.wait(600)
        assert minimap._picture.toImage() != before
    finally:
        close_window(win)
