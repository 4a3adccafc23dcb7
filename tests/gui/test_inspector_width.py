"""At 1366×768 the inspector is a narrow dock: no layer class may make its page wider than the dock (seen under
Xvfb: "MultiHeadAttention · Attention · id self_attention" and spin boxes sized for 19-digit numbers pushed the page
past the dock's edge, cutting every line of the explanation on the right)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from canvas_support import app_window, close_window

from designer.gui.canvas.starter import starter_config
from designer.gui.main_window import SMALL_SCREEN_DOCKS
from designer.layers import all_specs
from designer.model import Document, LayerNode

pytestmark = pytest.mark.gui


def test_every_layer_class_fits_the_small_screen_inspector(qtbot, tmp_path, monkeypatch):
    specs = [s for s in all_specs()]
    doc = Document("every", [LayerNode(f"layer_{i}", s.class_name, {"name": f"a_fairly_long_layer_name_{i}",
                                                                    **starter_config(s.class_name)})
                             for i, s in enumerate(specs)])
    win = app_window(qtbot, monkeypatch, tmp_path, doc)
    try:
        win.controller.select(["layer_0"])
        win.resizeDocks([win.inspector_dock], [SMALL_SCREEN_DOCKS[1]], Qt.Orientation.Horizontal)
        qtbot.waitUntil(lambda: win.inspector_dock.width() <= SMALL_SCREEN_DOCKS[1])
        scroll = win.inspector.stack.widget(1)
        bar = scroll.verticalScrollBar()  # most forms are taller than the dock: count its scroll bar
        width = scroll.viewport().width() - (0 if bar.isVisible() else bar.sizeHint().width())
        too_wide = []
        for i, spec in enumerate(specs):
            win.controller.select([f"layer_{i}"])
            qtbot.wait(1)  # the form's widgets are laid out
            page = scroll.widget()
            if page.minimumSizeHint().width() > width:
                too_wide.append((spec.class_name, page.minimumSizeHint().width()))
        assert not too_wide, f"wider than the {width} px the dock shows: {too_wide}"
    finally:
        close_window(win)
