"""The app shows layers the designer does not know as neutral cards, recorded shapes marked recorded."""

import pytest

from designer.model import Document, LayerNode, Source
from designer.model.recorded import Recorded


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_DESIGNER_DATA_DIR", str(tmp_path))
    from designer.gui.app import create_window

    win = create_window()
    yield win
    win.controller.undo_stack.setClean()
    win.close()
    win.deleteLater()


def design():
    return Document("custom", [
        LayerNode("in", "InputLayer", {"shape": [8]}),
        LayerNode("scale", "Scale", {}, (Source("in"),), recorded=Recorded(((None, 8),), ((None, 8),), (8, 0))),
        LayerNode("d", "Dense", {"units": 2}, (Source("scale"),)),
        LayerNode("mystery", "Mystery", {}, (Source("d"),)),
        LayerNode("after", "Dense", {"units": 1}, (Source("mystery"),)),
    ])


def test_recorded_and_unknown_cards_are_not_errors(window):
    from designer.gui.canvas.card_model import OK, UNKNOWN

    window.controller.replace_document(design())
    graph = window.canvas.graph
    scale = graph.layer_item("scale").text
    assert scale.state == OK and scale.shape == "(None, 8) [recorded]" and scale.badge is None
    assert scale.params == "8 params"
    mystery, after = graph.layer_item("mystery").text, graph.layer_item("after").text
    assert mystery.state == UNKNOWN and mystery.badge is None and "not in the designer's catalog" in mystery.status
    assert after.state == UNKNOWN and "depends on mystery" in after.status
    status = window.status_totals.text()
    assert "at least 26 params" in status and "(2 layers unknown)" in status
    assert "all layers valid" in status


def test_an_upstream_edit_marks_the_recorded_shape_stale(window):
    window.controller.replace_document(design())
    from designer.model.edits import set_argument

    assert window.controller.apply(set_argument(window.controller.document, "in", "shape", [9]))
    scale = window.canvas.graph.layer_item("scale").text
    assert "may be stale" in scale.tooltip and scale.shape == "(None, 8) [recorded]"
