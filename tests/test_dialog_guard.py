"""Tests fail on a message box they did not answer (run on a copy of tests/conftest.py)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

CONFTEST = Path(__file__).resolve().parent / "conftest.py"

UNANSWERED = '''
from PySide6.QtWidgets import QMessageBox, QWidget


def test_shows_a_warning(qtbot):
    parent = QWidget()
    qtbot.addWidget(parent)
    QMessageBox.warning(parent, "Cannot open", "something went wrong")
'''

ANSWERED = '''
from PySide6.QtWidgets import QMessageBox, QWidget


def test_answers_its_own_question(qtbot, monkeypatch):
    asked = []
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a, **k: asked.append(a[1]) or QMessageBox.Yes))
    parent = QWidget()
    qtbot.addWidget(parent)
    assert QMessageBox.question(parent, "Sure?", "Really?") == QMessageBox.Yes
    assert asked == ["Sure?"]
'''


def run_gui_test(tmp_path: Path, source: str) -> subprocess.CompletedProcess:
    shutil.copy(CONFTEST, tmp_path / "conftest.py")
    (tmp_path / "test_dialog.py").write_text(source)
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(tmp_path)],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)


@pytest.mark.gui
def test_an_unanswered_message_box_fails_the_test(tmp_path):
    proc = run_gui_test(tmp_path, UNANSWERED)
    assert proc.returncode == 1, proc.stdout
    assert "unexpected message box" in proc.stdout and "Cannot open" in proc.stdout


@pytest.mark.gui
def test_a_message_box_the_test_answers_passes(tmp_path):
    proc = run_gui_test(tmp_path, ANSWERED)
    assert proc.returncode == 0, proc.stdout + proc.stderr
