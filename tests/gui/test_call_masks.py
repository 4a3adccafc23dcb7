"""Attention masks wired by hand in the inspector's Call section (until now only files and code could pass
``attention_mask=``): a choice per mask keyword of the outputs before the layer; one undo step each."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from canvas_support import app_window, close_window

from designer.model import Document, LayerNode, Source
from designer.model.calls import CallArgs

pytestmark = pytest.mark.gui


def masked_design() -> Document:
    return Document("masked", [
        LayerNode("x", "InputLayer", {"shape": [6, 8]}),
        LayerNode("pad", "InputLayer", {"shape": [6, 6], "dtype": "bool", "name": "padding_mask_of_the_tokens"}),
        LayerNode("mha", "MultiHeadAttention", {"num_heads": 2, "key_dim": 4}, (Source("x"), Source("x"))),
        LayerNode("head", "Dense", {"units": 3}, (Source("mha"),)),
    ])


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    win = app_window(qtbot, monkeypatch, tmp_path, masked_design())
    yield win
    close_window(win)


def _pick(qtbot, window, combo, text: str) -> None:
    """Open the list and choose the entry starting with ``text``, as a user would."""
    window.inspector.stack.widget(1).ensureWidgetVisible(combo)
    entries = [combo.itemText(i) for i in range(combo.count())]
    target = next(i for i, e in enumerate(entries) if e.startswith(text))
    combo.showPopup()
    view = combo.view()
    qtbot.waitUntil(view.isVisible)
    view.setCurrentIndex(combo.model().index(target, 0))
    qtbot.keyClick(view, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not view.isVisible())


def test_an_attention_mask_is_chosen_from_the_layers_before_and_undone_in_one_step(qtbot, window):
    controller = window.controller
    controller.select(["mha"])
    section = window.inspector.call_section
    combo = section.masks["attention_mask"]
    assert combo.isVisible() and section.masks["query_mask"].isVisible()
    entries = [combo.itemText(i) for i in range(combo.count())]
    assert entries[0].startswith("—") and any(e.startswith("pad") and "(None, 6, 6)" in e for e in entries)
    assert not any(e.startswith(("mha", "head")) for e in entries), "the layer and what it feeds are not offered"
    _pick(qtbot, window, combo, "pad")
    mha = controller.document.layer("mha")
    assert mha.inbound == (Source("x"), Source("x"), Source("pad"))
    assert mha.call == CallArgs((("attention_mask", (2,)),))
    assert controller.result("mha").valid and controller.result("mha").outputs == [(None, 6, 8)]
    assert [p.label for p in window.canvas.graph.layer_item("mha").in_ports][-1] != ""
    from designer.export.code_export import export_code

    assert "attention_mask=pad" in export_code(controller.document)  # the variable is the layer id
    controller.undo_stack.undo()
    assert controller.document.layer("mha") == masked_design().layer("mha")
    controller.undo_stack.redo()
    _pick(qtbot, window, section.masks["attention_mask"], "—")
    assert controller.document.layer("mha").inbound == (Source("x"), Source("x"))
    assert controller.document.layer("mha").call is None


def test_a_query_mask_keeps_the_other_keyword_inputs_in_place(qtbot, window):
    from designer.gui.inspector.call_section import mask_from

    controller = window.controller
    controller.apply(mask_from(controller.document, controller.document.layer("mha"), "attention_mask",
                               Source("pad")))
    controller.select(["mha"])
    _pick(qtbot, window, window.inspector.call_section.masks["query_mask"], "x")
    mha = controller.document.layer("mha")
    assert mha.inbound == (Source("x"), Source("x"), Source("pad"), Source("x"))
    assert dict(mha.call.tensors) == {"attention_mask": (2,), "query_mask": (3,)}
    combo = window.inspector.call_section.masks["attention_mask"]
    assert combo.currentText().startswith("pad")


def test_layers_whose_call_takes_no_mask_show_no_mask_choice(qtbot, window):
    window.controller.select(["head"])
    assert not any(c.isVisible() for c in window.inspector.call_section.masks.values())


def test_the_mask_choices_do_not_widen_the_inspector_past_its_dock(qtbot, window):
    """Seen under Xvfb: the mask lists, as wide as their longest entry, pushed the whole inspector page past the
    dock's edge and cut every line of the explanation on the right."""
    window.resizeDocks([window.inspector_dock], [310], Qt.Orientation.Horizontal)
    window.controller.select(["mha"])
    scroll = window.inspector.stack.widget(1)
    qtbot.waitUntil(lambda: window.inspector.call_section.masks["attention_mask"].isVisible())
    qtbot.wait(50)
    margins = scroll.widget().layout().contentsMargins()
    room = scroll.viewport().width() - margins.left() - margins.right()
    assert window.inspector.call_section.minimumSizeHint().width() <= room
