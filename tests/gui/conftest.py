"""GUI test fixtures: a controller around a real document, windows closed after each test.

Unanswered message boxes fail every test, GUI or not: see ``_no_unanswered_message_boxes`` in tests/conftest.py.
"""

import os
from pathlib import Path

import pytest

from designer.model import load_document

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def controller(qtbot):
    from designer.gui.controller import DocumentController

    return DocumentController()


@pytest.fixture
def sample():
    """Open a sample design by stem: sample("denoiser")."""
    return lambda stem: load_document(ROOT / "samples" / f"{stem}.json")


@pytest.fixture(autouse=True)
def _own_settings(tmp_path_factory, monkeypatch):
    """Every GUI test reads and writes settings (layout direction, recent files) in a folder of its own,
    never the user's: a direction chosen in the app must not change what a canvas test sees."""
    if "KERAS_DESIGNER_DATA_DIR" not in os.environ:
        monkeypatch.setenv("KERAS_DESIGNER_DATA_DIR", str(tmp_path_factory.mktemp("appdata")))


@pytest.fixture(autouse=True)
def _close_windows(qtbot):
    yield
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        widget.close()
