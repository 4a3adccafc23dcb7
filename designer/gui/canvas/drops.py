"""Palette drops (`LAYER_MIME`, the class name): add on empty canvas, insert on an edge, append after a card.

While dragging, the target that a drop would use is highlighted. A drop that
cannot be done says why through `controller.message`; it never passes silently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF

from designer.layers import get_spec
from designer.model import Source
from designer.model.edits import add_layer, insert_with_room

from . import placement
from ..mime import LAYER_MIME
from .edge_item import EdgeItem
from .layer_item import LayerItem
from .port_item import OUT, PortItem
from .starter import starter_config

if TYPE_CHECKING:
    from .scene import GraphScene


def class_from_mime(mime) -> str | None:
    """The class name a palette drag carries, or None."""
    if mime is None or not mime.hasFormat(LAYER_MIME):
        return None
    return bytes(mime.data(LAYER_MIME)).decode("utf-8", "replace").strip() or None


class DropHandler:
    """Drag-and-drop of palette items onto a `GraphScene`."""

    def __init__(self, scene: "GraphScene"):
        self.scene = scene
        self._hot = None

    def target_at(self, pos: QPointF):
        """What a drop at ``pos`` lands on: an output `PortItem`, a `LayerItem`, an `EdgeItem`, or None."""
        for item in self.scene.items(pos):
            if isinstance(item, PortItem):
                return item if item.kind == OUT else item.layer_item
            if isinstance(item, (LayerItem, EdgeItem)):
                return item
        return None

    def enter(self, event) -> None:
        if class_from_mime(event.mimeData()) is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self._light(self.target_at(event.scenePos()))

    def move(self, event) -> None:
        self.enter(event)

    def leave(self, event) -> None:
        self._light(None)

    def drop(self, event) -> None:
        self._light(None)
        class_name = class_from_mime(event.mimeData())
        if class_name is None:
            event.ignore()
            return
        event.acceptProposedAction()
        self.drop_class(class_name, event.scenePos())

    def drop_class(self, class_name: str, pos: QPointF) -> str | None:
        """Add ``class_name`` where a drop at ``pos`` puts it; returns the new id or None (and says why)."""
        controller = self.scene.controller
        doc = self.scene.document
        spec = get_spec(class_name)
        if spec is None:
            controller.message.emit(f"Cannot add {class_name}: it is not a layer class the designer knows")
            return None
        target = self.target_at(pos)
        takes_input = spec.inputs[1] != 0
        if isinstance(target, EdgeItem):
            if not takes_input:
                controller.message.emit(f"Cannot insert {class_name} on a connection: it takes no input "
                                        "(drop it on empty canvas)")
                return None
            source = Source(target.source.layer_id, target.index)
            position = placement.centred_at(pos.x(), pos.y())
            edit, new_id = insert_with_room(doc, class_name, source, target.target.layer_id, target.port, position,
                                            starter_config(class_name), self.scene.direction)
        elif isinstance(target, (LayerItem, PortItem)):
            card = target.layer_item if isinstance(target, PortItem) else target
            if not takes_input:
                controller.message.emit(f"Cannot append {class_name} after {card.node.name}: it takes no input "
                                        "(drop it on empty canvas)")
                return None
            source = Source(card.layer_id, target.index if isinstance(target, PortItem) else 0)
            position = placement.below(self.scene, [card.layer_id])
            edit, new_id = add_layer(doc, class_name, starter_config(class_name), [source], position)
        else:
            edit, new_id = add_layer(doc, class_name, starter_config(class_name),
                                     position=placement.centred_at(pos.x(), pos.y()))
        if not controller.apply(edit):
            return None
        controller.select([new_id])
        return new_id

    def forget(self) -> None:
        """Drop the highlighted target without touching it (its item is about to be deleted)."""
        self._hot = None

    def _light(self, target) -> None:
        if target is self._hot:
            return
        if self._hot is not None and self._hot.scene() is self.scene:
            (self._hot.set_drop_target if isinstance(self._hot, LayerItem) else self._hot.set_hot)(False)
        self._hot = target
        if isinstance(target, LayerItem):
            target.set_drop_target(True)
        elif target is not None:
            target.set_hot(True)
