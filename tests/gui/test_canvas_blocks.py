"""Blocks as a user meets them: group the selection, collapse, expand, rename, move, ungroup, undo."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt

from designer.model.edits import set_argument
from designer.model.groups import groups_of

from canvas_support import app_window, close_window, mouse_drag, vp

pytestmark = pytest.mark.gui


def action(window, name: str):
    """The window's action of that object name (as the menus and shortcuts trigger it)."""
    from PySide6.QtGui import QAction

    found = window.findChild(QAction, name)
    assert found is not None, name
    return found
CTRL = Qt.KeyboardModifier.ControlModifier
ENCODER = ["conv2d_1", "activation_1", "max_pooling2d_1"]


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch, sample):
    win = app_window(qtbot, monkeypatch, tmp_path, sample("denoiser"))
    yield win
    close_window(win)


def _group(window):
    groups = list(groups_of(window.controller.document))
    assert len(groups) == 1
    return groups[0]


def test_group_with_ctrl_g_collapse_expand_and_undo_each_step(qtbot, window):
    controller, scene, view = window.controller, window.canvas.graph, window.canvas
    controller.select(ENCODER)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_G, CTRL)
    group = _group(window)
    assert group.members == tuple(ENCODER) and not group.collapsed
    assert group.id in scene.blocks.frames and not scene.blocks.cards
    frame = scene.blocks.frames[group.id].sceneBoundingRect()
    assert all(frame.contains(scene.layer_item(i).sceneBoundingRect()) for i in ENCODER)

    window.action_set["collapse"].trigger()
    assert _group(window).collapsed
    block = scene.blocks.card(group.id)
    assert block is not None and block.isVisible()
    assert all(not scene.layer_item(i).isVisible() for i in ENCODER)
    assert block.text.classes == "Conv2D · Activation · MaxPooling2D"
    assert block.text.flow == "28×28×1 → 14×14×32"
    assert block.text.params == "320 params"
    assert block.text.count == "3 layers"
    # The edges into and out of the block attach to its card; the edges inside are hidden.
    into = scene.layer_item("conv2d_1").in_edges[0]
    out = scene.layer_item("conv2d_2").in_edges[0]
    assert into.isVisible() and into.shown_ends() == (scene.layer_item("input"), block)
    assert out.isVisible() and out.shown_ends() == (block, scene.layer_item("conv2d_2"))
    assert not scene.layer_item("activation_1").in_edges[0].isVisible()
    assert block in scene.shown_cards() and scene.shown_item("activation_1") is block

    controller.undo_stack.undo()  # expand again
    assert not _group(window).collapsed and not scene.blocks.cards
    assert all(scene.layer_item(i).isVisible() for i in ENCODER)
    assert scene.layer_item("activation_1").in_edges[0].isVisible()
    controller.undo_stack.undo()  # no block
    assert len(groups_of(controller.document)) == 0 and not scene.blocks.frames
    controller.undo_stack.redo()
    controller.undo_stack.redo()
    assert _group(window).collapsed and scene.blocks.card(group.id) is not None


def test_double_click_and_chevron_expand_and_the_frame_header_collapses(qtbot, window):
    controller, scene, view = window.controller, window.canvas.graph, window.canvas
    controller.select(ENCODER)
    window.action_set["group"].trigger()
    window.action_set["collapse"].trigger()
    gid = _group(window).id
    view.set_zoom(1.0)
    block = scene.blocks.card(gid)
    view.centerOn(block)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=vp(view, block.sceneBoundingRect().center()))
    assert not _group(window).collapsed
    frame = scene.blocks.frames[gid]
    header = frame.header()
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                     pos=vp(view, QPointF(header.left() + 14, header.center().y())))
    assert _group(window).collapsed
    block = scene.blocks.card(gid)
    chevron = block.mapToScene(block.chevron_rect().center())
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=vp(view, chevron))
    assert not _group(window).collapsed


def test_a_collapsed_block_shows_the_worst_badge_inside_and_can_be_renamed(qtbot, window):
    from designer.gui.canvas import grouping

    controller, scene = window.controller, window.canvas.graph
    controller.select(ENCODER)
    window.action_set["group"].trigger()
    window.action_set["collapse"].trigger()
    gid = _group(window).id
    assert scene.blocks.card(gid).text.badge is None
    controller.apply(set_argument(controller.document, "max_pooling2d_1", "pool_size", [64, 64]))
    assert scene.blocks.card(gid).text.badge == "error"
    assert "invalid" in scene.blocks.card(gid).toolTip()
    assert grouping.rename_block(scene, gid, "encoder")
    assert _group(window).name == "encoder" and scene.blocks.card(gid).text.title == "encoder"
    controller.undo_stack.undo()
    assert _group(window).name != "encoder"


def test_dragging_a_block_moves_its_layers_in_one_step_and_ungroup_keeps_them(qtbot, window):
    controller, scene, view = window.controller, window.canvas.graph, window.canvas
    controller.select(ENCODER)
    window.action_set["group"].trigger()
    window.action_set["collapse"].trigger()
    gid = _group(window).id
    before = {i: controller.document.layer(i).position for i in ENCODER}
    view.set_zoom(1.0)
    block = scene.blocks.card(gid)
    view.centerOn(block)
    start = block.sceneBoundingRect().center() + QPointF(-40, 0)
    mouse_drag(qtbot, view, start, start + QPointF(300, 40))
    after = {i: controller.document.layer(i).position for i in ENCODER}
    for i in ENCODER:
        assert after[i][0] == pytest.approx(before[i][0] + 300, abs=2)
        assert after[i][1] == pytest.approx(before[i][1] + 40, abs=2)
    assert block.pos().x() == pytest.approx(min(p[0] for p in after.values()), abs=0.5)
    controller.undo_stack.undo()
    assert {i: controller.document.layer(i).position for i in ENCODER} == before

    controller.select(["conv2d_1"])
    window.action_set["ungroup"].trigger()
    assert len(groups_of(controller.document)) == 0
    assert all(scene.layer_item(i).isVisible() for i in ENCODER) and not scene.blocks.cards
    assert len(controller.document) == 16


def test_auto_layout_gives_a_collapsed_block_one_place(qtbot, window):
    controller, scene = window.controller, window.canvas.graph
    controller.select(ENCODER)
    window.action_set["group"].trigger()
    window.action_set["collapse"].trigger()
    window.action_set["layout_tb"].trigger()
    block = scene.blocks.card(_group(window).id)
    cards = scene.shown_cards()
    assert len(cards) == 14
    for a in cards:
        for b in cards:
            if a is not b:
                assert not a.sceneBoundingRect().adjusted(6, 6, -6, -6).intersects(b.sceneBoundingRect())
    assert block.pos().x() == pytest.approx(min(controller.document.layer(i).position[0] for i in ENCODER))


def test_blocks_are_saved_with_the_design_and_open_collapsed_again(qtbot, window, tmp_path):
    controller = window.controller
    controller.select(ENCODER)
    window.action_set["group"].trigger()
    window.action_set["collapse"].trigger()
    path = tmp_path / "with_blocks.json"
    assert window.files._write(path)
    controller.replace_document(__import__("designer.gui.controller", fromlist=["x"]).new_document())
    assert not window.canvas.graph.blocks.cards
    assert window.files.open(path)
    group = _group(window)
    assert group.collapsed and group.members == tuple(ENCODER)
    assert window.canvas.graph.blocks.card(group.id).isVisible()


def test_diagram_export_shows_blocks_as_they_are_and_no_ports(qtbot, window, tmp_path):
    from PySide6.QtGui import QImage

    controller, view = window.controller, window.canvas
    plain = view.export_image(tmp_path / "plain.svg").read_text()
    assert "activation_1" in plain
    controller.select(ENCODER)
    window.action_set["group"].trigger()
    window.action_set["collapse"].trigger()
    from designer.gui.canvas import grouping

    grouping.rename_block(view.graph, _group(window).id, "encoder")
    svg = view.export_image(tmp_path / "blocks.svg").read_text()
    assert "encoder" in svg and "activation_1" not in svg and "conv2d_2" in svg
    png = view.export_image(tmp_path / "blocks.png")
    image = QImage(str(png))
    assert not image.isNull()
    # Where the last layer's (unconnected) output port is drawn on the canvas, the image shows the background.
    from designer.gui.canvas import export, style

    scene = view.graph
    source = scene.graph_rect()
    for edge in scene.edge_items():
        if edge.isVisible():
            source = source.united(edge.sceneBoundingRect())
    source = source.adjusted(-export.MARGIN, -export.MARGIN, export.MARGIN, export.MARGIN)
    port = scene.layer_item("conv2d_6").out_ports[0]
    assert port.isVisible()
    spot = (port.scenePos() + QPointF(0, 4) - source.topLeft()) * export.PNG_SCALE
    assert image.pixelColor(int(spot.x()), int(spot.y())).name() == style.color(style.CANVAS_BG).name()


def test_blocks_from_names_collapses_the_resnet18_sample_in_one_undo_step(qtbot, window, sample):
    from designer.gui.canvas import card_lod

    controller, view = window.controller, window.canvas
    controller.replace_document(sample("resnet18"))
    before = {n.id: n.position for n in controller.document}
    action(window, "blocks_from_names").trigger()
    groups = list(groups_of(controller.document))
    assert "stage2_block1" in [g.name for g in groups] and all(g.collapsed for g in groups)
    cards = view.graph.shown_cards()
    assert len(cards) < 20
    assert card_lod.level(view.zoom) in (card_lod.FULL, card_lod.BRIEF, card_lod.NAME_SHAPE)
    controller.undo_stack.undo()
    assert len(groups_of(controller.document)) == 0
    assert {n.id: n.position for n in controller.document} == before
    action(window, "blocks_from_names").trigger()
    action(window, "blocks_from_names").trigger()  # nothing new the second time
    assert len(groups_of(controller.document)) == len(groups)
