"""Right-click menus that depend on what is under the mouse, and a wire dropped on empty canvas.

- a card: Rename…, Replace Type…, Insert After…, Group (with the other selected layers), Delete, Copy, Duplicate;
- a connection: Insert Layer Here…, Disconnect;
- a block (its card or its frame's header): Expand / Collapse, Rename Block…, Ungroup, Delete Its Layers;
- the canvas: Paste, Add Layer…, Lay Out, Fit All.

"…" entries that need a layer class open the quick-add list at the mouse;
the chosen class then makes one edit (one undo step). A wire dragged from an
output port and dropped on empty canvas opens the same list, and the new
layer is added there, connected to that output.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Callable

from PySide6.QtCore import QPoint, QPointF
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QInputDialog, QMenu

from designer.model import DocumentError, Source
from designer.model.edits import Edit, Step, add_layer, disconnect, insert_with_room, set_argument

from . import grouping, placement
from .blocks import BlockFrame, BlockItem
from .edge_item import EdgeItem
from .layer_item import LayerItem
from .port_item import PortItem
from .quick_add import QuickAddPopup
from .starter import starter_config

if TYPE_CHECKING:
    from .view import CanvasView


class CanvasMenus:
    """The context menus of one canvas view and the class picker their entries open."""

    def __init__(self, view: "CanvasView"):
        self.view = view
        self.picker = QuickAddPopup(view)
        self.picker.chosen.connect(self._picked)
        self._then: Callable[[str], object] | None = None
        view.graph.wire_dropped_on_empty = self.wire_to_empty

    @property
    def scene(self):
        return self.view.graph

    @property
    def controller(self):
        return self.view.controller

    # Picking a class ------------------------------------------------------------

    def pick_class(self, at: QPointF, hint: str, then: Callable[[str], object], source: Source | None = None) -> None:
        """Open the class list at scene point ``at``; ``then(class_name)`` runs when one is chosen. ``source``:
        the output the new layer will take (the classes valid on it are offered first)."""
        self._then = then
        self.picker.open_at(self.view.viewport().mapToGlobal(self.view.mapFromScene(at)), hint, source)

    def _picked(self, class_name: str) -> None:
        then, self._then = self._then, None
        if then is not None:
            then(class_name)
            self.view.setFocus()

    # Menus ------------------------------------------------------------------------

    def menu_for(self, pos: QPoint) -> QMenu:
        """The menu for what is under viewport point ``pos`` (selecting a card that was not selected)."""
        hit = self.view.itemAt(pos)
        at = self.view.mapToScene(pos)
        if isinstance(hit, PortItem):
            hit = hit.parentItem()
        menu = QMenu(self.view)
        if isinstance(hit, LayerItem):
            if not hit.isSelected():
                self.controller.select([hit.layer_id])
            self._card_menu(menu, hit, at)
        elif isinstance(hit, BlockItem):
            if not hit.isSelected():
                self.controller.select(hit.members)
            self._block_menu(menu, hit.group_id)
        elif isinstance(hit, BlockFrame):
            self._block_menu(menu, hit.group_id)
        elif isinstance(hit, EdgeItem):
            self._edge_menu(menu, hit, at)
        else:
            self._canvas_menu(menu, at)
        return menu

    def _add(self, menu: QMenu, text: str, slot, enabled: bool = True, keys: str = "") -> None:
        action = menu.addAction(text, slot)
        action.setEnabled(enabled)
        action.setObjectName(text.rstrip("…").lower().replace(" ", "_"))
        if keys:
            action.setShortcut(QKeySequence(keys))
            action.setShortcutVisibleInContextMenu(True)

    def _card_menu(self, menu: QMenu, card: LayerItem, at: QPointF) -> None:
        layer_id = card.layer_id
        several = len(self.controller.selection) > 1
        self._add(menu, "Rename…", lambda: self.rename(layer_id))
        inbound = card.node.inbound[0] if len(card.node.inbound) == 1 else None
        self._add(menu, "Replace Type…", lambda: self.pick_class(
            at, f"Replace {card.node.name} by", lambda cls: self.replace_type(layer_id, cls), inbound))
        self._add(menu, "Insert After…", lambda: self.pick_class(
            at, f"Insert after {card.node.name}", lambda cls: self.insert_after(layer_id, cls), Source(layer_id)))
        self._add(menu, "Group", lambda: grouping.group_selection(self.scene), several, "Ctrl+G")
        menu.addSeparator()
        self._add(menu, "Copy", self.view.copy, keys="Ctrl+C")
        self._add(menu, "Duplicate", self.view.duplicate, keys="Ctrl+D")
        self._add(menu, "Delete", self.view.delete_selection, keys="Del")

    def _edge_menu(self, menu: QMenu, edge: EdgeItem, at: QPointF) -> None:
        source, target, port = Source(edge.source.layer_id, edge.index), edge.target.layer_id, edge.port
        self._add(menu, "Insert Layer Here…", lambda: self.pick_class(
            at, f"Insert between {edge.source.node.name} and {edge.target.node.name}",
            lambda cls: self.insert_on_edge(source, target, port, cls, at), source))
        self._add(menu, "Disconnect", lambda: self.controller.apply(disconnect(self.scene.document, target, port)))

    def _block_menu(self, menu: QMenu, group_id: str) -> None:
        from designer.model.groups import groups_of

        group = groups_of(self.scene.document).get(group_id)
        if group is None:
            return
        if group.collapsed:
            self._add(menu, "Expand", lambda: self.scene.blocks.set_collapsed(group_id, False))
        else:
            self._add(menu, "Collapse", lambda: self.scene.blocks.set_collapsed(group_id, True))
        self._add(menu, "Rename Block…", lambda: grouping.rename_block(self.scene, group_id, parent=self.view))
        self._add(menu, "Ungroup", lambda: self._apply_group(group_id))
        menu.addSeparator()
        self._add(menu, "Delete Its Layers", lambda: self._delete_block(group_id))

    def _canvas_menu(self, menu: QMenu, at: QPointF) -> None:
        self._add(menu, "Paste", lambda: self.view.editing.paste(at), keys="Ctrl+V")
        self._add(menu, "Add Layer…", lambda: self.pick_class(at, "Adds here", lambda cls: self.add_at(cls, at)),
                  keys="Tab")
        menu.addSeparator()
        self._add(menu, "Lay Out", self.view.auto_layout, keys="Ctrl+L")
        self._add(menu, "Fit All", self.view.fit_all, keys="F")

    # Edits --------------------------------------------------------------------------

    def rename(self, layer_id: str, name: str | None = None) -> bool:
        node = self.scene.document.layer(layer_id)
        if name is None:
            name, ok = QInputDialog.getText(self.view, "Rename layer", "Layer name:", text=node.name)
            if not ok:
                return False
        name = name.strip()
        if not name:
            self.controller.message.emit("A layer needs a name")
            return False
        return self.controller.apply(set_argument(self.scene.document, layer_id, "name", name))

    def replace_type(self, layer_id: str, class_name: str) -> bool:
        """Make the layer a ``class_name`` (with its starting arguments), keeping its name and connections."""
        node = self.scene.document.layer(layer_id)
        config = dict(starter_config(class_name))
        if "name" in node.config:
            config["name"] = node.config["name"]
        new = replace(node, class_name=class_name, config=config)
        return self.controller.apply(Edit(f"Replace {node.name} by {class_name}", [Step("replace", new=new)]))

    def insert_after(self, layer_id: str, class_name: str) -> str | None:
        self.controller.select([layer_id])
        return self.view.append_after_selection(class_name)

    def insert_on_edge(self, source: Source, target: str, port: int, class_name: str, at: QPointF) -> str | None:
        doc = self.scene.document
        edit, new_id = insert_with_room(doc, class_name, source, target, port, placement.centred_at(at.x(), at.y()),
                                        starter_config(class_name), self.scene.direction)
        if not self.controller.apply(edit):
            return None
        self.controller.select([new_id])
        return new_id

    def add_at(self, class_name: str, at: QPointF, inbound: tuple[Source, ...] = ()) -> str | None:
        edit, new_id = add_layer(self.scene.document, class_name, starter_config(class_name), inbound,
                                 placement.centred_at(at.x(), at.y()))
        if not self.controller.apply(edit):
            return None
        self.controller.select([new_id])
        return new_id

    def wire_to_empty(self, source: Source, at: QPointF) -> None:
        """A wire from ``source`` dropped on empty canvas: pick a class, add it there, connected."""
        name = self.scene.document.layer(source.layer).name
        self.pick_class(at, f"Adds a layer fed by {name}", lambda cls: self.add_at(cls, at, (source,)), source)

    def _apply_group(self, group_id: str) -> bool:
        from designer.model.groups import ungroup

        try:
            return grouping.apply_block_edit(self.controller, ungroup(self.scene.document, group_id))
        except DocumentError as exc:
            self.controller.message.emit(str(exc))
            return False

    def _delete_block(self, group_id: str) -> bool:
        from designer.model.groups import groups_of, live_members

        group = groups_of(self.scene.document).get(group_id)
        if group is None:
            return False
        self.controller.select(live_members(self.scene.document, group))
        return self.view.delete_selection()
