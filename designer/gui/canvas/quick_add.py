"""Quick-add: Tab on the canvas opens a filterable list of layer classes; Enter adds the chosen one.

Among equally good matches, the classes that would be valid on the tensor the
new layer receives come first (after a Conv2D, "maxp" offers MaxPooling2D
before MaxPooling1D); the others are listed dimmed, their tooltip says why.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from designer.engine.layer_infer import infer_layer
from designer.layers import LayerSpec, all_specs
from designer.layers.spec import Shape
from designer.model import Source

from . import style
from .starter import starter_config

FROM_SELECTION = "selection"
"""`QuickAddPopup.open_at`'s default: the new layer takes the output of the (last) selected layer."""


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
        self._input: Shape | None = None
        self._refusals: dict[str, str | None] = {}
        self.filter.textChanged.connect(self.refilter)
        self.filter.returnPressed.connect(self.accept_current)
        self.list.itemActivated.connect(lambda item: self._choose(item.data(Qt.ItemDataRole.UserRole)))
        self.filter.installEventFilter(self)

    def open_at(self, global_pos: QPoint, hint: str = "", source: Source | str | None = FROM_SELECTION) -> None:
        """Show at ``global_pos`` with an empty filter, focused for typing.

        ``source``: the output the new layer will take (ranks the classes valid on it first), None for a layer
        added on its own, or `FROM_SELECTION`.
        """
        self._input = self._shape_of(self._selected() if isinstance(source, str) else source)
        self._refusals = {}
        self.hint.setText(hint)
        self.filter.clear()
        self.refilter("")
        self.move(global_pos)
        self.show()
        self.raise_()
        self.filter.setFocus(Qt.FocusReason.PopupFocusReason)

    def _controller(self):
        return getattr(self.parent(), "controller", None)

    def _selected(self) -> Source | None:
        controller = self._controller()
        if controller is None:
            return None
        selected = [i for i in controller.selection if i in controller.document]
        return Source(selected[-1]) if selected else None

    def _shape_of(self, source: Source | None) -> Shape | None:
        controller = self._controller()
        if source is None or controller is None:
            return None
        result = controller.result(source.layer)
        outputs = result.outputs if result is not None else None
        return outputs[source.index] if outputs is not None and source.index < len(outputs) else None

    def refusal(self, class_name: str) -> str | None:
        """Why a freshly added ``class_name`` would be invalid on the tensor it receives (None: it fits, or the
        tensor is unknown)."""
        if self._input is None:
            return None
        if class_name not in self._refusals:
            self._refusals[class_name] = infer_layer(class_name, starter_config(class_name), [self._input]).error
        return self._refusals[class_name]

    def refilter(self, text: str = "") -> None:
        """List the classes matching ``text``: best matches first and, among equal ones, those valid on the
        incoming tensor; the first one current."""
        ranked = [(r, i, s) for i, s in enumerate(self._specs) if (r := rank(s, text)) is not None]
        if self._input is not None and text.strip():
            ranked.sort(key=lambda t: (t[0], self.refusal(t[2].class_name) is not None, t[1]))
        else:
            ranked.sort(key=lambda t: (t[0], t[1]))
        self.list.clear()
        dim = self.palette().color(self.palette().ColorRole.PlaceholderText)
        for _, _, spec in ranked:
            family = "Input" if spec.is_input else spec.family
            if family not in self._icons:
                self._icons[family] = _dot(family)
            item = QListWidgetItem(self._icons[family], spec.class_name)
            item.setData(Qt.ItemDataRole.UserRole, spec.class_name)
            tip = f"{spec.class_name} ({spec.family})" + (f"\n{spec.doc.splitlines()[0]}" if spec.doc else "")
            refused = self.refusal(spec.class_name) if text.strip() else None
            if refused:
                item.setForeground(dim)
                tip += f"\nInvalid here as it starts: {refused}"
            item.setToolTip(tip)
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
