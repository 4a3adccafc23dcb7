"""Connections drawn as bezier arrows, and the live wire shown while connecting."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from . import style

ARROW_LEN = 9.0
ARROW_HALF = 4.5


def bezier(start: QPointF, end: QPointF) -> QPainterPath:
    """A vertical S-curve from an output (below a card) to an input (above another)."""
    dy = abs(end.y() - start.y()) * 0.5
    if end.y() < start.y() + 30:  # going back up: loop out further so the curve stays readable
        dy = max(dy, 80.0)
    dy = max(dy, 30.0)
    path = QPainterPath(start)
    path.cubicTo(start + QPointF(0, dy), end - QPointF(0, dy), end)
    return path


class _Arrow(QGraphicsItem):
    """A path ending in an arrowhead pointing down onto ``end``."""

    def __init__(self) -> None:
        super().__init__()
        self._path = QPainterPath()
        self._head = QPolygonF()
        self._bounds = QRectF()
        self._shape: QPainterPath | None = None

    def set_ends(self, start: QPointF, end: QPointF) -> None:
        self.prepareGeometryChange()
        tip = QPointF(end)
        self._path = bezier(start, tip - QPointF(0, ARROW_LEN - 1))
        self._head = QPolygonF([tip, tip + QPointF(-ARROW_HALF, -ARROW_LEN), tip + QPointF(ARROW_HALF, -ARROW_LEN)])
        self._bounds = self._path.controlPointRect().united(self._head.boundingRect()).adjusted(-3, -3, 3, 3)
        self._shape = None

    def boundingRect(self) -> QRectF:
        return self._bounds

    def shape(self) -> QPainterPath:
        """A band 12 px wide around the curve: what a drop or a click on the edge hits."""
        if self._shape is None:
            stroker = QPainterPathStroker()
            stroker.setWidth(12.0)
            self._shape = stroker.createStroke(self._path)
        return self._shape

    def _draw(self, painter, pen: QPen) -> None:
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self._path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(pen.color())
        painter.drawPolygon(self._head)


class EdgeItem(_Arrow):
    """One connection: output ``index`` of ``source`` into input ``port`` of ``target`` (both `LayerItem`s).

    The endpoints follow the cards: each card keeps its own edges and asks
    them to `refresh` when it moves, so moving a card costs its degree.
    Selectable (Del disconnects); highlighted when an end is selected or a
    palette item is dragged over it.
    """

    def __init__(self, source, index: int, target, port: int):
        super().__init__()
        self.source = source
        self.index = index
        self.target = target
        self.port = port
        self.hot = False
        self.setZValue(0)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)

    def refresh(self) -> None:
        self.set_ends(self.source.output_anchor(self.index), self.target.input_anchor(self.port))

    def set_hot(self, hot: bool) -> None:
        if hot != self.hot:
            self.hot = hot
            self.update()

    def hoverEnterEvent(self, event) -> None:
        self.set_hot(True)

    def hoverLeaveEvent(self, event) -> None:
        self.set_hot(False)

    def paint(self, painter, option, widget=None) -> None:
        exporting = getattr(self.scene(), "exporting", False)
        lit = not exporting and (self.hot or self.isSelected() or self.source.isSelected() or self.target.isSelected())
        pen = QPen(style.color(style.EDGE_HOT if lit else style.EDGE), 2.4 if lit else 1.6)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self._draw(painter, pen)


class WireItem(_Arrow):
    """The dashed wire that follows the mouse while connecting."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(10)

    def paint(self, painter, option, widget=None) -> None:
        pen = QPen(style.color(style.WIRE), 2.0, Qt.PenStyle.DashLine)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self._draw(painter, pen)
