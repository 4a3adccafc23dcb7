"""Quick-add offers first the classes valid on the tensor the new layer receives (seen under Xvfb: after a Conv2D,
"maxp" + Enter added a MaxPooling1D that turned red at once)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPointF, Qt

from canvas_support import make_view, mouse_drag

from designer.model import Document, LayerNode, Source

pytestmark = pytest.mark.gui


def _image_document() -> Document:
    return Document("cnn", [
        LayerNode("input", "InputLayer", {"shape": [28, 28, 1]}, (), (0.0, 0.0)),
        LayerNode("conv", "Conv2D", {"filters": 8, "kernel_size": 3}, (Source("input"),), (0.0, 130.0)),
        LayerNode("vol", "InputLayer", {"shape": [16, 16, 16, 1]}, (), (400.0, 0.0)),
    ])


@pytest.fixture
def view(qtbot, controller):
    view = make_view(qtbot, controller, _image_document())
    view.setFocus()
    return view


def _tab_and_type(qtbot, view, text: str) -> list[str]:
    qtbot.keyClick(view, Qt.Key.Key_Tab)
    qtbot.keyClicks(view.quick_add.filter, text)
    return view.quick_add.matches()


def test_after_a_conv2d_maxp_enter_adds_a_valid_max_pooling_2d(qtbot, view, controller):
    controller.select(["conv"])
    matches = _tab_and_type(qtbot, view, "maxp")
    assert matches[0] == "MaxPooling2D"
    assert set(matches[:3]) == {"MaxPooling1D", "MaxPooling2D", "MaxPooling3D"}, "prefix matches stay first"
    dimmed = view.quick_add.list.item(matches.index("MaxPooling1D"))
    assert "Invalid here" in dimmed.toolTip() and "3-D" in dimmed.toolTip()
    qtbot.keyClick(view.quick_add.filter, Qt.Key.Key_Return)
    new = controller.selection[0]
    assert controller.document.layer(new).class_name == "MaxPooling2D"
    assert controller.result(new).valid and controller.result(new).outputs[0] == (None, 13, 13, 8)


def test_after_a_volume_input_the_3d_layers_come_first(qtbot, view, controller):
    controller.select(["vol"])
    assert _tab_and_type(qtbot, view, "maxp")[0] == "MaxPooling3D"
    view.quick_add.hide()
    controller.select(["vol"])
    assert _tab_and_type(qtbot, view, "conv")[0] == "Conv3D"


def test_with_nothing_selected_the_order_is_the_catalog_order(qtbot, view, controller):
    controller.select([])
    assert _tab_and_type(qtbot, view, "maxp")[0] == "MaxPooling1D"


def test_a_wire_dropped_on_empty_canvas_ranks_by_the_wire_source_not_the_selection(qtbot, view, controller):
    controller.select(["vol"])  # a 5-D tensor selected; the wire comes from the 4-D conv
    out = view.graph.layer_item("conv").out_ports[0].scenePos()
    mouse_drag(qtbot, view, out, out + QPointF(260, 160))
    picker = view.menus.picker
    qtbot.waitUntil(picker.isVisible, timeout=2000)
    qtbot.keyClicks(picker.filter, "maxp")
    assert picker.matches()[0] == "MaxPooling2D"
    picker.hide()
