"""The graph scene: one card per layer and one arrow per connection, redrawn from the controller's events.

Data flows one way: a user gesture builds an edit (`designer.model.edits`) and
hands it to `controller.apply`; the document emits `Change`s, which add,
remove or update items here; after the engine re-inferred, `inferred`
refreshes the text of the cards whose result changed.
"""

from __future__ import annotations

import math
from contextlib import contextmanager
from typing import Iterator

from PySide6.QtCore import QRectF, QTimer
from PySide6.QtWidgets import QGraphicsItem, QGraphicsScene

from designer.model import Change, LayerNode, Source
from designer.model.edits import move_layers

from . import placement, style
from .blocks import BlockItem, SceneBlocks
from .drops import DropHandler
from .edge_item import EdgeItem
from .layer_item import LayerItem
from .wiring import Wiring

SCENE_MARGIN = 1200.0
"""Room around the graph so it can be panned past its edges."""
GRID_CELL = 400.0
"""Side of a cell of the grid that finds the cards in a rectangle."""
MANY_CELLS = 10_000
"""A changed place touching more grid cells than this (a card far away) makes `reroute_near` route every long arrow."""
DRAG_REROUTE_LIMIT = 40
"""While dragging at most this many cards, arrows passing them are routed again at each mouse move."""


def _cells(rect: QRectF):
    """The grid cells a rectangle touches."""
    x0, x1 = math.floor(rect.left() / GRID_CELL), math.floor(rect.right() / GRID_CELL)
    y0, y1 = math.floor(rect.top() / GRID_CELL), math.floor(rect.bottom() / GRID_CELL)
    return ((x, y) for x in range(x0, x1 + 1) for y in range(y0, y1 + 1))


def _cell_count(rect: QRectF) -> int:
    """How many grid cells a rectangle touches (a far card makes a band of millions)."""
    return ((math.floor(rect.right() / GRID_CELL) - math.floor(rect.left() / GRID_CELL) + 1)
            * (math.floor(rect.bottom() / GRID_CELL) - math.floor(rect.top() / GRID_CELL) + 1))


class GraphScene(QGraphicsScene):
    """Cards and arrows for the controller's document, kept in sync with its events and selection."""

    def __init__(self, controller, parent=None):
        super().__init__(parent)
        self.controller = controller
        self.exporting = False
        self.direction = placement.layout_direction()
        """``"TB"`` (ports on top and bottom) or ``"LR"`` (ports on the sides), as the user last chose."""
        self._items: dict[str, LayerItem] = {}
        self._syncing = False
        self._building = False
        self._pressed: dict[str, object] = {}
        self._moved: list[QRectF] = []
        self._deferring = False
        self._ports_shown = True
        self._cards_cached = True
        self._flush_scheduled = False
        self._pending_edges: dict[int, object] = {}
        self._routed: dict[int, int] = {}
        self._moves = 0
        """Arrows routed by `route_now` since the last `flush_moves` (id → `_moves` then, the count of card moves):
        it does not route one again if no card moved since."""
        self._grid: dict[tuple[int, int], list[tuple[QRectF, LayerItem]]] | None = None
        self._rect_set = False
        self.wiring = Wiring(self)
        self.drops = DropHandler(self)
        self.blocks = SceneBlocks(self)
        self._pressed_blocks: dict[str, object] = {}
        self.setBackgroundBrush(style.color(style.CANVAS_BG))
        controller.document_changed.connect(self._on_document_changed)
        controller.inferred.connect(self._on_inferred)
        controller.warnings_changed.connect(self._on_inferred)
        controller.selection_changed.connect(self._on_controller_selection)
        self.selectionChanged.connect(self._on_scene_selection)
        self.rebuild()

    # Reading --------------------------------------------------------------

    @property
    def document(self):
        return self.controller.document

    def layer_item(self, layer_id: str) -> LayerItem | None:
        return self._items.get(layer_id)

    def layer_items(self) -> list[LayerItem]:
        return list(self._items.values())

    def shown_item(self, layer_id: str):
        """The card showing ``layer_id`` now: its own, or its collapsed block's (None for an unknown id)."""
        return self.blocks.shown_item(layer_id)

    def shown_cards(self) -> list:
        """Every card on screen: the layers not inside a collapsed block, and the collapsed blocks."""
        return [i for i in self._items.values() if i.block is None] + self.blocks.block_cards()

    def edge_items(self) -> list[EdgeItem]:
        return [e for item in self._items.values() for e in item.in_edges]

    def cards_in_rect(self, rect: QRectF) -> list[LayerItem]:
        """The cards whose bounding rectangle meets ``rect``, from a grid of card places (cost grows with the hits).

        Empty while the scene is being rebuilt; `rebuild` routes the long arrows
        once at the end. The grid is made again lazily after any card moved.
        """
        if self._building or self._syncing:
            return []
        grid = self._card_grid()
        found: dict[int, LayerItem] = {}
        for cell in _cells(rect) if _cell_count(rect) <= len(grid) else list(grid):
            for box, item in grid.get(cell, ()):
                if id(item) not in found and box.intersects(rect):
                    found[id(item)] = item
        return list(found.values())

    def forget_card_places(self) -> None:
        """A card moved, was added or removed: the grid of card places is stale."""
        self._grid = None

    def _card_grid(self) -> dict[tuple[int, int], list[tuple[QRectF, LayerItem]]]:
        """Per grid cell, the cards meeting it with their rectangles (read once: asking Qt for each card's
        rectangle again at every lookup was most of the cost of routing arrows after a block expanded)."""
        if self._grid is None:
            grid: dict[tuple[int, int], list[tuple[QRectF, LayerItem]]] = {}
            for item in self.shown_cards():
                box = item.sceneBoundingRect()
                for cell in _cells(box):
                    grid.setdefault(cell, []).append((box, item))
            self._grid = grid
        return self._grid

    def reroute_near(self, rects, done=frozenset()) -> None:
        """Route again every long arrow passing one of ``rects`` (where cards came or went), each once, but those
        whose ids are in ``done`` (just routed). The rectangles are looked up as grid cells: the cost grows with
        the arrows, not with arrows × rectangles."""
        cells: set[tuple[int, int]] = set()
        for rect in rects:
            if _cell_count(rect) > MANY_CELLS:  # a card far away: every arrow, once
                cells = set()
                break
            cells.update(_cells(rect))
        else:
            if not cells:
                return
        for edge in self.edge_items():
            if id(edge) in done or not edge.isVisible():
                continue
            if cells and not self._meets(edge.sceneBoundingRect(), cells):
                continue
            if edge.spans_ranks():
                edge.refresh()

    @staticmethod
    def _meets(box: QRectF, cells: set) -> bool:
        if _cell_count(box) <= len(cells):
            return any(cell in cells for cell in _cells(box))
        return any(box.intersects(QRectF(x * GRID_CELL, y * GRID_CELL, GRID_CELL, GRID_CELL)) for x, y in cells)

    def card_moved(self, before: QRectF, after: QRectF) -> None:
        """A card not moved by a document change (a collapsed block's, following its layers) went from ``before``
        to ``after``: the next `flush_moves` routes again the long arrows passing there."""
        self._moved += [before, after]
        self._moves += 1

    def route_now(self, edges) -> None:
        """Route ``edges`` now (shown or hidden by a block just now), so the next `flush_moves` skips them."""
        for edge in edges:
            self._pending_edges.pop(id(edge), None)
            self._routed[id(edge)] = self._moves
            edge.refresh()

    def graph_rect(self) -> QRectF:
        """The rectangle around every card (empty when there is none)."""
        rect = QRectF()
        for item in self.shown_cards() + list(self.blocks.frames.values()):
            rect = rect.united(item.sceneBoundingRect())
        return rect

    def set_direction(self, direction: str) -> None:
        """Put the ports on the cards' top and bottom (``"TB"``) or sides (``"LR"``) and redraw every edge."""
        if direction == self.direction:
            return
        self.direction = direction
        for item in self._items.values():
            item.ports = None
            item.sync_ports()

    def view_size(self) -> tuple[float, float] | None:
        """The size in pixels of the first view showing this scene (None when none is shown)."""
        views = self.views()
        if not views:
            return None
        size = views[0].viewport().size()
        return (float(size.width()), float(size.height()))

    def show_ports(self, shown: bool) -> None:
        """Show or hide every port (hidden far out, where they are specks: painting them would only cost)."""
        if shown == self._ports_shown:
            return
        self._ports_shown = shown
        for item in self._items.values():
            for port in item.in_ports + item.out_ports:
                port.setVisible(shown)

    def cache_cards(self, cached: bool) -> None:
        """Cache each card's picture (close up: panning reuses them) or not (far out, where a card is a
        rectangle cheaper to draw than a cached picture is to make again at every zoom step)."""
        if cached == self._cards_cached:
            return
        self._cards_cached = cached
        mode = QGraphicsItem.CacheMode.DeviceCoordinateCache if cached else QGraphicsItem.CacheMode.NoCache
        for item in list(self._items.values()) + self.blocks.block_cards():
            item.setCacheMode(mode)

    @contextmanager
    def rendering(self) -> Iterator[None]:
        """Drawing the scene elsewhere (a diagram file, the minimap): cards painted afresh, not from the view's
        cached pictures (rendered from them, the minimap kept a fixed layer red), and without selection or
        editing ports (`exporting`)."""
        items = list(self._items.values()) + self.blocks.block_cards()
        was, self.exporting = self.exporting, True
        for item in items:
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
        try:
            yield
        finally:
            self.exporting = was
            mode = (QGraphicsItem.CacheMode.DeviceCoordinateCache if self._cards_cached
                    else QGraphicsItem.CacheMode.NoCache)
            for item in items:
                item.setCacheMode(mode)

    def layout_units(self) -> dict[str, str] | None:
        """For the auto layout: each layer of a collapsed block mapped to its block (None: no block is collapsed)."""
        blocks = getattr(self, "blocks", None)
        return blocks.layout_units() if blocks is not None else None

    # Building -------------------------------------------------------------

    def rebuild(self) -> None:
        """Drop every item and draw the whole document again."""
        self.wiring.cancel()
        self.drops.forget()
        self.blocks.forget()
        self._syncing = self._building = True
        try:
            self.clear()
            self._items.clear()
            doc = self.document
            missing = placement.missing_positions(doc)
            for node in doc:
                self._add(node, missing.get(node.id), edges=False)
            for node in doc:
                for port, src in enumerate(node.inbound):
                    self._add_edge(src, self._items[node.id], port)
            self.blocks.rebuild()
        finally:
            self._syncing = self._building = False
        self._on_inferred()
        for edge in self.edge_items():
            if edge.spans_ranks():
                edge.refresh()
        self._on_controller_selection(self.controller.selection)

    def _add(self, node: LayerNode, position=None, edges: bool = True) -> LayerItem:
        self._grid = None
        item = LayerItem(node)
        self.addItem(item)
        self._items[node.id] = item
        x, y = node.position or position or placement.free_spot(self, 0.0, 0.0)
        item.setPos(x, y)
        item.set_content(node, self._result(node.id), self._blocker_name(node.id))
        if edges:
            for port, src in enumerate(node.inbound):
                self._add_edge(src, item, port)
        return item

    def _add_edge(self, src: Source, target: LayerItem, port: int) -> None:
        source = self._items.get(src.layer)
        if source is None:
            return
        edge = EdgeItem(source, src.index, target, port)
        self.addItem(edge)
        source.out_edges.append(edge)
        target.in_edges.append(edge)
        if src.index >= len(source.out_ports):
            source.sync_ports()
        edge.refresh()

    def _drop_edge(self, edge: EdgeItem) -> None:
        edge.source.out_edges.remove(edge)
        edge.target.in_edges.remove(edge)
        self.removeItem(edge)

    def _remove(self, layer_id: str) -> None:
        self._grid = None
        item = self._items.pop(layer_id, None)
        if item is None:
            return
        for edge in list(item.in_edges) + list(item.out_edges):
            self._drop_edge(edge)
        self.removeItem(item)

    def _replace(self, node: LayerNode) -> None:
        item = self._items.get(node.id)
        if item is None:
            self._add(node)
            return
        old = item.node
        if old is node:
            return
        if old.inbound != node.inbound:
            for edge in list(item.in_edges):
                self._drop_edge(edge)
            item.node = node
            for port, src in enumerate(node.inbound):
                self._add_edge(src, item, port)
        if node.position is not None and (item.pos().x(), item.pos().y()) != node.position:
            shown = item.block is None  # a layer hidden in a collapsed block is no obstacle: its block's card is
            if shown:
                self._moved.append(item.sceneBoundingRect())
            self._moves += 1
            item.setPos(*node.position)
            if shown:
                self._moved.append(item.sceneBoundingRect())
        if old.class_name != node.class_name or old.config != node.config or old.inbound != node.inbound:
            item.set_content(node, self._result(node.id), self._blocker_name(node.id), force=True)
        else:
            item.node = node

    # Events ---------------------------------------------------------------

    def _on_document_changed(self, change: Change) -> None:
        if change.kind == "reset":
            self.rebuild()
            return
        doc = self.document
        self._deferring = True
        try:
            self._apply_change(doc, change)
        finally:
            self._deferring = False
        self.blocks.on_document_changed(change)
        if self._pending_edges or self._moved or self.blocks._unplaced:
            if not self._flush_scheduled:
                self._flush_scheduled = True
                QTimer.singleShot(0, self.flush_moves)

    def _apply_change(self, doc, change: Change) -> None:
        for layer_id in change.ids:
            if change.kind == "removed":
                self._remove(layer_id)
            elif change.kind in ("added", "replaced"):
                node = doc.get(layer_id)
                if node is None:
                    continue
                if change.kind == "added" and layer_id not in self._items:
                    self._add(node)
                else:
                    self._replace(node)
        if change.kind == "outputs":
            self._update_outputs()

    def defer_edges(self, item) -> bool:
        """While a document change moves cards, note their edges to route once at the end (`flush_moves`)
        instead of at every card: a layout moving every card would otherwise route every edge n times."""
        if not self._deferring:
            return False
        for edge in item.in_edges + item.out_edges:
            self._pending_edges[id(edge)] = edge
        return True

    def flush_moves(self) -> None:
        """Route the edges of the cards the last edit moved, and the edges passing where cards came or went."""
        self._flush_scheduled = False
        self._deferring = True
        try:
            self.blocks.place_moved()
        finally:
            self._deferring = False
        edges, self._pending_edges = self._pending_edges, {}
        moved, self._moved = self._moved, []
        routed, self._routed = self._routed, {}
        done = {i for i, moves in routed.items() if moves == self._moves}
        for edge in edges.values():
            if edge.scene() is self:
                edge.refresh()
                done.add(id(edge))
        if moved:
            self.reroute_near(moved, done)

    def _on_inferred(self) -> None:
        """Refresh the cards whose result changed (only those repaint)."""
        self.flush_moves()
        doc = self.document
        for layer_id, item in self._items.items():
            node = doc.get(layer_id)
            if node is not None:
                item.set_content(node, self._result(layer_id), self._blocker_name(layer_id))
        self.blocks.on_inferred()
        self._update_outputs()
        self.update_scene_rect()

    def _update_outputs(self) -> None:
        outputs = {s.layer for s in self.document.outputs()}
        for layer_id, item in self._items.items():
            item.set_output(layer_id in outputs)

    def update_scene_rect(self) -> None:
        """The graph's rectangle with `SCENE_MARGIN` of room around it (to pan past its edges).

        A new scene rectangle makes Qt index every item again (tens of ms on a large design), so the current
        one is kept while it still leaves at least a quarter of the margin around the graph and no more than
        twice the margin: expanding or collapsing a block, or moving a card, rarely pays for it.
        """
        rect = self.graph_rect()
        if rect.isEmpty():
            rect = QRectF(0, 0, style.CARD_W, style.CARD_H)
        m = SCENE_MARGIN
        current = self.sceneRect()
        if (self._rect_set and current.contains(rect.adjusted(-m / 4, -m / 4, m / 4, m / 4))
                and rect.adjusted(-2 * m, -2 * m, 2 * m, 2 * m).contains(current)):
            return
        self._rect_set = True
        self.setSceneRect(rect.adjusted(-m, -m, m, m))

    def _result(self, layer_id: str):
        return self.controller.result(layer_id)

    def _blocker_name(self, layer_id: str) -> str | None:
        result = self.controller.result(layer_id)
        if result is None or result.blocked_by is None:
            return None
        blocker = self.controller.result(result.blocked_by)
        return blocker.name if blocker is not None else result.blocked_by

    # Selection ------------------------------------------------------------

    def selected_ids(self) -> list[str]:
        """Selected layers, in the order they were selected (as the controller keeps them)."""
        return self.controller.selection

    def _on_scene_selection(self) -> None:
        if self._syncing:
            return
        ids = {i.layer_id for i in self.selectedItems() if isinstance(i, LayerItem)}
        for block in self.selectedItems():
            if isinstance(block, BlockItem):
                ids.update(block.members)
        current = self.controller.selection
        ordered = [i for i in current if i in ids] + [i for i in self.document.ids() if i in ids and i not in current]
        self.controller.select(ordered)

    def _on_controller_selection(self, ids: list) -> None:
        wanted = set(ids)
        self._syncing = True
        try:
            for item in self.selectedItems():
                if isinstance(item, LayerItem) and item.layer_id not in wanted:
                    item.setSelected(False)
            for layer_id in ids:
                item = self._items.get(layer_id)
                if item is not None and item.block is None and not item.isSelected():
                    item.setSelected(True)
            for block in self.blocks.block_cards():
                members = block.members
                block.setSelected(bool(members) and all(m in wanted for m in members))
        finally:
            self._syncing = False

    # Mouse: wiring and moving ---------------------------------------------

    def mousePressEvent(self, event) -> None:
        if self.wiring.press(event):
            event.accept()
            return
        super().mousePressEvent(event)
        self._pressed = {i.layer_id: i.pos() for i in self.selectedItems() if isinstance(i, LayerItem)}
        self._pressed_blocks = {b.group_id: b.pos() for b in self.selectedItems() if isinstance(b, BlockItem)}

    def mouseMoveEvent(self, event) -> None:
        if self.wiring.active:
            self.wiring.move(event.scenePos())
            event.accept()
            return
        super().mouseMoveEvent(event)
        if self._pressed and len(self._pressed) <= DRAG_REROUTE_LIMIT:
            self.reroute_near(self._dragged_rects())

    def _dragged_rects(self) -> list[QRectF]:
        """Where the pressed cards are now and where they were at the press."""
        rects = []
        for layer_id, before in self._pressed.items():
            item = self._items.get(layer_id)
            if item is not None:
                rect = item.sceneBoundingRect()
                rects += [rect, rect.translated(before - item.pos())]
        return rects

    def mouseReleaseEvent(self, event) -> None:
        if self.wiring.active:
            self.wiring.release(event.scenePos())
            event.accept()
            return
        super().mouseReleaseEvent(event)
        self.commit_moves()

    def commit_moves(self) -> None:
        """Turn cards dragged since the press into one move edit (one undo step)."""
        if self._pressed:
            self.reroute_near(self._dragged_rects())
        pressed, self._pressed = self._pressed, {}
        pressed_blocks, self._pressed_blocks = self._pressed_blocks, {}
        moved = {}
        for layer_id, before in pressed.items():
            item = self._items.get(layer_id)
            if item is not None and item.pos() != before and layer_id in self.document:
                moved[layer_id] = (round(item.pos().x(), 1), round(item.pos().y(), 1))
        for group_id, before in pressed_blocks.items():
            block = self.blocks.card(group_id)
            if block is None or block.pos() == before:
                continue
            delta = block.pos() - before
            for layer_id in block.members:
                node = self.document.layer(layer_id)
                x, y = node.position or (self._items[layer_id].pos().x(), self._items[layer_id].pos().y())
                moved[layer_id] = (round(x + delta.x(), 1), round(y + delta.y(), 1))
        if moved:
            self.controller.apply(move_layers(self.document, moved))

    # Drops ----------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:
        self.drops.enter(event)

    def dragMoveEvent(self, event) -> None:
        self.drops.move(event)

    def dragLeaveEvent(self, event) -> None:
        self.drops.leave(event)

    def dropEvent(self, event) -> None:
        self.drops.drop(event)
