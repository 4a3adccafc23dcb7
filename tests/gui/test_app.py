"""The app shell: start, title, status bar, screenshot command, and TensorFlow never in the app process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

from designer.model import edits

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_DESIGNER_DATA_DIR", str(tmp_path / "appdata"))
    from designer.gui.app import create_window

    win = create_window(str(ROOT / "samples" / "denoiser.json"))
    yield win
    win.controller.undo_stack.setClean()
    win.close()
    win.deleteLater()


def test_title_marks_unsaved_changes_and_status_shows_totals(window):
    assert window.windowTitle().startswith("denoiser — denoiser.json")
    assert not window.isWindowModified()
    assert "16 layers · 8,001 params" in window.status_totals.text()
    assert "all layers valid" in window.status_totals.text()
    window.controller.apply(edits.set_argument(window.controller.document, "conv2d_6", "padding", "valid"))
    assert window.isWindowModified()
    assert window.controller.result("conv2d_6").output_shape == (None, 26, 26, 1)
    window.action_set["undo"].trigger()
    assert not window.isWindowModified()
    window.action_set["redo"].trigger()
    assert window.controller.document.layer("conv2d_6").config["padding"] == "valid"


def test_every_action_has_a_tooltip(window):
    for name, action in window.action_set.by_name.items():
        assert action.toolTip(), name


def test_shortcuts(window):
    keys = {name: window.action_set[name].shortcut().toString() for name in
            ("new", "open", "save", "save_as", "undo", "copy", "cut", "paste", "duplicate", "fit", "build",
             "export_code")}
    assert keys == {"new": "Ctrl+N", "open": "Ctrl+O", "save": "Ctrl+S", "save_as": "Ctrl+Shift+S",
                    "undo": "Ctrl+Z", "copy": "Ctrl+C", "cut": "Ctrl+X", "paste": "Ctrl+V", "duplicate": "Ctrl+D",
                    "fit": "F", "build": "Ctrl+B", "export_code": "Ctrl+E"}
    assert [s.toString() for s in window.action_set["redo"].shortcuts()] == ["Ctrl+Shift+Z", "Ctrl+Y"]


def run_cli(*args, env=None):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    return subprocess.run([sys.executable, "-m", "designer", *args], capture_output=True, text=True, timeout=120,
                          env=env)


def test_screenshot_command_renders_1400_by_900(tmp_path):
    out = tmp_path / "shot.png"
    proc = run_cli("gui", str(ROOT / "samples" / "unet.json"), "--screenshot", str(out),
                   env={"KERAS_DESIGNER_DATA_DIR": str(tmp_path / "appdata")})
    assert proc.returncode == 0, proc.stderr
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1400, 900)


def test_screenshot_of_an_unreadable_file_exits_2(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{nope")
    proc = run_cli("gui", str(bad), "--screenshot", str(tmp_path / "x.png"))
    assert proc.returncode == 2 and "not valid JSON" in proc.stderr


APP_SESSION = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from PySide6.QtCore import QEventLoop, QTimer
from designer.gui.app import application, create_window
from designer.model import edits
app = application()
window = create_window(sys.argv[1])
window.show()
app.processEvents()
assert "tensorflow" not in sys.modules, "imported at start"
doc = window.controller.document
window.controller.apply(edits.set_argument(doc, "c1", "filters", 8))
window.controller.undo_stack.undo()
window.controller.undo_stack.redo()
window.controller.select(["f6"])
window.canvas.append_after_selection("Dropout")
assert window.controller.inference.valid, [r.error for r in window.controller.inference.results()]
assert "tensorflow" not in sys.modules, "imported while editing"
loop = QEventLoop()
states = []
window.build.finished.connect(lambda state: (states.append(state), loop.quit()))
QTimer.singleShot(120000, loop.quit)
window.action_set["build"].trigger()
if not states:
    loop.exec()
print("BUILD", states)
print("KERAS SUMMARY", "Total params" in window.build.keras_text.toPlainText())
print("TF IN APP", "tensorflow" in sys.modules or "keras" in sys.modules)
window.controller.undo_stack.setClean()
window.files.shutdown()
"""


@pytest.mark.keras
def test_tensorflow_is_never_imported_by_the_app_process(tmp_path):
    env = {**os.environ, "KERAS_DESIGNER_DATA_DIR": str(tmp_path / "appdata"), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", APP_SESSION, str(ROOT / "samples" / "lenet5.json")],
                          capture_output=True, text=True, timeout=300, env=env)
    assert proc.returncode == 0, proc.stderr
    assert "BUILD ['agree']" in proc.stdout, proc.stdout + proc.stderr
    assert "KERAS SUMMARY True" in proc.stdout
    assert "TF IN APP False" in proc.stdout


def test_inspector_edit_updates_card_summary_and_problems_and_undoes(window, qtbot):
    """Issue 4's scenario end to end in the main window: edit padding in the inspector as a user would."""
    window.resize(1400, 900)
    window.show()
    window.summary_dock.raise_()
    qtbot.waitExposed(window)
    controller = window.controller
    card = window.canvas.graph.layer_item("conv2d_6")
    model = window.summary.model
    row = model.row_of("conv2d_6")
    controller.select(["conv2d_6"])
    combo = window.inspector.form.row("padding").editor.combo
    assert card.text.shape == "(None, 28, 28, 1)"

    combo.setCurrentIndex(combo.findData("valid") if combo.findData("valid") >= 0 else combo.findText("valid"))
    qtbot.waitUntil(lambda: card.text.shape == "(None, 26, 26, 1)", timeout=2000)
    assert controller.document.layer("conv2d_6").config["padding"] == "valid"
    qtbot.waitUntil(lambda: model.data(model.index(row, 1)) == "(None, 26, 26, 1)", timeout=2000)

    controller.select(["max_pooling2d_1"])
    controller.apply(edits.set_argument(controller.document, "max_pooling2d_1", "pool_size", [40, 40]))
    conv1 = window.canvas.graph.layer_item("max_pooling2d_1")
    assert conv1.text.state == "invalid" and "40×40" in conv1.toolTip()
    assert window.problems.list.count() >= 1 and "max_pooling2d_1" in window.problems.list.item(0).text()
    assert window.canvas.graph.layer_item("conv2d_6").text.state == "blocked"

    controller.undo_stack.undo()
    assert conv1.text.state == "ok" and window.problems.list.count() == 0
    controller.undo_stack.undo()
    qtbot.waitUntil(lambda: card.text.shape == "(None, 28, 28, 1)", timeout=2000)
    controller.undo_stack.redo()
    assert card.text.shape == "(None, 26, 26, 1)"


def test_a_layer_selected_in_the_summary_is_scrolled_into_view(window, qtbot):
    window.resize(1400, 900)
    window.show()
    qtbot.waitExposed(window)
    canvas = window.canvas
    canvas.set_zoom(1.0)
    canvas.center_on("input")
    item = canvas.graph.layer_item("conv2d_6")
    seen = lambda: canvas.mapToScene(canvas.viewport().rect()).boundingRect()  # noqa: E731
    assert not seen().contains(item.sceneBoundingRect())
    window.controller.select(["conv2d_6"])
    assert seen().contains(item.sceneBoundingRect())
