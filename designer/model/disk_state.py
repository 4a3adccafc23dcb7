"""What a file on disk looked like when a design was opened or saved, to notice a change made by someone else.

A save onto the file a design came from first compares the file with the `FileStamp`
taken at open (or at the last save): modification time and size first, and when
either differs, the content's SHA-256 (a ``touch`` or a copy of the same bytes is
no change). The app asks before overwriting a file changed on disk.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass

from .safe_read import read_limited


@dataclass(frozen=True)
class FileStamp:
    mtime_ns: int
    size: int
    sha256: str


UNREAD = FileStamp(-1, -1, "")
"""The stamp of a file this session never read (a design restored from a recovery file names it): any file
there counts as changed, so the first save asks before replacing it."""


def _digest(path: str | os.PathLike) -> str | None:
    try:
        return hashlib.sha256(read_limited(path)).hexdigest()
    except (OSError, ValueError):
        return None


def stamp_of(path: str | os.PathLike) -> FileStamp | None:
    """The file's stamp now, or None when it does not exist or cannot be read."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    digest = _digest(path)
    return None if digest is None else FileStamp(info.st_mtime_ns, info.st_size, digest)


def changed_on_disk(path: str | os.PathLike, stamp: FileStamp | None) -> bool:
    """True when ``path`` is no longer what ``stamp`` recorded (changed, replaced or deleted)."""
    if stamp is None:
        return False
    try:
        info = os.stat(path)
    except OSError:
        return True
    if info.st_mtime_ns == stamp.mtime_ns and info.st_size == stamp.size:
        return False
    return _digest(path) != stamp.sha256
