"""The summary table: Keras's columns, totals, red rows, selection shared with the canvas, fast updates."""

import pytest
from PySide6.QtCore import Qt

from designer.engine.summary import shape_text
from designer.gui.summary_panel import HEADERS, SummaryPanel, blocked_brush, error_brush
from designer.model import Document, LayerNode, Source, edits

pytestmark = pytest.mark.gui


@pytest.fixture
def panel(qtbot, controller, sample):
    controller.replace_document(sample("convmodel3-valid"))
    widget = SummaryPanel(controller)
    qtbot.addWidget(widget)
    widget.resize(900, 520)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def cell(panel, layer_id, column, role=Qt.ItemDataRole.DisplayRole):
    model = panel.model
    return model.data(model.index(model.row_of(layer_id), column), role)


def test_columns_rows_and_totals_are_keras_summary(panel, controller):
    model = panel.model
    assert [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())] == list(HEADERS)
    assert model.rowCount() == len(controller.document)
    assert cell(panel, "conv2d_1", 0) == "conv2d_1 (Conv2D)"
    assert cell(panel, "conv2d_1", 1) == "(None, 26, 26, 32)"
    assert cell(panel, "conv2d_1", 2) == "320"
    assert cell(panel, "conv2d_1", 3) == "input[0][0]"
    assert cell(panel, "input", 3) == "-"
    text = panel.totals.text()
    assert "6,104" in text and "Trainable" in text and "Non-trainable" in text
    assert "1 invalid layer · 6 without a shape" in text


def test_invalid_rows_are_tinted_and_explain_themselves(panel):
    assert cell(panel, "conv2d_4", 0, Qt.ItemDataRole.BackgroundRole) == error_brush()
    assert cell(panel, "conv2d_5", 0, Qt.ItemDataRole.BackgroundRole) == blocked_brush()
    assert cell(panel, "conv2d_3", 0, Qt.ItemDataRole.BackgroundRole) is None
    assert "does not fit" in cell(panel, "conv2d_4", 1, Qt.ItemDataRole.ToolTipRole)
    assert cell(panel, "conv2d_4", 1) == "?"


def test_rows_update_in_place_after_an_edit(qtbot, panel, controller):
    with qtbot.assertNotEmitted(panel.model.modelReset):
        controller.apply(edits.set_argument(controller.document, "conv2d_4", "padding", "same"))
    assert cell(panel, "conv2d_4", 1) == "(None, 2, 2, 16)"
    assert cell(panel, "conv2d_4", 0, Qt.ItemDataRole.BackgroundRole) is None
    assert cell(panel, "conv2d_6", 1) == shape_text(controller.result("conv2d_6")) != "?"
    assert "invalid" not in panel.totals.text()
    controller.undo_stack.undo()
    assert cell(panel, "conv2d_4", 1) == "?"


def test_adding_a_layer_adds_a_row(panel, controller):
    edit, new_id = edits.add_layer(controller.document, "Flatten", inbound=[Source("conv2d_3")])
    controller.apply(edit)
    assert panel.model.row_of(new_id) is not None
    assert cell(panel, new_id, 1) == "(None, 72)"


def test_selecting_in_the_controller_selects_the_rows(panel, controller):
    controller.select(["conv2d_2", "conv2d_3"])
    assert panel.selected_ids() == ["conv2d_2", "conv2d_3"]
    controller.select([])
    assert panel.selected_ids() == []


def test_clicking_a_row_selects_the_layer(qtbot, panel, controller):
    table = panel.table
    rect = table.visualRect(panel.model.index(panel.model.row_of("max_pooling2d_2"), 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert controller.selection == ["max_pooling2d_2"]
    rect = table.visualRect(panel.model.index(panel.model.row_of("conv2d_1"), 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.ControlModifier,
                     pos=rect.center())
    assert sorted(controller.selection) == ["conv2d_1", "max_pooling2d_2"]


def test_selection_survives_a_row_reset(panel, controller):
    controller.select(["conv2d_2"])
    edit, _ = edits.add_layer(controller.document, "Flatten", inbound=[Source("conv2d_3")])
    controller.apply(edit)
    assert panel.selected_ids() == ["conv2d_2"]


def chain(n: int) -> Document:
    nodes = [LayerNode("input", "InputLayer", {"shape": [32, 32, 8]})]
    for i in range(1, n):
        cls, cfg = (("Conv2D", {"filters": 8, "kernel_size": 3, "padding": "same"}) if i % 2
                    else ("BatchNormalization", {}))
        nodes.append(LayerNode(f"l{i}", cls, cfg, (Source(nodes[-1].id),)))
    return Document("big", nodes)


def test_an_edit_on_an_800_layer_design_updates_in_place(qtbot, controller):
    controller.replace_document(chain(800))
    panel = SummaryPanel(controller)
    qtbot.addWidget(panel)
    panel.show()
    assert panel.model.rowCount() == 800
    with qtbot.assertNotEmitted(panel.model.modelReset):
        for filters in (9, 10, 11):
            controller.apply(edits.set_argument(controller.document, "l401", "filters", filters))
            panel.refresh()
    assert cell(panel, "l401", 1) == "(None, 32, 32, 11)"
    assert cell(panel, "l402", 2) == "44"


def test_render_summary(qtbot, controller, sample, tmp_path):
    controller.replace_document(sample("unet"))
    panel = SummaryPanel(controller)
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show()
    controller.select(["merge6"])
    assert panel.grab().save(str(tmp_path / "summary.png"))


def test_a_hidden_panel_catches_up_when_shown(qtbot, panel, controller):
    panel.hide()
    controller.apply(edits.set_argument(controller.document, "conv2d_1", "filters", 8))
    panel.show()
    assert cell(panel, "conv2d_1", 1) == "(None, 26, 26, 8)"


def test_in_the_window_the_last_column_reaches_the_panels_edge_after_layers_are_added(qtbot, monkeypatch, tmp_path):
    """Seen under Xvfb: after quick-adding layers, the columns fitted to their contents left the right half of the
    table blank (the last column no longer stretched)."""
    from canvas_support import app_window, close_window

    win = app_window(qtbot, monkeypatch, tmp_path)
    try:
        table = win.summary.table
        header = table.horizontalHeader()
        view = win.canvas
        view.setFocus()
        win.controller.select([win.controller.document.ids()[0]])
        for text in ("conv2d", "flatten", "dense"):
            qtbot.keyClick(view, Qt.Key.Key_Tab)
            qtbot.keyClicks(view.quick_add.filter, text)
            qtbot.keyClick(view.quick_add.filter, Qt.Key.Key_Return)
            rows = len(win.controller.document)
            qtbot.waitUntil(lambda: win.summary.model.rowCount() == rows)  # noqa: B023
            qtbot.waitUntil(lambda: _right_end(header) >= table.viewport().width() - 1, timeout=2000)
    finally:
        close_window(win)


def _right_end(header) -> int:
    last = header.logicalIndex(header.count() - 1)
    return header.sectionViewportPosition(last) + header.sectionSize(last)
