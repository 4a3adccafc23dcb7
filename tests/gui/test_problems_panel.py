"""The problems list: root errors with their message, blocked counts, click to select and centre."""

import pytest
from PySide6.QtCore import Qt

from designer.gui.problems_panel import ProblemsPanel
from designer.model import Document, LayerNode, Source, edits

pytestmark = pytest.mark.gui


@pytest.fixture
def panel(qtbot, controller, sample):
    controller.replace_document(sample("convmodel3-valid"))
    widget = ProblemsPanel(controller)
    qtbot.addWidget(widget)
    widget.resize(380, 300)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_lists_the_failing_layer_with_its_message_and_blocked_count(panel):
    assert panel.problem_ids() == ["conv2d_4"]
    text = panel.list.item(0).text()
    assert text.splitlines()[0] == "✗ conv2d_4 (Conv2D)"
    assert "a 3×3 kernel does not fit the 2×2 input" in text
    assert "6 layers after it have no shape" in text
    assert "1 problem" in panel.headline.text() and "6 layers" in panel.headline.text()
    assert panel.stack.currentWidget() is panel.list


def test_clicking_a_problem_selects_the_layer_and_asks_to_centre_it(qtbot, panel, controller):
    rect = panel.list.visualItemRect(panel.list.item(0))
    with qtbot.waitSignal(panel.center_requested, timeout=1000) as blocker:
        qtbot.mouseClick(panel.list.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == ["conv2d_4"]
    assert controller.selection == ["conv2d_4"]


def test_fixing_the_layer_empties_the_list_and_undo_brings_it_back(panel, controller):
    controller.apply(edits.set_argument(controller.document, "conv2d_4", "padding", "same"))
    assert panel.problem_ids() == []
    assert panel.stack.currentWidget() is panel.empty
    assert "No problems" in panel.empty.text()
    assert panel.headline.isHidden()
    controller.undo_stack.undo()
    assert panel.problem_ids() == ["conv2d_4"]


def test_a_valid_design_shows_no_problems(qtbot, controller, sample):
    controller.replace_document(sample("unet"))
    panel = ProblemsPanel(controller)
    qtbot.addWidget(panel)
    assert panel.problem_ids() == []
    assert panel.stack.currentWidget() is panel.empty


def test_several_roots_are_listed_in_order(qtbot, controller):
    doc = Document("two", [
        LayerNode("a", "InputLayer", {"shape": [4]}),
        LayerNode("b", "InputLayer", {"shape": [4]}),
        LayerNode("dense_a", "Dense", {"units": 0}, (Source("a"),)),
        LayerNode("dense_b", "Dense", {}, (Source("b"),)),
        LayerNode("after_b", "Dense", {"units": 2}, (Source("dense_b"),)),
    ])
    controller.replace_document(doc)
    panel = ProblemsPanel(controller)
    qtbot.addWidget(panel)
    assert panel.problem_ids() == ["dense_a", "dense_b"]
    assert "2 problems" in panel.headline.text() and "1 layer without a shape because of them" in panel.headline.text()
    assert "1 layer after it has no shape" in panel.list.item(1).text()
    assert "after it" not in panel.list.item(0).text()


def test_render_problems(panel, tmp_path):
    assert panel.grab().save(str(tmp_path / "problems.png"))
