"""Edits never slip past the document and its undo stack: clicks, opens, imports (issue 14)."""

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from canvas_support import app_window, close_window

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    win = app_window(qtbot, monkeypatch, tmp_path / "appdata", path=ROOT / "samples" / "vgg16.json")
    yield win
    close_window(win)


def test_a_click_on_a_partly_hidden_card_neither_scrolls_nor_moves_it(window, qtbot):
    """At 100%, a single click on a card cut by the bottom edge only selects it: no scroll, no hidden move."""
    canvas = window.canvas
    canvas.set_zoom(1.0)
    card = canvas.graph.layer_item("block4_conv1")
    rect = card.sceneBoundingRect()
    viewport = canvas.viewport()
    canvas.centerOn(rect.center().x(), rect.top() + 30 - viewport.height() / 2)
    seen = canvas.mapToScene(viewport.rect()).boundingRect()
    assert seen.intersects(rect) and not seen.contains(rect)
    before_pos, before_scroll = card.pos(), canvas.verticalScrollBar().value()
    steps = window.controller.undo_stack.count()

    at = canvas.mapFromScene(rect.left() + 40, rect.top() + 15)
    qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=at)

    assert window.controller.selection == ["block4_conv1"]
    assert canvas.verticalScrollBar().value() == before_scroll
    assert card.pos() == before_pos
    assert tuple(window.controller.document.layer("block4_conv1").position) == (before_pos.x(), before_pos.y())
    assert window.controller.undo_stack.count() == steps


def test_selecting_a_hidden_layer_elsewhere_still_reveals_it(window, qtbot):
    canvas = window.canvas
    canvas.set_zoom(1.0)
    canvas.center_on("input")
    card = canvas.graph.layer_item("predictions")
    seen = lambda: canvas.mapToScene(canvas.viewport().rect()).boundingRect()  # noqa: E731
    assert not seen().intersects(card.sceneBoundingRect())
    window.controller.select(["predictions"])
    assert seen().contains(card.sceneBoundingRect())


SMALL_KERAS_JSON = {
    "class_name": "Sequential",
    "config": {"name": "small", "layers": [
        {"class_name": "InputLayer", "config": {"batch_shape": [None, 4], "name": "x"}},
        {"class_name": "Dense", "config": {"name": "d", "units": 2}}]},
}


def test_opening_a_design_after_an_import_is_not_modified(window, tmp_path, monkeypatch):
    """An import is unsaved work (modified); a design opened after it is exactly its file (not modified)."""
    keras_file = tmp_path / "small.json"
    keras_file.write_text(json.dumps(SMALL_KERAS_JSON))
    from PySide6.QtWidgets import QMessageBox

    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda *args, **kwargs: asked.append(args[1]) or QMessageBox.StandardButton.Discard))
    assert window.files.import_model(str(keras_file))
    assert window.controller.modified and window.isWindowModified()

    assert window.files.open(str(ROOT / "samples" / "denoiser.json"))
    assert asked == ["Unsaved changes"]  # the import is unsaved work: answered Discard
    assert window.controller.document.name == "denoiser"
    assert not window.controller.modified
    assert not window.isWindowModified()
    assert window.files.confirm_discard("closing")
