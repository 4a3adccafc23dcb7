"""A large design stays responsive: warnings and tables follow an edit instead of holding it up (issue 9)."""

from pathlib import Path

import pytest

from benchmarks.hostile_designs import many_outputs
from designer.engine import explain as explain_module
from designer.gui.controller import LAZY_WARNINGS_LAYERS
from designer.model import edits
from canvas_support import app_window, close_window

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    win = app_window(qtbot, monkeypatch, tmp_path / "appdata")
    yield win
    close_window(win)


def test_an_edit_in_a_design_with_hundreds_of_outputs_detects_warnings_only_after_it(window, qtbot, monkeypatch):
    doc = many_outputs(LAZY_WARNINGS_LAYERS)
    controller = window.controller
    controller.replace_document(doc)
    with qtbot.waitSignal(controller.warnings_changed, timeout=10000):
        pass
    window.problems_dock.raise_()
    qtbot.waitUntil(lambda: window.problems.warnings_list.count() == LAZY_WARNINGS_LAYERS + 1, timeout=5000)
    card = window.canvas.graph.layer_item("out0")
    assert card.warnings and "is 18×18 but its input is 28×28" in card.warnings[0]

    calls = []
    real = explain_module.detect_warnings
    monkeypatch.setattr(explain_module, "detect_warnings", lambda d, i: calls.append(1) or real(d, i))
    controller.select(["out10"])
    with qtbot.waitSignal(controller.warnings_changed, timeout=10000):
        controller.apply(edits.set_argument(controller.document, "up", "size", 3))
        assert calls == []  # the edit reached the canvas without detecting the design's warnings
        assert controller.result("out0").output_shape == (None, 27, 27, 1)
        assert window.canvas.graph.layer_item("out0").text.shape == "(None, 27, 27, 1)"
    assert calls == [1]
    qtbot.waitUntil(lambda: "27×27" in window.canvas.graph.layer_item("out0").warnings[0], timeout=5000)
    listed = window.problems.warnings_list

    def problems_follow() -> bool:
        return any("out0" in listed.item(i).text() and "27×27" in listed.item(i).text() for i in range(listed.count()))
    qtbot.waitUntil(problems_follow, timeout=5000)


def test_a_small_design_still_gets_its_warnings_with_the_edit(window):
    window.files.open(str(ROOT / "samples" / "convmodel3.json"))
    controller = window.controller
    assert "conv2d_6" in controller.warnings()
    controller.apply(edits.set_argument(controller.document, "max_pooling2d_3", "padding", "same"))
    assert "max_pooling2d_3" not in controller.warnings()
