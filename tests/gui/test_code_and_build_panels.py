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
