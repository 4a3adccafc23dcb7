"""The layer palette: every catalog layer, grouped by family, filterable, draggable onto the canvas.

Dragging an entry carries its Keras class name as `LAYER_MIME`; double-click
or Enter asks for the layer to be appended after the selection
(`PaletteWidget.append_requested`), which the main window wires to the canvas.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QMimeData, QPoint, QRectF, Qt, Signal
from PySide6.QtGui import QDrag, QFont, QKeySequence, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from designer.layers import FAMILIES, all_specs
from designer.layers.spec import LayerSpec

from .mime import LAYER_MIME
from .theme import blend

DESIGN_UNDO_KEYS = (QKeySequence("Ctrl+Z"), QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y"))
"""Keys that reach the window's Undo/Redo even while the filter box has focus."""
CLASS_ROLE = Qt.ItemDataRole.UserRole
"""Item data role holding a layer entry's class name (family headers hold None)."""


def layer_mime_data(class_name: str) -> QMimeData:
    """The MIME data of a palette drag: the class name, UTF-8, under `LAYER_MIME`."""
    data = QMimeData()
    data.setData(LAYER_MIME, class_name.encode("utf-8"))
    data.setText(class_name)
    return data


def matches(spec: LayerSpec, text: str) -> bool:
    """Whether the filter ``text`` finds ``spec``: every word in its class name or doc, ignoring case."""
    haystack = f"{spec.class_name} {spec.doc}".lower()
    return all(word in haystack for word in text.lower().split())


def match_rank(spec: LayerSpec, text: str) -> int:
    """How well ``text`` names ``spec`` (lower is better): the quick-add ranks of the class name, then a match
    in the description only. Enter in the filter adds the best one, so "upsamp" adds an UpSampling layer and
    not a transposed convolution whose description mentions up-sampling."""
    from .canvas.quick_add import rank

    ranks = [rank(spec, word) for word in text.split()] or [0]
    known = [r for r in ranks if r is not None]
    return 4 if len(known) != len(ranks) else max(known)


def drag_chip(class_name: str, widget: QWidget) -> QPixmap:
    """The picture under the cursor while dragging: the class name on a rounded chip."""
    metrics = widget.fontMetrics()
    ratio = widget.devicePixelRatioF()
    width, height = metrics.horizontalAdvance(class_name) + 20, metrics.height() + 10
    pixmap = QPixmap(int(width * ratio), int(height * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    palette = widget.palette()
    accent, base = palette.color(QPalette.ColorRole.Highlight), palette.color(QPalette.ColorRole.Base)
    painter.setPen(accent)
    painter.setBrush(blend(base, accent, 0.2))
    painter.drawRoundedRect(QRectF(0.5, 0.5, width - 1, height - 1), 6, 6)
    painter.setPen(palette.color(QPalette.ColorRole.Text))
    painter.setFont(widget.font())
    painter.drawText(QRectF(0, 0, width, height), Qt.AlignmentFlag.AlignCenter, class_name)
    painter.end()
    return pixmap


class LayerTree(QTreeWidget):
    """The tree of the palette: drags carry the class name, Enter activates the current layer."""

    activated_layer = Signal(str)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setRootIsDecorated(True)
        self.setUniformRowHeights(True)
        # Names cut in the middle: a narrow dock shows "AdaptiveAve…Pooling2D", not three identical "AdaptiveAveragePo…".
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.itemDoubleClicked.connect(self._on_double_click)

    def mimeTypes(self) -> list[str]:
        return [LAYER_MIME]

    def mimeData(self, items) -> QMimeData:
        names = [i.data(0, CLASS_ROLE) for i in items if i.data(0, CLASS_ROLE)]
        return layer_mime_data(names[0]) if names else QMimeData()

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    def startDrag(self, _actions) -> None:
        """Drag the current layer entry (family headers do not drag)."""
        item = self.currentItem()
        name = item.data(0, CLASS_ROLE) if item is not None else None
        if not name:
            return
        drag = QDrag(self)
        drag.setMimeData(layer_mime_data(name))
        chip = drag_chip(name, self)
        drag.setPixmap(chip)
        drag.setHotSpot(QPoint(12, int(chip.height() / chip.devicePixelRatio() / 2)))
        drag.exec(Qt.DropAction.CopyAction)

    def keyPressEvent(self, event) -> None:
        item = self.currentItem()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and item is not None and item.data(0, CLASS_ROLE):
            self.activated_layer.emit(item.data(0, CLASS_ROLE))
            event.accept()
            return
        super().keyPressEvent(event)

    def _on_double_click(self, item: QTreeWidgetItem, _column: int) -> None:
        name = item.data(0, CLASS_ROLE)
        if name:
            self.activated_layer.emit(name)


class PaletteWidget(QWidget):
    """Filter box over the tree of layers; emits ``append_requested(class_name)``."""

    append_requested = Signal(str)

    def __init__(self, controller=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter layers…")
        self.filter.setClearButtonEnabled(True)
        self.tree = LayerTree(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.filter)
        layout.addWidget(self.tree)
        self._families: dict[str, QTreeWidgetItem] = {}
        self._items: dict[str, tuple[QTreeWidgetItem, LayerSpec]] = {}
        self._populate()
        self.filter.textChanged.connect(self.apply_filter)
        self.filter.returnPressed.connect(self._append_first_match)
        self.filter.installEventFilter(self)
        self.tree.activated_layer.connect(self.append_requested)

    def _populate(self) -> None:
        bold = QFont(self.font())
        bold.setBold(True)
        specs = all_specs()
        for family in FAMILIES:
            members = [s for s in specs if s.family == family]
            if not members:
                continue
            header = QTreeWidgetItem(self.tree, [family])
            header.setFont(0, bold)
            header.setFlags(Qt.ItemFlag.ItemIsEnabled)
            header.setData(0, CLASS_ROLE, None)
            self._families[family] = header
            for spec in members:
                item = QTreeWidgetItem(header, [spec.class_name])
                item.setData(0, CLASS_ROLE, spec.class_name)
                item.setToolTip(0, spec.doc)
                item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsDragEnabled)
                self._items[spec.class_name] = (item, spec)
        self.tree.expandAll()

    def item(self, class_name: str) -> QTreeWidgetItem:
        """The tree item of a layer class (for the main window and tests)."""
        return self._items[class_name][0]

    def visible_classes(self) -> list[str]:
        """Class names the filter currently shows, in tree order."""
        return [name for name, (item, _) in self._items.items() if not item.isHidden()]

    def apply_filter(self, text: str) -> None:
        """Show only the layers whose class name or doc contains every word of ``text``."""
        for item, spec in self._items.values():
            item.setHidden(not matches(spec, text))
        for header in self._families.values():
            shown = any((child := header.child(i)) is not None and not child.isHidden()
                        for i in range(header.childCount()))
            header.setHidden(not shown)
            if shown and text:
                header.setExpanded(True)
        visible = self.visible_classes()
        if visible and text.strip():
            best = min(visible, key=lambda name: (match_rank(self._items[name][1], text), visible.index(name)))
            self.tree.setCurrentItem(self.item(best))
            return
        current = self.tree.currentItem()
        if visible and (current is None or current.isHidden() or not current.data(0, CLASS_ROLE)):
            self.tree.setCurrentItem(self.item(visible[0]))

    def eventFilter(self, watched, event) -> bool:
        """Down in the filter box moves into the list; Undo and Redo there undo the design, not the typing.

        The filter is a search: after "drop" + Enter added a Dropout, Ctrl+Z
        takes the Dropout back (the window's Undo), as it would anywhere else.
        """
        if watched is self.filter and event.type() == QEvent.Type.ShortcutOverride and (
                QKeySequence(event.keyCombination()) in DESIGN_UNDO_KEYS):
            return True
        if watched is self.filter and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            self.tree.setFocus()
            return True
        return super().eventFilter(watched, event)

    def _append_first_match(self) -> None:
        """Enter in the filter box appends the highlighted (or first shown) layer."""
        current = self.tree.currentItem()
        if current is not None and not current.isHidden() and current.data(0, CLASS_ROLE):
            self.append_requested.emit(current.data(0, CLASS_ROLE))
        elif self.visible_classes():
            self.append_requested.emit(self.visible_classes()[0])
