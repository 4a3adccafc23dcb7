"""Cost columns in the summary (MACs, activation memory, totals) and warnings in the problems list."""

import pytest
from PySide6.QtCore import Qt

from designer.engine.explain import explain_design, totals
from designer.engine.summary import readable_bytes
from designer.gui.problems_panel import ProblemsPanel
from designer.gui.theme import colors
from designer.gui.summary_panel import ACTIVATIONS, HEADERS, MACS, SummaryPanel, flops_text
from designer.model import edits

pytestmark = pytest.mark.gui


@pytest.fixture
def summary(qtbot, controller):
    def make(document):
        controller.replace_document(document)
        panel = SummaryPanel(controller)
        qtbot.addWidget(panel)
        panel.resize(1100, 520)
        panel.show()
        qtbot.waitExposed(panel)
        return panel
    return make


def cell(panel, layer_id, column, role=Qt.ItemDataRole.DisplayRole):
    model = panel.model
    return model.data(model.index(model.row_of(layer_id), column), role)


def test_cost_columns_sit_after_params_with_the_engines_figures_and_totals(summary, sample, controller):
    panel = summary(sample("denoiser"))
    model, header = panel.model, panel.table.horizontalHeader()
    assert [model.headerData(i, Qt.Orientation.Horizontal) for i in range(model.columnCount())] == list(HEADERS)
    assert HEADERS[MACS] == "MACs" and HEADERS[ACTIVATIONS] == "Activations"
    shown = [HEADERS[header.logicalIndex(v)] for v in range(header.count())]
    assert shown == ["Layer (type)", "Output Shape", "Param #", "MACs", "Activations", "Connected to"]
    assert "FLOPs ≈ 2 × MACs" in model.headerData(MACS, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    explanations = {e.id: e for e in explain_design(controller.document, controller.inference, with_fixes=False)}
    for layer_id, e in explanations.items():
        assert cell(panel, layer_id, MACS) == f"{e.cost.macs:,}"
        assert cell(panel, layer_id, ACTIVATIONS) == readable_bytes(e.cost.activation_bytes)
    assert cell(panel, "conv2d_1", MACS) == f"{28 * 28 * 3 * 3 * 1 * 32:,}"
    assert "out positions·kernel" in cell(panel, "conv2d_1", MACS, Qt.ItemDataRole.ToolTipRole)
    macs, memory, complete = totals([e.cost for e in explanations.values()])
    assert complete
    text = (panel.totals.text() + panel.cost_totals.text())
    assert f"<b>MACs:</b> {macs:,} ({flops_text(macs)})" in text
    assert f"<b>Activations:</b> {readable_bytes(memory)} per sample" in text
    assert "at least" not in text


def test_invalid_layers_have_no_cost_and_totals_say_at_least(summary, sample, controller):
    panel = summary(sample("convmodel3-valid"))
    assert cell(panel, "conv2d_4", MACS) == "" and cell(panel, "conv2d_4", ACTIVATIONS) == ""
    assert "does not fit" in cell(panel, "conv2d_4", MACS, Qt.ItemDataRole.ToolTipRole)
    macs, memory, _ = totals([e.cost for e in explain_design(controller.document, controller.inference,
                                                             with_fixes=False)])
    assert f"at least {macs:,}" in (panel.totals.text() + panel.cost_totals.text())
    assert f"at least {readable_bytes(memory)}" in (panel.totals.text() + panel.cost_totals.text())


def test_cost_cells_follow_an_edit_in_place_and_its_undo(qtbot, summary, sample, controller):
    panel = summary(sample("denoiser"))
    with qtbot.assertNotEmitted(panel.model.modelReset):
        controller.apply(edits.set_argument(controller.document, "conv2d_1", "filters", 8))
    assert cell(panel, "conv2d_1", MACS) == f"{28 * 28 * 3 * 3 * 1 * 8:,}"
    assert cell(panel, "conv2d_1", ACTIVATIONS) == readable_bytes(28 * 28 * 8 * 4)
    controller.undo_stack.undo()
    assert cell(panel, "conv2d_1", MACS) == f"{28 * 28 * 3 * 3 * 1 * 32:,}"


def test_flops_text():
    assert flops_text(1_552_320) == "≈ 3.1 MFLOPs"
    assert flops_text(0) == "≈ 0 FLOPs"
    assert flops_text(2_000_000_000) == "≈ 4 GFLOPs"


@pytest.fixture
def problems(qtbot, controller):
    def make(document):
        controller.replace_document(document)
        panel = ProblemsPanel(controller)
        qtbot.addWidget(panel)
        panel.resize(600, 420)
        panel.show()
        qtbot.waitExposed(panel)
        return panel
    return make


def test_warnings_are_listed_in_amber_after_the_errors(problems, sample):
    panel = problems(sample("convmodel3-valid"))
    assert panel.problem_ids() == ["conv2d_4"]
    assert panel.warning_ids() == ["max_pooling2d_2", "max_pooling2d_3"]
    item = panel.warnings_list.item(1)
    assert item.text().splitlines()[0] == "⚠ max_pooling2d_3 (MaxPooling2D)"
    assert "drops 1 row and 1 column of its 3×3 input" in item.text()
    assert item.foreground().color().name().lower() == colors().warning_text.lower()
    assert panel.warnings_headline.isVisible() and "2 warnings" in panel.warnings_headline.text()
    assert panel.warnings_list.isVisible()
    assert panel.warnings_list.geometry().top() > panel.stack.geometry().bottom()


def test_clicking_a_warning_selects_its_layer_and_asks_to_centre_it(qtbot, problems, sample, controller):
    panel = problems(sample("convmodel3-valid"))
    rect = panel.warnings_list.visualItemRect(panel.warnings_list.item(1))
    with qtbot.waitSignal(panel.center_requested, timeout=1000) as blocker:
        qtbot.mouseClick(panel.warnings_list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["max_pooling2d_3"]
    assert controller.selection == ["max_pooling2d_3"]


def test_a_valid_design_with_warnings_says_no_problems_then_lists_them(problems, sample, controller):
    panel = problems(sample("convmodel3"))
    assert panel.problem_ids() == []
    assert panel.stack.currentWidget() is panel.empty and "No problems" in panel.empty.text()
    assert panel.warning_ids() == ["max_pooling2d_3", "conv2d_6"]
    assert "24×24 but its input is 28×28" in panel.warnings_list.item(1).text()
    controller.apply(edits.set_argument(controller.document, "max_pooling2d_3", "padding", "same"))
    assert panel.warning_ids() == ["conv2d_6"]
    assert "32×32 but its input is 28×28" in panel.warnings_list.item(0).text()
    assert "1 warning" in panel.warnings_headline.text()
    controller.undo_stack.undo()
    assert panel.warning_ids() == ["max_pooling2d_3", "conv2d_6"]


def test_no_warnings_no_warning_list(problems, sample):
    panel = problems(sample("denoiser"))
    assert panel.warning_ids() == [] and panel.problem_ids() == []
    assert panel.warnings_list.isHidden() and panel.warnings_headline.isHidden()
    assert panel.stack.currentWidget() is panel.empty


def test_render_problems_with_warnings(problems, sample, tmp_path):
    panel = problems(sample("convmodel3-valid"))
    assert panel.grab().save(str(tmp_path / "problems_warnings.png"))
