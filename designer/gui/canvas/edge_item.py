"""Connections drawn as bezier arrows, and the live wire shown while connecting."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QFontMetricsF, QPainterPath, QPainterPathStroker, QPen, QPolygonF, QTransform
from PySide6.QtWidgets import QGraphicsItem

from designer.layers.shapes import fmt_shape

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
SHORT_SPAN_LR = style.CARD_W / 2
"""`SHORT_SPAN` when the flow goes left to right (cards are wider than tall)."""
HEAD_ZOOM = 0.12
"""Below this zoom arrows are drawn without their heads."""
LABEL_ZOOM = 1.0
"""From this zoom up, every edge has its tensor's shape written on it."""
LABEL_W = 110.0
SWAP = QTransform(0, 1, 1, 0, 0, 0)
"""Exchanges x and y: a left-to-right drawing seen as a top-to-bottom one (and back)."""


def horizontal(item) -> bool:
    """Whether ``item``'s scene lays the flow out left to right (ports on the cards' sides)."""
    scene = item.scene() if item is not None else None
    return getattr(scene, "direction", "TB") == "LR"


class _Frame:
    """The scene as `route` sees it: the flow pointing down (x and y swapped when it goes left to right)."""

    def __init__(self, scene, swap: bool):
        self.scene = scene
        self.swap = swap

    def cards_in_rect(self, rect: QRectF):
        return self.scene.cards_in_rect(SWAP.mapRect(rect) if self.swap else rect)

    def box(self, card) -> QRectF:
        rect = card.sceneBoundingRect()
        return SWAP.mapRect(rect) if self.swap else rect


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


def _crosses(area: QPainterPath, rect: QRectF) -> bool:
    return area.intersects(rect.adjusted(SHRINK, SHRINK, -SHRINK, -SHRINK))


def _free_lane(frame: _Frame, x: float, step: int, y1: float, y2: float, skip) -> float:
    """Move ``x`` left (``step`` -1) or right (+1) until the vertical line at ``x`` from ``y1`` to ``y2`` is clear."""
    for _ in range(8):
        band = QRectF(x - LANE_MARGIN / 2, min(y1, y2), LANE_MARGIN, abs(y2 - y1))
        hits = [c for c in frame.cards_in_rect(band) if c not in skip]
        if not hits:
            break
        rects = [frame.box(c) for c in hits]
        x = min(r.left() for r in rects) - LANE_MARGIN if step < 0 else max(r.right() for r in rects) + LANE_MARGIN
    return x


def route(scene, start: QPointF, end: QPointF, skip=(), across: bool = False) -> QPainterPath:
    """The path of an edge from ``start`` (an output) down to ``end`` (above an input), around the cards between.

    Adjacent ranks and edges whose bezier crosses no card keep the `bezier`.
    Otherwise the edge drops `TURN_GAP` below its output, runs sideways to a
    free lane beside the cards it would cross, goes down to the target's rank
    and sideways again into the input, with rounded corners. An edge going
    back up (from the bottom of one folded column to the top of the next)
    takes a lane between the two columns. Only the cards in the band between
    the two ends (and in the lane it picks) are asked for, through
    ``scene.cards_in_rect``. With ``across`` the flow goes left to right:
    the same rules with x and y exchanged.
    """
    if across:
        return SWAP.map(route(scene and _Frame(scene, True), SWAP.map(start), SWAP.map(end), skip))
    frame = scene if isinstance(scene, _Frame) else (_Frame(scene, False) if scene is not None else None)
    curve = bezier(start, end)
    dy = end.y() - start.y()
    if frame is None or not hasattr(frame.scene, "cards_in_rect"):
        return curve
    if dy < -SHORT_SPAN:
        return _return_path(frame, start, end, set(skip))
    if dy < SHORT_SPAN:
        return _across_gap(frame, start, end, curve, set(skip))
    y1, y2 = start.y() + TURN_GAP, end.y() - TURN_GAP
    left, right = min(start.x(), end.x()), max(start.x(), end.x())
    band = QRectF(left - 1, start.y(), right - left + 2, dy)
    cards = [c for c in frame.cards_in_rect(band) if c not in skip]
    if not cards:
        return curve
    area = outline(curve)
    rects = [r for r in (frame.box(c) for c in cards) if _crosses(area, r)]
    if not rects:
        return curve
    skip = set(skip)
    west = _free_lane(frame, min(r.left() for r in rects) - LANE_MARGIN, -1, y1, y2, skip)
    east = _free_lane(frame, max(r.right() for r in rects) + LANE_MARGIN, 1, y1, y2, skip)
    cost = lambda x: abs(x - start.x()) + abs(x - end.x())  # noqa: E731
    lane = west if cost(west) <= cost(east) else east
    points = [start, QPointF(start.x(), y1), QPointF(lane, y1), QPointF(lane, y2), QPointF(end.x(), y2), end]
    return rounded_polyline(points)


def _across_gap(frame: _Frame, start: QPointF, end: QPointF, curve: QPainterPath, skip) -> QPainterPath:
    """An edge to the next rank far to the side (a skip between folded columns): straight along the gap
    between the two ranks when the curve would cross a card and the gap is clear, else the curve."""
    if abs(end.x() - start.x()) < style.CARD_W or end.y() <= start.y():
        return curve
    left, right = min(start.x(), end.x()), max(start.x(), end.x())
    area = outline(curve)
    if not [c for c in frame.cards_in_rect(curve.boundingRect()) if c not in skip and _crosses(area, frame.box(c))]:
        return curve
    middle = (start.y() + end.y()) / 2
    lane = QRectF(left, middle - 2, right - left, 4)
    if [c for c in frame.cards_in_rect(lane) if c not in skip]:
        return curve
    points = [start, QPointF(start.x(), middle), QPointF(end.x(), middle), end]
    return rounded_polyline(points, CORNER / 2)


def _return_path(frame: _Frame, start: QPointF, end: QPointF, skip) -> QPainterPath:
    """An edge back up to an earlier rank: down, sideways to a clear lane between the two ends, up, over, down in."""
    y1, y2 = start.y() + TURN_GAP, end.y() - TURN_GAP
    middle = (start.x() + end.x()) / 2
    step = 1 if end.x() >= start.x() else -1
    lane = _free_lane(frame, middle, step, y2, y1, skip)
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
        if horizontal(self):
            self._path = self._route(start, tip - QPointF(ARROW_LEN - 1, 0))
            self._head = QPolygonF([tip, tip + QPointF(-ARROW_LEN, -ARROW_HALF), tip + QPointF(-ARROW_LEN, ARROW_HALF)])
        else:
            self._path = self._route(start, tip - QPointF(0, ARROW_LEN - 1))
            self._head = QPolygonF([tip, tip + QPointF(-ARROW_HALF, -ARROW_LEN), tip + QPointF(ARROW_HALF, -ARROW_LEN)])
        self._bounds = self._path.controlPointRect().united(self._head.boundingRect()).adjusted(-3, -3, 3, 3)
        self._shape = None

    def _route(self, start: QPointF, end: QPointF) -> QPainterPath:
        if horizontal(self):
            return SWAP.map(bezier(SWAP.map(start), SWAP.map(end)))
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
        if painter.worldTransform().m11() < HEAD_ZOOM:
            return  # a head of a pixel or two: not worth drawing on a large design seen whole
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
        self._label_at: QPointF | None = None
        self.setZValue(0)
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setAcceptHoverEvents(True)

    def shown_ends(self) -> tuple:
        """The cards the edge is drawn between: its layers', or the collapsed blocks that hide them."""
        return (self.source.block or self.source, self.target.block or self.target)

    def refresh(self) -> None:
        source, target = self.shown_ends()
        if source is target:  # inside a collapsed block
            self.setVisible(False)
            return
        if not self.isVisible():
            self.setVisible(True)
        start = self.source.output_anchor(self.index) if source is self.source else source.output_anchor(0)
        end = self.target.input_anchor(self.port) if target is self.target else target.input_anchor(0)
        self.set_ends(start, end)
        self._label_at = self._path.pointAtPercent(0.5) if not self._path.isEmpty() else None
        if not self.toolTip():
            self.update_tooltip()
        if self._label_at is not None:
            self._bounds = self._bounds.united(QRectF(self._label_at.x() - LABEL_W / 2, self._label_at.y() - 9,
                                                      LABEL_W, 18))

    def tensor_shape(self) -> str:
        """The shape of the tensor this edge carries (the source's output ``index``), as Keras prints it."""
        result = self.source.result
        if result is None or result.outputs is None or self.index >= len(result.outputs):
            return "shape unknown"
        return fmt_shape(result.outputs[self.index])

    def update_tooltip(self) -> None:
        """Name the two ends and the tensor's shape (called when an end's result changes)."""
        self.setToolTip(f"{self.source.node.name} → {self.target.node.name}: {self.tensor_shape()}")

    def spans_ranks(self) -> bool:
        """Whether a card may sit between the ends (then the edge may be routed): they are far apart along
        the flow, or far to the side (a skip between folded columns), or the edge goes back against the flow."""
        if not self.isVisible():
            return False
        source, target = self.shown_ends()
        delta = target.input_anchor(self.port if target is self.target else 0) - source.output_anchor(
            self.index if source is self.source else 0)
        if horizontal(self):
            return abs(delta.x()) >= SHORT_SPAN_LR or abs(delta.y()) >= 2 * style.CARD_H
        return abs(delta.y()) >= SHORT_SPAN or abs(delta.x()) >= style.CARD_W

    def _route(self, start: QPointF, end: QPointF) -> QPainterPath:
        return route(self.scene(), start, end, self.shown_ends(), horizontal(self))

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
        if self._label_at is not None and option.levelOfDetailFromTransform(painter.worldTransform()) >= LABEL_ZOOM:
            self._paint_label(painter)

    def _paint_label(self, painter) -> None:
        """The tensor's shape written on the edge (zoomed in only), on a pill that hides the line under it."""
        from .card_lod import compact_shape

        text = compact_shape(self.tensor_shape())
        font = style.font("port")
        width = min(LABEL_W, QFontMetricsF(font).horizontalAdvance(text) + 10)
        pill = QRectF(self._label_at.x() - width / 2, self._label_at.y() - 8, width, 16)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.color(style.CANVAS_BG))
        painter.drawRoundedRect(pill, 7, 7)
        painter.setFont(font)
        painter.setPen(style.color(style.TEXT_SOFT))
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)


class WireItem(_Arrow):
    """The dashed wire that follows the mouse while connecting."""

    def __init__(self) -> None:
        super().__init__()
        self.setZValue(10)

    def paint(self, painter, option, widget=None) -> None:
        pen = QPen(style.color(style.WIRE), 2.0, Qt.PenStyle.DashLine)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        self._draw(painter, pen)
