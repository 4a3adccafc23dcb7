"""Helpers for the canvas tests: a shown CanvasView, real drops, real mouse drags."""

from __future__ import annotations

from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from designer.gui.mime import LAYER_MIME
from designer.model import Document, LayerNode, Source


def chain_document() -> Document:
    """input → dense (16) → head (Dense 4), spaced as the auto layout would."""
    return Document("chain", [
        LayerNode("input", "InputLayer", {"shape": [8]}, (), (0.0, 0.0)),
        LayerNode("dense", "Dense", {"units": 16}, (Source("input"),), (0.0, 130.0)),
        LayerNode("head", "Dense", {"units": 4}, (Source("dense"),), (0.0, 260.0)),
    ])


def make_view(qtbot, controller, document: Document | None = None):
    from designer.gui.canvas import CanvasView

    if document is not None:
        controller.replace_document(document)
    view = CanvasView(controller)
    qtbot.addWidget(view)
    view.resize(1000, 800)
    view.show()
    qtbot.waitExposed(view)
    view.set_zoom(1.0)
    view.centerOn(view.graph.graph_rect().center())
    return view


def vp(view, scene_point: QPointF) -> QPoint:
    """The viewport point showing ``scene_point``."""
    return view.mapFromScene(scene_point)


def card_centre(view, layer_id: str) -> QPointF:
    return view.graph.layer_item(layer_id).sceneBoundingRect().center()


def drop_layer(view, class_name: str, scene_point: QPointF) -> bool:
    """A real drag-enter / drag-move / drop of a palette item at ``scene_point``; returns whether it was accepted."""
    mime = QMimeData()
    mime.setData(LAYER_MIME, class_name.encode("utf-8"))
    pos = vp(view, scene_point)
    target = view.viewport()
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    enter = QDragEnterEvent(pos, Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(target, enter)
    move = QDragMoveEvent(pos, Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(target, move)
    drop = QDropEvent(QPointF(pos), Qt.DropAction.CopyAction, mime, buttons, mods)
    QApplication.sendEvent(target, drop)
    return drop.isAccepted()


def mouse_drag(qtbot, view, start: QPointF, end: QPointF, steps: int = 6,
               modifier=Qt.KeyboardModifier.NoModifier) -> None:
    """Press at ``start``, move in steps, release at ``end`` (scene points), with real mouse events."""
    target = view.viewport()
    a, b = vp(view, start), vp(view, end)
    qtbot.mousePress(target, Qt.MouseButton.LeftButton, modifier, a)
    for i in range(1, steps + 1):
        p = a + (b - a) * i / steps
        qtbot.mouseMove(target, QPoint(round(p.x()), round(p.y())))
    qtbot.mouseRelease(target, Qt.MouseButton.LeftButton, modifier, b)


def click(qtbot, view, point: QPointF, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, modifier, vp(view, point))


def focused_chain_view(qtbot, controller):
    """A canvas on `chain_document`, with keyboard focus (for tests that press keys)."""
    view = make_view(qtbot, controller, chain_document())
    view.setFocus()
    return view


def app_window(qtbot, monkeypatch, tmp_path, document: Document | None = None, path=None):
    """A main window as the app makes it, 1366×768, shown and active, its data folder in ``tmp_path``, with the
    file at ``path`` opened or showing ``document`` when given; `close_window` ends it."""
    monkeypatch.setenv("KERAS_DESIGNER_DATA_DIR", str(tmp_path))
    from designer.gui.app import create_window

    win = create_window(str(path) if path is not None else None)
    win.resize(1366, 768)
    win.show()
    win.activateWindow()
    qtbot.waitExposed(win)
    if document is not None:
        win.controller.replace_document(document)
    return win


def close_window(win) -> None:
    win.controller.undo_stack.setClean()
    win.close()
    win.deleteLater()
