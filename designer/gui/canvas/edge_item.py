"""Connections drawn as bezier arrows, and the live wire shown while connecting."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QPainterPath, QPainterPathStroker, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from . import style

ARROW_LEN = 9.0
ARROW_HALF = 4.5
SHORT_SPAN = style.CARD_H / 2
"""Edges whose ends are less than this far apart vertically (adjacent ranks) never look for cards in between."""
TURN_GAP = 18.0
"""How far below an output (and above an input) a routed edge turns sideways."""
LANE_MARGIN = 24.0
"""Clearance between a routed edge's lane and the cards it passes."""
CORNER = 14.0
"""Radius of a routed edge's rounded corners."""
SHRINK = 4.0
"""Cards count as crossed only when a path enters them by more than this (a port's stub is not a crossing)."""


def bezier(start: QPointF, end: QPointF) -> QPainterPath:
    """A vertical S-curve from an output (below a card) to an input (above another)."""
    dy = abs(end.y() - start.y()) * 0.5
    if end.y() < start.y() + 30:  # going back up: loop out further so the curve stays readable
        dy = max(dy, 80.0)
    dy = max(dy, 30.0)
    path = QPainterPath(start)
    path.cubicTo(start + QPointF(0, dy), end - QPointF(0, dy), end)
    return path


def rounded_polyline(points: list[QPointF], radius: float = CORNER) -> QPainterPath:
    """A path through ``points`` with each corner rounded (radius limited to half of the shorter side)."""
    path = QPainterPath(points[0])
    for i in range(1, len(points) - 1):
        before, corner, after = points[i - 1], points[i], points[i + 1]
        d_in, d_out = corner - before, after - corner
        len_in, len_out = _length(d_in), _length(d_out)
        if len_in < 0.5 or len_out < 0.5:
            continue
        r = min(radius, len_in / 2, len_out / 2)
        path.lineTo(corner - d_in * (r / len_in))
        path.quadTo(corner, corner + d_out * (r / len_out))
    path.lineTo(points[-1])
    return path


def _length(p: QPointF) -> float:
    return (p.x() * p.x() + p.y() * p.y()) ** 0.5


def outline(path: QPainterPath, width: float = 2.0) -> QPainterPath:
    """The area the line of ``path`` covers (an open path's own area would be the region it encloses)."""
    stroker = QPainterPathStroker()
    stroker.setWidth(width)
    return stroker.createStroke(path)


def _crosses(area: QPainterPath, card) -> bool:
    return area.intersects(card.sceneBoundingRect().adjusted(SHRINK, SHRINK, -SHRINK, -SHRINK))


def _free_lane(scene, x: float, step: int, y1: float, y2: float, skip) -> float:
    """Move ``x`` left (``step`` -1) or right (+1) until the vertical line at ``x`` from ``y1`` to ``y2`` is clear."""
    for _ in range(8):
        hits = [c for c in scene.cards_in_rect(QRectF(x - LANE_MARGIN / 2, y1, LANE_MARGIN, y2 - y1)) if c not in skip]
        if not hits:
            break
        rects = [c.sceneBoundingRect() for c in hits]
        x = min(r.left() for r in rects) - LANE_MARGIN if step < 0 else max(r.right() for r in rects) + LANE_MARGIN
    return x


def route(scene, start: QPointF, end: QPointF, skip=()) -> QPainterPath:
    """The path of an edge from ``start`` (an output) down to ``end`` (above an input), around the cards between.

    Adjacent ranks, upward edges and edges whose bezier crosses no card keep
    the `bezier`. Otherwise the edge drops `TURN_GAP` below its output, runs
    sideways to a free lane beside the cards it would cross, goes down to
    the target's rank and sideways again into the input, with rounded
    corners. Only the cards in the vertical band between the two ends (and
    in the lane it picks) are asked for, through ``scene.cards_in_rect``.
    """
    curve = bezier(start, end)
    dy = end.y() - start.y()
    if scene is None or dy < SHORT_SPAN or not hasattr(scene, "cards_in_rect"):
        return curve
    y1, y2 = start.y() + TURN_GAP, end.y() - TURN_GAP
    left, right = min(start.x(), end.x()), max(start.x(), end.x())
    band = QRectF(left - 1, start.y(), right - left + 2, dy)
    cards = [c for c in scene.cards_in_rect(band) if c not in skip]
    if not cards:
        return curve
    area = outline(curve)
    blockers = [c for c in cards if _crosses(area, c)]
    if not blockers:
        return curve
    rects = [c.sceneBoundingRect() for c in blockers]
    skip = set(skip)
    west = _free_lane(scene, min(r.left() for r in rects) - LANE_MARGIN, -1, y1, y2, skip)
    east = _free_lane(scene, max(r.right() for r in rects) + LANE_MARGIN, 1, y1, y2, skip)
    cost = lambda x: abs(x - start.x()) + abs(x - end.x())  # noqa: E731
    lane = west if cost(west) <= cost(east) else east
    points = [start, QPointF(start.x(), y1), QPointF(lane, y1), QPointF(lane, y2), QPointF(end.x(), y2), end]
    return rounded_polyline(points)


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
        self._path = self._route(start, tip - QPointF(0, ARROW_LEN - 1))
        self._head = QPolygonF([tip, tip + QPointF(-ARROW_HALF, -ARROW_LEN), tip + QPointF(ARROW_HALF, -ARROW_LEN)])
        self._bounds = self._path.controlPointRect().united(self._head.boundingRect()).adjusted(-3, -3, 3, 3)
        self._shape = None

    def _route(self, start: QPointF, end: QPointF) -> QPainterPath:
        return bezier(start, end)

    def path(self) -> QPainterPath:
        """The drawn line (without the arrowhead), in scene coordinates."""
        return QPainterPath(self._path)

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

    def spans_ranks(self) -> bool:
        """Whether the ends are far enough apart vertically for a card to sit between them (then it may be routed)."""
        return self.target.input_anchor(self.port).y() - self.source.output_anchor(self.index).y() >= SHORT_SPAN

    def _route(self, start: QPointF, end: QPointF) -> QPainterPath:
        return route(self.scene(), start, end, (self.source, self.target))

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
