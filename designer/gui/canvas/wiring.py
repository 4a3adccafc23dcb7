"""Connecting layers by dragging a wire between ports.

- From an output port: drop on an input port to connect there (replacing what
  it had), or on a card to use its next free input.
- From a connected input port: picks that connection up; drop it on another
  input (or card) to move it, or on empty canvas to disconnect.
- From a free input port: drop on an output port or a card to connect from it.

Every outcome is one edit through `controller.apply`; a refused edit (a cycle,
a layer feeding itself) leaves the document unchanged and the controller says why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, Qt

from designer.model import Source
from designer.model.edits import Edit, Step, connect, disconnect

from .card_model import inputs_taken_message, next_free_port
from .edge_item import WireItem
from .layer_item import LayerItem
from .port_item import IN, OUT, PortItem

if TYPE_CHECKING:
    from .scene import GraphScene


class Wiring:
    """The state of one wire drag in a `GraphScene`."""

    def __init__(self, scene: "GraphScene"):
        self.scene = scene
        self.wire: WireItem | None = None
        self.source: Source | None = None
        self.detached: tuple[str, int] | None = None
        self.reverse: tuple[str, int] | None = None
        self._anchor = QPointF()
        self._pressed_at = QPointF()
        self._moved = False
        self._hot: list = []

    @property
    def active(self) -> bool:
        return self.wire is not None

    def port_at(self, pos: QPointF) -> PortItem | None:
        for item in self.scene.items(pos):
            if isinstance(item, PortItem):
                return item
        return None

    def target_at(self, pos: QPointF):
        """The port or card under ``pos`` (ignoring the wire itself), or None."""
        for item in self.scene.items(pos):
            if isinstance(item, (PortItem, LayerItem)):
                return item
        return None

    # Gesture --------------------------------------------------------------

    def press(self, event) -> bool:
        """Start a wire if the press is on a port; returns whether it did."""
        if event.button() != Qt.MouseButton.LeftButton:
            return False
        port = self.port_at(event.scenePos())
        if port is None:
            return False
        self.detached = self.reverse = None
        if port.kind == OUT:
            self.source = Source(port.layer_id, port.index)
            self._anchor = port.anchor()
        else:
            inbound = self.scene.document.layer(port.layer_id).inbound
            if port.index < len(inbound):
                self.source = inbound[port.index]
                self.detached = (port.layer_id, port.index)
                source_item = self.scene.layer_item(self.source.layer)
                self._anchor = source_item.output_anchor(self.source.index) if source_item else port.anchor()
                for edge in port.layer_item.in_edges:
                    if edge.port == port.index:
                        edge.setVisible(False)
            else:
                self.source = None
                self.reverse = (port.layer_id, port.index)
                self._anchor = port.anchor()
        self.wire = WireItem()
        self.scene.addItem(self.wire)
        self._pressed_at, self._moved = event.scenePos(), False
        self.move(event.scenePos())
        return True

    def move(self, pos: QPointF) -> None:
        if self.wire is None:
            return
        delta = pos - self._pressed_at
        self._moved = self._moved or abs(delta.x()) + abs(delta.y()) > 4
        if self.reverse is not None:
            self.wire.set_ends(pos, self._anchor)
        else:
            self.wire.set_ends(self._anchor, pos)
        self._highlight(self.target_at(pos))

    def release(self, pos: QPointF) -> None:
        """Finish the wire where the mouse was released; a click on a port without dragging does nothing."""
        target = self.target_at(pos)
        source, detached, reverse, moved = self.source, self.detached, self.reverse, self._moved
        self.cancel()
        if not moved:
            return
        if reverse is not None:
            self._finish_reverse(reverse, target)
        elif detached is not None:
            self._finish_detached(source, detached, target)
        elif target is None and source is not None and getattr(self.scene, "wire_dropped_on_empty", None):
            self.scene.wire_dropped_on_empty(source, pos)
        else:
            self._finish_forward(source, target)

    def cancel(self) -> None:
        """Drop the wire without editing anything."""
        if self.wire is not None:
            self.scene.removeItem(self.wire)
        self.wire = None
        self._highlight(None)
        for item in self.scene.layer_items():
            for edge in item.in_edges:
                if not edge.isVisible():
                    edge.setVisible(True)
        self.source = self.detached = self.reverse = None

    def _highlight(self, target) -> None:
        for item in self._hot:
            if isinstance(item, PortItem):
                item.set_hot(False)
            else:
                item.set_drop_target(False)
        self._hot = []
        if isinstance(target, PortItem):
            target.set_hot(True)
            self._hot = [target]
        elif isinstance(target, LayerItem):
            target.set_drop_target(True)
            self._hot = [target]

    # Outcomes -------------------------------------------------------------

    @property
    def _controller(self):
        return self.scene.controller

    def _input_of(self, target) -> tuple[str, int | None] | None:
        """The (layer, port) an incoming wire dropped on ``target`` goes to; None says why not."""
        if isinstance(target, PortItem) and target.kind == IN:
            return target.layer_id, target.index
        layer_item = target.layer_item if isinstance(target, PortItem) else target
        node = self.scene.document.layer(layer_item.layer_id)
        port = next_free_port(node)
        if port is None:
            self._controller.message.emit(inputs_taken_message(node))
            return None
        return node.id, port

    def _finish_forward(self, source: Source, target) -> None:
        if target is None or source is None:
            return
        where = self._input_of(target)
        if where is not None:
            self._controller.apply(connect(self.scene.document, source, where[0], where[1]))

    def _finish_reverse(self, reverse: tuple[str, int], target) -> None:
        if target is None:
            return
        if isinstance(target, PortItem) and target.kind == OUT:
            source = Source(target.layer_id, target.index)
        else:
            layer_item = target.layer_item if isinstance(target, PortItem) else target
            source = Source(layer_item.layer_id)
        self._controller.apply(connect(self.scene.document, source, reverse[0], reverse[1]))

    def _finish_detached(self, source: Source, detached: tuple[str, int], target) -> None:
        doc = self.scene.document
        if target is None:
            self._controller.apply(disconnect(doc, *detached))
            return
        where = self._input_of(target) if not (
            isinstance(target, LayerItem) and target.layer_id == detached[0]) else detached
        if where is None or where == detached:
            return
        old = doc.layer(detached[0])
        inbound = list(old.inbound)
        inbound.pop(detached[1])
        if where[0] == old.id:
            port = where[1] if where[1] is not None and where[1] < len(inbound) else len(inbound)
            inbound.insert(port, source)
            steps = [Step("replace", new=old.with_inbound(inbound))]
        else:
            new = doc.layer(where[0])
            into = list(new.inbound)
            if where[1] is None or where[1] >= len(into):
                into.append(source)
            else:
                into[where[1]] = source
            steps = [Step("replace", new=old.with_inbound(inbound)), Step("replace", new=new.with_inbound(into))]
        self._controller.apply(Edit(f"Reconnect {source} → {doc.layer(where[0]).name}", steps))
