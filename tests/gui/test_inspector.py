"""The inspector: a form per catalog entry, edits through the controller (one undo step), refusals shown."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from designer.gui.inspector import InspectorPanel
from designer.layers import all_specs, get_spec
from designer.model import Document, LayerNode, Source, edits

pytestmark = pytest.mark.gui


@pytest.fixture
def panel(qtbot, controller, sample):
    controller.replace_document(sample("convmodel3-valid"))
    widget = InspectorPanel(controller)
    qtbot.addWidget(widget)
    widget.resize(380, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def config(controller, layer_id):
    return dict(controller.node(layer_id).config)


def select_all_and_type(qtbot, widget, text, enter=True):
    """Select the field's text, type ``text`` and press Enter (which commits it)."""
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(widget, text)
    if enter:
        qtbot.keyClick(widget, Qt.Key.Key_Return)


def pick_in_combo(qtbot, combo, text):
    """Open the combo's popup with a click and click the entry, as a user would."""
    qtbot.mouseClick(combo, Qt.MouseButton.LeftButton)
    view = combo.view()
    qtbot.waitUntil(view.isVisible, timeout=1000)
    index = next(combo.model().index(i, 0) for i in range(combo.count()) if combo.itemText(i).startswith(text))
    view.scrollTo(index)
    qtbot.wait(QApplication.doubleClickInterval() + 50)  # the popup ignores a release that quick
    rect = view.visualRect(index)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.waitUntil(lambda: not view.isVisible(), timeout=1000)


# Showing ------------------------------------------------------------------

def test_hint_when_nothing_or_several_layers_are_selected(panel, controller):
    assert panel.stack.currentIndex() == 0
    assert "No layer selected" in panel.hint.text()
    controller.select(["conv2d_1", "conv2d_2"])
    assert panel.stack.currentIndex() == 0
    assert "2 layers selected" in panel.hint.text()
    controller.select(["conv2d_1"])
    assert panel.stack.currentIndex() == 1


def test_selecting_a_conv2d_shows_its_header_shapes_and_form(panel, controller):
    controller.select(["conv2d_2"])
    assert panel.name_edit.text() == "conv2d_2"
    assert "Conv2D" in panel.class_label.text()
    assert panel.doc_label.text() == get_spec("Conv2D").doc
    assert "(None, 13, 13, 32)" in panel.inputs_label.text() and "max_pooling2d_1" in panel.inputs_label.text()
    assert "(None, 11, 11, 16)" in panel.output_label.text()
    assert panel.params_label.text() == "4,624"
    assert panel.error_label.isHidden()
    form = panel.form
    names = list(form.rows)
    assert names[:4] == ["filters", "kernel_size", "strides", "padding"]
    assert "kernel_initializer" in form.more_rows and "filters" not in form.more_rows
    assert "name" not in form.rows
    assert form.row("filters").editor.spin.value() == 16
    assert [s.value() for s in form.row("kernel_size").editor.spins] == [3, 3]
    assert form.row("padding").editor.combo.currentData() == "valid"
    assert form.row("padding").reset.isVisible() and not form.row("padding").default_tag.isVisible()
    assert form.row("strides").default_tag.isVisible() and not form.row("strides").reset.isVisible()
    assert not form.row("kernel_initializer").editor.isVisible()
    form.more_button.click()
    assert form.row("kernel_initializer").editor.isVisible()
    assert form.row("kernel_initializer").editor.combo.currentText() == "glorot_uniform"


def test_an_invalid_layer_shows_its_error_in_red(panel, controller):
    controller.select(["conv2d_4"])
    assert panel.output_label.text() == "<b>?</b>"
    assert panel.error_label.isVisible()
    assert "does not fit the 2×2 input" in panel.error_label.text()
    controller.select(["conv2d_5"])
    assert "depends on conv2d_4" in panel.error_label.text()


# Editing ------------------------------------------------------------------

def test_changing_padding_with_the_combo_edits_the_document_and_the_shape_shown(qtbot, panel, controller):
    controller.select(["conv2d_4"])
    combo = panel.form.row("padding").editor.combo
    count = controller.undo_stack.count()
    pick_in_combo(qtbot, combo, "same")
    assert config(controller, "conv2d_4")["padding"] == "same"
    assert controller.undo_stack.count() == count + 1
    assert "(None, 2, 2, 16)" in panel.output_label.text()
    assert panel.error_label.isHidden()
    controller.undo_stack.undo()
    assert config(controller, "conv2d_4")["padding"] == "valid"
    assert combo.currentData() == "valid"
    assert "does not fit" in panel.error_label.text()
    controller.undo_stack.redo()
    assert combo.currentData() == "same"
    assert "(None, 2, 2, 16)" in panel.output_label.text()


def test_the_combo_also_follows_the_keyboard(qtbot, panel, controller):
    controller.select(["conv2d_4"])
    combo = panel.form.row("padding").editor.combo
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert config(controller, "conv2d_4")["padding"] == "same"


def test_typing_in_a_spin_box_is_one_undo_step_and_keeps_the_focus(qtbot, panel, controller):
    controller.select(["conv2d_2"])
    form = panel.form
    spin = form.row("filters").editor.spin
    count = controller.undo_stack.count()
    select_all_and_type(qtbot, spin, "128")
    assert config(controller, "conv2d_2")["filters"] == 128
    assert controller.undo_stack.count() == count + 1
    assert panel.form is form and spin.hasFocus() and spin.text() == "128"
    assert "(None, 11, 11, 128)" in panel.output_label.text()
    assert panel.params_label.text() == f"{3 * 3 * 32 * 128 + 128:,}"
    controller.undo_stack.undo()
    assert config(controller, "conv2d_2")["filters"] == 16
    assert spin.value() == 16


def test_an_out_of_range_value_is_refused_with_a_message(qtbot, panel, controller):
    controller.select(["conv2d_2"])
    row = panel.form.row("filters")
    count = controller.undo_stack.count()
    select_all_and_type(qtbot, row.editor.spin, "0")
    assert config(controller, "conv2d_2")["filters"] == 16
    assert controller.undo_stack.count() == count
    assert row.message.isVisible()
    assert "at least 1" in row.message.text() and "not applied" in row.message.text()
    select_all_and_type(qtbot, row.editor.spin, "8")
    assert config(controller, "conv2d_2")["filters"] == 8
    assert not row.message.isVisible()


def test_a_tuple_axis_out_of_range_is_refused(qtbot, panel, controller):
    controller.select(["conv2d_2"])
    row = panel.form.row("strides")
    select_all_and_type(qtbot, row.editor.spins[1], "0")
    assert "strides" not in config(controller, "conv2d_2")
    assert "at least 1" in row.message.text()
    select_all_and_type(qtbot, row.editor.spins[1], "2")
    assert config(controller, "conv2d_2")["strides"] == [1, 2]
    assert "(None, 11, 6, 16)" in panel.output_label.text()


def test_a_float_out_of_range_is_refused(qtbot, controller):
    doc = Document("d", [LayerNode("input", "InputLayer", {"shape": [8]}),
                         LayerNode("drop", "Dropout", {"rate": 0.5}, (Source("input"),))])
    controller.replace_document(doc)
    panel = InspectorPanel(controller)
    qtbot.addWidget(panel)
    panel.show()
    controller.select(["drop"])
    row = panel.form.row("rate")
    select_all_and_type(qtbot, row.editor.spin, "1.5")
    assert config(controller, "drop")["rate"] == 0.5
    assert "at most 1" in row.message.text()
    select_all_and_type(qtbot, row.editor.spin, "0.25")
    assert config(controller, "drop")["rate"] == 0.25


def test_unreadable_text_is_refused(qtbot, panel, controller):
    controller.select(["input"])
    row = panel.form.row("shape")
    edit = row.editor.edit
    assert edit.text() == "28, 28, 1"
    select_all_and_type(qtbot, edit, "28, x, 1")
    assert config(controller, "input")["shape"] == [28, 28, 1]
    assert "not a whole number" in row.message.text()
    select_all_and_type(qtbot, edit, "32, 32, 3")
    assert config(controller, "input")["shape"] == [32, 32, 3]
    assert "(None, 32, 32, 3)" in panel.output_label.text()


def test_reset_removes_the_argument_and_undo_restores_it(qtbot, panel, controller):
    controller.select(["conv2d_4"])
    row = panel.form.row("padding")
    qtbot.mouseClick(row.reset, Qt.MouseButton.LeftButton)
    assert "padding" not in config(controller, "conv2d_4")
    assert row.default_tag.isVisible() and not row.reset.isVisible()
    assert row.editor.combo.currentData() == "valid"
    assert row.editor.combo.currentText() == "valid (default)"
    controller.undo_stack.undo()
    assert config(controller, "conv2d_4")["padding"] == "valid"
    assert row.reset.isVisible()


def test_choosing_the_default_of_an_unset_argument_adds_no_undo_step(qtbot, panel, controller):
    controller.select(["conv2d_2"])
    panel.form.set_expanded(True)
    combo = panel.form.row("bias_initializer").editor.combo
    count = controller.undo_stack.count()
    combo.lineEdit().setFocus()
    panel.name_edit.setFocus()  # focus leaves the field: editingFinished with the shown default
    assert controller.undo_stack.count() == count
    assert "bias_initializer" not in config(controller, "conv2d_2")
    assert combo.currentText() == "zeros"


def test_activation_by_name_and_unknown_names_refused(qtbot, panel, controller):
    controller.select(["conv2d_2"])
    edit = panel.form.row("activation").editor.combo.lineEdit()
    select_all_and_type(qtbot, edit, "gelu")
    assert config(controller, "conv2d_2")["activation"] == "gelu"
    select_all_and_type(qtbot, edit, "rleu")
    assert config(controller, "conv2d_2")["activation"] == "gelu"
    assert "unknown activation" in panel.form.row("activation").message.text()


def test_bool_check_box_edits_and_changes_params(qtbot, panel, controller):
    controller.select(["conv2d_2"])
    box = panel.form.row("use_bias").editor.box
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton)
    assert config(controller, "conv2d_2")["use_bias"] is False
    assert panel.params_label.text() == f"{3 * 3 * 32 * 16:,}"


def test_renaming_the_layer(qtbot, panel, controller):
    controller.select(["conv2d_2"])
    select_all_and_type(qtbot, panel.name_edit, "features")
    assert controller.node("conv2d_2").name == "features"
    select_all_and_type(qtbot, panel.name_edit, "a/b")
    assert controller.node("conv2d_2").name == "features"
    assert "cannot contain '/'" in panel.name_message.text()
    controller.undo_stack.undo()
    assert panel.name_edit.text() == "conv2d_2"


def test_form_follows_edits_made_elsewhere(panel, controller):
    controller.select(["conv2d_2"])
    form = panel.form
    controller.apply(edits.set_argument(controller.document, "conv2d_2", "kernel_size", [5, 1]))
    assert panel.form is form
    assert [s.value() for s in form.row("kernel_size").editor.spins] == [5, 1]
    assert "(None, 9, 13, 16)" in panel.output_label.text()
    controller.undo_stack.undo()
    assert [s.value() for s in form.row("kernel_size").editor.spins] == [3, 3]


def test_deleting_the_shown_layer_shows_the_layer_before_it(panel, controller):
    """The selection moves to the deleted layer's input (so the next append connects there); so does the panel."""
    source = controller.document.layer("conv2d_6").inbound[0].layer
    controller.select(["conv2d_6"])
    controller.apply(edits.remove_layers(controller.document, ["conv2d_6"]))
    assert controller.selection == [source]
    assert panel.stack.currentIndex() == 1 and panel.layer_id == source
    controller.select([])
    assert panel.stack.currentIndex() == 0


def test_a_required_argument_left_empty_is_flagged(qtbot, controller):
    doc = Document("d", [LayerNode("input", "InputLayer", {"shape": [8, 8, 1]}),
                         LayerNode("conv", "Conv2D", {}, (Source("input"),))])
    controller.replace_document(doc)
    panel = InspectorPanel(controller)
    qtbot.addWidget(panel)
    panel.show()
    controller.select(["conv"])
    row = panel.form.row("kernel_size")
    assert "Required" in row.message.text()
    assert all(s.text() == "" for s in row.editor.spins)
    select_all_and_type(qtbot, row.editor.spins[0], "3")
    assert config(controller, "conv")["kernel_size"] == [3, 3]
    select_all_and_type(qtbot, panel.form.row("filters").editor.spin, "4")
    assert "(None, 6, 6, 4)" in panel.output_label.text()


def test_unknown_argument_is_shown_and_removable(qtbot, controller):
    doc = Document("d", [LayerNode("input", "InputLayer", {"shape": [8]}),
                         LayerNode("dense", "Dense", {"units": 4, "unit": 3}, (Source("input"),))])
    controller.replace_document(doc)
    panel = InspectorPanel(controller)
    qtbot.addWidget(panel)
    panel.show()
    controller.select(["dense"])
    row = panel.form.row("unit")
    assert "has no argument `unit`" in row.message.text()
    qtbot.mouseClick(row.reset, Qt.MouseButton.LeftButton)
    assert "unit" not in config(controller, "dense")
    assert "unit" not in panel.form.rows
    assert "(None, 4)" in panel.output_label.text()


def test_nested_layer_of_a_wrapper_is_edited_in_a_sub_form(qtbot, controller):
    doc = Document("d", [
        LayerNode("input", "InputLayer", {"shape": [10, 8]}),
        LayerNode("bi", "Bidirectional", {"layer": {"class_name": "LSTM", "config": {"units": 4}}},
                  (Source("input"),)),
    ])
    controller.replace_document(doc)
    panel = InspectorPanel(controller)
    qtbot.addWidget(panel)
    panel.show()
    controller.select(["bi"])
    assert "(None, 8)" in panel.output_label.text()
    editor = panel.form.row("layer").editor
    assert editor.combo.currentData() == "LSTM"
    select_all_and_type(qtbot, editor.form.row("units").editor.spin, "6")
    assert config(controller, "bi")["layer"] == {"class_name": "LSTM", "config": {"units": 6}}
    assert "(None, 12)" in panel.output_label.text()
    pick_in_combo(qtbot, editor.combo, "GRU")
    assert config(controller, "bi")["layer"] == {"class_name": "GRU", "config": {"units": 6}}
    controller.undo_stack.undo()
    assert editor.combo.currentData() == "LSTM"


@pytest.mark.parametrize("spec", all_specs(), ids=lambda s: s.class_name)
def test_every_catalog_entry_gets_a_form(qtbot, controller, spec):
    doc = Document("d", [LayerNode("input", "InputLayer", {"shape": [8, 8, 3]}),
                         LayerNode("x", spec.class_name, {}, (Source("input"),) if not spec.is_input else ())])
    controller.replace_document(doc)
    panel = InspectorPanel(controller)
    qtbot.addWidget(panel)
    controller.select(["x"])
    shown = set(panel.form.rows)
    assert shown == {a.name for a in spec.args} - {"name"}


def test_render_inspector(qtbot, controller, sample, tmp_path):
    controller.replace_document(sample("unet"))
    panel = InspectorPanel(controller)
    qtbot.addWidget(panel)
    panel.resize(380, 760)
    panel.show()
    controller.select(["merge9"])
    QApplication.processEvents()
    assert panel.grab().save(str(tmp_path / "inspector_merge.png"))
    controller.select(["conv9_3"])
    QApplication.processEvents()
    assert panel.grab().save(str(tmp_path / "inspector_conv.png"))


def test_the_wheel_over_an_unfocused_field_scrolls_instead_of_editing(qtbot, panel, controller):
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent

    controller.select(["conv2d_2"])
    spin = panel.form.row("filters").editor.spin
    panel.name_edit.setFocus()
    center = QPointF(spin.rect().center())
    event = QWheelEvent(center, QPointF(spin.mapToGlobal(spin.rect().center())), QPoint(0, 0), QPoint(0, 120),
                        Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(spin, event)
    assert config(controller, "conv2d_2")["filters"] == 16
    spin.setFocus()
    QApplication.sendEvent(spin, event)
    assert config(controller, "conv2d_2")["filters"] == 17


def test_a_name_being_typed_survives_an_unrelated_edit_of_the_layer(qtbot, panel, controller):
    controller.select(["conv2d_2"])
    panel.name_edit.setFocus()
    qtbot.keyClicks(panel.name_edit, "_x")
    controller.apply(edits.move_layers(controller.document, {"conv2d_2": (5.0, 5.0)}))
    assert panel.name_edit.text() == "conv2d_2_x"
    qtbot.keyClick(panel.name_edit, Qt.Key.Key_Return)
    assert controller.node("conv2d_2").name == "conv2d_2_x"
