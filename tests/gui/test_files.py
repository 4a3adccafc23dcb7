"""File workflows in the main window: save/reopen, atomic saves, prompts, corrupt files, recovery, import, drops."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox

from designer.model import document_to_dict, edits, load_document

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "appdata"
    monkeypatch.setenv("KERAS_DESIGNER_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def window(qtbot):
    from designer.gui.app import create_window

    win = create_window()
    yield win
    win.controller.undo_stack.setClean()
    win.close()
    win.deleteLater()


def answer(monkeypatch, method, value, calls=None):
    def fake(*args, **kwargs):
        if calls is not None:
            calls.append(args)
        return value
    monkeypatch.setattr(QMessageBox, method, staticmethod(fake))


def test_save_then_reopen_gives_an_identical_document(window, tmp_path, monkeypatch):
    files = window.files
    assert files.open(ROOT / "samples" / "unet.json")
    window.controller.apply(edits.set_argument(window.controller.document, "conv1_1", "filters", 32))
    assert window.isWindowModified()
    target = tmp_path / "mine.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    files.controller.path = None
    assert files.save()
    assert not window.controller.modified and "mine.json" in window.windowTitle()
    saved = document_to_dict(window.controller.document)
    assert files.open(target)
    assert document_to_dict(window.controller.document) == saved
    assert str(target.resolve()) in files.recent_files()


def test_an_interrupted_save_leaves_the_previous_file_intact(window, tmp_path, monkeypatch):
    target = tmp_path / "keep.json"
    target.write_text((ROOT / "samples" / "denoiser.json").read_text())
    before = target.read_bytes()
    assert window.files.open(target)
    window.controller.apply(edits.set_argument(window.controller.document, "conv2d_1", "filters", 7))
    calls = []
    answer(monkeypatch, "warning", QMessageBox.Ok, calls)

    def failing_fsync(fd):
        raise OSError(28, "No space left on device")

    with monkeypatch.context() as patch:
        patch.setattr(os, "fsync", failing_fsync)
        assert not window.files.save()
    assert target.read_bytes() == before
    assert window.controller.modified and calls and "No space left" in calls[0][2]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["appdata", "keep.json"]


def test_unsaved_changes_prompt_on_new_and_cancel_keeps_everything(window, monkeypatch):
    window.controller.apply(edits.add_layer(window.controller.document, "Flatten", inbound=[])[0])
    calls = []
    answer(monkeypatch, "question", QMessageBox.Cancel, calls)
    assert not window.files.new()
    assert calls and "unsaved changes" in calls[0][2]
    assert len(window.controller.document) == 2
    answer(monkeypatch, "question", QMessageBox.Discard)
    assert window.files.new()
    assert len(window.controller.document) == 1 and not window.controller.modified


def test_close_with_unsaved_changes_asks(window, monkeypatch):
    window.controller.apply(edits.add_layer(window.controller.document, "Flatten")[0])
    calls = []
    answer(monkeypatch, "question", QMessageBox.Cancel, calls)
    window.show()
    window.close()
    assert calls and window.isVisible()


@pytest.mark.parametrize("content", ["{not json", json.dumps({"format": "keras-designer", "version": 99,
                                                               "layers": []}), "\x00\x01\x02"])
def test_a_corrupt_file_shows_the_error_and_changes_nothing(window, tmp_path, monkeypatch, content):
    before = document_to_dict(window.controller.document)
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    calls = []
    answer(monkeypatch, "warning", QMessageBox.Ok, calls)
    assert not window.files.open(bad)
    assert calls and "bad.json" in calls[0][2]
    assert document_to_dict(window.controller.document) == before


def test_opening_a_sample_opens_a_copy(window, monkeypatch, tmp_path):
    sample = ROOT / "samples" / "lenet5.json"
    before = sample.read_bytes()
    assert window.files.open_sample(sample)
    assert window.controller.path is None and window.controller.document.name == "lenet5"
    target = tmp_path / "copy.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(lambda *a, **k: (str(target), "")))
    assert window.files.save()
    assert target.exists() and sample.read_bytes() == before
    assert len(window.files.samples_menu.actions()) >= 10


@pytest.mark.keras
def test_import_of_a_real_keras_model_json_shows_its_layers(window, tmp_path):
    model_json = tmp_path / "model.json"
    script = (
        "import os; os.environ['TF_CPP_MIN_LOG_LEVEL']='3'\n"
        "import keras, sys\n"
        "m = keras.Sequential([keras.Input((28, 28, 1)), keras.layers.Conv2D(8, 3, name='c'),"
        " keras.layers.Flatten(name='f'), keras.layers.Dense(10, name='d')], name='tiny')\n"
        "open(sys.argv[1], 'w').write(m.to_json())\n"
    )
    subprocess.run([sys.executable, "-c", script, str(model_json)], check=True, timeout=120)
    assert window.files.import_model(model_json)
    ids = [r.name for r in window.controller.inference.results()]
    assert ids[-3:] == ["c", "f", "d"]
    assert window.controller.inference["d"].output_shape == (None, 10)


def test_a_design_dropped_from_the_file_manager_opens(window, qtbot):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(ROOT / "samples" / "lenet5.json"))])
    window.show()
    drop = QDropEvent(QPointF(50, 50), Qt.CopyAction, mime, Qt.LeftButton, Qt.NoModifier)
    window.dropEvent(drop)
    assert window.controller.document.name == "lenet5"


CRASH = """
import os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from designer.gui.app import application, create_window
from designer.model import edits
app = application()
window = create_window(sys.argv[1])
doc = window.controller.document
window.controller.apply(edits.set_argument(doc, "conv2d_1", "filters", 99))
window.files.recovery.save_now()
os._exit(1)  # a crash: no close, no cleanup
"""


def test_recovery_after_a_crash_is_offered_and_restores_the_edits(qtbot, tmp_path, data_dir, monkeypatch):
    design = tmp_path / "work.json"
    design.write_text((ROOT / "samples" / "denoiser.json").read_text())
    env = {**os.environ, "KERAS_DESIGNER_DATA_DIR": str(data_dir), "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", CRASH, str(design)], env=env, timeout=120, capture_output=True)
    assert proc.returncode == 1, proc.stderr.decode()
    assert list((data_dir / "recovery").glob("session-*.json"))

    from designer.gui.app import create_window, offer_recovery

    window = create_window()
    qtbot.addWidget(window)
    calls = []
    answer(monkeypatch, "question", QMessageBox.Yes, calls)
    offer_recovery(window)
    assert calls and "unsaved changes" in calls[0][2]
    assert window.controller.document.layer("conv2d_1").config["filters"] == 99
    assert window.controller.path == design and window.controller.modified
    assert load_document(design).layer("conv2d_1").config["filters"] == 32
    window.controller.undo_stack.setClean()
    window.files.shutdown()
    calls.clear()
    offer_recovery(window)
    assert not calls
