"""Writing a file so that a crash or a full disk never leaves it half-written.

The save policy, the one editors follow:

- a save goes *through* a symbolic link: the link is resolved, the temporary file is
  written beside the real target and renamed over it, so the link stays a link and
  its target gets the new content;
- only a regular file is ever replaced: a FIFO, a device, a folder or a socket at the
  path is refused with `SaveRefused`, never swapped for a file;
- an existing file keeps its permission bits; a new one gets the umask's (as
  ``open()`` would), not the 0600 of a temporary file;
- hidden ``.NAME.*.tmp`` files left beside the target by a save that was killed
  are removed by the next save of the same file.
"""

from __future__ import annotations

import os
import stat
import tempfile
import time
from pathlib import Path

from .safe_read import file_kind

STALE_TMP_SECONDS = 60.0
"""A temporary file older than this is a leftover of a killed save, not one in progress."""


class SaveRefused(OSError):
    """A path that must not be written: empty, or something other than a regular file."""

    def __init__(self, message: str):
        super().__init__(message)
        self.strerror = message

    def __str__(self) -> str:
        return self.strerror or ""


def resolve_target(path: str | os.PathLike[str]) -> Path:
    """The file a save of ``path`` writes: symlinks followed; `SaveRefused` when it cannot be a file."""
    if not os.fspath(path):
        raise SaveRefused("no file name given (the output path is empty)")
    target = Path(os.path.realpath(path))
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    except OSError:
        return target  # unreadable metadata: let the write itself report it
    if not stat.S_ISREG(mode):
        raise SaveRefused(f"{os.fspath(path)} is {file_kind(mode)}, not a regular file: refusing to replace it")
    return target


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def remove_stale_temporaries(target: Path, older_than: float = STALE_TMP_SECONDS) -> int:
    """Delete ``.NAME.*.tmp`` leftovers of killed saves of ``target``; returns how many."""
    removed = 0
    cutoff = time.time() - older_than
    try:
        candidates = list(target.parent.glob(f".{_glob_escape(target.name)}.*.tmp"))
    except OSError:
        return 0
    for leftover in candidates:
        try:
            info = leftover.lstat()
            if stat.S_ISREG(info.st_mode) and info.st_mtime < cutoff:
                leftover.unlink()
                removed += 1
        except OSError:
            pass
    return removed


def _glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def atomic_write_text(path: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to a temporary file beside the target of ``path``, fsync it, rename it over the target.

    On any failure the temporary file is removed and the target keeps its previous
    content. The text is encoded before anything is created, so text that cannot
    be encoded (a lone surrogate) fails with `UnicodeEncodeError` and touches nothing.
    """
    write_bytes_atomically(path, text.encode(encoding))


def write_bytes_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """`atomic_write_text` for bytes."""
    target = resolve_target(path)
    directory = target.parent
    remove_stale_temporaries(target)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            mode = target.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o666 & ~_umask()
        os.chmod(tmp_name, mode)
        resolve_target(target)  # still a regular file (or absent) right before the rename
        os.replace(tmp_name, target)
    except BaseException:
        try:
            os.unlink(tmp_name)
        except OSError:
            pass
        raise
    _fsync_directory(directory)


def _fsync_directory(directory: Path) -> None:
    """Make the rename itself durable where the platform allows it."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    try:
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
