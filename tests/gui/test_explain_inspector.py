"""The inspector's "Why this shape": per-axis arithmetic, parameter sums, None, diagnoses, fix buttons, warnings."""

import shutil
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from designer.gui.inspector import InspectorPanel
from designer.gui.inspector import explanation as explanation_module
from designer.gui.theme import colors
from designer.model import Document, LayerNode, Source, edits

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


def make_panel(qtbot, controller, document=None):
    if document is not None:
        controller.replace_document(document)
    panel = InspectorPanel(controller)
    qtbot.addWidget(panel)
    panel.resize(380, 1400)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def wait_for_fixes(qtbot, why):
    """Fixes are looked for once the event loop is idle; new widgets show on the next pass."""
    qtbot.waitUntil(lambda: not why.fixes_pending and why.fix_buttons and all(b.isVisible() for b in why.fix_buttons),
                    timeout=5000)


def button(why, kind):
    return next(b for b in why.fix_buttons if b.fix.kind == kind)


def test_a_pooling_layer_shows_its_arithmetic_none_params_and_drop_warning(qtbot, controller, sample):
    panel = make_panel(qtbot, controller, sample("convmodel3"))
    controller.select(["max_pooling2d_3"])
    why = panel.why
    assert why.isVisible() and why.title.text() == "Why this shape"
    text = why.text()
    assert "(None, 7, 7, 8) → (None, 3, 3, 8)" in text
    assert "height: floor((7 − 2) / 2) + 1 = 3" in text
    assert "width: floor((7 − 2) / 2) + 1 = 3" in text
    assert "None on the batch axis: any number of samples" in text
    assert "MaxPooling2D has no weights to learn" in text
    assert "72 values × 4 bytes" in text
    assert why._mono in why.body.text()  # the arithmetic is set in the monospace font
    assert not why.diagnosis_frame.isVisible()
    warnings = why.findChildren(type(why.title), "warning_message")
    assert len(warnings) == 1
    qtbot.waitUntil(warnings[0].isVisible)
    assert "max_pooling2d_3 drops 1 row and 1 column of its 7×7 input" in warnings[0].text()
    assert colors().warning_text in warnings[0].styleSheet()
    wait_for_fixes(qtbot, why)
    fix = button(why, "padding_same")
    assert fix.isVisible() and fix.parentWidget().objectName() == "warning"
    assert "padding='same'" in fix.fix.label


def test_clicking_a_warning_fix_applies_it_as_one_undo_step(qtbot, controller, sample):
    panel = make_panel(qtbot, controller, sample("convmodel3"))
    controller.select(["max_pooling2d_3"])
    wait_for_fixes(qtbot, panel.why)
    before = dict(controller.node("max_pooling2d_3").config)
    steps = controller.undo_stack.count()
    qtbot.mouseClick(button(panel.why, "padding_same"), Qt.MouseButton.LeftButton)
    assert controller.node("max_pooling2d_3").config["padding"] == "same"
    assert controller.undo_stack.count() == steps + 1
    assert controller.result("max_pooling2d_3").output_shape == (None, 4, 4, 8)
    assert "ceil(7 / 2) = 4" in panel.why.text()
    assert panel.why.warning_messages() == []
    controller.undo_stack.undo()
    assert dict(controller.node("max_pooling2d_3").config) == before
    assert "floor((7 − 2) / 2) + 1 = 3" in panel.why.text()
    assert panel.why.warning_messages()


def test_an_invalid_layer_shows_its_diagnosis_and_the_padding_fix_makes_it_valid(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_DESIGNER_DATA_DIR", str(tmp_path / "appdata"))
    from designer.gui.app import create_window

    path = tmp_path / "convmodel3-valid.json"
    shutil.copy(ROOT / "samples" / "convmodel3-valid.json", path)
    window = create_window(str(path))
    qtbot.addWidget(window)
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    controller = window.controller
    before = dict(controller.node("conv2d_4").config)
    controller.select(["conv2d_4"])
    why = window.inspector.why
    assert why.diagnosis_frame.isVisible() and not why.body.isVisible()
    text = why.text()
    assert "(None, 2, 2, 8) → ✗" in text
    assert "height: floor((2 − 3) / 1) + 1 = 0 (no room for a single window)" in text
    assert "Negative dimension size caused by subtracting 3 from 2" in text
    assert "How the size got there: input 28×28 → conv2d_1 26×26" in text
    wait_for_fixes(qtbot, why)
    assert {b.fix.kind for b in why.fix_buttons} >= {"padding_same", "remove_layer", "change_input_size"}
    assert "It fell below what conv2d_4 needs at max_pooling2d_3" in why.text()
    card = window.canvas.graph.layer_item("conv2d_4")
    assert card.text.badge == "error"

    fix = button(why, "padding_same")
    assert fix.isVisible() and "padding='same'" in fix.label.text()
    window.inspector.stack.widget(1).ensureWidgetVisible(fix)
    steps = controller.undo_stack.count()
    qtbot.mouseClick(fix, Qt.MouseButton.LeftButton)
    assert controller.node("conv2d_4").config["padding"] == "same"
    assert controller.undo_stack.count() == steps + 1
    assert controller.result("conv2d_4").valid and controller.inference.valid
    assert card.text.state == "ok" and card.text.badge != "error"
    assert window.inspector.error_label.isHidden()
    assert "height: ceil(2 / 1) = 2" in why.text()
    assert window.problems.problem_ids() == []

    window.action_set["undo"].trigger()
    assert dict(controller.node("conv2d_4").config) == before
    assert card.text.badge == "error"
    assert window.problems.problem_ids() == ["conv2d_4"]
    assert why.diagnosis_frame.isVisible()
    wait_for_fixes(qtbot, why)
    assert "padding_same" in {b.fix.kind for b in why.fix_buttons}
    controller.undo_stack.setClean()


def test_a_blocked_layer_points_to_the_layer_to_fix(qtbot, controller, sample):
    panel = make_panel(qtbot, controller, sample("convmodel3-valid"))
    controller.select(["activation_4"])
    why = panel.why
    assert "it depends on conv2d_4, which is invalid" in why.text()
    assert why.go_to.isVisible() and "conv2d_4" in why.go_to.text()
    assert not why.fixes_pending and why.fix_buttons == []
    qtbot.mouseClick(why.go_to, Qt.MouseButton.LeftButton)
    assert controller.selection == ["conv2d_4"]
    assert panel.layer_id == "conv2d_4"


def test_parameter_sum_for_a_convolution(qtbot, controller, sample):
    panel = make_panel(qtbot, controller, sample("denoiser"))
    controller.select(["conv2d_2"])
    text = panel.why.text()
    assert "(3·3·32 + 1)·16 = 4,624" in text
    assert "903,168 MACs" in text
    assert panel.why.warning_messages() == [] and not panel.why.fixes_pending


def test_only_the_shown_layer_is_explained_and_fixes_wait_for_typing_to_pause(qtbot, controller, monkeypatch):
    from benchmarks.designs import residual_cnn

    doc = residual_cnn(800)
    panel = make_panel(qtbot, controller, doc)
    calls = []
    real = explanation_module.explain_layer
    monkeypatch.setattr(explanation_module, "explain_layer",
                        lambda d, i, layer_id, with_fixes=True, **kw: calls.append((layer_id, with_fixes))
                        or real(d, i, layer_id, with_fixes, **kw))
    controller.select(["b10_conv1"])
    assert calls == [("b10_conv1", False)]
    assert not panel.why.fixes_pending  # valid, no warning: nothing to fix
    calls.clear()
    controller.apply(edits.set_argument(controller.document, "b10_conv1", "padding", "valid"))
    controller.apply(edits.set_argument(controller.document, "b10_conv1", "kernel_size", [80, 80]))
    assert calls == [("b10_conv1", False), ("b10_conv1", False)]
    assert panel.why.fixes_pending and panel.why.fix_buttons == []
    assert "floor((64 − 80) / 1) + 1" in panel.why.text()
    wait_for_fixes(qtbot, panel.why)
    assert calls[-1] == ("b10_conv1", True) and len(calls) == 3
    assert "padding_same" in {b.fix.kind for b in panel.why.fix_buttons}


def test_an_unrelated_edit_drops_stale_fix_buttons_until_found_again(qtbot, controller, sample):
    panel = make_panel(qtbot, controller, sample("convmodel3-valid"))
    controller.select(["conv2d_4"])
    wait_for_fixes(qtbot, panel.why)
    old = list(panel.why.fix_buttons)
    controller.apply(edits.set_argument(controller.document, "conv2d_1", "filters", 16))
    assert panel.why.fix_buttons == [] and panel.why.fixes_pending
    wait_for_fixes(qtbot, panel.why)
    assert all(b not in old for b in panel.why.fix_buttons)
    assert all(b.fix.edit for b in panel.why.fix_buttons)


def test_a_hidden_inspector_catches_up_when_shown(qtbot, controller, sample, monkeypatch):
    panel = make_panel(qtbot, controller, sample("denoiser"))
    controller.select(["conv2d_1"])
    panel.hide()
    calls = []
    real = explanation_module.explain_layer
    monkeypatch.setattr(explanation_module, "explain_layer",
                        lambda *a, **k: calls.append(a[2]) or real(*a, **k))
    controller.select(["conv2d_2"])
    controller.apply(edits.set_argument(controller.document, "conv2d_2", "filters", 8))
    assert calls == []
    panel.show()
    qtbot.waitExposed(panel)
    assert calls == ["conv2d_2"]
    assert "(3·3·32 + 1)·8 = 2,312" in panel.why.text()


def test_dense_on_a_feature_map_warning_offers_a_flatten(qtbot, controller):
    doc = Document("dense_map", [
        LayerNode("input", "InputLayer", {"shape": [8, 8, 3]}),
        LayerNode("conv", "Conv2D", {"filters": 4, "kernel_size": 3, "padding": "same"}, (Source("input"),)),
        LayerNode("head", "Dense", {"units": 10}, (Source("conv"),)),
    ])
    panel = make_panel(qtbot, controller, doc)
    controller.select(["head"])
    assert any("unflattened feature map" in m for m in panel.why.warning_messages())
    wait_for_fixes(qtbot, panel.why)
    qtbot.mouseClick(button(panel.why, "insert_flatten"), Qt.MouseButton.LeftButton)
    assert controller.result("head").output_shape == (None, 10)
    assert panel.why.warning_messages() == []
    controller.undo_stack.undo()
    assert controller.result("head").output_shape == (None, 8, 8, 10)


def test_render_why_this_shape(qtbot, controller, sample, tmp_path):
    panel = make_panel(qtbot, controller, sample("convmodel3-valid"))
    controller.select(["conv2d_4"])
    wait_for_fixes(qtbot, panel.why)
    panel.stack.widget(1).ensureWidgetVisible(panel.why.title)
    assert panel.grab().save(str(tmp_path / "why_invalid.png"))
    controller.select(["max_pooling2d_3"])
    wait_for_fixes(qtbot, panel.why)
    assert panel.grab().save(str(tmp_path / "why_warning.png"))


def test_render_main_window_with_conv2d_4_selected(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_DESIGNER_DATA_DIR", str(tmp_path / "appdata"))
    from designer.gui.app import create_window, save_screenshot

    path = tmp_path / "convmodel3-valid.json"
    shutil.copy(ROOT / "samples" / "convmodel3-valid.json", path)
    window = create_window(str(path))
    qtbot.addWidget(window)
    save_screenshot(window, str(tmp_path / "window.png"))  # selects the first invalid layer: conv2d_4
    assert window.controller.selection == ["conv2d_4"]
    why = window.inspector.why
    wait_for_fixes(qtbot, why)
    window.inspector.stack.widget(1).ensureWidgetVisible(why.title)
    window.canvas.center_on("conv2d_4")
    image = window.grab().toImage()
    assert image.width() == 1400 and image.height() == 900
    assert image.save(str(tmp_path / "window_why.png"))
