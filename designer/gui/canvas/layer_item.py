"""A layer card on the canvas: name, class, arguments, output shape, params, ports and its edges."""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFont, QFontMetricsF, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from designer.engine import LayerResult
from designer.model import LayerNode

from . import card_lod, style
from .card_model import (
    BLOCKED, INVALID, OK, PENDING, CardText, PortLayout, card_text, keyword_tag, port_layout,
)
from .edge_item import horizontal
from .port_item import IN, OUT, PortItem

W, H = style.CARD_W, style.CARD_H
LEFT = style.ACCENT_W + style.PAD - 4
RIGHT = W - 12
FULL_BADGE = QPointF(RIGHT - 4, 18)
SCALED_BADGE = QPointF(W - 5, 5)
"""Zoomed out, the badge sits on the card's top-right corner: the name takes the card's whole width."""


def _two_lines(text: str, metrics: QFontMetricsF, width: float, second_width: float) -> list[str]:
    """``text`` wrapped on two lines at word boundaries, the second (``second_width`` wide) elided."""
    words = text.split()
    first = ""
    while words and metrics.horizontalAdvance((first + " " + words[0]).strip()) <= width:
        first = (first + " " + words.pop(0)).strip()
    if not first:
        return [metrics.elidedText(text, Qt.TextElideMode.ElideRight, width)]
    rest = " ".join(words)
    return [first] + ([metrics.elidedText(rest, Qt.TextElideMode.ElideRight, second_width)] if rest else [])


class LayerItem(QGraphicsItem):
    """One layer as a card of `style.CARD_W` × `style.CARD_H`, top-left at the layer's position.

    The card keeps its own edges (``in_edges`` by input port, ``out_edges``)
    and refreshes only those when it moves. `set_content` takes the node and
    the engine's result and recomputes the text only when they, or the layer's
    warnings (the controller's `warnings`: once per inference for the whole
    design, after the edit is on screen for a large one), changed.
    """

    def __init__(self, node: LayerNode):
        super().__init__()
        self.layer_id = node.id
        self.node = node
        self.result: LayerResult | None = None
        self.warnings: tuple[str, ...] = ()
        self.text: CardText | None = None
        self.ports: PortLayout | None = None
        self.family: str | None = None
        self.is_output = False
        self.drop_target = False
        self.in_ports: list[PortItem] = []
        self.out_ports: list[PortItem] = []
        self.in_edges: list = []
        self.out_edges: list = []
        self.block = None
        """The collapsed block's card (`blocks.BlockItem`) that shows this layer while it is hidden, else None."""
        self._lines: dict[str, object] | None = {}
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                      | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
                      | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(1)

    # Content --------------------------------------------------------------

    def set_content(self, node: LayerNode, result: LayerResult | None, blocker_name: str | None = None,
                    force: bool = False) -> bool:
        """Show ``node`` with ``result`` and its warnings; returns whether anything visible changed."""
        warnings = self._warnings(node.id) if result is not None and result.valid else ()
        if (not force and node is self.node and result == self.result and warnings == self.warnings
                and self.text is not None):
            return False
        self.node, self.result, self.warnings = node, result, warnings
        text = card_text(node, result, blocker_name, warnings)
        changed = text != self.text
        if changed:
            self.text = text
            self.family = text.family
            self._lines = None  # laid out at the first paint: a card hidden in a collapsed block never pays
            self.setToolTip(text.tooltip)
        self.sync_ports()
        if changed:
            self.update()
            for edge in self.out_edges + self.in_edges:
                edge.update_tooltip()
        return changed

    def _warnings(self, layer_id: str) -> tuple[str, ...]:
        """The messages of this layer's warnings, from the controller's latest inference."""
        controller = getattr(self.scene(), "controller", None)
        if controller is None:
            return ()
        try:
            found = controller.warnings().get(layer_id)
        except Exception:  # warnings are advice: never break a card
            return ()
        return tuple(w.message for w in found) if found else ()

    def set_output(self, is_output: bool) -> None:
        if is_output != self.is_output:
            self.is_output = is_output
            self.update()

    def set_drop_target(self, on: bool) -> None:
        if on != self.drop_target:
            self.drop_target = on
            self.update()

    def _layout_text(self) -> None:
        """Elide and place the card's strings once, not at every paint.

        The class name sits right of the name when both fit, else it opens the argument line.
        """
        t = self.text
        lines: dict[str, object] = {}
        title_metrics = QFontMetricsF(style.font("title"))
        cls_metrics = QFontMetricsF(style.font("class"))
        body = QFontMetricsF(style.font("body"))
        badge = 18 if t.badge else 0
        cls_w = cls_metrics.horizontalAdvance(t.class_name)
        title_room = RIGHT - LEFT - badge
        inline = title_metrics.horizontalAdvance(t.title) + 10 + cls_w <= title_room
        lines["class_inline"] = inline
        lines["title"] = title_metrics.elidedText(
            t.title, Qt.TextElideMode.ElideRight, title_room - (cls_w + 10 if inline else 0))
        if inline:
            lines["class"], lines["class_w"] = t.class_name, cls_w
            lines["summary"] = body.elidedText(t.summary, Qt.TextElideMode.ElideRight, RIGHT - LEFT)
        else:
            lines["class"] = cls_metrics.elidedText(t.class_name, Qt.TextElideMode.ElideRight, RIGHT - LEFT)
            lines["class_w"] = min(cls_w, RIGHT - LEFT)
            room = RIGHT - LEFT - lines["class_w"] - 6
            lines["summary"] = body.elidedText(t.summary, Qt.TextElideMode.ElideRight, room) if room > 30 else ""
        mono = QFontMetricsF(style.font("mono"))
        shape = mono.elidedText(t.shape, Qt.TextElideMode.ElideMiddle, RIGHT - LEFT - 12)
        lines["shape"] = shape
        lines["shape_w"] = mono.horizontalAdvance(shape) + 12
        lines["params"] = QFontMetricsF(style.font("small")).elidedText(
            t.params, Qt.TextElideMode.ElideRight, RIGHT - LEFT - 56)
        lines["status"] = _two_lines(t.status, body, RIGHT - LEFT, RIGHT - LEFT - 56)
        self._lines = lines

    # Ports and edges ------------------------------------------------------

    def sync_ports(self) -> None:
        """Rebuild the ports when their number or state changed, then re-route this card's edges."""
        used = 1 + max((e.index for e in self.out_edges), default=0)
        layout = port_layout(self.node, self.result, used)
        if layout == self.ports:
            return
        self.ports = layout
        scene = self.scene()
        for port in self.in_ports + self.out_ports:
            if scene is not None:
                scene.removeItem(port)
            port.setParentItem(None)
        self.in_ports = [self._port(IN, i, layout.inputs, layout) for i in range(layout.inputs)]
        self.out_ports = [self._port(OUT, i, layout.outputs, layout) for i in range(layout.outputs)]
        if scene is not None and not getattr(scene, "_ports_shown", True):
            for port in self.in_ports + self.out_ports:
                port.setVisible(False)
        self.refresh_edges()

    def _port(self, kind: str, i: int, n: int, layout: PortLayout) -> PortItem:
        if kind == IN:
            keyword = layout.keywords[i] if i < len(layout.keywords) else ""
            label = keyword_tag(keyword) if keyword else str(i + 1) if layout.numbered else ""
            port = PortItem(self, IN, i, label, i < layout.connected, i >= max(layout.required, layout.connected))
            if keyword:
                port.setToolTip(f"{keyword}= (input {i + 1}): drag to move this connection")
        else:
            port = PortItem(self, OUT, i, str(i) if n > 1 else "", True)
        if horizontal(self):
            port.setPos(0.0 if kind == IN else W, H * (i + 1) / (n + 1))
        else:
            port.setPos(W * (i + 1) / (n + 1), 0.0 if kind == IN else H)
        return port

    def input_anchor(self, port: int) -> QPointF:
        if 0 <= port < len(self.in_ports):
            return self.in_ports[port].anchor()
        return self.mapToScene(QPointF(0, H / 2) if horizontal(self) else QPointF(W / 2, 0))

    def output_anchor(self, index: int) -> QPointF:
        if 0 <= index < len(self.out_ports):
            return self.out_ports[index].anchor()
        return self.mapToScene(QPointF(W, H / 2) if horizontal(self) else QPointF(W / 2, H))

    def refresh_edges(self) -> None:
        for edge in self.in_edges:
            edge.refresh()
        for edge in self.out_edges:
            edge.refresh()

    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            scene = self.scene()
            if scene is not None and hasattr(scene, "forget_card_places"):
                scene.forget_card_places()
            if scene is None or not hasattr(scene, "defer_edges") or not scene.defer_edges(self):
                self.refresh_edges()
        elif change == QGraphicsItem.GraphicsItemChange.ItemSelectedHasChanged:
            for edge in self.in_edges + self.out_edges:
                edge.update()
        return super().itemChange(change, value)

    # Painting -------------------------------------------------------------

    def boundingRect(self) -> QRectF:
        return QRectF(-5, -5, W + 10, H + 10)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(QRectF(0, 0, W, H), style.CARD_RADIUS, style.CARD_RADIUS)
        return path

    def paint(self, painter, option, widget=None) -> None:
        t = self.text
        if t is None:
            return
        rect = QRectF(0, 0, W, H)
        r = style.CARD_RADIUS
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < card_lod.SPECK_ZOOM:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.color(style.ERROR_BORDER) if t.state == INVALID else style.family_color(t.family))
            painter.drawRect(rect)
            return
        exporting = getattr(self.scene(), "exporting", False)
        selected = self.isSelected() and not exporting
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.color("#1A101828"))
        painter.drawRoundedRect(rect.translated(0, 2), r, r)
        if selected or self.drop_target:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(style.color(style.SELECT_HALO), 5))
            painter.drawRoundedRect(rect.adjusted(-1.5, -1.5, 1.5, 1.5), r + 1, r + 1)
        fill, border, width = style.CARD_BG, style.CARD_BORDER, 1.0
        if t.state == INVALID:
            fill, border, width = style.ERROR_BG, style.ERROR_BORDER, 1.6
        elif t.state == BLOCKED:
            fill = style.BLOCKED_BG
        if selected or self.drop_target:
            border, width = style.SELECT, 1.8
        painter.setBrush(QBrush(style.color(fill)))
        pen = QPen(style.color(border), width)
        if t.state == BLOCKED and not selected:
            pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawRoundedRect(rect, r, r)
        accent = style.family_color(t.family) if t.state != BLOCKED else style.color(style.TEXT_FAINT)
        clip = QPainterPath()
        clip.addRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), r, r)
        painter.save()
        painter.setClipPath(clip)
        painter.fillRect(QRectF(0, 0, style.ACCENT_W, H), accent)
        painter.restore()
        self._paint_text(painter, t, lod)

    def _paint_text(self, painter, t: CardText, lod: float) -> None:
        if self._lines is None:
            self._layout_text()
        lines = self._lines
        faint = t.state == BLOCKED
        top = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        title_color = style.color(style.ERROR if t.state == INVALID else (style.TEXT_SOFT if faint else style.TEXT))
        detail = card_lod.level(lod)
        if detail == card_lod.OUTLINE:
            self._paint_overview(painter, t, title_color, lod)
            return
        if detail != card_lod.FULL:
            self._paint_scaled(painter, t, title_color, lod)
            return
        painter.setFont(style.font("title"))
        painter.setPen(title_color)
        painter.drawText(QRectF(LEFT, 9, RIGHT - LEFT, 18), top, lines["title"])
        painter.setFont(style.font("class"))
        painter.setPen(style.color(style.TEXT_FAINT) if faint else style.family_text(t.family))
        if lines["class_inline"]:
            right = RIGHT - (18 if t.badge else 0)
            painter.drawText(QRectF(right - lines["class_w"] - 2, 9, lines["class_w"] + 2, 18),
                             Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, lines["class"])
            summary_left = LEFT
        else:
            painter.drawText(QRectF(LEFT, 28, lines["class_w"] + 2, 16), top, lines["class"])
            summary_left = LEFT + lines["class_w"] + 6
        painter.setFont(style.font("body"))
        painter.setPen(style.color(style.TEXT_FAINT if faint else style.TEXT_SOFT))
        painter.drawText(QRectF(summary_left, 28, RIGHT - summary_left, 16), top, lines["summary"])
        if t.state in (OK, PENDING):
            pill = QRectF(LEFT - 3, 48, lines["shape_w"], 20)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.color(style.SHAPE_BG))
            painter.drawRoundedRect(pill, 4, 4)
            painter.setFont(style.font("mono"))
            painter.setPen(style.color(style.TEXT))
            painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, lines["shape"])
            painter.setFont(style.font("small"))
            painter.setPen(style.color(style.TEXT_SOFT))
            painter.drawText(QRectF(LEFT, 70, RIGHT - LEFT, 14), top, lines["params"])
        else:
            painter.setFont(style.font("body"))
            painter.setPen(style.color(style.ERROR if t.state == INVALID else style.TEXT_SOFT))
            for i, line in enumerate(lines["status"]):
                painter.drawText(QRectF(LEFT, 48 + 16 * i, RIGHT - LEFT, 16), top, line)
        if self.is_output:
            tag = QRectF(RIGHT - 50, 70, 50, 15)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(style.color(style.OUTPUT_TAG_BG))
            painter.drawRoundedRect(tag, 7, 7)
            painter.setFont(style.font("port"))
            painter.setPen(style.color(style.OUTPUT_TAG))
            painter.drawText(tag, Qt.AlignmentFlag.AlignCenter, "output")
        self._paint_badge(painter, t.badge)

    def scoped_title(self) -> str:
        """The name as shown zoomed out: inside a block, without the block's name it starts with."""
        t = self.text
        blocks = getattr(self.scene(), "blocks", None)
        group = blocks.groups.group_of(self.layer_id) if blocks is not None and t is not None else None
        title = t.title if t is not None else ""
        return card_lod.within_block(title, group.name) if group is not None else title

    def scaled_lines(self, lod: float) -> list[card_lod.Line]:
        """The lines a card shows zoomed out (`card_lod.BRIEF` or `card_lod.NAME_SHAPE`), as
        ``(font kind, text, font pixel size, rectangle)``: the name (on two lines when it is too long for one),
        the output shape (compact, as on every zoomed-out card) or the error, plus class and params in
        `card_lod.BRIEF` if the card has room left, in fonts scaled to stay readable (`card_lod.stacked`)."""
        t = self.text
        if t is None:
            return []
        brief = card_lod.level(lod) == card_lod.BRIEF
        title_px = card_lod.scaled_px(13, lod, 26 if brief else 44)
        line_px = card_lod.scaled_px(12, lod, 20 if brief else 38)
        width = RIGHT - LEFT
        if t.state in (OK, PENDING):
            # zoomed out, every card writes its shape the same way (28×28×32): Keras's notation where it fits and
            # the compact one beside it where it does not read as two different things
            main = ("mono", [card_lod.compact_shape(t.shape)], line_px, width)
        else:
            main = ("body", [t.status], line_px, width)
        extra = None
        if brief:
            options = [f"{t.class_name} · {t.params}", t.class_name] if t.params else [t.class_name]
            extra = ("class", options, card_lod.scaled_px(11, lod, 18), width)
        return card_lod.stacked(LEFT, H, (self.scoped_title(), title_px, width), main, extra, centred=not brief)

    def _paint_scaled(self, painter, t: CardText, title_color, lod: float) -> None:
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        colors = {"title": title_color, "mono": style.color(style.TEXT),
                  "body": style.color(style.ERROR if t.state == INVALID else style.TEXT_SOFT),
                  "class": style.family_text(t.family)}
        for kind, text, px, rect in self.scaled_lines(lod):
            painter.setFont(card_lod.scaled_font(kind, px))
            painter.setPen(colors[kind])
            painter.drawText(rect, left, text)
        self._paint_badge(painter, t.badge, SCALED_BADGE)

    def _paint_overview(self, painter, t: CardText, title_color, lod: float) -> None:
        """Zoomed far out: the name alone, in a font large enough to read."""
        f = QFont(style.font("title"))
        f.setPixelSize(int(min(34, max(13, 10 / max(lod, 0.05)))))
        painter.setFont(f)
        painter.setPen(title_color)
        text = QFontMetricsF(f).elidedText(self.scoped_title(), Qt.TextElideMode.ElideRight, RIGHT - LEFT)
        painter.drawText(QRectF(LEFT, 0, RIGHT - LEFT, H), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, text)
        self._paint_badge(painter, t.badge, SCALED_BADGE)

    def _paint_badge(self, painter, badge: str | None, centre: QPointF = FULL_BADGE) -> None:
        """A red circle with "!" for an error, an amber triangle with "!" for warnings (at ``centre``)."""
        if badge is None:
            return
        painter.setPen(Qt.PenStyle.NoPen)
        if badge == "error":
            painter.setBrush(style.color(style.ERROR))
            painter.drawEllipse(centre, 8, 8)
            box = QRectF(centre.x() - 8, centre.y() - 8, 16, 16)
        else:
            x, y = centre.x(), centre.y()
            painter.setBrush(style.color(style.WARNING))
            painter.drawPolygon(QPolygonF([QPointF(x, y - 9), QPointF(x + 9.5, y + 7.5), QPointF(x - 9.5, y + 7.5)]))
            box = QRectF(x - 8, y - 5, 16, 14)
        painter.setFont(style.font("badge"))
        painter.setPen(style.color("#FFFFFF"))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, "!")
