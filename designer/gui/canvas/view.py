"""`CanvasView`: the graph canvas widget (zoom, pan, keys, quick-add, fit, export).

Create it with the app's controller and put it in the main window::

    view = CanvasView(controller)
    window.setCentralWidget(view)

Keys while it has focus: Del/Backspace delete (reconnecting), Ctrl+C/X/V/D
copy, cut, paste, duplicate, Ctrl+A select all, F fit all, Ctrl+L auto layout,
Ctrl++/Ctrl+-/Ctrl+0 zoom, Tab quick-add, Space+drag or middle-drag pan,
Ctrl+wheel zoom, Esc cancel a wire or clear the selection.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QCursor, QPainter, QPen, QPolygonF
from PySide6.QtWidgets import QFrame, QGraphicsView

from designer.model import Source

from . import style
from .context_menu import CanvasMenus
from .editing import CanvasEditing
from .export import export_image
from .insertion import chain_consumer, insert_into_chain
from .quick_add import QuickAddPopup
from .scene import GraphScene

GRID = 24.0
CTRL = Qt.KeyboardModifier.ControlModifier


class CanvasView(QGraphicsView):
    """A QGraphicsView over a `GraphScene` of the controller's document.

    Signal ``zoom_changed(float)`` gives the zoom factor (1.0 = 100%).
    """

    zoom_changed = Signal(float)
    MIN_ZOOM = 0.05
    MAX_ZOOM = 3.0

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.graph = GraphScene(controller, self)
        self.setScene(self.graph)
        self.editing = CanvasEditing(self.graph)
        self.menus = CanvasMenus(self)
        self.quick_add = QuickAddPopup(self)
        self.quick_add.chosen.connect(self._quick_add_chosen)
        self._quick_pos = QPointF()
        self._pan_from: QPointF | None = None
        self._space = False
        self._buttons_down = 0
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setRubberBandSelectionMode(Qt.ItemSelectionMode.IntersectsItemShape)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.SmartViewportUpdate)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.resize(900, 700)
        self.centerOn(self.graph.graph_rect().center())

    # Public API -------------------------------------------------------------

    @property
    def zoom(self) -> float:
        return self.transform().m11()

    def set_zoom(self, value: float) -> None:
        value = max(self.MIN_ZOOM, min(self.MAX_ZOOM, value))
        factor = value / self.zoom
        if abs(factor - 1.0) > 1e-9:
            self.scale(factor, factor)
            self.zoom_changed.emit(self.zoom)

    def zoom_by(self, factor: float, under_mouse: bool = False) -> None:
        anchor = QGraphicsView.ViewportAnchor.AnchorUnderMouse if under_mouse else QGraphicsView.ViewportAnchor.AnchorViewCenter
        self.setTransformationAnchor(anchor)
        self.set_zoom(self.zoom * factor)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)

    def fit_all(self) -> None:
        """Show the whole graph, at most at 100%."""
        rect = self.graph.graph_rect()
        if rect.isEmpty():
            return
        rect = rect.adjusted(-40, -40, 40, 40)
        self.fitInView(rect, Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom > 1.0:
            self.set_zoom(1.0)
        self.centerOn(rect.center())
        self.zoom_changed.emit(self.zoom)

    def center_on(self, layer_id: str) -> bool:
        item = self.graph.layer_item(layer_id)
        if item is None:
            return False
        self.centerOn(item)
        return True

    def reveal_layer(self, layer_id: str) -> bool:
        """Scroll a layer selected elsewhere (summary, problems, inspector) into view; returns whether it scrolled.

        Never while a mouse button is down on the canvas: the click that selected
        the card is still in progress, and scrolling under it would turn the click
        into a drag of the card that no undo step records.
        """
        item = self.graph.layer_item(layer_id)
        if item is None or self._buttons_down:
            return False
        if self.mapToScene(self.viewport().rect()).boundingRect().contains(item.sceneBoundingRect()):
            return False
        self.centerOn(item)
        return True

    def restyle(self) -> None:
        """Repaint in the current theme's colours (`style` was recomputed from the new palette)."""
        self.graph.setBackgroundBrush(style.color(style.CANVAS_BG))
        for item in self.graph.items():
            item.update()
        self.resetCachedContent()
        self.viewport().update()
        minimap = getattr(self, "minimap", None)
        if minimap is not None:
            minimap.refresh()

    def auto_layout(self) -> bool:
        """Lay the graph out (one undo step) and fit it in view."""
        changed = self.editing.auto_layout()
        self.fit_all()
        return changed

    def export_image(self, path: str | Path) -> Path:
        """Write the whole graph as PNG or SVG (by suffix); see `export.export_image` for errors."""
        return export_image(self.graph, path)

    def append_after_selection(self, class_name: str) -> str | None:
        """Add a layer after the selected one(s) (inserted into the chain when the selected layer has one
        consumer), or in the middle of the view; returns its id."""
        centre = self.mapToScene(self.viewport().rect().center())
        new_id = insert_into_chain(self.graph, class_name) or self.editing.append(class_name, centre)
        self._reveal(new_id)
        return new_id

    def delete_selection(self) -> bool:
        return self.editing.delete_selection()

    def copy(self) -> bool:
        return self.editing.copy()

    def cut(self) -> bool:
        return self.editing.cut()

    def paste(self) -> list[str]:
        return self.editing.paste(self._cursor_scene_pos())

    def duplicate(self) -> list[str]:
        return self.editing.duplicate()

    def select_all(self) -> None:
        self.editing.select_all()

    def zoom_in(self) -> None:
        self.zoom_by(1.25)

    def zoom_out(self) -> None:
        self.zoom_by(0.8)

    copy_selection = copy
    cut_selection = cut
    duplicate_selection = duplicate

    def open_quick_add(self) -> None:
        """Open the quick-add popup at the mouse (or the middle of the view)."""
        at = self._cursor_scene_pos()
        self._quick_pos = at if at is not None else self.mapToScene(self.viewport().rect().center())
        selected = [i for i in self.controller.selection if i in self.controller.document]
        doc = self.controller.document
        if not selected:
            hint = "Adds at the mouse"
        elif len(selected) == 1 and chain_consumer(doc, Source(selected[0])) is not None:
            hint = f"Inserts after {doc.layer(selected[0]).name}, before {doc.layer(chain_consumer(doc, Source(selected[0]))[0]).name}"
        else:
            hint = f"Appends after {doc.layer(selected[-1]).name}"
        self.quick_add.open_at(self.viewport().mapToGlobal(self.mapFromScene(self._quick_pos)), hint)

    # Internals --------------------------------------------------------------

    def _cursor_scene_pos(self) -> QPointF | None:
        local = self.viewport().mapFromGlobal(QCursor.pos())
        return self.mapToScene(local) if self.viewport().rect().contains(local) else None

    def _reveal(self, layer_id: str | None) -> None:
        item = self.graph.layer_item(layer_id) if layer_id else None
        if item is not None:
            self.ensureVisible(item, 40, 40)

    def _quick_add_chosen(self, class_name: str) -> None:
        self._reveal(insert_into_chain(self.graph, class_name) or self.editing.append(class_name, self._quick_pos))
        self.setFocus()

    # Keys -------------------------------------------------------------------

    def _key_action(self, event):
        key, mods = event.key(), event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = mods == CTRL
        plain = mods == Qt.KeyboardModifier.NoModifier
        table = {
            (Qt.Key.Key_Delete, True): self.delete_selection,
            (Qt.Key.Key_Backspace, True): self.delete_selection,
            (Qt.Key.Key_F, True): self.fit_all,
            (Qt.Key.Key_Escape, True): self._escape,
            (Qt.Key.Key_C, False): self.copy,
            (Qt.Key.Key_X, False): self.cut,
            (Qt.Key.Key_V, False): self.paste,
            (Qt.Key.Key_D, False): self.duplicate,
            (Qt.Key.Key_A, False): self.select_all,
            (Qt.Key.Key_L, False): self.auto_layout,
            (Qt.Key.Key_Plus, False): lambda: self.zoom_by(1.25),
            (Qt.Key.Key_Equal, False): lambda: self.zoom_by(1.25),
            (Qt.Key.Key_Minus, False): lambda: self.zoom_by(0.8),
            (Qt.Key.Key_0, False): lambda: self.set_zoom(1.0),
        }
        if plain or ctrl:
            action = table.get((key, plain))
            if action is not None:
                return action
        if key == Qt.Key.Key_Plus and mods == (CTRL | Qt.KeyboardModifier.ShiftModifier):
            return lambda: self.zoom_by(1.25)
        return None

    def event(self, event) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and (
                self._key_action(event) is not None or event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Space)):
            event.accept()
            return True
        if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Tab \
                and event.modifiers() == Qt.KeyboardModifier.NoModifier:
            self.open_quick_add()
            return True
        return super().event(event)

    def keyPressEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
            self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
            self.setInteractive(False)
            return
        action = self._key_action(event)
        if action is not None:
            action()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat() and self._space:
            self._space = False
            self.setInteractive(True)
            self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
            return
        super().keyReleaseEvent(event)

    def _escape(self) -> None:
        if self.graph.wiring.active:
            self.graph.wiring.cancel()
        else:
            self.controller.select([])
            self.graph.clearSelection()

    # Mouse: zoom and middle-button pan --------------------------------------

    def wheelEvent(self, event) -> None:
        if event.modifiers() & CTRL:
            self.zoom_by(1.0015 ** event.angleDelta().y(), under_mouse=True)
            event.accept()
            return
        super().wheelEvent(event)

    def mousePressEvent(self, event) -> None:
        self._buttons_down += 1
        if event.button() == Qt.MouseButton.MiddleButton:
            self._pan_from = event.position()
            self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event) -> None:
        if self._pan_from is not None:
            delta = event.position() - self._pan_from
            self._pan_from = event.position()
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - round(delta.x()))
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - round(delta.y()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event) -> None:
        self._buttons_down = 0 if event.buttons() == Qt.MouseButton.NoButton else max(0, self._buttons_down - 1)
        if event.button() == Qt.MouseButton.MiddleButton and self._pan_from is not None:
            self._pan_from = None
            self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    def contextMenuEvent(self, event) -> None:
        """A menu for what is under the mouse: card, connection, block or canvas (`context_menu.CanvasMenus`)."""
        self.menus.menu_for(event.pos()).exec(event.globalPos())

    # Background -------------------------------------------------------------

    def drawBackground(self, painter, rect: QRectF) -> None:
        super().drawBackground(painter, rect)
        if self.zoom < 0.5:
            return
        left = int(rect.left() // GRID) * GRID
        top = int(rect.top() // GRID) * GRID
        dots = QPolygonF()
        y = top
        while y < rect.bottom():
            x = left
            while x < rect.right():
                dots.append(QPointF(x, y))
                x += GRID
            y += GRID
        pen = QPen(style.color(style.GRID_DOT), 1.6)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.drawPoints(dots)
