"""Autosave to a recovery file, and finding the work of sessions that crashed.

While a design has unsaved changes, it is written (atomically) to a recovery
file a few seconds after each edit and every minute. A lock file held by the
running session tells a live session from a dead one: at the next start, the
recovery files whose lock is stale are offered back.
"""

from __future__ import annotations

import json
import math
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QObject, QTimer

from designer.model import Document, DocumentError, document_from_dict, document_to_dict
from designer.model.atomic import atomic_write_text
from designer.model.format_v1 import escape_surrogates
from designer.model.safe_read import load_json, read_limited

from .settings import recovery_dir

AUTOSAVE_INTERVAL_MS = 60_000
AFTER_EDIT_DELAY_MS = 2_000
FORMAT = "keras-designer-recovery"


@dataclass
class RecoveredWork:
    file: Path
    document: Document
    original_path: Path | None
    saved_at: float

    def discard(self) -> None:
        for path in (self.file, self.file.with_suffix(".lock")):
            try:
                path.unlink()
            except OSError:
                pass


class Recovery(QObject):
    """The recovery file of one open design."""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        session = uuid.uuid4().hex[:12]
        folder = recovery_dir()
        self.file = folder / f"session-{session}.json"
        self._lock = QLockFile(str(folder / f"session-{session}.lock"))
        self._lock.setStaleLockTime(0)
        self._lock.tryLock(0)
        self._periodic = QTimer(self)
        self._periodic.setInterval(AUTOSAVE_INTERVAL_MS)
        self._periodic.timeout.connect(self.save_now)
        self._periodic.start()
        self._after_edit = QTimer(self)
        self._after_edit.setSingleShot(True)
        self._after_edit.setInterval(AFTER_EDIT_DELAY_MS)
        self._after_edit.timeout.connect(self.save_now)
        controller.document_changed.connect(lambda _change: self._after_edit.start())

    def save_now(self) -> None:
        """Write the recovery file if there is unsaved work, else remove it."""
        if not self.controller.modified:
            self.discard()
            return
        path = self.controller.path
        data = {"format": FORMAT, "version": 1, "saved_at": time.time(),
                "path": os.path.abspath(path) if path else None,
                "document": document_to_dict(self.controller.document)}
        try:
            atomic_write_text(self.file, escape_surrogates(json.dumps(data, ensure_ascii=False)))
        except (OSError, ValueError) as exc:
            self.controller.message.emit(f"Autosave failed: {getattr(exc, 'strerror', None) or exc}")

    def discard(self) -> None:
        try:
            self.file.unlink()
        except OSError:
            pass

    def stop(self) -> None:
        self._periodic.stop()
        self._after_edit.stop()
        self._lock.unlock()


def pending_recoveries(own: Path | None = None, notes: list[str] | None = None) -> list[RecoveredWork]:
    """Recovery files left by sessions that are no longer running, newest first.

    A file that cannot be read as a recovery is skipped (with a line in ``notes``) and
    never stops the others from being offered.
    """
    found = []
    for file in sorted(recovery_dir().glob("session-*.json")):
        if own is not None and file == own:
            continue
        lock = QLockFile(str(file.with_suffix(".lock")))
        lock.setStaleLockTime(0)
        if not lock.tryLock(0):
            continue  # its session is still running
        lock.unlock()
        try:
            found.append(read_recovery(file))
        except DocumentError as exc:
            if notes is not None:
                notes.append(f"skipped the recovery file {file.name}: {exc}")
    return sorted(found, key=lambda r: -r.saved_at)


def read_recovery(file: Path) -> RecoveredWork:
    """One recovery file, or `DocumentError` saying why it is not one."""
    try:
        raw = read_limited(file)
        data = load_json(raw.decode("utf-8"), file.name, "a recovery file")
    except (OSError, UnicodeDecodeError) as exc:
        raise DocumentError(f"cannot read it ({exc})") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DocumentError("not a keras-designer recovery file")
    saved_at, path = data.get("saved_at"), data.get("path")
    if isinstance(saved_at, bool) or not isinstance(saved_at, (int, float)) or not math.isfinite(saved_at):
        raise DocumentError(f"its time is not a number ({saved_at!r})")
    if not isinstance(path, str) or not os.path.isabs(path):
        path = None  # a relative path (older files) would resolve against today's folder: restore as untitled
    document = document_from_dict(data.get("document"))
    return RecoveredWork(file, document, Path(path) if path else None, float(saved_at))
