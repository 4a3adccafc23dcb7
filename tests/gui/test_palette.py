"""The palette: filtering, drags carrying the class name, double-click/Enter appending."""

import pytest
from PySide6.QtCore import QPoint, Qt

from designer.gui import palette as palette_module
from designer.gui.mime import LAYER_MIME
from designer.gui.palette import CLASS_ROLE, PaletteWidget, layer_mime_data
from designer.layers import FAMILIES, all_specs

pytestmark = pytest.mark.gui


def shown_palette(qtbot, controller, width: int = 280) -> PaletteWidget:
    widget = PaletteWidget(controller)
    qtbot.addWidget(widget)
    widget.resize(width, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def palette(qtbot, controller):
    return shown_palette(qtbot, controller)


def test_every_catalog_layer_is_listed_under_its_family_in_palette_order(palette):
    tree = palette.tree
    families = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())]
    assert families == [f for f in FAMILIES if any(s.family == f for s in all_specs())]
    listed = []
    for i in range(tree.topLevelItemCount()):
        header = tree.topLevelItem(i)
        assert header.data(0, CLASS_ROLE) is None
        listed += [(header.text(0), header.child(k).text(0)) for k in range(header.childCount())]
    assert listed == [(s.family, s.class_name) for s in all_specs()]


def test_tooltips_are_the_catalog_docs(palette):
    for spec in all_specs():
        assert palette.item(spec.class_name).toolTip(0) == spec.doc


def test_typing_conv_in_the_filter_shows_the_conv_layers_only(qtbot, palette):
    qtbot.keyClicks(palette.filter, "conv")
    shown = palette.visible_classes()
    assert {"Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "SeparableConv2D", "DepthwiseConv2D",
            "ConvLSTM2D"} <= set(shown)
    assert "Dense" not in shown and "MaxPooling2D" not in shown and "LSTM" not in shown
    for name in shown:
        spec = next(s for s in all_specs() if s.class_name == name)
        assert "conv" in (spec.class_name + spec.doc).lower()
    tree = palette.tree
    visible_families = [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())
                        if not tree.topLevelItem(i).isHidden()]
    assert "Convolution" in visible_families and "Core" not in visible_families
    palette.filter.clear()
    assert len(palette.visible_classes()) == len(all_specs())


def test_filter_matches_the_doc_case_insensitively(qtbot, palette):
    qtbot.keyClicks(palette.filter, "UPSAMPLES")
    assert "Conv2DTranspose" in palette.visible_classes()
    assert "Conv2D" not in palette.visible_classes()


def test_mime_data_carries_the_class_name():
    data = layer_mime_data("Conv2D")
    assert data.hasFormat(LAYER_MIME)
    assert bytes(data.data(LAYER_MIME)).decode("utf-8") == "Conv2D"


def test_tree_mime_data_for_an_item_and_none_for_a_family_header(palette):
    tree = palette.tree
    assert tree.mimeTypes() == [LAYER_MIME]
    data = tree.mimeData([palette.item("MaxPooling2D")])
    assert bytes(data.data(LAYER_MIME)).decode() == "MaxPooling2D"
    assert not tree.mimeData([tree.topLevelItem(0)]).hasFormat(LAYER_MIME)


def test_a_mouse_drag_on_an_item_starts_a_qdrag_with_the_layer_mime(qtbot, palette, monkeypatch):
    """The offscreen platform cannot run a drag loop: record what the drag would carry."""
    started = []

    class RecordingDrag(palette_module.QDrag):
        def exec(self, *actions):
            started.append((bytes(self.mimeData().data(LAYER_MIME)).decode(), self.pixmap().isNull()))
            return Qt.DropAction.CopyAction

    monkeypatch.setattr(palette_module, "QDrag", RecordingDrag)
    tree = palette.tree
    viewport = tree.viewport()
    pos = tree.visualItemRect(palette.item("Dense")).center()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=pos)
    for dx in (10, 30, 60):
        qtbot.mouseMove(viewport, pos + QPoint(dx, 0))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=pos + QPoint(60, 0))
    assert started == [("Dense", False)]


def test_dragging_a_family_header_starts_nothing(qtbot, palette, monkeypatch):
    started = []

    class RecordingDrag(palette_module.QDrag):
        def exec(self, *actions):
            started.append(self.mimeData())
            return Qt.DropAction.CopyAction

    monkeypatch.setattr(palette_module, "QDrag", RecordingDrag)
    tree = palette.tree
    pos = tree.visualItemRect(tree.topLevelItem(0)).center()
    qtbot.mousePress(tree.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    for dx in (10, 30, 60):
        qtbot.mouseMove(tree.viewport(), pos + QPoint(dx, 0))
    qtbot.mouseRelease(tree.viewport(), Qt.MouseButton.LeftButton, pos=pos + QPoint(60, 0))
    assert started == []


def double_click(qtbot, widget, pos):
    """A user's double-click: Qt 6's QTest.mouseDClick sends only the second half (the DblClick event)."""
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=pos)
    qtbot.mouseDClick(widget, Qt.MouseButton.LeftButton, pos=pos)


def test_double_click_emits_append_requested(qtbot, palette):
    tree = palette.tree
    pos = tree.visualItemRect(palette.item("Conv2D")).center()
    with qtbot.waitSignal(palette.append_requested, timeout=1000) as blocker:
        double_click(qtbot, tree.viewport(), pos)
    assert blocker.args == ["Conv2D"]


def test_double_click_on_a_family_header_appends_nothing(qtbot, palette):
    tree = palette.tree
    pos = tree.visualItemRect(tree.topLevelItem(0)).center()
    with qtbot.assertNotEmitted(palette.append_requested):
        double_click(qtbot, tree.viewport(), pos)


def test_enter_on_the_current_item_emits_append_requested(qtbot, palette):
    palette.tree.setCurrentItem(palette.item("Flatten"))
    palette.tree.setFocus()
    with qtbot.waitSignal(palette.append_requested, timeout=1000) as blocker:
        qtbot.keyClick(palette.tree, Qt.Key.Key_Return)
    assert blocker.args == ["Flatten"]


def test_enter_in_the_filter_box_appends_the_first_match(qtbot, palette):
    qtbot.keyClicks(palette.filter, "flatten")
    with qtbot.waitSignal(palette.append_requested, timeout=1000) as blocker:
        qtbot.keyClick(palette.filter, Qt.Key.Key_Return)
    assert blocker.args == ["Flatten"]


def test_render_palette(qtbot, palette, tmp_path):
    qtbot.keyClicks(palette.filter, "pool")
    image = palette.grab()
    assert not image.isNull()
    assert image.save(str(tmp_path / "palette.png"))


def test_down_in_the_filter_moves_into_the_list_and_enter_appends(qtbot, palette):
    qtbot.keyClicks(palette.filter, "pool")
    palette.filter.setFocus()
    qtbot.keyClick(palette.filter, Qt.Key.Key_Down)
    assert palette.tree.hasFocus()
    qtbot.keyClick(palette.tree, Qt.Key.Key_Down)
    with qtbot.waitSignal(palette.append_requested, timeout=1000) as blocker:
        qtbot.keyClick(palette.tree, Qt.Key.Key_Return)
    assert blocker.args == [palette.visible_classes()[1]]


def test_at_the_small_screen_width_every_palette_row_reads_differently(qtbot, controller):
    """At 1366×768 the palette dock gets `SMALL_SCREEN_DOCKS[0]`: no two rows may draw the same text (a name cut
    at its end made the three AdaptiveAveragePooling rows identical, cut in the middle Average and Max)."""
    from designer.gui.main_window import SMALL_SCREEN_DOCKS

    widget = shown_palette(qtbot, controller, SMALL_SCREEN_DOCKS[0] - 10)  # the dock's frame and margins
    tree = widget.tree
    seen: dict[bytes, str] = {}
    for spec in all_specs():
        item = widget.item(spec.class_name)
        tree.scrollToItem(item)
        rect = tree.visualItemRect(item)
        image = tree.viewport().grab(rect).toImage()
        key = bytes(image.constBits()) if hasattr(image, "constBits") else image.bits().tobytes()
        assert key not in seen, f"{spec.class_name} reads like {seen.get(key)}"
        seen[key] = spec.class_name


def test_a_narrow_palette_cuts_long_names_in_the_middle_so_1d_2d_3d_stay_apart(qtbot, controller):
    """At 1366×768 the palette dock is ~200 px: the three AdaptiveAveragePooling rows must not look the same."""
    widget = shown_palette(qtbot, controller, 170)
    tree = widget.tree
    names = ["AdaptiveAveragePooling1D", "AdaptiveAveragePooling2D", "AdaptiveAveragePooling3D"]
    rects = []
    for name in names:
        item = widget.item(name)
        tree.scrollToItem(item)
        rect = tree.visualItemRect(item)
        assert tree.fontMetrics().horizontalAdvance(name) > rect.width() - tree.indentation(), "name fits: no test"
        rects.append(tree.viewport().grab(rect).toImage())
    assert rects[0] != rects[1] and rects[1] != rects[2] and rects[0] != rects[2]
