"""At "Fit all" in a 1366×768 window, every card on screen shows its whole name and its output shape, readable.

A user opens a sample, presses Ctrl+L (auto layout, folded for this window) and F (Fit all): whatever the
zoom, no card's name or shape is cut ("max_poolin…"), none is drawn smaller than `card_lod.MIN_PIXELS`
on screen, and a badge never covers a name.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QAction, QFontMetricsF

from canvas_support import app_window, close_window

pytestmark = pytest.mark.gui

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def open_sample(qtbot, tmp_path, monkeypatch, sample):
    windows = []

    def opened(stem: str):
        window = app_window(qtbot, monkeypatch, tmp_path, sample(stem))
        windows.append(window)
        return window

    yield opened
    for window in windows:
        close_window(window)


def _lay_out_and_fit(qtbot, window) -> None:
    view = window.canvas
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_L, CTRL)
    qtbot.keyClick(view, Qt.Key.Key_F)
    qtbot.wait(1)


def assert_every_card_reads(window) -> None:
    """Every card on screen: whole name (on one or two lines), output shape (Keras's or compact), fonts at
    least `card_lod.MIN_PIXELS` on screen, each line inside the card and clear of the badge."""
    from designer.gui.canvas import blocks, card_lod, layer_item
    from designer.gui.canvas.card_model import OK

    view = window.canvas
    zoom = view.zoom
    assert card_lod.level(zoom) in (card_lod.BRIEF, card_lod.NAME_SHAPE), f"zoom {zoom:.2f}"
    seen = view.mapToScene(view.viewport().rect()).boundingRect()
    card_rect = QRectF(0, 0, layer_item.W, layer_item.H)
    for card in view.graph.shown_cards():
        assert seen.contains(card.sceneBoundingRect()), "a card is outside the view at Fit all"
        if isinstance(card, blocks.BlockItem):
            lines, name = card.lines(zoom), card.text.title
            output = "→ " + " | ".join(card_lod.compact_shape(s) for s in card.text.outputs)
            shapes, badge = (card.text.flow, output), (blocks.SCALED_BADGE if card.text.badge else None)
            has_shape = True
        else:
            lines, name = card.scaled_lines(zoom), card.node.name
            shapes = (card.text.shape, card_lod.compact_shape(card.text.shape))
            badge = layer_item.SCALED_BADGE if card.text.badge else None
            has_shape = card.text.state == OK
        titles = [text for kind, text, _, _ in lines if kind == "title"]
        assert "".join(titles) == name, f"the name {name!r} is cut: {titles}"
        if has_shape:
            mono = [text for kind, text, _, _ in lines if kind == "mono"]
            assert mono and mono[0] in shapes, f"the shape of {name} is cut: {mono}"
        for kind, text, px, rect in lines:
            assert px * zoom >= card_lod.MIN_PIXELS - 0.5, f"{name}: {kind} drawn {px * zoom:.1f} px high"
            assert card_rect.contains(rect)
            if kind in ("title", "mono"):
                width = QFontMetricsF(card_lod.scaled_font(kind, px)).horizontalAdvance(text)
                assert width <= rect.width() + 0.5, f"{name}: {text!r} overflows its line"
                if badge is not None and rect.top() < badge.y() + 9:
                    assert rect.left() + width <= badge.x() - 9, f"{name}: the badge covers {text!r}"


@pytest.mark.parametrize("stem", ["denoiser", "convmodel3-valid", "unet", "vgg16", "mobilenetv2-block"])
def test_at_fit_all_every_card_shows_its_whole_name_and_shape(qtbot, open_sample, stem):
    window = open_sample(stem)
    _lay_out_and_fit(qtbot, window)
    assert_every_card_reads(window)


def test_a_badge_moves_to_the_corner_instead_of_cutting_the_name(qtbot, open_sample):
    """convmodel3-valid's pooling layers carry a warning badge: zoomed out, their names still read whole."""
    window = open_sample("convmodel3-valid")
    _lay_out_and_fit(qtbot, window)
    card = window.canvas.graph.layer_item("max_pooling2d_2")
    assert card.text.badge is not None
    titles = [text for kind, text, _, _ in card.scaled_lines(window.canvas.zoom) if kind == "title"]
    assert titles == ["max_pooling2d_2"]


def test_resnet18_reads_at_fit_all_with_its_blocks_collapsed(qtbot, open_sample):
    """69 layers named like ``stage5_block1_shortcut_bn`` cannot all be read in a 1366×768 window (each name
    needs a card shown at ~75%); with its blocks collapsed (Blocks → Blocks from Names), every card reads."""
    window = open_sample("resnet18")
    window.findChild(QAction, "blocks_from_names").trigger()
    qtbot.wait(1)
    assert len(window.canvas.graph.shown_cards()) < 20
    assert_every_card_reads(window)


def test_a_long_name_takes_two_lines_when_the_card_has_room(qtbot, open_sample):
    from designer.gui.canvas import card_lod

    window = open_sample("mobilenetv2-block")
    _lay_out_and_fit(qtbot, window)
    card = window.canvas.graph.layer_item("block1_depthwise_relu")
    zoom = window.canvas.zoom
    assert card_lod.level(zoom) == card_lod.NAME_SHAPE
    lines = card.scaled_lines(zoom)
    assert [text for kind, text, _, _ in lines if kind == "title"] == ["block1_", "depthwise_relu"]
    assert [kind for kind, _, _, _ in lines] == ["title", "title", "mono"]
    assert card_lod.name_lines("conv2d_1", 19, 197.0) == ["conv2d_1"]


def test_name_lines_cut_after_a_separator_else_where_the_line_is_full(qtbot):
    from designer.gui.canvas import card_lod

    assert card_lod.name_lines("stage5_block1_shortcut_bn", 19, 197.0) == ["stage5_block1_", "shortcut_bn"]
    cut = card_lod.name_lines("conv2dtransposeupsampler", 19, 197.0)
    assert len(cut) == 2 and "".join(cut) == "conv2dtransposeupsampler"
    assert card_lod.name_lines("no shape: depends on conv2d_4", 19, 197.0, "body") == [
        "no shape: depends", "on conv2d_4"]
    squeezed = card_lod.name_lines("stage5_block1_shortcut_bn", 44, 197.0)
    assert len(squeezed) == 2 and squeezed[1].endswith("…")
