"""Looks and window: themes readable and remembered, size and docks restored, help, plurals, menus (issue 14)."""

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QToolButton

from designer.model import edits

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def appdata(tmp_path, monkeypatch):
    folder = tmp_path / "appdata"
    monkeypatch.setenv("KERAS_DESIGNER_DATA_DIR", str(folder))
    yield folder
    from designer.gui.theme import apply_theme

    apply_theme("system")


def open_window(qtbot, path="samples/convmodel3-valid.json"):
    from designer.gui.app import create_window

    win = create_window(str(ROOT / path))
    win.fit_to_screen()
    win.show()
    qtbot.waitExposed(win)
    return win


@pytest.fixture
def window(qtbot, appdata):
    win = open_window(qtbot)
    yield win
    win.controller.undo_stack.setClean()
    win.close()


def luminance(colour) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
    c = QColor(colour)
    return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())


def contrast(a, b) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("name", ["light", "dark"])
def test_each_theme_is_readable_on_the_canvas_and_in_the_panels(window, qtbot, name):
    from designer.gui.canvas import style
    from designer.gui.theme import colors

    window.action_set[f"theme_{name}"].trigger()
    dark = QApplication.palette().color(QApplication.palette().ColorRole.Base).lightness() < 128
    assert dark == (name == "dark")
    assert window.canvas.graph.backgroundBrush().color().name().lower() == style.CANVAS_BG.lower()
    assert (QColor(style.CANVAS_BG).lightness() < 100) == dark
    for fg, bg in ((style.TEXT, style.CARD_BG), (style.TEXT_SOFT, style.CARD_BG), (style.TEXT, style.SHAPE_BG),
                   (style.ERROR, style.ERROR_BG), (style.TEXT, style.ERROR_BG), (style.TEXT_SOFT, style.BLOCKED_BG)):
        assert contrast(fg, bg) >= 4.5, (name, fg, bg)
    for family in (*style.FAMILY_COLORS, "Applications", None):  # the class line of every card (secondary text)
        assert contrast(style.family_text(family).name(), style.CARD_BG) >= 3.0, (name, family)
    c = colors()
    for fg, bg in ((c.text, c.error_bg), (c.text, c.warning_bg), (c.warning_text, c.warning_bg),
                   (c.error_text, c.base), (c.muted, c.base), (c.text, c.fix_bg), (c.ok_text, c.base),
                   (c.blocked_text, c.base)):
        assert contrast(fg, bg) >= 4.5, (name, fg, bg)

    window.controller.select(["conv2d_4"])  # invalid: the "Why this shape" diagnosis box
    why = window.inspector.why
    assert why.diagnosis_frame.isVisible()
    assert c.error_bg in why.diagnosis_frame.styleSheet() and c.text in why.diagnosis_frame.styleSheet()
    image = window.canvas.grab().toImage()
    corner = image.pixelColor(3, 3)
    assert (corner.lightness() < 100) == dark


def test_the_theme_choice_is_remembered(qtbot, appdata):
    first = open_window(qtbot)
    first.action_set["theme_dark"].trigger()
    first.close()
    second = open_window(qtbot)
    assert second.action_set["theme_dark"].isChecked()
    assert QApplication.palette().color(QApplication.palette().ColorRole.Window).lightness() < 100
    second.action_set["theme_system"].trigger()
    second.close()


def test_the_window_fits_the_screen(window):
    free = (window.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    assert window.width() <= free.width() and window.height() <= free.height()


def test_size_and_docks_are_restored(qtbot, appdata):
    first = open_window(qtbot)
    first.resize(700, 520)
    first.problems_dock.raise_()
    first.palette_dock.hide()
    first.close()
    second = open_window(qtbot)
    assert (second.width(), second.height()) == (700, 520)
    assert not second.palette_dock.isVisible()
    second.close()


def test_status_bar_says_1_layer_and_agrees_with_the_footer(window, qtbot):
    text = window.status_totals.text()
    assert "1 invalid layer · 6 without a shape" in text
    assert "1 invalid layer · 6 without a shape" in window.summary.totals.text()
    assert "at least 6,104 params" in text  # the invalid layers' weights are not in the total
    assert "Total params:</b> at least 6,104" in window.summary.totals.text()
    window.files.new()
    assert window.status_totals.text().startswith("1 layer ·")


def test_menu_mnemonics_are_unique(window):
    for menu_action in window.menuBar().actions():
        keys = [a.text().split("&")[1][0].lower() for a in menu_action.menu().actions()
                if "&" in a.text().replace("&&", "")]
        assert len(keys) == len(set(keys)), (menu_action.text(), keys)


def test_cancel_build_is_enabled_only_while_building(window):
    assert not window.action_set["cancel_build"].isEnabled()
    window.build.started.emit()
    assert window.action_set["cancel_build"].isEnabled()
    window.build.finished.emit("cancelled")
    assert not window.action_set["cancel_build"].isEnabled()


def test_build_panel_is_cleared_when_another_design_opens(window):
    window.build.keras_text.setPlainText("Model: old\nTotal params: 12")
    window.build.designer_text.setPlainText("old")
    assert window.files.open(str(ROOT / "samples" / "lenet5.json"))
    assert window.build.keras_text.toPlainText() == "" and window.build.designer_text.toPlainText() == ""


def test_toolbar_buttons_do_not_move_when_the_undo_label_changes(window, qtbot):
    buttons = [w for w in window.toolbar.findChildren(QToolButton) if w.defaultAction() is not None]
    build = next(b for b in buttons if b.defaultAction() is window.action_set["build"])
    before = build.geometry()
    window.controller.apply(edits.set_argument(window.controller.document, "conv2d_4", "padding", "same"))
    qtbot.wait(10)
    assert build.geometry() == before
    undo = next(b for b in buttons if b.defaultAction().objectName() == "undo_button")
    assert undo.isEnabled() and "padding" in undo.toolTip().lower()
    qtbot.mouseClick(undo, Qt.MouseButton.LeftButton)
    assert window.controller.document.layer("conv2d_4").config.get("padding", "valid") == "valid"


def test_inspector_starts_each_layer_at_its_top(window, qtbot):
    window.inspector_dock.raise_()
    window.controller.select(["conv2d_4"])
    bar = window.inspector.stack.widget(1).verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0, timeout=2000)
    bar.setValue(bar.maximum())
    window.controller.select(["conv2d_3"])
    assert bar.value() == 0


def test_help_lists_shortcuts_and_versions(window, qtbot):
    from designer import KERAS_RULES
    from designer.gui.help import about_text, show_shortcuts

    dialog = show_shortcuts(window)
    text = dialog.label.text()
    assert "Ctrl+Z" in text and "Tab" in text and "F1" in text
    dialog.close()
    about = about_text()
    from PySide6.QtCore import qVersion

    assert qVersion() in about and KERAS_RULES in about


@pytest.mark.keras
def test_the_rules_name_the_installed_keras():
    from designer import KERAS_RULES

    keras = importlib.metadata.version("keras").rsplit(".", 1)[0]
    assert f"Keras {keras}" in KERAS_RULES


def test_python_m_designer_file_opens_it(tmp_path):
    out = tmp_path / "shot.png"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "KERAS_DESIGNER_DATA_DIR": str(tmp_path / "appdata")}
    proc = subprocess.run([sys.executable, "-m", "designer", str(ROOT / "samples" / "lenet5.json"),
                           "--screenshot", str(out)], capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 0, proc.stderr
    assert not QImage(str(out)).isNull()


def test_summary_columns_fit_a_longer_layer_added_later(window, qtbot):
    window.summary_dock.raise_()
    table = window.summary.table
    before = table.columnWidth(0)
    controller = window.controller
    controller.select(["conv2d_6"])
    new_id = window.canvas.append_after_selection("Dropout")
    controller.apply(edits.set_argument(controller.document, new_id, "name", "a_much_longer_layer_name_than_before"))
    controller.apply(edits.set_argument(controller.document, new_id, "rate", 0.25))
    window.canvas.append_after_selection("Dropout")
    qtbot.waitUntil(lambda: table.columnWidth(0) > before, timeout=2000)
    assert table.columnWidth(0) >= table.sizeHintForColumn(0) - 2
