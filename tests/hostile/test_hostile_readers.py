"""Readers refuse what is not a regular file and stop at their limits, measured on what is actually read."""

from __future__ import annotations

import json
import os
import zipfile

import pytest

from designer.export import keras_import
from designer.export.keras_import import import_model
from designer.model import DocumentError, load_document
from hostile_designs import design, write_design
from hostile_support import cli

SEQUENTIAL = {"class_name": "Sequential", "config": {"name": "s", "layers": [
    {"class_name": "InputLayer", "config": {"batch_shape": [None, 4], "name": "inp"}},
    {"class_name": "Dense", "config": {"units": 2, "name": "d"}}]}}


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "model.json"
    os.mkfifo(path)
    return path


@pytest.mark.parametrize("reader", [load_document, import_model])
def test_a_fifo_is_refused_at_once(fifo, reader):
    with pytest.raises(DocumentError, match="named pipe"):
        reader(fifo)


@pytest.mark.parametrize("command", [["check"], ["summary"], ["import", "-o", "out.json"], ["explain"]])
def test_cli_on_a_fifo_and_on_dev_zero_exits_2_quickly(fifo, tmp_path, command):
    for source in (str(fifo), "/dev/zero"):
        args = [command[0], source, *command[1:]]
        proc = cli(*args, cwd=tmp_path, timeout=30, memory_bytes=1024 ** 3)
        assert proc.returncode == 2, proc.stderr
        assert "not a file" in proc.stderr and "Traceback" not in proc.stderr


def test_gui_open_of_a_fifo_says_why(fifo, qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    from designer.gui.app import create_window

    monkeypatch.setenv("KERAS_DESIGNER_DATA_DIR", str(tmp_path / "appdata"))
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", staticmethod(lambda *a, **k: warned.append(a[2])))
    window = create_window()
    try:
        assert not window.files.open(fifo)
        assert warned and "named pipe" in warned[0]
    finally:
        window.files.shutdown()
        window.close()


def _keras_zip(path, config_text: str, compress=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression=compress) as archive:
        archive.writestr("config.json", config_text)
        archive.writestr("metadata.json", "{}")
    return path


def test_zip_bomb_is_stopped_by_the_bytes_actually_decompressed(tmp_path):
    bomb = _keras_zip(tmp_path / "bomb.keras", "[]," * (23 * 1024 * 1024))
    assert bomb.stat().st_size < 1024 * 1024
    with pytest.raises(DocumentError, match="larger than"):
        import_model(bomb)


def test_many_small_containers_under_the_byte_limit_are_refused_before_parsing(tmp_path):
    text = "[" + "[]," * (20 * 1024 * 1024) + "[]]"
    with pytest.raises(DocumentError, match="JSON lists and objects"):
        import_model(_keras_zip(tmp_path / "lists.keras", text))


def test_a_lying_zip_header_does_not_matter(tmp_path):
    path = _keras_zip(tmp_path / "m.keras", "[]," * (23 * 1024 * 1024))
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")
    data[central + 24:central + 28] = (100).to_bytes(4, "little")  # claims 100 bytes uncompressed
    path.write_bytes(bytes(data))
    with pytest.raises(DocumentError):
        import_model(path)


def test_encrypted_member_is_a_clear_error(tmp_path):
    path = _keras_zip(tmp_path / "enc.keras", json.dumps(SEQUENTIAL), compress=zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    for magic, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = 0
        while (at := data.find(magic, start)) >= 0:
            data[at + offset] |= 0x1
            start = at + 4
    path.write_bytes(bytes(data))
    with pytest.raises(DocumentError, match="encrypted"):
        import_model(path)
    proc = cli("check", str(path))
    assert proc.returncode == 2 and "encrypted" in proc.stderr and "internal error" not in proc.stderr


def test_h5_model_config_limit_is_on_the_string_itself(tmp_path, monkeypatch):
    h5py = pytest.importorskip("h5py")
    path = tmp_path / "m.h5"
    text = json.dumps(SEQUENTIAL) + " " * 5000
    with h5py.File(path, "w") as f:
        f.attrs.create("model_config", text, dtype=h5py.string_dtype())
    assert h5py.File(path, "r").attrs.get_id("model_config").get_storage_size() < 100  # what the old check saw
    monkeypatch.setattr(keras_import, "MAX_CONFIG_BYTES", 1000)
    with pytest.raises(DocumentError, match="too large"):
        import_model(path)


@pytest.mark.parametrize("where", ["design", "keras"])
def test_a_5000_digit_integer_is_a_clear_error(tmp_path, where):
    huge = "1" * 5000
    if where == "design":
        text = json.dumps(design()).replace('"units": 2', f'"units": {huge}')
    else:
        text = json.dumps(SEQUENTIAL).replace('"units": 2', f'"units": {huge}')
    path = tmp_path / "m.json"
    path.write_text(text)
    proc = cli("check", str(path))
    assert proc.returncode == 2 and "number too long" in proc.stderr and "internal error" not in proc.stderr


def test_check_json_to_a_full_disk_is_a_clear_error(tmp_path):
    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full")
    path = write_design(tmp_path / "d.json")
    with open("/dev/full", "w") as full:
        proc = cli("check", "--json", str(path), stdout=full)
    assert proc.returncode == 2 and "cannot write the output" in proc.stderr
    assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
