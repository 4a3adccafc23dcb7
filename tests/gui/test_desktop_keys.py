"""Keys do what they say where the focus is; the selection survives undo and delete (issue 14)."""

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from canvas_support import app_window, close_window


pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    win = app_window(qtbot, monkeypatch, tmp_path / "appdata", path=ROOT / "samples" / "denoiser.json")
    yield win
    close_window(win)


def focus(qtbot, widget):
    widget.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=2000)


def double_click_palette(qtbot, window, class_name):
    tree = window.palette_panel.tree
    item = window.palette_panel.item(class_name)
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_delete_in_the_inspector_padding_combo_does_not_delete_the_layer(window, qtbot):
    window.controller.select(["conv2d_6"])
    combo = window.inspector.form.row("padding").editor.combo
    focus(qtbot, combo)
    qtbot.keyClick(combo, Qt.Key.Key_Delete)
    assert "conv2d_6" in window.controller.document
    assert window.controller.undo_stack.count() == 0


def test_delete_on_the_canvas_still_deletes(window, qtbot):
    window.controller.select(["conv2d_6"])
    focus(qtbot, window.canvas)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)
    assert "conv2d_6" not in window.controller.document


def test_ctrl_z_in_the_palette_filter_undoes_the_layer_it_added(window, qtbot):
    """Type "dropout", Enter adds it; Ctrl+Z with the focus still in the filter takes the Dropout back."""
    controller = window.controller
    controller.select(["conv2d_6"])
    line = window.palette_panel.filter
    focus(qtbot, line)
    qtbot.keyClicks(line, "dropout")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    added = controller.selection[0]
    assert controller.document.layer(added).class_name == "Dropout"
    qtbot.keyClick(line, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert added not in controller.document
    qtbot.keyClick(line, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert added in controller.document


def test_undo_of_an_append_selects_the_layer_it_was_appended_to(window, qtbot):
    """Double-click Dense twice with an undo between: both times Dense is connected to the selected layer."""
    controller = window.controller
    controller.select(["conv2d_6"])
    double_click_palette(qtbot, window, "Dropout")
    first = controller.selection[0]
    assert controller.document.layer(first).inbound[0].layer == "conv2d_6"
    window.action_set["undo"].trigger()
    assert controller.selection == ["conv2d_6"]
    double_click_palette(qtbot, window, "Dropout")
    again = controller.selection[0]
    assert [s.layer for s in controller.document.layer(again).inbound] == ["conv2d_6"]


def test_delete_selects_the_layer_before_so_the_next_append_connects(window, qtbot):
    controller = window.controller
    source = controller.document.layer("conv2d_6").inbound[0].layer
    controller.select(["conv2d_6"])
    focus(qtbot, window.canvas)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Delete)
    assert controller.selection == [source]
    double_click_palette(qtbot, window, "Dropout")
    assert [s.layer for s in controller.document.layer(controller.selection[0]).inbound] == [source]


def test_quick_add_on_a_mid_chain_layer_inserts_into_the_chain(window, qtbot):
    controller = window.controller
    doc = controller.document
    consumer = doc.consumers("conv2d_1")
    assert len(consumer) == 1
    controller.select(["conv2d_1"])
    focus(qtbot, window.canvas)
    qtbot.keyClick(window.canvas, Qt.Key.Key_Tab)
    popup = window.canvas.quick_add
    qtbot.waitUntil(popup.isVisible, timeout=2000)
    qtbot.keyClicks(popup.filter, "Dropout")
    qtbot.keyClick(popup.filter, Qt.Key.Key_Return)
    new_id = controller.selection[0]
    assert doc.layer(new_id).class_name == "Dropout"
    assert [s.layer for s in doc.layer(new_id).inbound] == ["conv2d_1"]
    assert doc.consumers("conv2d_1") == [new_id]
    assert [s.layer for s in doc.layer(consumer[0]).inbound] == [new_id]
    window.action_set["undo"].trigger()
    assert doc.consumers("conv2d_1") == consumer


def test_palette_filter_enter_adds_the_best_name_match(window, qtbot):
    controller = window.controller
    controller.select(["conv2d_6"])
    line = window.palette_panel.filter
    focus(qtbot, line)
    qtbot.keyClicks(line, "upsamp")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    added = controller.document.layer(controller.selection[0])
    assert added.class_name.startswith("UpSampling")
