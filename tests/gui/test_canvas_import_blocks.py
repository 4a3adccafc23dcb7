"""A large imported model opens with its blocks collapsed, laid out to fill the window."""

from __future__ import annotations

import json

import pytest

from designer.model.groups import groups_of

from canvas_support import app_window, close_window

pytestmark = pytest.mark.gui


def _resnet_like_config(stages: int = 4, blocks: int = 3) -> dict:
    """A Keras 3 functional config named as keras.applications names ResNets: convN_blockM_…"""
    layers = [{"class_name": "InputLayer", "name": "input_1",
               "config": {"name": "input_1", "batch_shape": [None, 32, 32, 8], "dtype": "float32"},
               "inbound_nodes": []}]

    def call(name, cls, config, sources):
        args = [{"class_name": "__keras_tensor__", "config": {"keras_history": [s, 0, 0]}} for s in sources]
        layers.append({"class_name": cls, "name": name, "config": dict(config, name=name),
                       "inbound_nodes": [{"args": args if len(args) > 1 and cls == "Add" else args[:1]
                                          if cls != "Add" else args, "kwargs": {}}]})

    previous = "input_1"
    for s in range(stages):
        for b in range(blocks):
            prefix = f"conv{s + 2}_block{b + 1}"
            call(f"{prefix}_1_conv", "Conv2D", {"filters": 8, "kernel_size": [3, 3], "padding": "same"}, [previous])
            call(f"{prefix}_1_relu", "Activation", {"activation": "relu"}, [f"{prefix}_1_conv"])
            call(f"{prefix}_2_conv", "Conv2D", {"filters": 8, "kernel_size": [3, 3], "padding": "same"},
                 [f"{prefix}_1_relu"])
            layers.append({"class_name": "Add", "name": f"{prefix}_add", "config": {"name": f"{prefix}_add"},
                           "inbound_nodes": [{"args": [[
                               {"class_name": "__keras_tensor__", "config": {"keras_history": [previous, 0, 0]}},
                               {"class_name": "__keras_tensor__",
                                "config": {"keras_history": [f"{prefix}_2_conv", 0, 0]}}]], "kwargs": {}}]})
            call(f"{prefix}_out", "Activation", {"activation": "relu"}, [f"{prefix}_add"])
            previous = f"{prefix}_out"
    call("avg_pool", "GlobalAveragePooling2D", {}, [previous])
    call("predictions", "Dense", {"units": 10}, ["avg_pool"])
    return {"class_name": "Functional", "config": {
        "name": "resnet_like", "layers": layers, "input_layers": [["input_1", 0, 0]],
        "output_layers": [["predictions", 0, 0]]}}


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    win = app_window(qtbot, monkeypatch, tmp_path)
    yield win
    close_window(win)


def test_import_of_a_large_model_opens_with_collapsed_blocks_that_fill_the_window(qtbot, window, tmp_path):
    from designer.gui.canvas import card_lod

    path = tmp_path / "resnet_like.json"
    path.write_text(json.dumps(_resnet_like_config()))
    assert window.files._import(path)
    doc, scene, view = window.controller.document, window.canvas.graph, window.canvas
    assert len(doc) == 63
    groups = list(groups_of(doc))
    assert [g.name for g in groups][:2] == ["conv2_block1", "conv2_block2"] and len(groups) == 12
    assert all(g.collapsed and len(g.members) == 5 for g in groups)
    cards = scene.shown_cards()
    assert len(cards) == 12 + 3  # the blocks, the input, the pooling and the classifier
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    assert all(seen.contains(c.sceneBoundingRect()) for c in cards)
    assert card_lod.level(view.zoom) != card_lod.OUTLINE, "fit all leaves the blocks readable"
    block = scene.blocks.card(groups[0].id)
    assert block.text.flow == "32×32×8 → 32×32×8"
    assert block.text.classes == "Conv2D ×2 · Activation ×2 · Add"
    names = [text for kind, text, _, _ in block.lines(view.zoom) if kind == "title"]
    assert names == ["conv2_block1"]
    # Each block is one step apart from the next: the collapsed layout, not the expanded one, is on screen.
    for a in cards:
        for b in cards:
            if a is not b:
                assert not a.sceneBoundingRect().adjusted(4, 4, -4, -4).intersects(b.sceneBoundingRect())


def test_expanding_a_block_laid_out_collapsed_makes_room_for_it_in_one_undo_step(qtbot, window, tmp_path):
    path = tmp_path / "resnet_like.json"
    path.write_text(json.dumps(_resnet_like_config()))
    assert window.files._import(path)
    controller, scene, view = window.controller, window.canvas.graph, window.canvas
    group = next(iter(groups_of(controller.document)))
    before = {n.id: n.position for n in controller.document}
    block = scene.blocks.card(group.id)
    view.set_zoom(1.0)
    view.centerOn(block)
    from PySide6.QtCore import Qt

    from canvas_support import vp

    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=vp(view, block.sceneBoundingRect().center()))
    assert not groups_of(controller.document).get(group.id).collapsed
    cards = scene.shown_cards()
    assert len(cards) == 11 + 5 + 3
    for a in cards:
        for b in cards:
            if a is not b:
                assert not a.sceneBoundingRect().adjusted(6, 6, -6, -6).intersects(b.sceneBoundingRect())
    controller.undo_stack.undo()
    assert groups_of(controller.document).get(group.id).collapsed
    assert {n.id: n.position for n in controller.document} == before


def _column_of(cards, card) -> list:
    """The cards of ``card``'s column: those whose horizontal extents chain into its own (columns are apart)."""
    left, right = card.sceneBoundingRect().left(), card.sceneBoundingRect().right()
    grown = True
    while grown:
        grown = False
        for other in cards:
            box = other.sceneBoundingRect()
            if box.left() < right and box.right() > left and (box.left() < left or box.right() > right):
                left, right, grown = min(left, box.left()), max(right, box.right()), True
    return [c for c in cards if c.sceneBoundingRect().left() >= left and c.sceneBoundingRect().right() <= right]


@pytest.mark.parametrize("how", ["double-click", "chevron"])
def test_the_first_expand_makes_room_in_the_block_s_column_only_and_undoes_in_one_step(qtbot, window, tmp_path, how):
    """A block laid out collapsed, expanded by the user: its layers are laid out where its card was and the
    cards after it in its column move down to make room; the other columns stay where they were (the design is
    not laid out again, which would fold it anew), and undo puts everything back."""
    from PySide6.QtCore import QRectF, Qt

    from canvas_support import vp

    path = tmp_path / "resnet_like.json"
    path.write_text(json.dumps(_resnet_like_config()))
    assert window.files._import(path)
    controller, scene, view = window.controller, window.canvas.graph, window.canvas
    groups = list(groups_of(controller.document))
    group = groups[5]
    block = scene.blocks.card(group.id)
    cards = scene.shown_cards()
    column = _column_of(cards, block)
    assert len(column) < len(cards), "the collapsed layout is folded into columns"
    name = {c: getattr(c, "group_id", None) or c.layer_id for c in cards}
    before = {name[c]: c.pos() for c in cards}
    others = [name[c] for c in cards if c not in column]
    order = [name[c] for c in sorted(column, key=lambda c: c.pos().y()) if c is not block]
    positions = {n.id: n.position for n in controller.document}

    view.set_zoom(1.0)
    view.centerOn(block)
    if how == "double-click":
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=vp(view, block.sceneBoundingRect().center()))
    else:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton,
                         pos=vp(view, block.mapToScene(block.chevron_rect().center())))
    qtbot.wait(1)  # the moved blocks' cards follow their layers at the next turn of the event loop
    assert not groups_of(controller.document).get(group.id).collapsed
    shown = scene.shown_cards()
    assert len(shown) == len(cards) - 1 + len(group.members)
    for a in shown:
        for b in shown:
            if a is not b:
                assert not a.sceneBoundingRect().adjusted(6, 6, -6, -6).intersects(b.sceneBoundingRect())
    now = {getattr(c, "group_id", None) or c.layer_id: c.pos() for c in shown}
    assert {n: now[n] for n in others} == {n: before[n] for n in others}, "another column moved"
    assert sorted(order, key=lambda n: now[n].y()) == order, "the block's column changed its order"
    members = [scene.layer_item(m) for m in group.members]
    assert before[group.id].y() in (min(m.pos().y() for m in members), max(m.pos().y() for m in members)), \
        "the block grows from its place, down (or up, when far fewer cards are above it)"
    assert all(m.isVisible() for m in members)
    frame = scene.blocks.frames[group.id].sceneBoundingRect()
    assert all(frame.contains(m.sceneBoundingRect()) for m in members)
    header = scene.blocks.frames[group.id].header()
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    assert seen.contains(QRectF(header.left(), header.top(), 120, header.height())), "the block's header is in view"

    assert controller.undo_stack.undoText() == f"Expand {group.name}"
    controller.undo_stack.undo()
    assert groups_of(controller.document).get(group.id).collapsed
    assert {n.id: n.position for n in controller.document} == positions
    controller.undo_stack.redo()
    qtbot.wait(1)
    assert {getattr(c, "group_id", None) or c.layer_id: c.pos() for c in scene.shown_cards()} == now


@pytest.mark.keras
def test_import_of_a_keras_file_with_nested_models_shows_one_block_per_nested_model_call(qtbot, window, tmp_path):
    """A real .keras file: its Sequential feature extractor, its nested head (whose layer names share no word with
    its name) and each call of its encoder open as blocks holding exactly their layers, framed on the canvas."""
    from child_models import NESTED_BLOCKS, save_in_child

    truth = save_in_child(NESTED_BLOCKS, tmp_path)
    assert window.files._import(tmp_path / "nested.keras")
    doc, scene = window.controller.document, window.canvas.graph
    groups = {g.name: g for g in groups_of(doc)}
    assert {name: g.members for name, g in groups.items()} == {
        "sequential": tuple(truth["nested"]["sequential"]),
        "encoder": tuple(truth["nested"]["encoder"]),
        "encoder (call 2)": tuple(f"{i}__2" for i in truth["nested"]["encoder"]),
        "tower": tuple(truth["nested"]["tower"]),
        "score_head": tuple(truth["nested"]["score_head"]),
    }
    for group in groups.values():
        frame = scene.blocks.frames[group.id].sceneBoundingRect()
        assert all(frame.contains(scene.layer_item(m).sceneBoundingRect()) for m in group.members), group.name
    assert window.controller.inference.params.total == truth["params"]
