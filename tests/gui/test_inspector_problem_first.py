"""A layer's problem comes first in the inspector (seen under Xvfb at 1366×768: the 28 → 24 warning and its fixes
were two screens below the selected layer's arguments, with nothing at the top saying so)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt

from canvas_support import app_window, close_window

pytestmark = pytest.mark.gui


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch, sample):
    win = app_window(qtbot, monkeypatch, tmp_path, sample("convmodel3"))
    yield win
    close_window(win)


def _in_view(scroll, widget) -> bool:
    """The widget's top is inside the inspector's visible area."""
    top = widget.mapTo(scroll.viewport(), QPoint(0, 0)).y()
    return widget.isVisible() and 0 <= top < scroll.viewport().height()


def test_a_warned_layer_says_so_at_the_top_and_one_click_shows_its_fixes(qtbot, window):
    inspector = window.inspector
    scroll = inspector.stack.widget(1)
    window.controller.select(["conv2d_6"])
    qtbot.waitUntil(lambda: inspector.why.problem_widget() is not None)
    button = inspector.problem_button
    assert button.isVisible() and "1 warning" in button.text() and "24×24" in button.toolTip()
    assert _in_view(scroll, button)
    warning = inspector.why.problem_widget()
    assert not _in_view(scroll, warning), "the warning must start out of view for this test to mean anything"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert _in_view(scroll, warning)


def test_an_invalid_layer_shows_its_error_under_its_name(qtbot, window):
    from designer.model.edits import set_argument

    window.controller.apply(set_argument(window.controller.document, "max_pooling2d_3", "pool_size", [8, 8]))
    window.controller.select(["max_pooling2d_3"])
    inspector = window.inspector
    scroll = inspector.stack.widget(1)
    qtbot.waitUntil(lambda: inspector.why.problem_widget() is not None)
    assert inspector.error_label.text().startswith("✗ ") and _in_view(scroll, inspector.error_label)
    assert inspector.error_label.mapTo(scroll.widget(), QPoint(0, 0)).y() < \
        inspector.inputs_title.mapTo(scroll.widget(), QPoint(0, 0)).y()
    qtbot.mouseClick(inspector.problem_button, Qt.MouseButton.LeftButton)
    assert _in_view(scroll, inspector.why.diagnosis_frame)


def test_a_valid_layer_without_warnings_has_no_problem_button(qtbot, window):
    window.controller.select(["conv2d_1"])
    qtbot.waitUntil(lambda: window.inspector.why.explanation is not None)
    assert not window.inspector.problem_button.isVisible()
