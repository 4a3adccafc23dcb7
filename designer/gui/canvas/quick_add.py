"""Quick-add: Tab on the canvas opens a filterable list of layer classes; Enter adds the chosen one."""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from designer.layers import LayerSpec, all_specs

from . import style


def _initials(class_name: str) -> str:
    """``BatchNormalization`` → ``bn``, ``Conv2DTranspose`` → ``c2dt``."""
    return "".join(re.findall(r"[A-Z0-9]", class_name)).lower()


def rank(spec: LayerSpec, query: str) -> int | None:
    """How well ``query`` matches a class: 0 prefix, 1 initials, 2 inside the name, 3 family; None: no match."""
    q = query.strip().lower()
    name = spec.class_name.lower()
    if not q or name.startswith(q):
        return 0
    if _initials(spec.class_name).startswith(q):
        return 1
    if q in name:
        return 2
    if q in spec.family.lower():
        return 3
    return None


def _dot(family: str) -> QIcon:
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(style.family_color(family))
    painter.drawEllipse(1, 1, 10, 10)
    painter.end()
    return QIcon(pixmap)


class QuickAddPopup(QFrame):
    """A popup with a filter line and the matching catalog classes; emits `chosen(class_name)`."""

    chosen = Signal(str)

    def __init__(self, parent=None):
        super().__init__(parent, Qt.WindowType.Popup)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setObjectName("quickAdd")
        self.setStyleSheet(
            "#quickAdd { background: palette(base); border: 1px solid palette(mid); border-radius: 8px; }"
            "QLineEdit { border: 1px solid palette(mid); border-radius: 6px; padding: 5px 8px; font-size: 13px; }"
            "QListWidget { border: none; font-size: 13px; }"
            "QListWidget::item { padding: 3px 4px; }"
            "QListWidget::item:selected { background: palette(highlight); color: palette(highlighted-text); "
            "border-radius: 4px; }"
        )  # colours from the theme's palette (designer.gui.theme): readable light or dark
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Add a layer: type to filter, Enter to add")
        self.list = QListWidget(self)
        self.hint = QLabel(self)
        self.hint.setStyleSheet("color: palette(placeholder-text); font-size: 11px;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 6)
        layout.setSpacing(6)
        layout.addWidget(self.filter)
        layout.addWidget(self.list)
        layout.addWidget(self.hint)
        self.resize(300, 340)
        self._specs = all_specs()
        self._icons = {}
        self.filter.textChanged.connect(self.refilter)
        self.filter.returnPressed.connect(self.accept_current)
        self.list.itemActivated.connect(lambda item: self._choose(item.data(Qt.ItemDataRole.UserRole)))
        self.filter.installEventFilter(self)

    def open_at(self, global_pos: QPoint, hint: str = "") -> None:
        """Show at ``global_pos`` with an empty filter, focused for typing."""
        self.hint.setText(hint)
        self.filter.clear()
        self.refilter("")
        self.move(global_pos)
        self.show()
        self.raise_()
        self.filter.setFocus(Qt.FocusReason.PopupFocusReason)

    def refilter(self, text: str = "") -> None:
        """List the classes matching ``text``, best matches first, the first one current."""
        ranked = [(r, i, s) for i, s in enumerate(self._specs) if (r := rank(s, text)) is not None]
        ranked.sort(key=lambda t: (t[0], t[1]))
        self.list.clear()
        for _, _, spec in ranked:
            family = "Input" if spec.is_input else spec.family
            if family not in self._icons:
                self._icons[family] = _dot(family)
            item = QListWidgetItem(self._icons[family], spec.class_name)
            item.setData(Qt.ItemDataRole.UserRole, spec.class_name)
            item.setToolTip(f"{spec.class_name} ({spec.family})" + (f"\n{spec.doc.splitlines()[0]}" if spec.doc else ""))
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def matches(self) -> list[str]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def accept_current(self) -> None:
        item = self.list.currentItem()
        if item is not None:
            self._choose(item.data(Qt.ItemDataRole.UserRole))

    def _choose(self, class_name: str) -> None:
        self.hide()
        self.chosen.emit(class_name)

    def eventFilter(self, obj, event) -> bool:
        """Up/Down/PageUp/PageDown in the filter move through the list; Escape closes."""
        if obj is self.filter and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                QApplication.sendEvent(self.list, event)
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                return True
        return super().eventFilter(obj, event)
