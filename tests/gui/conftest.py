"""GUI test fixtures: a controller around a real document, windows closed after each test."""

import pytest

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

from designer.model import load_document



@pytest.fixture
def controller(qtbot):
    from designer.gui.controller import DocumentController

    return DocumentController()


@pytest.fixture
def sample():
    """Open a sample design by stem: sample("denoiser")."""
    return lambda stem: load_document(ROOT / "samples" / f"{stem}.json")


@pytest.fixture(autouse=True)
def _close_windows(qtbot):
    yield
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        widget.close()
