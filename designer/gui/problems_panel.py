"""The problems dock: every layer Keras would refuse, why, and how many layers it leaves without a shape.

Clicking a problem selects its layer and emits ``center_requested(layer_id)``
so the main window can bring it into view on the canvas.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem, QStackedWidget, QVBoxLayout, QWidget

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


class ProblemsPanel(QWidget):
    """A list of the invalid layers (root errors) with a headline count; "No problems" when all is well."""

    center_requested = Signal(str)

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.headline = QLabel(self)
        self.headline.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setSpacing(2)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.empty = QLabel("✓ No problems: Keras would accept every layer.", self)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet("color: #2e7d32;")
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.list)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.headline)
        layout.addWidget(self.stack, 1)
        self._shown: list[tuple[str, str, int]] = []
        self.list.itemClicked.connect(self._on_clicked)
        self.list.itemActivated.connect(self._on_clicked)
        controller.inferred.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Rebuild the list from the controller's latest inference (only when the problems changed)."""
        inference = self.controller.inference
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
            item.setForeground(Qt.GlobalColor.darkRed)
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

    def problem_ids(self) -> list[str]:
        return [self.list.item(i).data(ID_ROLE) for i in range(self.list.count())]

    def _on_clicked(self, item: QListWidgetItem) -> None:
        layer_id = item.data(ID_ROLE)
        self.controller.select([layer_id])
        self.center_requested.emit(layer_id)

    def sizeHint(self) -> QSize:
        return QSize(320, 160)
