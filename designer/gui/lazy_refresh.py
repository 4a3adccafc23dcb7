"""When a panel redraws after an edit: at once for a small design, just after the canvas for a large one.

A panel that lists every layer (the summary table, Problems) costs more to
refresh than the canvas's change: on a large design it waits `LATER_MS` so the
edit reaches the screen first, and a hidden panel (a tabbed-away dock) only
marks itself stale and catches up when it is shown.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from .controller import LAZY_WARNINGS_LAYERS

LATER_MS = 40
"""A large design's panel is refreshed this long after the edit, once the canvas has shown it."""


class LazyRefresh:
    """Mixin for a `QWidget` panel with a ``controller`` and a ``refresh()``; call `_init_lazy_refresh` once."""

    controller: Any
    _stale: bool
    _later: QTimer

    def refresh(self) -> None:  # pragma: no cover - every panel defines its own
        raise NotImplementedError

    def _init_lazy_refresh(self, owner: QWidget) -> None:
        self._stale = False
        self._later = QTimer(owner)
        self._later.setSingleShot(True)
        self._later.setInterval(LATER_MS)
        self._later.timeout.connect(self._refresh_if_stale)

    def _on_change(self) -> None:
        """Refresh now if shown (a large design: just after the canvas shows the edit); a hidden panel
        catches up when shown."""
        if not self.isVisible():  # type: ignore[attr-defined]
            self._stale = True
        elif len(self.controller.document) >= LAZY_WARNINGS_LAYERS:
            self._stale = True
            self._later.start()
        else:
            self.refresh()

    def _refresh_if_stale(self) -> None:
        if self._stale:
            self.refresh()

    def showEvent(self, event) -> None:
        if self._stale:
            self.refresh()
        super().showEvent(event)  # type: ignore[misc]
