"""Saves are atomic and keep the file's permission bits (two mutations of `designer.model.atomic` die here).

- a save that writes the target in place (not a temporary file renamed over it) fails the failed-fsync and the
  hard-link tests;
- a save that leaves the temporary file's 0600 mode on the result fails the mode test.
"""

from __future__ import annotations

import errno
import os
import stat

import pytest

from designer.model.atomic import atomic_write_text


def test_a_save_that_fails_before_the_rename_leaves_the_previous_file_whole(tmp_path, monkeypatch):
    target = tmp_path / "design.json"
    target.write_text("previous content\n")

    def disk_full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space left"):
        atomic_write_text(target, "new content that never fully reached the disk\n")
    assert target.read_text() == "previous content\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["design.json"]


def test_a_save_replaces_the_file_instead_of_rewriting_it_in_place(tmp_path):
    """A reader holding the old file (here: a hard link) keeps the whole old content."""
    target = tmp_path / "design.json"
    target.write_text("old\n")
    reader = tmp_path / "reader.json"
    os.link(target, reader)
    atomic_write_text(target, "new\n")
    assert (target.read_text(), reader.read_text()) == ("new\n", "old\n")


@pytest.mark.parametrize("mode", [0o644, 0o664, 0o640])
def test_a_save_keeps_the_permission_bits_of_the_file(tmp_path, mode):
    target = tmp_path / "design.json"
    target.write_text("old\n")
    os.chmod(target, mode)
    atomic_write_text(target, "new\n")
    assert stat.S_IMODE(os.stat(target).st_mode) == mode


def test_a_new_file_gets_the_umask_mode_not_0600(tmp_path):
    old = os.umask(0o022)
    try:
        atomic_write_text(tmp_path / "new.json", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE(os.stat(tmp_path / "new.json").st_mode) == 0o644
