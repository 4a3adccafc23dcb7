"""Saves never replace what is not a regular file, go through symlinks, keep modes, clean their leftovers."""

from __future__ import annotations

import os
import stat
import time

import pytest

from designer.model import load_document, save_document
from designer.model.atomic import SaveRefused, atomic_write_text
from hostile_designs import write_design
from hostile_support import cli


def test_save_goes_through_a_symlink_to_its_target(tmp_path):
    real = tmp_path / "real.py"
    real.write_text("old\n")
    link = tmp_path / "link.py"
    link.symlink_to(real)
    atomic_write_text(link, "new\n")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new\n"


def test_save_through_a_relative_symlink_into_another_folder(tmp_path):
    (tmp_path / "sub").mkdir()
    real = tmp_path / "sub" / "design.json"
    real.write_text("{}")
    link = tmp_path / "design.json"
    link.symlink_to(os.path.join("sub", "design.json"))
    atomic_write_text(link, "x")
    assert link.is_symlink() and real.read_text() == "x"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("kind", ["fifo", "dir", "link_to_fifo"])
def test_refuses_to_replace_what_is_not_a_regular_file(tmp_path, kind):
    path = tmp_path / "out.py"
    if kind == "dir":
        path.mkdir()
    else:
        fifo = tmp_path / "pipe"
        os.mkfifo(fifo)
        if kind == "fifo":
            path = fifo
        else:
            path.symlink_to(fifo)
    with pytest.raises(SaveRefused, match="not a regular file"):
        atomic_write_text(path, "x")
    assert not stat.S_ISREG(os.stat(path).st_mode)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_export_onto_a_device_is_refused_and_the_device_kept(tmp_path):
    design = write_design(tmp_path / "d.json")
    proc = cli("export", str(design), "-o", "/dev/null")
    assert proc.returncode == 2 and "not a regular file" in proc.stderr
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_new_file_gets_the_umask_mode_and_existing_files_keep_theirs(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "new.json", "x")
        assert stat.S_IMODE(os.stat(tmp_path / "new.json").st_mode) == 0o644
        os.umask(0o077)
        atomic_write_text(tmp_path / "private.json", "x")
        assert stat.S_IMODE(os.stat(tmp_path / "private.json").st_mode) == 0o600
    finally:
        os.umask(old)
    kept = tmp_path / "kept.json"
    kept.write_text("x")
    os.chmod(kept, 0o640)
    atomic_write_text(kept, "y")
    assert stat.S_IMODE(os.stat(kept).st_mode) == 0o640


def test_empty_output_name_says_so(tmp_path):
    design = write_design(tmp_path / "d.json")
    proc = cli("export", str(design), "-o", "")
    assert proc.returncode == 2 and "empty" in proc.stderr and "busy" not in proc.stderr
    with pytest.raises(SaveRefused, match="empty"):
        atomic_write_text("", "x")


def test_import_refuses_to_overwrite_its_own_source(tmp_path):
    source = tmp_path / "m.json"
    source.write_text('{"class_name": "Sequential", "config": {"name": "s", "layers": []}}')
    before = source.read_bytes()
    proc = cli("import", str(source), "-o", str(source))
    assert proc.returncode == 2 and "source" in proc.stderr
    assert source.read_bytes() == before


def test_export_refuses_to_overwrite_its_own_design(tmp_path):
    design = write_design(tmp_path / "d.json")
    before = design.read_bytes()
    proc = cli("export", str(design), "-o", str(design))
    assert proc.returncode == 2 and "design itself" in proc.stderr
    assert design.read_bytes() == before


def test_leftover_temporaries_of_killed_saves_are_removed_by_the_next_save(tmp_path):
    target = tmp_path / "d.json"
    write_design(target)
    leftover = tmp_path / ".d.json.abc123.tmp"
    leftover.write_text("half a design")
    old = time.time() - 3600
    os.utime(leftover, (old, old))
    fresh = tmp_path / ".d.json.inprogress.tmp"
    fresh.write_text("a save in progress elsewhere")
    other = tmp_path / ".other.json.zzz.tmp"
    other.write_text("not ours")
    os.utime(other, (old, old))
    save_document(load_document(target), target)
    assert not leftover.exists() and fresh.exists() and other.exists()
