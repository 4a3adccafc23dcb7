"""The main window keeps Qt's own `palette()` and `actions()`; its file workflows are declared, not probed."""

import pytest
from PySide6.QtGui import QPalette

from designer.gui.palette import PaletteWidget

pytestmark = pytest.mark.gui


def test_qt_palette_and_actions_are_not_hidden(qtbot):
    from designer.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    assert isinstance(window.palette(), QPalette)
    assert isinstance(window.actions(), list)
    assert isinstance(window.palette_panel, PaletteWidget)
    assert window.action_set["undo"] is not None


def test_files_is_none_in_a_bare_window_and_set_by_create_window(qtbot):
    from designer.gui.app import create_window
    from designer.gui.files import FileController
    from designer.gui.main_window import MainWindow

    bare = MainWindow()
    qtbot.addWidget(bare)
    assert bare.files is None
    bare.code.export_requested.emit()  # no file workflows: nothing to do, and no error
    window = create_window()
    qtbot.addWidget(window)
    assert isinstance(window.files, FileController)
