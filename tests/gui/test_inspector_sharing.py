"""The inspector edits a shared layer as one layer (every call), or un-shares the shown call on request."""

import pytest
from PySide6.QtCore import Qt

from designer.gui.inspector import InspectorPanel
from designer.model import Document, LayerNode, Source
from designer.model.sharing import is_shared

pytestmark = pytest.mark.gui


def siamese() -> Document:
    dense = {"name": "shared", "units": 8}
    return Document("siamese", [
        LayerNode("a", "InputLayer", {"shape": [4]}),
        LayerNode("b", "InputLayer", {"shape": [4]}),
        LayerNode("shared", "Dense", dense, (Source("a"),)),
        LayerNode("shared__2", "Dense", dense, (Source("b"),)),
        LayerNode("add", "Add", {}, (Source("shared"), Source("shared__2"))),
    ])


@pytest.fixture
def panel(qtbot, controller):
    controller.replace_document(siamese())
    widget = InspectorPanel(controller)
    qtbot.addWidget(widget)
    widget.resize(380, 800)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def units(controller):
    return [controller.node(i).config["units"] for i in ("shared", "shared__2")]


def test_typing_in_one_call_edits_every_call_in_one_undo_step(qtbot, panel, controller):
    controller.select(["shared__2"])
    assert panel.sharing.isVisible() and "called 2 times" in panel.sharing.label.text()
    spin = panel.form.row("units").editor.spin
    count = controller.undo_stack.count()
    spin.setFocus()
    qtbot.keyClick(spin, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(spin, "16")
    qtbot.keyClick(spin, Qt.Key.Key_Return)
    assert units(controller) == [16, 16]
    assert controller.undo_stack.count() == count + 1
    assert controller.inference.valid and controller.inference.params.total == 4 * 16 + 16
    controller.undo_stack.undo()
    assert units(controller) == [8, 8]


def test_un_share_gives_the_shown_call_its_own_layer(qtbot, panel, controller):
    controller.select(["shared__2"])
    qtbot.mouseClick(panel.sharing.unshare_button, Qt.MouseButton.LeftButton)
    assert controller.node("shared__2").name == "shared_2" and not is_shared(controller.document, "shared")
    assert panel.sharing.isHidden()
    assert controller.inference.params.total == 2 * (4 * 8 + 8)
    controller.undo_stack.undo()
    assert is_shared(controller.document, "shared")


def test_the_bar_is_hidden_for_a_layer_called_once(qtbot, panel, controller):
    controller.select(["add"])
    assert panel.sharing.isHidden()
