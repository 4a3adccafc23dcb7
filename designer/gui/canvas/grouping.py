"""Grouping on the canvas: make a block of the selection (Ctrl+G), ungroup, rename, collapse and expand.

Each action builds one edit (`designer.model.groups`) and hands it to the
controller: one undo step; the scene follows the groups' events.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand
from PySide6.QtWidgets import QInputDialog

from designer.model import DocumentError
from designer.model.edits import Edit
from designer.model.groups import group_layers, groups_of, rename_group, ungroup

from .blocks import BlockItem


def selected_groups(scene) -> list[str]:
    """The blocks concerned by the selection: selected block cards, else the blocks of the selected layers."""
    ids = [b.group_id for b in scene.selectedItems() if isinstance(b, BlockItem)]
    if ids:
        return ids
    groups = groups_of(scene.document)
    found = {g.id: None for g in (groups.group_of(i) for i in scene.controller.selection) if g is not None}
    return list(found)


class BlockCommand(QUndoCommand):
    """One block edit (group, ungroup, rename, collapse, expand) on the controller's undo stack.

    Like the controller's commands it applies the edit to the document and
    its inverse on undo, and the scene follows the groups' events; unlike
    them it does not re-infer shapes: no layer changed.
    """

    def __init__(self, controller, edit: Edit, inverse: Edit):
        super().__init__(edit.text)
        self._controller = controller
        self._edit, self._inverse = edit, inverse
        self._applied = True

    def redo(self) -> None:
        if not self._applied:
            self._inverse = self._edit.apply(self._controller.document)
        self._applied = False

    def undo(self) -> None:
        self._edit = self._inverse.apply(self._controller.document)


def apply_block_edit(controller, edit: Edit) -> bool:
    """Push a block edit as one undo step (refused edits say why and change nothing)."""
    if not edit:
        return False
    try:
        inverse = edit.apply(controller.document)
    except DocumentError as exc:
        controller.message.emit(f"{edit.text} refused: {exc}")
        return False
    controller.undo_stack.push(BlockCommand(controller, edit, inverse))
    return True


def _apply(scene, build) -> bool:
    try:
        edit = build()
    except DocumentError as exc:
        scene.controller.message.emit(str(exc))
        return False
    return apply_block_edit(scene.controller, edit)


def group_selection(scene, name: str | None = None) -> str | None:
    """Make a block of the selected layers (expanded); returns its id."""
    made: list[str] = []

    def build():
        edit, gid = group_layers(scene.document, scene.controller.selection, name)
        made.append(gid)
        return edit

    return made[0] if _apply(scene, build) else None


def ungroup_selection(scene) -> bool:
    """Dissolve the selected blocks (their layers stay), one undo step each."""
    ids = selected_groups(scene)
    if not ids:
        scene.controller.message.emit("Nothing to ungroup: select a block or a layer in one")
        return False
    return all([_apply(scene, lambda gid=gid: ungroup(scene.document, gid)) for gid in ids])


def rename_block(scene, group_id: str, name: str | None = None, parent=None) -> bool:
    """Rename a block (asking for the name when none is given)."""
    group = groups_of(scene.document).get(group_id)
    if group is None:
        return False
    if name is None:
        name, ok = QInputDialog.getText(parent, "Rename block", "Block name:", text=group.name)
        if not ok:
            return False
    return _apply(scene, lambda: rename_group(scene.document, group_id, name))


def blocks_from_names(view) -> int:
    """Make collapsed blocks of the layers whose names share a prefix (`suggest_groups`), for the layers not
    in a block yet, and lay the design out again: one undo step. Returns how many blocks were made."""
    from dataclasses import replace

    from designer.model.groups import GroupStep, suggest_groups

    scene, controller = view.graph, view.controller
    groups = groups_of(scene.document)
    taken = {g.id for g in groups}
    steps = []
    for found in suggest_groups(scene.document, collapsed=True):
        if any(groups.group_of(m) is not None for m in found.members):
            continue
        gid = found.id
        n = 1
        while gid in taken:
            gid, n = f"{found.id}_{n}", n + 1
        taken.add(gid)
        steps.append(GroupStep(gid, replace(found, id=gid)))
    if not steps:
        controller.message.emit("No new block in the layer names (blocks come from shared prefixes like block1_…)")
        return 0
    stack = controller.undo_stack
    stack.beginMacro(f"Blocks from names ({len(steps)})")
    try:
        apply_block_edit(controller, Edit(f"Blocks from names ({len(steps)})", steps))
        view.auto_layout()
    finally:
        stack.endMacro()
    return len(steps)


def set_selection_collapsed(scene, collapsed: bool) -> bool:
    ids = selected_groups(scene)
    if not ids:
        scene.controller.message.emit(f"Nothing to {'collapse' if collapsed else 'expand'}: select a block")
        return False
    return all([scene.blocks.set_collapsed(gid, collapsed) for gid in ids])
