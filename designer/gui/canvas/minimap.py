"""The minimap: an overview of the whole graph in a corner of the canvas, shown when the graph is larger than the view.

It draws a cached picture of the scene (made again a moment after the scene
changed, never at every paint) and the part the canvas shows as a rectangle;
a click or a drag on it centres the canvas there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from . import style

if TYPE_CHECKING:
    from .view import CanvasView

SIZE = QSize(220, 150)
MARGIN = 12
REDRAW_DELAY_MS = 250
"""The picture is made again this long after the last change of the scene."""


class Minimap(QWidget):
    """A child of the canvas view, at its bottom-right corner."""

    def __init__(self, view: "CanvasView"):
        super().__init__(view)
        self.view = view
        self.setFixedSize(SIZE)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip("Overview: click or drag to move the view")
        self._picture: QPixmap | None = None
        self._source = QRectF()
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_DELAY_MS)
        self._timer.timeout.connect(self.refresh)
        view.controller.document_changed.connect(lambda _change: self._timer.start())
        view.controller.inferred.connect(self._timer.start)
        view.graph.blocks.listeners.append(self._timer.start)
        view.horizontalScrollBar().valueChanged.connect(lambda _v: self._follow())
        view.verticalScrollBar().valueChanged.connect(lambda _v: self._follow())
        view.zoom_changed.connect(lambda _z: self._follow())
        self.hide()

    # State -------------------------------------------------------------------

    def needed(self) -> bool:
        """Whether the graph does not fit in the view at the current zoom."""
        graph = self.view.graph.graph_rect()
        if graph.isEmpty():
            return False
        seen = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        return not seen.contains(graph)

    def seen_rect(self) -> QRectF:
        """The part of the scene the canvas shows, in minimap pixels."""
        seen = self.view.mapToScene(self.view.viewport().rect()).boundingRect()
        return self._to_map(seen)

    def refresh(self) -> None:
        """Make the picture again (and show or hide the minimap)."""
        self._place()
        if not self.needed():
            self.hide()
            return
        graph = self.view.graph.graph_rect().adjusted(-40, -40, 40, 40)
        scale = min(SIZE.width() / graph.width(), SIZE.height() / graph.height())
        w, h = graph.width() * scale, graph.height() * scale
        self._source = graph
        self._target = QRectF((SIZE.width() - w) / 2, (SIZE.height() - h) / 2, w, h)
        picture = QPixmap(SIZE)
        picture.fill(style.color(style.CARD_BG))
        painter = QPainter(picture)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        scene = self.view.graph
        try:
            with scene.rendering():
                scene.render(painter, self._target, graph)
        finally:
            painter.end()
        self._picture = picture
        self.show()
        self.raise_()
        self.update()

    # Geometry ----------------------------------------------------------------

    def _to_map(self, rect: QRectF) -> QRectF:
        if self._source.isEmpty():
            return QRectF()
        sx = self._target.width() / self._source.width()
        sy = self._target.height() / self._source.height()
        return QRectF(self._target.left() + (rect.left() - self._source.left()) * sx,
                      self._target.top() + (rect.top() - self._source.top()) * sy,
                      rect.width() * sx, rect.height() * sy)

    def to_scene(self, point: QPointF) -> QPointF:
        """The scene point under a minimap point."""
        sx = self._source.width() / self._target.width()
        sy = self._source.height() / self._target.height()
        return QPointF(self._source.left() + (point.x() - self._target.left()) * sx,
                       self._source.top() + (point.y() - self._target.top()) * sy)

    def _place(self) -> None:
        viewport = self.view.viewport().geometry()
        self.move(viewport.right() - SIZE.width() - MARGIN, viewport.bottom() - SIZE.height() - MARGIN)

    def _follow(self) -> None:
        self._place()
        if self._picture is None:
            self._timer.start()
            return
        visible = self.needed()
        if visible != self.isVisible():
            self.refresh()
        else:
            self.update()

    # Events ------------------------------------------------------------------

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        if self._picture is not None:
            painter.drawPixmap(0, 0, self._picture)
        painter.setPen(QPen(style.color(style.TEXT_FAINT), 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(self.rect()).adjusted(0.75, 0.75, -0.75, -0.75))
        seen = self.seen_rect().intersected(QRectF(self.rect()).adjusted(1, 1, -1, -1))
        if not seen.isEmpty():
            fill = QColor(style.color(style.SELECT))
            fill.setAlpha(40)
            painter.setBrush(fill)
            painter.setPen(QPen(style.color(style.SELECT), 1.5))
            painter.drawRect(seen)

    def mousePressEvent(self, event) -> None:
        self._centre(event.position())

    def mouseMoveEvent(self, event) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._centre(event.position())

    def _centre(self, point: QPointF) -> None:
        if not self._source.isEmpty():
            self.view.centerOn(self.to_scene(point))
            self.update()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._place()
