"""Nothing is lost: a file changed on disk is not overwritten without asking, recovery files are absolute and a bad
one never hides the others, a lone surrogate in a name saves (escaped) instead of failing silently."""

from __future__ import annotations

import json
import os
import time

import pytest
from PySide6.QtWidgets import QMessageBox

from designer.model import edits, load_document
from hostile_designs import design, write_design


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "appdata"
    monkeypatch.setenv("KERAS_DESIGNER_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def make_window(qtbot):
    from designer.gui.app import create_window

    made = []

    def make():
        win = create_window()
        made.append(win)
        return win

    yield make
    for win in made:
        win.controller.undo_stack.setClean()
        win.files.shutdown()
        win.close()
        win.deleteLater()


@pytest.fixture(autouse=True)
def no_unexpected_dialogs(monkeypatch):
    """A dialog the test does not answer fails it instead of blocking."""
    def unexpected(*args, **kwargs):
        raise AssertionError(f"unexpected dialog: {args[1:3]}")
    for kind in ("question", "warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(unexpected))


def answer(monkeypatch, value, calls):
    def fake(*args, **kwargs):
        calls.append(args)
        return value
    monkeypatch.setattr(QMessageBox, "question", staticmethod(fake))


def set_units(window, units):
    window.controller.apply(edits.set_argument(window.controller.document, "dense", "units", units))


def test_second_window_does_not_silently_discard_the_first_windows_save(make_window, tmp_path, monkeypatch):
    path = write_design(tmp_path / "shared.json")
    first, second = make_window(), make_window()
    assert first.files.open(path) and second.files.open(path)
    set_units(first, 7)
    assert first.files.save()
    set_units(second, 9)
    calls = []
    answer(monkeypatch, QMessageBox.Cancel, calls)
    assert not second.files.save()
    assert calls and "changed on disk" in calls[0][2]
    assert load_document(path).layer("dense").config["units"] == 7
    assert second.controller.modified
    answer(monkeypatch, QMessageBox.Save, calls)
    assert second.files.save()
    assert load_document(path).layer("dense").config["units"] == 9


def test_same_bytes_rewritten_is_not_a_change(make_window, tmp_path, monkeypatch):
    path = write_design(tmp_path / "d.json")
    window = make_window()
    assert window.files.open(path)
    content = path.read_bytes()
    time.sleep(0.01)
    path.write_bytes(content)
    set_units(window, 5)
    calls = []
    answer(monkeypatch, QMessageBox.Cancel, calls)
    assert window.files.save() and not calls


def test_lone_surrogate_in_a_name_saves_escaped_and_autosaves(make_window, tmp_path, data_dir, monkeypatch):
    path = write_design(tmp_path / "d.json")
    window = make_window()
    assert window.files.open(path)
    window.controller.apply(edits.set_argument(window.controller.document, "dense", "name", "bad\ud800name"))
    window.files.recovery.save_now()
    recovery = window.files.recovery.file
    assert recovery.exists() and "\\ud800" in recovery.read_text(encoding="utf-8")
    assert window.files.save()
    assert load_document(path).layer("dense").config["name"] == "bad\ud800name"


def test_recovery_keeps_an_absolute_path_when_opened_relatively(make_window, tmp_path, data_dir, monkeypatch):
    from designer.gui.recovery import pending_recoveries

    (tmp_path / "work").mkdir()
    write_design(tmp_path / "work" / "d.json")
    monkeypatch.chdir(tmp_path / "work")
    window = make_window()
    assert window.files.open("d.json")
    set_units(window, 3)
    window.files.recovery.save_now()
    stored = json.loads(window.files.recovery.file.read_text(encoding="utf-8"))
    assert os.path.isabs(stored["path"])
    monkeypatch.chdir(tmp_path)
    window.files.recovery._lock.unlock()  # as if that session had died
    found = pending_recoveries()
    assert [w.original_path for w in found] == [tmp_path / "work" / "d.json"]


def test_a_design_restored_from_recovery_asks_before_replacing_its_file(make_window, tmp_path, data_dir,
                                                                       monkeypatch):
    from designer.gui.app import offer_recovery

    path = write_design(tmp_path / "d.json")
    crashed = make_window()
    assert crashed.files.open(path)
    set_units(crashed, 3)
    crashed.files.recovery.save_now()
    crashed.files.recovery._lock.unlock()  # as if that session had died
    write_design(tmp_path / "other.json")
    (tmp_path / "other.json").replace(path)  # meanwhile another program rewrites the file
    on_disk = path.read_bytes()
    window = make_window()
    calls = []
    answer(monkeypatch, QMessageBox.Yes, calls)
    offer_recovery(window)
    assert window.controller.path == path and window.controller.document.layer("dense").config["units"] == 3
    answer(monkeypatch, QMessageBox.Cancel, calls)
    assert not window.files.save()
    assert "restored from a recovery file" in calls[-1][2] and path.read_bytes() == on_disk
    answer(monkeypatch, QMessageBox.Save, calls)
    assert window.files.save()
    assert load_document(path).layer("dense").config["units"] == 3


@pytest.mark.parametrize("bad", ["[1, 2, 3]", "not json", '{"format": "keras-designer-recovery", "saved_at": '
                                 '"yesterday", "path": null, "document": {}}', "1" * 5000, ""])
def test_a_malformed_recovery_file_is_skipped_with_a_note_and_the_genuine_one_offered(data_dir, bad, qtbot):
    from designer.gui.recovery import pending_recoveries
    from designer.gui.settings import recovery_dir

    folder = recovery_dir()
    (folder / "session-aaaa.json").write_text(bad, encoding="utf-8")
    genuine = {"format": "keras-designer-recovery", "version": 1, "saved_at": time.time(), "path": None,
               "document": design(name="genuine")}
    (folder / "session-bbbb.json").write_text(json.dumps(genuine), encoding="utf-8")
    notes = []
    found = pending_recoveries(None, notes)
    assert [w.document.name for w in found] == ["genuine"]
    assert len(notes) == 1 and "session-aaaa.json" in notes[0]


def test_a_fifo_among_recovery_files_does_not_hang_startup(data_dir, qtbot):
    from designer.gui.recovery import pending_recoveries
    from designer.gui.settings import recovery_dir

    os.mkfifo(recovery_dir() / "session-cccc.json")
    notes = []
    assert pending_recoveries(None, notes) == [] and "not a file" in notes[0]
