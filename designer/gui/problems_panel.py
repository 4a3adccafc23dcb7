"""The problems dock: every layer Keras would refuse, why, and how many layers it leaves without a shape;
then, in amber, the warnings (what Keras accepts but was probably not meant).

Clicking a problem or a warning selects its layer and emits
``center_requested(layer_id)`` so the main window can bring it into view on
the canvas. Warnings come from `designer.engine.explain.warnings_for_design`
(no fixes: the inspector offers those for the selected layer).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QStackedWidget, QVBoxLayout, QWidget

from .lazy_refresh import LazyRefresh
from .theme import colors

ID_ROLE = Qt.ItemDataRole.UserRole


def problem_text(result, blocked: int) -> str:
    """``conv2d_4 (Conv2D)`` then the message without the leading name, then what it blocks."""
    message = result.error
    prefix = f"{result.name}: "
    if message.startswith(prefix):
        message = message[len(prefix):]
    lines = [f"✗ {result.name} ({result.class_name})", message]
    if blocked:
        lines.append(f"{blocked} layer{'s' if blocked > 1 else ''} after it {'have' if blocked > 1 else 'has'} "
                     "no shape because of it")
    return "\n".join(lines)


def warning_text(result, message: str) -> str:
    """``⚠ max_pooling2d_3 (MaxPooling2D)`` then the warning."""
    return f"⚠ {result.name} ({result.class_name})\n{message}"


def _list(parent: QWidget) -> QListWidget:
    widget = QListWidget(parent)
    widget.setWordWrap(True)
    widget.setUniformItemSizes(False)
    widget.setResizeMode(QListWidget.ResizeMode.Adjust)
    widget.setSpacing(2)
    widget.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
    return widget


class ProblemsPanel(LazyRefresh, QWidget):
    """The invalid layers (root errors) with a headline count, "No problems" when there is none, then the
    warnings in amber under their own headline."""

    center_requested = Signal(str)

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        self.list = _list(self)
        self.empty = QLabel("✓ No problems: Keras would accept every layer.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet(f"color: {colors().ok_text};")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        self.warnings_headline = QLabel(self)
        self.warnings_headline.setWordWrap(True)
        self.warnings_headline.setStyleSheet(f"color: {colors().warning_text};")
        self.warnings_list = _list(self)
        layout.addWidget(self.headline)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.warnings_headline)
        layout.addWidget(self.warnings_list, 1)
        self._shown: list[tuple[str, str, int]] | None = None
        self._shown_warnings: list[tuple[str, str]] | None = None
        for widget in (self.list, self.warnings_list):
            widget.itemClicked.connect(self._on_clicked)
            widget.itemActivated.connect(self._on_clicked)
        self._init_lazy_refresh(self)
        controller.inferred.connect(self._on_change)
        controller.warnings_changed.connect(self._on_change)
        self.refresh()

    def restyle(self) -> None:
        """Take the current theme's colours."""
        self.empty.setStyleSheet(f"color: {colors().ok_text};")
        self.warnings_headline.setStyleSheet(f"color: {colors().warning_text};")
        self._shown = self._shown_warnings = None
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the lists from the controller's latest inference (only when the problems changed)."""
        self._stale = False
        inference = self.controller.inference
        self._refresh_warnings(inference)
        roots = inference.invalid()
        blocked: dict[str, int] = {}
        for r in inference.layers.values():
            if r.blocked_by is not None:
                blocked[r.blocked_by] = blocked.get(r.blocked_by, 0) + 1
        shown = [(r.id, r.error, blocked.get(r.id, 0)) for r in roots]
        if shown == self._shown:
            return
        self._shown = shown
        self.list.clear()
        for r in roots:
            item = QListWidgetItem(problem_text(r, blocked.get(r.id, 0)))
            item.setData(ID_ROLE, r.id)
            item.setToolTip(r.error)
            item.setForeground(QBrush(QColor(colors().error_text)))
            self.list.addItem(item)
        total_blocked = sum(blocked.values())
        if roots:
            self.headline.setText(
                f"<b>{len(roots)} problem{'s' if len(roots) > 1 else ''}</b>"
                + (f" · {total_blocked} layer{'s' if total_blocked > 1 else ''} without a shape because of "
                   f"{'them' if len(roots) > 1 else 'it'}" if total_blocked else "")
            )
        self.headline.setVisible(bool(roots))
        self.stack.setCurrentIndex(1 if roots else 0)
        self._fit_empty()

    def _refresh_warnings(self, inference) -> None:
        found = self.controller.warnings()
        shown = [(w.layer_id, w.message) for i in inference.order for w in found.get(i, ())]
        if shown == self._shown_warnings:
            return
        self._shown_warnings = shown
        self.warnings_list.clear()
        for layer_id, message in shown:
            item = QListWidgetItem(warning_text(inference[layer_id], message))
            item.setData(ID_ROLE, layer_id)
            item.setToolTip(message)
            item.setForeground(QBrush(QColor(colors().warning_text)))
            item.setBackground(QBrush(QColor(colors().warning_bg)))
            self.warnings_list.addItem(item)
        n = len(shown)
        self.warnings_headline.setText(
            f"<b>⚠ {n} warning{'s' if n != 1 else ''}</b> · Keras accepts "
            f"{'these' if n != 1 else 'this'}, but {'they are' if n != 1 else 'it is'} probably not what you meant")
        self.warnings_headline.setVisible(bool(shown))
        self.warnings_list.setVisible(bool(shown))
        self._fit_empty()

    def _fit_empty(self) -> None:
        """With no errors but some warnings, the "No problems" line takes one line, the warnings the rest."""
        compact = self.stack.currentWidget() is self.empty and bool(self._shown_warnings)
        self.stack.setMaximumHeight(self.empty.sizeHint().height() + 8 if compact else 16777215)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter if compact
                                else Qt.AlignmentFlag.AlignCenter)

    def problem_ids(self) -> list[str]:
        """The layers with an error, in order (warnings are not problems: see `warning_ids`)."""
        return [self.list.item(i).data(ID_ROLE) for i in range(self.list.count())]

    def warning_ids(self) -> list[str]:
        """The layers of the listed warnings, in order (a layer may have several)."""
        return [self.warnings_list.item(i).data(ID_ROLE) for i in range(self.warnings_list.count())]

    def _on_clicked(self, item: QListWidgetItem) -> None:
        layer_id = item.data(ID_ROLE)
        self.controller.select([layer_id])
        self.center_requested.emit(layer_id)

    def sizeHint(self) -> QSize:
        return QSize(320, 160)
