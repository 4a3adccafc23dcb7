"""Guard the Qt runtime: PySide6 6.12.0 on Python 3.11 loses a reference to None per void call."""

import sys
from importlib.metadata import version

import pytest

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_void_calls_do_not_leak_references_to_none(qtbot):
    from PySide6.QtWidgets import QWidget

    widget = QWidget()
    qtbot.addWidget(widget)
    for _ in range(100):
        widget.setEnabled(True)
    before = sys.getrefcount(None)
    for _ in range(20000):
        widget.setEnabled(True)
        widget.setToolTip("x")
        widget.update()
    after = sys.getrefcount(None)
    assert abs(after - before) < 100, f"None refcount went from {before} to {after}: broken PySide6 build"


@pytest.mark.skipif(sys.version_info >= (3, 12), reason="the bad build is fine on Python 3.12+")
def test_installed_pyside_is_not_the_broken_build():
    assert version("PySide6-Essentials") != "6.12.0"


def test_pyproject_pins_pyside_away_from_the_broken_build():
    import tomllib


    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    pyside = [d for d in deps if d.startswith("PySide6")]
    assert any("<6.12" in d and "python_version < '3.12'" in d for d in pyside)
    assert all("python_version" in d for d in pyside)
