"""Zoomed out, the cards of a block read by their own part of the name, and every card writes its shape the same
way (seen under Xvfb on an imported tutorial model: the three layers of its data_augmentation block all read
"data_augmentation_ra…", and "(None, 7, 7, 8)" stood beside "28×28×32")."""

from __future__ import annotations

import pytest

from canvas_support import app_window, close_window

from designer.gui.canvas import card_lod
from designer.model import Document, LayerNode, Source
from designer.model.groups import group_layers

pytestmark = pytest.mark.gui

AUGMENT = ["data_augmentation_random_flip", "data_augmentation_random_rotation", "data_augmentation_random_zoom"]


def tutorial_model() -> Document:
    layers = [LayerNode("input", "InputLayer", {"shape": [180, 180, 3]})]
    configs = [("RandomFlip", {}), ("RandomRotation", {"factor": 0.1}), ("RandomZoom", {"height_factor": 0.1})]
    for name, (class_name, config) in zip(AUGMENT, configs):
        layers.append(LayerNode(name, class_name, config, (Source(layers[-1].id),)))
    previous = layers[-1].id
    for i in range(6):
        layers.append(LayerNode(f"conv2d_{i}", "Conv2D", {"filters": 16, "kernel_size": 3, "padding": "same"},
                                (Source(previous),)))
        layers.append(LayerNode(f"max_pooling2d_{i}", "MaxPooling2D", {}, (Source(layers[-1].id),)))
        previous = layers[-1].id
    return Document("flowers", layers)


def test_cards_in_a_block_read_by_their_own_name_and_shapes_share_one_notation(qtbot, tmp_path, monkeypatch):
    win = app_window(qtbot, monkeypatch, tmp_path, tutorial_model())
    try:
        controller, view = win.controller, win.canvas
        edit, _ = group_layers(controller.document, AUGMENT, "data_augmentation")
        controller.apply(edit)
        win.action_set["layout"].trigger()
        view.fit_all()
        assert card_lod.level(view.zoom) != card_lod.FULL, "the design must be zoomed out for this test"
        titles = {item.layer_id: "".join(text for kind, text, _, _ in item.scaled_lines(view.zoom) if kind == "title")
                  for item in view.graph.layer_items()}
        assert [titles[i] for i in AUGMENT] == ["…random_flip", "…random_rotation", "…random_zoom"]
        assert titles["conv2d_0"] == "conv2d_0" and titles["input"] == "input"
        brief = next(z / 100 for z in range(100, 10, -1) if card_lod.level(z / 100) == card_lod.BRIEF)
        shapes = [text for item in view.graph.layer_items() for kind, text, _, _ in item.scaled_lines(brief)
                  if kind == "mono"]
        assert shapes and not any(s.startswith("(") for s in shapes), shapes
        assert "180×180×3" in shapes and "5×5×16" in shapes
    finally:
        close_window(win)


def test_within_block_keeps_names_that_do_not_start_with_the_block():
    assert card_lod.within_block("conv2_block1_1_conv", "conv2_block1") == "…1_conv"
    assert card_lod.within_block("encoder/dense", "encoder") == "…dense"
    assert card_lod.within_block("conv2_block10_1_conv", "conv2_block1") == "conv2_block10_1_conv"
    assert card_lod.within_block("encoder", "encoder") == "encoder"
    assert card_lod.within_block("proj", "score_head") == "proj"
