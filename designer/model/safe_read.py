"""Reading a user's file: only regular files, never more than a hard byte limit.

Every reader of a file a user names (designs, Keras model JSON, ``.keras``
archives, ``.h5`` files, recovery files) goes through here. A FIFO would block
a reader forever and ``/dev/zero`` never ends, so the file is opened without
blocking and refused unless it is a regular file; its size on disk is not
trusted: reading stops at the limit, and a file longer than that is refused.
"""

from __future__ import annotations

import os
import stat
from typing import BinaryIO

from .document import DocumentError

MAX_READ_BYTES = 64 * 1024 * 1024
"""The most any reader takes from one file or archive member (64 MB)."""
CHUNK = 1024 * 1024


def file_kind(mode: int) -> str:
    """What a non-regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def check_regular(path: str | os.PathLike) -> None:
    """`DocumentError` unless ``path`` (symlinks followed) is a regular file; FileNotFoundError/OSError pass."""
    mode = os.stat(path).st_mode
    if not stat.S_ISREG(mode):
        raise DocumentError(f"it is {file_kind(mode)}, not a file")


def read_capped(stream: BinaryIO, limit: int, what: str) -> bytes:
    """At most ``limit`` bytes of ``stream``; `DocumentError` when it holds more (only ``limit`` + 1 are read)."""
    chunks, total = [], 0
    while total <= limit:
        chunk = stream.read(min(CHUNK, limit + 1 - total))
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
    if total > limit:
        raise DocumentError(f"{what} is larger than {limit / 1e6:.0f} MB, too large")
    return b"".join(chunks)


def read_limited(path: str | os.PathLike, limit: int = MAX_READ_BYTES, what: str = "the file") -> bytes:
    """The bytes of the regular file ``path``, at most ``limit`` of them.

    Raises `DocumentError` for a FIFO, device, folder or socket, or a file longer
    than ``limit``; `FileNotFoundError` / `OSError` when it cannot be opened.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(path, flags)
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise DocumentError(f"it is {file_kind(mode)}, not a file")
        with os.fdopen(fd, "rb", closefd=False) as stream:
            return read_capped(stream, limit, what)
    finally:
        os.close(fd)


MAX_JSON_CONTAINERS = 2_000_000
"""The most JSON lists and objects parsed from one text: each costs memory, so 63 MB of ``[],`` is refused."""


def load_json(text: str, what: str, kind: str, hint: str = "") -> object:
    """Parse JSON ``text`` (named ``what`` in messages, which say it cannot be ``kind``) or raise `DocumentError`.

    Refuses, before parsing, text with more than `MAX_JSON_CONTAINERS` brackets and
    braces; an integer longer than Python converts, or nesting deeper than Python
    recurses, is a clear error too.
    """
    containers = text.count("[") + text.count("{")
    if containers > MAX_JSON_CONTAINERS:
        raise DocumentError(f"{what} holds {containers:,} JSON lists and objects, more than the "
                            f"{MAX_JSON_CONTAINERS:,} read from one file: too large to be {kind}")
    import json

    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(f"{what} is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}){hint}") \
            from None
    except RecursionError:
        raise DocumentError(f"{what} nests too deeply to be {kind}") from None
    except ValueError as exc:  # an integer beyond sys.get_int_max_str_digits()
        raise DocumentError(f"{what} holds a number too long to read ({exc}); it cannot be {kind}") from None
