"""An input or output port of a layer card: where wires start and end."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsItem

from . import style
from .edge_item import horizontal

IN, OUT = "in", "out"


HIDE_BELOW_ZOOM = 0.3
"""Below this zoom ports are not drawn (cards show their name and shape only: `card_lod`)."""


class PortItem(QGraphicsItem):
    """A small circle on a card's edge, a child of its `LayerItem`.

    ``kind`` is ``in`` (top edge, left when the flow goes left to right;
    ``index`` = position in the layer's inbound list) or ``out`` (bottom or
    right edge, ``index`` = output index). ``label`` is the
    number shown in numbered ports; ``connected`` fills the circle and
    ``optional`` marks an extra port that takes one more input.
    """

    def __init__(self, parent: QGraphicsItem, kind: str, index: int, label: str = "",
                 connected: bool = False, optional: bool = False):
        super().__init__(parent)
        self.kind = kind
        self.index = index
        self.label = label
        self.connected = connected
        self.optional = optional
        self.hot = False
        self.radius = style.NUMBERED_PORT_R if label else style.PORT_R
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setZValue(2)
        tip = "output" if kind == OUT else "input"
        if label:
            tip += f" {label}"
        self.setToolTip(f"{tip}: drag to connect" if kind == OUT or not connected else f"{tip}: drag to move this connection")

    @property
    def layer_item(self):
        return self.parentItem()

    @property
    def layer_id(self) -> str:
        return self.parentItem().layer_id

    def anchor(self) -> QPointF:
        """Where a wire attaches, in scene coordinates: the outer edge of the circle."""
        d = -self.radius if self.kind == IN else self.radius
        return self.scenePos() + (QPointF(d, 0) if horizontal(self) else QPointF(0, d))

    def set_hot(self, hot: bool) -> None:
        if hot != self.hot:
            self.hot = hot
            self.update()

    def boundingRect(self) -> QRectF:
        r = style.PORT_HIT_R
        return QRectF(-r, -r, 2 * r, 2 * r)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(self.boundingRect())
        return path

    def hoverEnterEvent(self, event) -> None:
        self.set_hot(True)

    def hoverLeaveEvent(self, event) -> None:
        self.set_hot(False)

    def paint(self, painter, option, widget=None) -> None:
        if getattr(self.scene(), "exporting", False):
            return  # an exported diagram shows connections, not the handles that edit them
        if not self.hot and option.levelOfDetailFromTransform(painter.worldTransform()) < HIDE_BELOW_ZOOM:
            return  # a few pixels wide at this zoom: not worth drawing on a large design
        card = self.parentItem()
        r = self.radius + (1.5 if self.hot else 0.0)
        if self.hot:
            accent = style.color(style.SELECT)
        elif card.text is not None and card.text.state == "blocked":
            accent = style.color(style.TEXT_FAINT)
        elif self.kind == OUT:
            accent = style.family_color(card.family)
        else:
            accent = style.color(style.PORT_IN)
        if self.optional and not self.connected:
            painter.setPen(QPen(accent if self.hot else style.color(style.TEXT_FAINT), 1.3, Qt.PenStyle.DashLine))
            painter.setBrush(QBrush(style.color(style.CARD_BG)))
        else:
            painter.setPen(QPen(accent, 1.6))
            painter.setBrush(QBrush(accent if self.connected else style.color(style.CARD_BG)))
        painter.drawEllipse(QPointF(0, 0), r, r)
        text = "+" if self.optional and not self.connected else self.label
        if text:
            painter.setFont(style.font("port"))
            painter.setPen(style.color("#FFFFFF") if self.connected else style.color(style.TEXT_SOFT))
            painter.drawText(QRectF(-r, -r, 2 * r, 2 * r), Qt.AlignmentFlag.AlignCenter, text)
