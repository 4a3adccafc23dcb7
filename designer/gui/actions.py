"""The main window's menus, toolbar and shortcuts; every action has a tooltip."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QWidget

from .custom_layer import declare_custom_layer
from .theme import THEMES, saved_theme

if TYPE_CHECKING:
    from .main_window import MainWindow


@dataclass
class Actions:
    """Named actions of a window, for menus, tests and other panels."""

    by_name: dict[str, QAction] = field(default_factory=dict)

    def __getitem__(self, name: str) -> QAction:
        return self.by_name[name]


def make_action(window: "MainWindow", actions: Actions, name: str, text: str, tip: str,
            slot: Callable[[], object] | None, shortcut: QKeySequence | str | None = None,
            scope: QWidget | None = None) -> QAction:
    """An action with its tooltip (shortcut included), registered in ``actions`` by name.

    Its shortcut works in the whole window, or with ``scope`` only while that
    widget (or a child) has the focus: Delete in the inspector's padding box
    edits the box and never deletes the layer; the menu item works anywhere.
    """
    action = QAction(text, window)
    action.setObjectName(name)
    if shortcut is not None:
        action.setShortcut(QKeySequence(shortcut))
    if scope is not None:
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    keys = action.shortcut().toString(QKeySequence.NativeText)
    action.setToolTip(f"{tip} ({keys})" if keys else tip)
    action.setStatusTip(tip)
    if slot is not None:
        action.triggered.connect(lambda checked=False: slot())
    (scope or window).addAction(action)
    actions.by_name[name] = action
    return action


def build_actions(window: "MainWindow") -> Actions:
    """Create the Edit and View actions and menus; the File menu is added by the file workflows."""
    actions = Actions()
    controller = window.controller
    canvas = window.canvas
    stack = controller.undo_stack

    undo = stack.createUndoAction(window, "&Undo")
    undo.setShortcut(QKeySequence.Undo)
    undo.setToolTip("Undo the last edit (Ctrl+Z)")
    redo = stack.createRedoAction(window, "&Redo")
    redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    redo.setToolTip("Redo the last undone edit (Ctrl+Shift+Z, Ctrl+Y)")
    for name, action in (("undo", undo), ("redo", redo)):
        action.setObjectName(name)
        window.addAction(action)
        actions.by_name[name] = action

    edit_menu = window.menuBar().addMenu("&Edit")
    edit_menu.addAction(undo)
    edit_menu.addAction(redo)
    edit_menu.addSeparator()
    for name, text, tip, slot, key in (
        ("cut", "Cu&t", "Cut the selected layers", canvas.cut_selection, QKeySequence.Cut),
        ("copy", "&Copy", "Copy the selected layers", canvas.copy_selection, QKeySequence.Copy),
        ("paste", "&Paste", "Paste layers from the clipboard", canvas.paste, QKeySequence.Paste),
        ("duplicate", "Dup&licate", "Duplicate the selected layers", canvas.duplicate_selection, "Ctrl+D"),
        ("delete", "&Delete", "Delete the selected layers and reconnect around them", canvas.delete_selection,
         QKeySequence.Delete),
        ("select_all", "Select &All", "Select every layer", canvas.select_all, QKeySequence.SelectAll),
    ):
        edit_menu.addAction(make_action(window, actions, name, text, tip, slot, key, scope=canvas))
    edit_menu.addSeparator()
    edit_menu.addAction(make_action(
        window, actions, "custom_layer", "Custo&m Layer…",
        "Declare a layer the designer does not know (class, output shape, params), or the selected one",
        lambda: declare_custom_layer(window), "Ctrl+Shift+U"))

    view_menu = window.menuBar().addMenu("&View")
    for name, text, tip, slot, key in (
        ("fit", "&Fit All", "Zoom to show the whole design", canvas.fit_all, "F"),
        ("zoom_in", "Zoom &In", "Zoom in", canvas.zoom_in, QKeySequence.ZoomIn),
        ("zoom_out", "Zoom &Out", "Zoom out", canvas.zoom_out, QKeySequence.ZoomOut),
        ("layout", "Auto &Layout", "Arrange the layers top to bottom", canvas.auto_layout, "Ctrl+L"),
    ):
        view_menu.addAction(make_action(window, actions, name, text, tip, slot, key,
                                        scope=canvas if name == "fit" else None))
    view_menu.addSeparator()
    theme_menu = view_menu.addMenu("&Theme")
    group = QActionGroup(window)
    current = saved_theme()
    for name in THEMES:
        action = make_action(window, actions, f"theme_{name}", f"&{name.capitalize()}",
                             f"Use the {name} colours" if name != "system" else "Follow the desktop's colours",
                             lambda n=name: window.set_theme(n))
        action.setCheckable(True)
        action.setChecked(name == current)
        group.addAction(action)
        theme_menu.addAction(action)
    view_menu.addSeparator()
    for dock in (window.palette_dock, window.inspector_dock, window.summary_dock, window.problems_dock,
                 window.code_dock, window.build_dock):
        toggle = dock.toggleViewAction()
        toggle.setToolTip(f"Show or hide the {dock.windowTitle()} panel")
        view_menu.addAction(toggle)

    model_menu = window.menuBar().addMenu("&Model")
    model_menu.addAction(make_action(window, actions, "build", "&Build && Summarize",
                                 "Build the model with TensorFlow in a separate process and compare its summary",
                                 window.build.start, "Ctrl+B"))
    model_menu.addAction(make_action(window, actions, "cancel_build", "&Cancel Build", "Stop the running build",
                                 window.build.cancel))

    cancel = actions["cancel_build"]
    cancel.setEnabled(False)
    window.build.started.connect(lambda: cancel.setEnabled(True))
    window.build.finished.connect(lambda _state: cancel.setEnabled(False))

    toolbar = window.addToolBar("Main")
    toolbar.setObjectName("MainToolbar")
    for name in ("undo", "redo"):
        toolbar.addAction(_steady_twin(window, actions, name))
    for name in ("delete", "fit", "layout", "build"):
        toolbar.addAction(actions[name])
    window.toolbar = toolbar
    return actions


def _steady_twin(window: "MainWindow", actions: Actions, name: str) -> QAction:
    """A toolbar copy of the stack's Undo/Redo with a fixed label ("Undo"), so the buttons after it never jump
    as the label of the edit to undo changes; that label is its tooltip."""
    twin = _Twin(actions[name], name.capitalize(), window)
    twin.setObjectName(f"{name}_button")
    return twin


class _Twin(QAction):
    """Follows another action's enabled state and text (as its tooltip), and triggers it."""

    def __init__(self, source: QAction, text: str, parent):
        super().__init__(text, parent)
        self._source = source
        source.changed.connect(self.follow)
        self.triggered.connect(source.trigger)
        self.follow()

    def follow(self) -> None:
        source = self._source
        if not shiboken6.isValid(source):  # the window is being torn down
            return
        self.setEnabled(source.isEnabled())
        self.setToolTip(f"{source.text().replace('&', '')} ({source.shortcut().toString()})")
