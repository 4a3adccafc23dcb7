"""Keras code in the app: Ctrl+V on the canvas, Edit → Paste Keras Code, File → Open a .py, a dropped .py."""

from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QApplication, QMessageBox

from designer.engine import infer_document
from canvas_support import app_window, close_window

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "tests" / "export" / "pysource" / "seeds"


@pytest.fixture
def window(qtbot, tmp_path, monkeypatch):
    win = app_window(qtbot, monkeypatch, tmp_path / "appdata", path=ROOT / "samples" / "lenet5.json")
    yield win
    close_window(win)


@pytest.fixture
def shown(monkeypatch):
    """Message boxes the app shows, answered Ok: (kind, title, text)."""
    boxes = []
    for kind in ("information", "warning"):
        def fake(parent, title, text, *args, _kind=kind, **kwargs):
            boxes.append((_kind, title, text))
            return QMessageBox.Ok
        monkeypatch.setattr(QMessageBox, kind, staticmethod(fake))
    return boxes


def ctrl_v_on_canvas(qtbot, window):
    window.canvas.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.canvas, timeout=2000)
    qtbot.keyClick(window.canvas, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)


def test_ctrl_v_with_code_on_the_clipboard_opens_it_as_a_new_design(qtbot, window, shown):
    QApplication.clipboard().setText((SEEDS / "denoiser.py").read_text())
    ctrl_v_on_canvas(qtbot, window)
    doc = window.controller.document
    assert doc.name == "denoiser" and len(doc) == 16
    assert infer_document(doc).params.total == 8001
    [(kind, title, text)] = shown
    assert kind == "information"
    assert "skipped, not part of the model: compile (line 24); summary (line 25)" in text
    assert "denoiser is never assigned" in text
    assert window.controller.undo_stack.count() == 0  # a new design: no undo step back into the previous one


def test_edit_menu_paste_keras_code_opens_the_unet_function(qtbot, window, shown):
    edit_menu = next(a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Edit")
    action = next(a for a in edit_menu.actions() if a.objectName() == "paste_code")
    QApplication.clipboard().setText((SEEDS / "unet.py").read_text())
    action.trigger()
    inference = infer_document(window.controller.document)
    assert inference.params.total == 31_031_685
    assert "Adam(lr=…) fails in Keras 3: use Adam(learning_rate=…)" in shown[0][2]


def test_ctrl_v_with_ordinary_text_leaves_the_design_alone(qtbot, window, shown):
    before = window.controller.document
    QApplication.clipboard().setText("just a sentence, not code")
    ctrl_v_on_canvas(qtbot, window)
    assert window.controller.document is before
    assert shown == []


def test_pasted_runaway_code_is_refused_with_a_message_and_nothing_changes(qtbot, window, shown, tmp_path):
    before = window.controller.document
    marker = tmp_path / "ran"
    QApplication.clipboard().setText(f"import os\nos.system('touch {marker}')\nwhile True:\n    pass\n")
    ctrl_v_on_canvas(qtbot, window)
    assert window.controller.document is before
    assert not marker.exists()
    [(kind, _, text)] = shown
    assert kind == "warning" and "more than 1,000,000 steps" in text


def test_file_open_and_a_dropped_py_file_open_the_code(qtbot, window, shown, tmp_path, monkeypatch):
    assert window.files.open(SEEDS / "convmodel3.py")
    assert infer_document(window.controller.document).params.total == 12201
    assert shown[-1][1] == "Opened convmodel3.py" and "compile (line 27)" in shown[-1][2]
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        staticmethod(lambda *a, **k: asked.append(a[2]) or QMessageBox.Discard))
    source = tmp_path / "tf1.py"
    source.write_text((SEEDS / "tf1_placeholder.py").read_text())
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(source))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime, Qt.MouseButton.NoButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    assert [n.class_name for n in window.controller.document] == ["InputLayer", "Conv2D"]
    assert len(asked) == 1 and "unsaved changes" in asked[0]  # the opened code was never saved


def test_starting_the_app_on_a_py_file_opens_it_without_blocking(tmp_path):
    """`keras-designer FILE.py --screenshot OUT.png` finishes: no dialog stops a start-up or headless run."""
    import os
    import subprocess
    import sys

    out = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KERAS_DESIGNER_DATA_DIR": str(tmp_path / "appdata")}
    done = subprocess.run([sys.executable, "-m", "designer", "gui", str(SEEDS / "convmodel3_valid.py"),
                           "--screenshot", str(out)], capture_output=True, text=True, timeout=120, env=env, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert out.stat().st_size > 10_000
    assert "line 2: Conv2D(input_shape=…)" in done.stderr
