"""GUI test fixtures: a controller around a real document, windows closed after each test."""

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
def _no_modal_dialogs(monkeypatch):
    """A message box the test did not answer fails the test.

    A test that expects a dialog answers it itself (``monkeypatch.setattr(QMessageBox, "question", ...)``), which
    replaces this guard. An unanswered one is answered Discard/Ok so the run never blocks, recorded, and reported as
    a failure when the test ends.
    """
    from PySide6.QtWidgets import QMessageBox

    shown = []

    def unexpected(kind, answer):
        def fake(*args, **kwargs):
            shown.append((kind, args[1:3] if len(args) > 2 else args))
            return answer
        return staticmethod(fake)

    monkeypatch.setattr(QMessageBox, "question", unexpected("question", QMessageBox.Discard))
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, unexpected(kind, QMessageBox.Ok))
    yield shown
    if shown:
        pytest.fail(f"unexpected message box(es) no test answered: {shown}", pytrace=False)


@pytest.fixture(autouse=True)
def _close_windows(qtbot):
    yield
    from PySide6.QtWidgets import QApplication

    for widget in QApplication.topLevelWidgets():
        widget.close()
