"""Getting around a large design: reveal a layer, zoom to 100%, and the layout direction.

`install` adds the View menu entries of the canvas (Zoom to 100%, Layout
direction), the Blocks menu (Group Ctrl+G, Ungroup, Collapse, Expand, Blocks
from Names, Rename), Find (Ctrl+F) and the minimap, and makes a layer chosen
outside the canvas (summary table, Problems, Find, a Build difference:
anything that selects it while the canvas neither has the focus nor is being
clicked) zoom and scroll into view.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QMenu

from . import card_lod, placement
from .port_item import HIDE_BELOW_ZOOM

if TYPE_CHECKING:
    from .view import CanvasView

READABLE_ZOOM = 0.8
"""Revealing a layer zooms in to at least this, where every line of a card reads comfortably."""
DIRECTIONS = (("TB", "&Top to Bottom"), ("LR", "&Left to Right"))


def reveal(view: "CanvasView", layer_id: str) -> bool:
    """Scroll (and zoom in, if the cards are too small to read) so that ``layer_id``'s card is in the middle.

    A layer inside a collapsed block reveals the block. Returns False for an unknown id.
    """
    scene = view.graph
    item = scene.shown_item(layer_id) if hasattr(scene, "shown_item") else scene.layer_item(layer_id)
    if item is None:
        return False
    if view.zoom < READABLE_ZOOM:
        view.set_zoom(READABLE_ZOOM)
    view.centerOn(item)
    return True


def clicked_on(view: "CanvasView") -> bool:
    """A mouse button is down over the canvas: the selection comes from a click on it, even when its window is
    not active yet (the first click after a dialog closed), so the canvas has no focus to tell."""
    return bool(view._buttons_down)  # the view counts the presses it has not seen released


def zoom_100(view: "CanvasView") -> None:
    """Zoom to 100% (one scene unit per pixel), keeping the middle of the view in place."""
    view.zoom_by(1.0 / view.zoom)


def set_layout_direction(view: "CanvasView", direction: str) -> bool:
    """Lay the design out top-to-bottom (``"TB"``) or left-to-right (``"LR"``), remembered for next time.

    The new positions are one undo step; the ports move to the cards' sides
    (or back to their top and bottom) at once.
    """
    placement.remember_layout_direction(direction)
    view.graph.set_direction(direction)
    return view.auto_layout()


def difference_layer(text: str) -> str:
    """The layer name a line of the Build panel's differences starts with (``✗ conv2d_5: output shape: …``)."""
    return text.removeprefix("✗").strip().split(": ", 1)[0]


def choose_named(view: "CanvasView", name: str) -> bool:
    """Select the layer named ``name`` and bring it into view (a click on a Build difference)."""
    doc = view.controller.document
    found = next((n.id for n in doc if n.name == name), None)
    if found is None:
        return False
    view.controller.select([found])
    return reveal(view, found)


def imported_with_blocks(view: "CanvasView", doc):
    """An imported model as it should open here: its blocks (collapsed when large), laid out for this canvas."""
    from designer.model.groups import with_suggested_blocks

    return with_suggested_blocks(doc, view.graph.view_size(), view.graph.direction)


def install(window) -> dict[str, QAction]:
    """Add the canvas's View menu entries to ``window`` and reveal layers chosen in other panels."""
    view = window.canvas
    menu = next((a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "View"), None)
    made: dict[str, QAction] = {}

    def action(name: str, text: str, tip: str, slot, shortcut: str | None = None) -> QAction:
        act = QAction(text, window)
        act.setObjectName(name)
        if shortcut:
            act.setShortcut(QKeySequence(shortcut))
        act.setToolTip(tip + (f" ({shortcut})" if shortcut else ""))
        act.setStatusTip(tip)
        act.triggered.connect(lambda checked=False: slot())
        window.addAction(act)
        made[name] = act
        return act

    zoom = action("zoom_100", "Zoom to &100%", "Show the cards at their real size", lambda: zoom_100(view), "Ctrl+0")
    group = QActionGroup(window)
    direction_menu = None
    if menu is not None:
        menu.insertAction(menu.actions()[3] if len(menu.actions()) > 3 else None, zoom)
        direction_menu = menu.addMenu("Layout &Direction")
    for code, text in DIRECTIONS:
        act = action(f"layout_{code.lower()}", text, f"Lay the design out {text.replace('&', '').lower()}",
                     lambda code=code: set_layout_direction(view, code))
        act.setCheckable(True)
        act.setChecked(view.graph.direction == code)
        group.addAction(act)
        if direction_menu is not None:
            direction_menu.addAction(act)
    from . import grouping
    from .find import FindBar

    view.find_bar = FindBar(view)
    from .minimap import Minimap

    view.minimap = Minimap(view)
    view.zoom_changed.connect(lambda zoom: (view.graph.show_ports(zoom >= HIDE_BELOW_ZOOM),
                                            view.graph.cache_cards(zoom >= card_lod.SPECK_ZOOM)))
    find = action("find", "&Find Layer…", "Find a layer by name or class; Enter for the next match",
                  view.find_bar.open, "Ctrl+F")
    edit_menu = next((a.menu() for a in window.menuBar().actions() if a.text().replace("&", "") == "Edit"), None)
    if edit_menu is not None:
        edit_menu.addSeparator()
        edit_menu.addAction(find)

    scene = view.graph
    block_menu = None
    if menu is not None:
        bar = window.menuBar()
        help_menu = next((a for a in bar.actions() if a.text().replace("&", "") == "Help"), None)
        block_menu = QMenu("&Blocks", window)
        if help_menu is not None:
            bar.insertMenu(help_menu, block_menu)
        else:
            bar.addMenu(block_menu)
    for name, text, tip, slot, key in (
        ("group", "&Group", "Make a block of the selected layers", lambda: grouping.group_selection(scene), "Ctrl+G"),
        ("ungroup", "&Ungroup", "Dissolve the selected block (its layers stay)",
         lambda: grouping.ungroup_selection(scene), "Ctrl+Shift+G"),
        ("collapse", "&Collapse", "Show the selected block as one card",
         lambda: grouping.set_selection_collapsed(scene, True), None),
        ("expand", "&Expand", "Show the layers of the selected block",
         lambda: grouping.set_selection_collapsed(scene, False), None),
        ("blocks_from_names", "Blocks from &Names", "Make collapsed blocks of layers whose names share a prefix "
         "(block1_…, conv2_block1_…) and lay the design out again", lambda: grouping.blocks_from_names(view), None),
        ("rename_block", "&Rename Block…", "Rename the selected block",
         lambda: [grouping.rename_block(scene, g, parent=window) for g in grouping.selected_groups(scene)[:1]],
         None),
    ):
        act = action(name, text, tip, slot, key)
        if block_menu is not None:
            block_menu.addAction(act)
    actions = getattr(window, "action_set", None)
    if actions is not None and hasattr(actions, "by_name"):
        actions.by_name.update(made)

    def chosen_elsewhere(ids: list) -> None:
        if len(ids) == 1 and not view.hasFocus() and not clicked_on(view):
            reveal(view, ids[0])

    window.controller.selection_changed.connect(chosen_elsewhere)
    build = getattr(window, "build", None)
    if build is not None and hasattr(build, "differences"):
        build.differences.itemClicked.connect(lambda item: choose_named(view, difference_layer(item.text())))
    return made
