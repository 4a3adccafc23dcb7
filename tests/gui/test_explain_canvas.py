"""Warnings on the canvas: an amber badge and amber tooltip lines, distinct from the red error badge; the fast path."""

import pytest
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

from canvas_support import make_view

from designer.engine import ShapeEngine
from designer.engine.explain import warnings_for_design
from designer.engine.explain.warnings import detect_warnings
from designer.gui.canvas import layer_item, style
from designer.model import Document, LayerNode, Source
from designer.model.edits import add_layer, set_argument

pytestmark = pytest.mark.gui


def badge_pixel(view, layer_id: str) -> QColor:
    """The colour drawn in the card's badge (left of its "!"), as the view shows it."""
    item = view.graph.layer_item(layer_id)
    view.centerOn(item)
    centre = item.mapToScene(QPointF(layer_item.RIGHT - 9, 22))  # inside the circle or triangle, beside the "!"
    image = view.viewport().grab().toImage()
    return image.pixelColor(view.mapFromScene(centre) + view.viewport().rect().topLeft())


def close(a: QColor, b: QColor, tolerance: int = 40) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3]))


def test_cards_with_a_warning_get_an_amber_badge_and_amber_tooltip(qtbot, controller, sample):
    view = make_view(qtbot, controller, sample("convmodel3-valid"))
    graph = view.graph
    pool = graph.layer_item("max_pooling2d_3")
    assert pool.text.state == "ok" and pool.text.badge == "warning"
    message = warnings_for_design(controller.document, controller.inference)["max_pooling2d_3"][0].message
    assert pool.text.warnings == (message,)
    tip = pool.toolTip()
    assert f"color:{style.WARNING_TEXT}" in tip and "⚠ max_pooling2d_3 drops 1 row and 1 column" in tip
    assert "Output shape: (None, 1, 1, 8)" in tip
    assert graph.layer_item("max_pooling2d_2").text.badge == "warning"
    assert graph.layer_item("conv2d_4").text.badge == "error"
    assert graph.layer_item("conv2d_1").text.badge is None
    assert graph.layer_item("activation_4").text.badge is None  # blocked: grey, no badge
    assert close(badge_pixel(view, "max_pooling2d_3"), style.color(style.WARNING))
    assert close(badge_pixel(view, "conv2d_4"), style.color(style.ERROR))
    assert not close(badge_pixel(view, "conv2d_1"), style.color(style.WARNING))


def test_the_badge_follows_an_edit_and_its_undo(qtbot, controller, sample):
    view = make_view(qtbot, controller, sample("convmodel3"))
    pool = view.graph.layer_item("max_pooling2d_3")
    assert pool.text.badge == "warning"
    assert controller.apply(set_argument(controller.document, "max_pooling2d_3", "padding", "same"))
    assert pool.text.badge is None and "⚠" not in pool.toolTip()
    controller.undo_stack.undo()
    assert pool.text.badge == "warning"
    controller.undo_stack.redo()
    assert pool.text.badge is None


def test_a_warning_that_depends_on_later_layers_updates_an_unchanged_card(qtbot, controller):
    """The Dense's own result does not change when a Reshape is added after it, but its warning goes."""
    doc = Document("dense_map", [
        LayerNode("input", "InputLayer", {"shape": [8, 8, 3]}, (), (0.0, 0.0)),
        LayerNode("conv", "Conv2D", {"filters": 4, "kernel_size": 3, "padding": "same"}, (Source("input"),),
                  (0.0, 130.0)),
        LayerNode("dense", "Dense", {"units": 10}, (Source("conv"),), (0.0, 260.0)),
    ])
    view = make_view(qtbot, controller, doc)
    dense = view.graph.layer_item("dense")
    assert dense.text.badge == "warning"
    result = controller.result("dense")
    edit, _ = add_layer(controller.document, "Reshape", {"target_shape": [640]}, inbound=[Source("dense")],
                        position=(0.0, 390.0))
    assert controller.apply(edit)
    assert controller.result("dense") == result
    assert dense.text.badge is None
    controller.undo_stack.undo()
    assert dense.text.badge == "warning"


def test_warnings_for_design_is_the_engines_warnings_by_layer(sample):
    for stem in ("convmodel3", "convmodel3-valid", "unet", "denoiser"):
        doc = sample(stem)
        inference = ShapeEngine().infer(doc)
        grouped = {}
        for w in detect_warnings(doc, inference):
            grouped.setdefault(w.layer_id, []).append(w)
        found = warnings_for_design(doc, inference)
        assert found == {k: tuple(v) for k, v in grouped.items()}
        assert warnings_for_design(doc, inference) is found  # kept for the same pair


def test_warnings_for_design_is_empty_while_the_document_is_ahead_of_its_inference(sample):
    doc = sample("convmodel3")
    inference = ShapeEngine().infer(doc)
    add_layer(doc, "Flatten", inbound=[Source("conv2d_3")])[0].apply(doc)
    assert warnings_for_design(doc, inference) == {}


def dense_chain(n: int) -> Document:
    nodes = [LayerNode("input", "InputLayer", {"shape": [8, 8, 4]})]
    for i in range(n):
        nodes.append(LayerNode(f"d{i}", "Dense", {"units": 4}, (Source(nodes[-1].id),)))
    return Document("dense_chain", nodes)


def test_warnings_on_800_layers():
    """Their speed is measured by benchmarks/panels_bench.py."""
    from benchmarks.designs import residual_cnn

    for doc in (residual_cnn(800), dense_chain(800)):
        engine = ShapeEngine()
        inference = engine.infer(doc)
        fresh = engine.infer(doc)
    assert len(warnings_for_design(doc, fresh)) == 800  # every Dense of the chain acts on a feature map
    assert inference.valid
