"""The code panel follows edits; Build & summarize runs TensorFlow in a child process and can be cancelled."""

import sys

import pytest

from designer.model import edits

pytestmark = pytest.mark.gui


def test_code_panel_follows_a_kernel_size_edit(qtbot, controller, sample):
    from designer.gui.code_panel import CodePanel

    controller.replace_document(sample("denoiser"))
    panel = CodePanel(controller)
    qtbot.addWidget(panel)
    panel.show()
    assert 'layers.Conv2D(32, (3, 3), padding="same", name="conv2d_1")' in panel.code()
    controller.apply(edits.set_argument(controller.document, "conv2d_1", "kernel_size", [5, 5]))
    qtbot.waitUntil(lambda: "layers.Conv2D(32, (5, 5)" in panel.code(), timeout=3000)
    controller.undo_stack.undo()
    qtbot.waitUntil(lambda: "layers.Conv2D(32, (3, 3)" in panel.code(), timeout=3000)


def test_hidden_code_panel_catches_up_when_shown(qtbot, controller, sample):
    from designer.gui.code_panel import CodePanel

    controller.replace_document(sample("denoiser"))
    panel = CodePanel(controller)
    qtbot.addWidget(panel)
    panel.hide()
    controller.apply(edits.set_argument(controller.document, "conv2d_1", "kernel_size", [5, 5]))
    qtbot.wait(300)
    assert "layers.Conv2D(32, (3, 3)" in panel.code()  # not regenerated while nobody sees it
    panel.show()
    assert "layers.Conv2D(32, (5, 5)" in panel.code()


def test_moving_cards_and_blocks_does_not_regenerate_the_code_but_a_config_edit_does(qtbot, controller, sample):
    """Positions and blocks never appear in the code: a drag (real mouse events), its undo, grouping and
    collapsing leave the code as generated; changing an argument regenerates it."""
    from PySide6.QtCore import QPointF

    from canvas_support import card_centre, make_view, mouse_drag
    from designer.gui.code_panel import REFRESH_DELAY_MS, CodePanel
    from designer.model.groups import group_layers, set_collapsed

    view = make_view(qtbot, controller, sample("denoiser"))
    panel = CodePanel(controller)
    qtbot.addWidget(panel)
    panel.show()
    text, generations = panel.code(), panel.generations
    revision = panel.editor.document().revision()
    before = controller.document.layer("conv2d_1").position
    centre = card_centre(view, "conv2d_1")
    mouse_drag(qtbot, view, centre, centre + QPointF(140, 40))
    assert controller.document.layer("conv2d_1").position != before
    controller.undo_stack.undo()
    assert controller.document.layer("conv2d_1").position == before
    edit, gid = group_layers(controller.document, ["conv2d_2", "activation_2"])
    assert controller.apply(edit)
    assert controller.apply(set_collapsed(controller.document, gid, True))
    assert not panel._timer.isActive()
    qtbot.wait(3 * REFRESH_DELAY_MS)
    assert panel.generations == generations and panel.editor.document().revision() == revision
    assert panel.code() == text
    controller.apply(edits.set_argument(controller.document, "conv2d_1", "kernel_size", [5, 5]))
    qtbot.waitUntil(lambda: panel.generations == generations + 1, timeout=3000)
    assert "layers.Conv2D(32, (5, 5)" in panel.code()
    mouse_drag(qtbot, view, card_centre(view, "input"), card_centre(view, "input") + QPointF(60, 0))
    qtbot.wait(3 * REFRESH_DELAY_MS)
    assert panel.generations == generations + 1, "a layer edited then moved is a move"


def test_code_panel_says_why_there_is_no_code(qtbot, controller, sample):
    from designer.gui.code_panel import CodePanel

    controller.replace_document(sample("convmodel3-valid"))
    panel = CodePanel(controller)
    qtbot.addWidget(panel)
    assert panel.code() == ""
    assert "conv2d_4" in panel.status.text() and not panel.copy_button.isEnabled()


@pytest.mark.keras
def test_build_shows_keras_summary_and_agreement(qtbot, controller, sample):
    from designer.gui.build_panel import BuildPanel

    controller.replace_document(sample("lenet5"))
    panel = BuildPanel(controller)
    qtbot.addWidget(panel)
    progress = []
    panel.progress.connect(progress.append)
    with qtbot.waitSignal(panel.finished, timeout=120_000) as blocker:
        assert panel.start()
        assert panel.state == "running" and panel.cancel_button.isEnabled()
    assert blocker.args == ["agree"], panel.status.text()
    assert "Total params: 61,706" in panel.keras_text.toPlainText()
    assert "importing TensorFlow" in progress


def test_build_can_be_cancelled(qtbot, controller, sample):
    from designer.gui.build_panel import BuildPanel

    controller.replace_document(sample("unet"))
    panel = BuildPanel(controller)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.finished, timeout=60_000) as blocker:
        panel.start()
        qtbot.waitUntil(lambda: panel.process is not None and panel.process.state() != 0, timeout=10_000)
        panel.cancel()
    assert blocker.args == ["cancelled"] and panel.build_button.isEnabled()


def test_build_without_tensorflow_explains_how_to_install(qtbot, controller, sample, monkeypatch):
    from designer.gui.build_panel import BuildPanel

    monkeypatch.setenv("KERAS_DESIGNER_BUILD_PYTHON", f"{sys.executable} -S")
    controller.replace_document(sample("denoiser"))
    panel = BuildPanel(controller)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.finished, timeout=60_000) as blocker:
        panel.start()
    assert blocker.args == ["no-tensorflow"]
    assert "keras-designer[tf]" in panel.status.text()


def test_build_refuses_an_invalid_design(qtbot, controller, sample):
    from designer.gui.build_panel import BuildPanel

    controller.replace_document(sample("convmodel3-valid"))
    panel = BuildPanel(controller)
    qtbot.addWidget(panel)
    assert not panel.start() and panel.state == "refused"
    assert "conv2d_4" in panel.status.text()
