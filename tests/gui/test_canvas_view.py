"""The canvas widget: quick-add, fit all, zoom, pan, centre on, auto layout, image export."""

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QCursor, QImage

from canvas_support import card_centre, focused_chain_view, make_view, vp

from designer.model import Source

pytestmark = pytest.mark.gui
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def view(qtbot, controller):
    return focused_chain_view(qtbot, controller)


def test_quick_add_with_tab_typing_and_enter_appends_after_the_selection(qtbot, view, controller):
    controller.select(["head"])
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    popup = view.quick_add
    assert popup.isVisible()
    qtbot.keyClicks(popup.filter, "drop")
    assert popup.matches()[0] == "Dropout"
    assert all("drop" in m.lower() for m in popup.matches())
    qtbot.keyClick(popup.filter, Qt.Key.Key_Return)
    assert not popup.isVisible()
    doc = controller.document
    assert doc.layer("dropout").inbound == (Source("head"),)
    assert controller.selection == ["dropout"]
    assert view.graph.layer_item("dropout").text.shape == "(None, 4)"
    controller.undo_stack.undo()
    assert "dropout" not in controller.document


def test_quick_add_filters_conv_and_adds_at_the_cursor_without_selection(qtbot, view, controller):
    spot = QPointF(700, 100)
    QCursor.setPos(view.viewport().mapToGlobal(vp(view, spot)))
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClicks(view.quick_add.filter, "conv")
    matches = view.quick_add.matches()
    assert matches and all("conv" in m.lower() for m in matches)
    assert matches[0].startswith("Conv")
    qtbot.keyClick(view.quick_add.filter, Qt.Key.Key_Down)
    second = view.quick_add.list.currentItem().text()
    qtbot.keyClick(view.quick_add.filter, Qt.Key.Key_Return)
    new_id = controller.selection[0]
    node = controller.document.layer(new_id)
    assert node.class_name == second and node.inbound == ()
    if view._cursor_scene_pos() is not None:  # a platform that can move the cursor
        assert view.graph.layer_item(new_id).sceneBoundingRect().contains(spot)


def test_quick_add_initials_and_escape(qtbot, view, controller):
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClicks(view.quick_add.filter, "bn")
    assert view.quick_add.matches()[0] == "BatchNormalization"
    qtbot.keyClick(view.quick_add.filter, Qt.Key.Key_Escape)
    assert not view.quick_add.isVisible()
    assert len(controller.document) == 3


def test_append_after_selection_for_the_palette(view, controller):
    controller.select(["dense"])
    new_id = view.append_after_selection("Conv1D")
    assert controller.document.layer(new_id).inbound == (Source("dense"),)
    assert controller.document.layer(new_id).config == {"filters": 32, "kernel_size": [3]}
    item = view.graph.layer_item(new_id)
    assert item.pos().y() == view.graph.layer_item("dense").pos().y() + 130
    assert not item.sceneBoundingRect().intersects(view.graph.layer_item("head").sceneBoundingRect())


def test_append_a_merge_after_several_selected_layers_takes_them_all(view, controller):
    controller.select(["dense", "input"])
    new_id = view.append_after_selection("Concatenate")
    assert controller.document.layer(new_id).inbound == (Source("dense"), Source("input"))


def test_fit_all_shows_every_card(qtbot, controller, sample):
    view = make_view(qtbot, controller, sample("unet"))
    view.set_zoom(2.0)
    view.fit_all()
    visible = view.mapToScene(view.viewport().rect()).boundingRect()
    assert visible.contains(view.graph.graph_rect())
    assert view.zoom <= 1.0


def test_fit_all_key_and_zoom_keys(qtbot, view):
    qtbot.keyClick(view, Qt.Key.Key_Plus, CTRL)
    assert view.zoom == pytest.approx(1.25)
    qtbot.keyClick(view, Qt.Key.Key_Minus, CTRL)
    assert view.zoom == pytest.approx(1.0)
    view.set_zoom(3.0)
    qtbot.keyClick(view, Qt.Key.Key_F)
    assert view.zoom == pytest.approx(1.0)
    assert view.mapToScene(view.viewport().rect()).boundingRect().contains(view.graph.graph_rect())


def test_ctrl_wheel_zooms_and_plain_wheel_scrolls(qtbot, view):
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    def wheel(mods):
        pos = QPointF(vp(view, card_centre(view, "dense")))
        event = QWheelEvent(pos, QPointF(view.viewport().mapToGlobal(pos.toPoint())), QPoint(), QPoint(0, 120),
                            Qt.MouseButton.NoButton, mods, Qt.ScrollPhase.NoScrollPhase, False)
        QApplication.sendEvent(view.viewport(), event)

    wheel(CTRL)
    assert view.zoom > 1.1
    zoom, value = view.zoom, view.verticalScrollBar().value()
    wheel(Qt.KeyboardModifier.NoModifier)
    assert view.zoom == zoom and view.verticalScrollBar().value() < value


def test_middle_drag_pans(qtbot, view):
    bar = view.verticalScrollBar()
    before = bar.value()
    start = QPoint(500, 400)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.MiddleButton, pos=start)
    qtbot.mouseMove(view.viewport(), QPoint(500, 300))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.MiddleButton, pos=QPoint(500, 300))
    assert bar.value() == before + 100


def test_center_on_a_layer(view, controller, qtbot, sample):
    view = make_view(qtbot, controller, sample("unet"))
    assert view.center_on("conv9_3")
    centre = view.mapToScene(view.viewport().rect().center())
    assert view.graph.layer_item("conv9_3").sceneBoundingRect().adjusted(-5, -5, 5, 5).contains(centre)
    assert not view.center_on("nope")


def test_auto_layout_is_one_undoable_move(qtbot, controller, sample):
    view = make_view(qtbot, controller, sample("resnet18"))
    before = {n.id: n.position for n in controller.document}
    count = controller.undo_stack.count()
    assert view.auto_layout()
    assert controller.undo_stack.count() == count + 1
    after = {n.id: n.position for n in controller.document}
    assert after != before
    assert {i.layer_id: i.pos().toTuple() for i in view.graph.layer_items()} == after
    rects = [i.sceneBoundingRect() for i in view.graph.layer_items()]
    assert not any(a.intersects(b) for n, a in enumerate(rects) for b in rects[n + 1:])
    controller.undo_stack.undo()
    assert {n.id: n.position for n in controller.document} == before


def test_rank_layout_fallback_places_sources_above():
    from designer.gui.canvas.placement import rank_layout
    from designer.model import Document, LayerNode

    doc = Document("d", [LayerNode("i", "InputLayer", {"shape": [2]}),
                         LayerNode("a", "Dense", {"units": 2}, (Source("i"),)),
                         LayerNode("b", "Dense", {"units": 2}, (Source("i"),)),
                         LayerNode("c", "Add", {}, (Source("a"), Source("b")))])
    pos = rank_layout(doc)
    assert pos["i"][1] < pos["a"][1] == pos["b"][1] < pos["c"][1]
    assert pos["a"][0] != pos["b"][0]


def test_export_png_and_svg(qtbot, controller, sample, tmp_path):
    view = make_view(qtbot, controller, sample("convmodel3-valid"))
    controller.select(["conv2d_4"])
    png = view.export_image(tmp_path / "graph.png")
    image = QImage(str(png))
    assert not image.isNull() and image.width() > 400 and image.height() > 400
    svg = view.export_image(tmp_path / "graph.svg")
    text = svg.read_text()
    assert "<svg" in text and "conv2d_4" in text and "no shape: depends on conv2d_4" in text
    assert controller.selection == ["conv2d_4"]
    with pytest.raises(ValueError):
        view.export_image(tmp_path / "graph.xyz")


def test_export_of_an_empty_design_says_why(qtbot, controller, tmp_path):
    from designer.model import Document

    view = make_view(qtbot, controller, Document("empty"))
    with pytest.raises(ValueError, match="no layers"):
        view.export_image(tmp_path / "x.png")


def test_space_drag_pans_without_selecting_or_moving(qtbot, view, controller):
    bar = view.verticalScrollBar()
    before = bar.value()
    centre = vp(view, card_centre(view, "dense"))
    qtbot.keyPress(view, Qt.Key.Key_Space)
    qtbot.mousePress(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseMove(view.viewport(), centre + QPoint(0, -40))
    qtbot.mouseMove(view.viewport(), centre + QPoint(0, -80))
    qtbot.mouseRelease(view.viewport(), Qt.MouseButton.LeftButton, pos=centre + QPoint(0, -80))
    qtbot.keyRelease(view, Qt.Key.Key_Space)
    assert bar.value() == before + 80
    assert controller.document.layer("dense").position == (0.0, 130.0)
    assert controller.selection == []
    assert view.isInteractive()
