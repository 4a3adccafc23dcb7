"""Blocks on the canvas: a collapsed group is one card, an expanded one a frame around its layers.

`SceneBlocks` follows the document's groups (`designer.model.groups`): when a
group changes (grouped, renamed, collapsed, expanded, ungrouped: each an undo
step through the controller) only that group's items are made again. A
collapsed block hides its members' cards; their edges to the outside attach to
the block's card (`LayerItem.block`), edges inside it are hidden.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QFontMetricsF, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem

from designer.model import DocumentError
from designer.model.block_room import expanded_in_place, lands_on_others
from designer.model.edits import Edit, move_layers
from designer.model.groups import groups_of, live_members, set_collapsed

from . import card_lod, style
from .block_model import BlockText, block_text
from .edge_item import horizontal

W, H = style.CARD_W, style.CARD_H
LEFT = style.ACCENT_W + style.PAD - 4
RIGHT = W - 12
STACK = 5.0
"""Offset of the second outline that makes a collapsed block look like a stack of cards."""
FRAME_PAD = 8.0
HEADER_H = 20.0
"""Frame padding and header fit in the gap between two ranks (`RANK_GAP` − `CARD_H` = 38)."""
BLOCK_ACCENT = "#344054"
SCALED_BADGE = QPointF(W + 1, 3)
"""Zoomed out, the badge sits on the card's top-right corner: the name takes the card's width (but the chevron)."""


def _chevron(painter, centre: QPointF, down: bool, size: float = 5.0) -> None:
    x, y = centre.x(), centre.y()
    if down:
        points = [QPointF(x - size, y - size / 2), QPointF(x + size, y - size / 2), QPointF(x, y + size / 2 + 1)]
    else:
        points = [QPointF(x - size / 2, y - size), QPointF(x - size / 2, y + size), QPointF(x + size / 2 + 1, y)]
    painter.drawPolygon(QPolygonF(points))


class BlockItem(QGraphicsItem):
    """A collapsed block: one card with its name, the classes inside, input → output shapes and params.

    Double-click, or a click on the chevron, expands it (one undo step).
    Dragging it moves every layer inside (one undo step, through the scene).
    """

    def __init__(self, blocks: "SceneBlocks", group_id: str):
        super().__init__()
        self.blocks = blocks
        self.group_id = group_id
        self.text: BlockText | None = None
        self._signature: tuple | None = None
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
                      | QGraphicsItem.GraphicsItemFlag.ItemIsMovable
                      | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges)
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.setZValue(1)

    @property
    def members(self) -> list[str]:
        group = groups_of(self.blocks.scene.document).get(self.group_id)
        return live_members(self.blocks.scene.document, group) if group is not None else []

    def refresh_text(self) -> bool:
        """Make the card's text again when the block, a member's card or a source's result changed."""
        scene = self.blocks.scene
        doc = scene.document
        group = groups_of(doc).get(self.group_id)
        if group is None:
            return False
        members = live_members(doc, group)
        items = [scene.layer_item(m) for m in members]
        outside = {s.layer for m in members for s in doc.layer(m).inbound} - set(members)
        wiring = (tuple(tuple(doc.consumers(m)) for m in members), tuple(doc.outputs()))
        signature = ((group, wiring), tuple(i.text if i is not None else None for i in items),
                     tuple(scene.controller.result(s) for s in sorted(outside)))
        if self._signature is not None and len(signature[1]) == len(self._signature[1]) and (
                signature[0] == self._signature[0]
                and all(a is b for a, b in zip(signature[1], self._signature[1]))
                and all(a is b for a, b in zip(signature[2], self._signature[2]))):
            return False
        self._signature = signature
        badges = [i.text.badge if i is not None and i.text is not None else None for i in items]
        text = block_text(group.name, scene.document, members, scene.controller.result, badges)
        if text == self.text:
            return False
        self.text = text
        self.setToolTip(text.tooltip)
        self.update()
        return True

    # Anchors, as a card's ------------------------------------------------------

    def input_anchor(self, port: int = 0) -> QPointF:
        return self.mapToScene(QPointF(-4, H / 2) if horizontal(self) else QPointF(W / 2, -4))

    def output_anchor(self, index: int = 0) -> QPointF:
        return self.mapToScene(QPointF(W + STACK + 4, H / 2) if horizontal(self) else QPointF(W / 2, H + STACK + 4))

    def itemChange(self, change, value):
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            scene = self.scene()
            if scene is not None and not self.blocks._placing:
                scene.forget_card_places()
                for member in self.members:
                    item = scene.layer_item(member)
                    if item is not None and not scene.defer_edges(item):
                        item.refresh_edges()
        return super().itemChange(change, value)

    # Mouse -------------------------------------------------------------------

    def chevron_rect(self) -> QRectF:
        return QRectF(RIGHT - 20, 2, 28, 28)

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.chevron_rect().contains(event.pos()):
            self.blocks.set_collapsed(self.group_id, False)
            event.accept()
            return
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:
        self.blocks.set_collapsed(self.group_id, False)
        event.accept()

    # Painting ------------------------------------------------------------------

    def boundingRect(self) -> QRectF:
        return QRectF(-5, -5, W + STACK + 10, H + STACK + 10)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(QRectF(0, 0, W, H), style.CARD_RADIUS, style.CARD_RADIUS)
        return path

    def lines(self, lod: float) -> list[card_lod.Line]:
        """``(font kind, text, font pixel size, rectangle)`` of each line the card shows at zoom ``lod``."""
        t = self.text
        if t is None:
            return []
        detail = card_lod.level(lod)
        out: list[card_lod.Line] = []
        if detail == card_lod.FULL:
            room = RIGHT - LEFT - 16 - (18 if t.badge else 0)
            y = 8.0

            def add(kind: str, text: str, px: int, width: float, mode=Qt.TextElideMode.ElideRight) -> None:
                nonlocal y
                metrics = QFontMetricsF(card_lod.scaled_font(kind, px))
                out.append((kind, metrics.elidedText(text, mode, width), px, QRectF(LEFT, y, width, px + 4)))
                y += px + 7

            add("title", t.title, 13, room)
            add("class", f"{t.count} · {t.classes}", 11, RIGHT - LEFT)
            add("mono", t.flow, 12, RIGHT - LEFT, Qt.TextElideMode.ElideMiddle)
            add("small", t.params, 11, RIGHT - LEFT)
            return out
        brief = detail == card_lod.BRIEF
        title_px = card_lod.scaled_px(13, lod, 26 if brief else 44)
        line_px = card_lod.scaled_px(12, lod, 20 if brief else 38)
        output = "→ " + " | ".join(card_lod.compact_shape(s) for s in t.outputs)
        main = ("mono", [t.flow, output] if brief else [output], line_px, RIGHT - LEFT)
        extra = ("class", [t.count], card_lod.scaled_px(11, lod, 18), RIGHT - LEFT) if brief else None
        return card_lod.stacked(LEFT, H, (t.title, title_px, RIGHT - LEFT - 16), main, extra, centred=not brief)

    def paint(self, painter, option, widget=None) -> None:
        t = self.text
        if t is None:
            return
        rect = QRectF(0, 0, W, H)
        r = style.CARD_RADIUS
        exporting = getattr(self.scene(), "exporting", False)
        selected = self.isSelected() and not exporting
        border = style.color(style.ERROR_BORDER if t.badge == "error" else style.CARD_BORDER)
        painter.setPen(QPen(border, 1.0))
        painter.setBrush(QBrush(style.color(style.SHAPE_BG)))
        painter.drawRoundedRect(rect.translated(STACK, STACK), r, r)
        if selected:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(style.color(style.SELECT_HALO), 5))
            painter.drawRoundedRect(rect.adjusted(-1.5, -1.5, 1.5, 1.5), r + 1, r + 1)
        painter.setBrush(QBrush(style.color(style.ERROR_BG if t.badge == "error" else style.CARD_BG)))
        painter.setPen(QPen(style.color(style.SELECT) if selected else border, 1.8 if selected else 1.2))
        painter.drawRoundedRect(rect, r, r)
        clip = QPainterPath()
        clip.addRoundedRect(rect.adjusted(0.5, 0.5, -0.5, -0.5), r, r)
        painter.save()
        painter.setClipPath(clip)
        painter.fillRect(QRectF(0, 0, style.ACCENT_W, H), style.color(BLOCK_ACCENT))
        painter.restore()
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        colors = {"title": style.color(style.ERROR if t.badge == "error" else style.TEXT),
                  "class": style.color(style.TEXT_SOFT), "mono": style.color(style.TEXT),
                  "small": style.color(style.TEXT_SOFT)}
        left = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        for kind, text, px, box in self.lines(lod):
            painter.setFont(card_lod.scaled_font(kind, px))
            painter.setPen(colors[kind])
            painter.drawText(box, left, text)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.color(style.TEXT_SOFT))
        _chevron(painter, self.chevron_rect().center(), down=False)
        if t.badge:
            full = card_lod.level(lod) == card_lod.FULL
            self._paint_badge(painter, t.badge, QPointF(RIGHT - 26, 18) if full else SCALED_BADGE)

    def _paint_badge(self, painter, badge: str, centre: QPointF) -> None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.color(style.ERROR if badge == "error" else style.WARNING))
        painter.drawEllipse(centre, 7, 7)
        painter.setFont(style.font("badge"))
        painter.setPen(style.color("#FFFFFF"))
        painter.drawText(QRectF(centre.x() - 7, centre.y() - 7, 14, 14), Qt.AlignmentFlag.AlignCenter, "!")


class BlockFrame(QGraphicsItem):
    """An expanded block: a light frame around its layers with a header (name, chevron) that collapses it."""

    def __init__(self, blocks: "SceneBlocks", group_id: str):
        super().__init__()
        self.blocks = blocks
        self.group_id = group_id
        self.name = ""
        self.rect = QRectF()
        self.setZValue(-1)
        self.setToolTip("Double-click the header, or click its chevron, to collapse the block")

    def set_rect(self, rect: QRectF, name: str) -> None:
        self.prepareGeometryChange()
        self.rect = rect.adjusted(-FRAME_PAD, -FRAME_PAD - HEADER_H, FRAME_PAD, FRAME_PAD)
        self.name = name
        self.update()

    def header(self) -> QRectF:
        return QRectF(self.rect.left(), self.rect.top(), self.rect.width(), HEADER_H)

    def boundingRect(self) -> QRectF:
        return self.rect.adjusted(-2, -2, 2, 2)

    def shape(self) -> QPainterPath:
        """Only the header takes clicks: inside the frame, the canvas and the cards do."""
        path = QPainterPath()
        path.addRect(self.header())
        return path

    def mousePressEvent(self, event) -> None:
        if event.button() == Qt.MouseButton.LeftButton and event.pos().x() < self.rect.left() + 30:
            self.blocks.set_collapsed(self.group_id, True)
        event.accept()

    def mouseDoubleClickEvent(self, event) -> None:
        self.blocks.set_collapsed(self.group_id, True)
        event.accept()

    def paint(self, painter, option, widget=None) -> None:
        lod = option.levelOfDetailFromTransform(painter.worldTransform())
        if lod < card_lod.SPECK_ZOOM:  # far out: a plain outline (a dashed one costs a lot to draw)
            pen = QPen(style.color(style.TEXT_FAINT), 1.0)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.rect)
            return
        pen = QPen(style.color(style.TEXT_FAINT), 1.2, Qt.PenStyle.DashLine)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(style.color("#0A344054"))
        painter.drawRoundedRect(self.rect, 12, 12)
        px = card_lod.scaled_px(11, lod, 40)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(style.color(style.TEXT_SOFT))
        _chevron(painter, QPointF(self.rect.left() + 16, self.rect.top() + HEADER_H / 2), down=True)
        painter.setFont(card_lod.scaled_font("title", px))
        painter.setPen(style.color(style.TEXT_SOFT))
        painter.drawText(QRectF(self.rect.left() + 30, self.rect.top() - px, max(self.rect.width() - 40, 10),
                                HEADER_H + 2 * px), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         self.name)


class SceneBlocks:
    """The block items of one `GraphScene`, kept in step with the document's groups."""

    def __init__(self, scene):
        self.scene = scene
        self.cards: dict[str, BlockItem] = {}
        self.frames: dict[str, BlockFrame] = {}
        self._hidden: dict[str, list] = {}
        self._groups = None
        self._placing = False
        self._unplaced: set[str] = set()
        self.listeners: list = []
        """Called with no argument after blocks changed on the canvas (the minimap redraws)."""

    @property
    def groups(self):
        return groups_of(self.scene.document)

    # Reading -------------------------------------------------------------------

    def card(self, group_id: str) -> BlockItem | None:
        return self.cards.get(group_id)

    def block_cards(self) -> list[BlockItem]:
        return list(self.cards.values())

    def layout_units(self) -> dict[str, str] | None:
        doc = self.scene.document
        units = {m: g.id for g in self.groups if g.collapsed for m in live_members(doc, g)}
        return units or None

    def shown_item(self, layer_id: str):
        """The card showing ``layer_id``: its own, or its collapsed block's."""
        item = self.scene.layer_item(layer_id)
        return item.block if item is not None and item.block is not None else item

    # Following the document ------------------------------------------------------

    def forget(self) -> None:
        """The scene is about to be cleared: its items go with it."""
        self.cards.clear()
        self.frames.clear()
        self._hidden.clear()

    def rebuild(self) -> None:
        """Items for every group of the (new) document; follows its groups from now on."""
        groups = self.groups
        if groups is not self._groups:
            if self._groups is not None:
                self._groups.changed.disconnect(self._on_groups_changed)
            groups.changed.connect(self._on_groups_changed)
            self._groups = groups
        for group_id in list(self.cards) + list(self.frames):
            self._clear(group_id)
        for group in groups:
            self._sync(group.id)

    def _on_groups_changed(self, group_id: str) -> None:
        if group_id == "*":
            self.rebuild()
        else:
            self._sync(group_id)
        self.scene.update_scene_rect()
        for listener in self.listeners:
            listener()

    def on_document_changed(self, change) -> None:
        """Layers moved, came or went: move the block cards and frames concerned."""
        if change.kind == "reset":
            return
        touched = {g.id for g in (self.groups.group_of(i) for i in change.ids) if g is not None}
        for group_id in touched:
            if change.kind in ("added", "removed"):
                self._sync(group_id)
            else:
                self._unplaced.add(group_id)

    def place_moved(self) -> None:
        """Move the cards and frames of the blocks whose layers moved since the last call (once each)."""
        unplaced, self._unplaced = self._unplaced, set()
        for group_id in unplaced:
            self._place(group_id)

    def on_inferred(self) -> None:
        for card in self.cards.values():
            card.refresh_text()

    # Building ------------------------------------------------------------------

    def _clear(self, group_id: str) -> None:
        scene = self.scene
        card = self.cards.pop(group_id, None)
        frame = self.frames.pop(group_id, None)
        for item in (card, frame):
            if item is not None and item.scene() is scene:
                scene.removeItem(item)
        shown = [m for m in self._hidden.pop(group_id, []) if m.scene() is scene]
        for member in shown:
            member.block = None
            member.setVisible(True)
        if shown:
            self._refresh_edges(shown)

    def _refresh_edges(self, items) -> None:
        """Route every edge of ``items`` once, with the cards now on screen."""
        self.scene.forget_card_places()
        edges = {id(e): e for item in items for e in item.in_edges + item.out_edges}
        self.scene.route_now(edges.values())

    def _sync(self, group_id: str) -> None:
        self._clear(group_id)
        group = self.groups.get(group_id)
        scene = self.scene
        scene.forget_card_places()
        if group is None:
            return
        items = [i for i in (scene.layer_item(m) for m in group.members) if i is not None]
        if not items:
            return
        if group.collapsed:
            card = BlockItem(self, group_id)
            scene.addItem(card)
            self.cards[group_id] = card
            self._hidden[group_id] = items
            for item in items:
                item.setSelected(False)
                item.setVisible(False)
                item.block = card
            self._placing = True
            try:
                self._place(group_id)
            finally:
                self._placing = False
            card.refresh_text()
            self._refresh_edges(items)
        else:
            frame = BlockFrame(self, group_id)
            scene.addItem(frame)
            self.frames[group_id] = frame
            self._place(group_id)

    def _place(self, group_id: str) -> None:
        group = self.groups.get(group_id)
        if group is None:
            return
        items = [i for i in (self.scene.layer_item(m) for m in group.members) if i is not None]
        if not items:
            return
        card = self.cards.get(group_id)
        if card is not None:
            x = min(i.pos().x() for i in items)
            y = min(i.pos().y() for i in items)
            if card.pos() != QPointF(x, y):
                before = card.sceneBoundingRect()
                card.setPos(x, y)
                self.scene.card_moved(before, card.sceneBoundingRect())
        frame = self.frames.get(group_id)
        if frame is not None:
            rect = QRectF()
            for item in items:
                rect = rect.united(item.mapRectToScene(QRectF(0, 0, W, H)))
            frame.set_rect(rect, group.name)

    # Acting --------------------------------------------------------------------

    def set_collapsed(self, group_id: str, collapsed: bool) -> bool:
        """Collapse or expand a block, as one undo step.

        A block whose layers, expanded, would land on other cards (it was laid
        out collapsed) is laid out on its own from its place, and the cards
        after it move aside to make room (`designer.model.block_room`): those
        moves are part of the same undo step; the rest of the design stays.
        """
        doc = self.scene.document
        try:
            edit = set_collapsed(doc, group_id, collapsed)
        except DocumentError as exc:
            self.scene.controller.message.emit(str(exc))
            return False
        if edit and not collapsed:
            members = self.members_of(group_id)
            units = {m: g for m, g in (self.layout_units() or {}).items() if g != group_id}
            if lands_on_others(doc, members, units):
                moves = expanded_in_place(doc, members, self.scene.direction, units)
                edit = Edit(edit.text, move_layers(doc, moves).steps + edit.steps)
        from .grouping import apply_block_edit

        done = apply_block_edit(self.scene.controller, edit)
        if done and not collapsed:
            self._show_header(group_id)
        return done

    def _show_header(self, group_id: str) -> None:
        """Scroll the least needed for an expanded block's header to be in view (it may have grown up)."""
        frame = self.frames.get(group_id)
        if frame is None:
            return
        header = frame.header()
        for view in self.scene.views():
            view.ensureVisible(QRectF(header.left(), header.top(), min(header.width(), 240.0), header.height()),
                               20, 20)

    def members_of(self, group_id: str) -> list[str]:
        group = self.groups.get(group_id)
        return live_members(self.scene.document, group) if group is not None else []
