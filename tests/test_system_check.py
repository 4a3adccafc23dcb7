"""Before Qt starts on an X11 desktop, a missing system library is named with its package (Qt itself aborts)."""

from __future__ import annotations

import sys

import pytest

from designer import cli
from designer.gui import system_check

X11 = {"DISPLAY": ":0"}
linux_only = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="Qt's xcb plugin is Linux's")


@linux_only
def test_x11_is_used_only_when_qt_would_pick_its_xcb_plugin():
    assert system_check.uses_x11(X11)
    assert system_check.uses_x11({**X11, "QT_QPA_PLATFORM": "xcb"})
    assert system_check.uses_x11({**X11, "WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "xcb"})
    assert not system_check.uses_x11({**X11, "QT_QPA_PLATFORM": "offscreen"})
    assert not system_check.uses_x11({**X11, "WAYLAND_DISPLAY": "wayland-0"})
    assert not system_check.uses_x11({})


@linux_only
def test_a_missing_library_is_named_with_the_packages_that_give_it(monkeypatch):
    absent = ("libkd-test-absent.so.7", "libkd-test7", "kd-test-util")
    monkeypatch.setattr(system_check, "XCB_LIBRARIES", (*system_check.XCB_LIBRARIES[:1], absent))
    present = system_check.XCB_LIBRARIES[0][0]
    try:
        import ctypes

        ctypes.CDLL(present)
    except OSError:
        pytest.skip(f"{present} is not installed here either")
    message = system_check.missing_x11_libraries(X11)
    assert message is not None
    assert "libkd-test-absent.so.7" in message and present not in message
    assert "sudo apt install libkd-test7" in message and "sudo dnf install kd-test-util" in message
    assert system_check.missing_x11_libraries({**X11, "QT_QPA_PLATFORM": "offscreen"}) is None


@linux_only
def test_the_gui_command_says_so_in_one_line_instead_of_starting_qt(monkeypatch, capsys):
    started = []
    monkeypatch.setattr(system_check, "XCB_LIBRARIES", (("libkd-test-absent.so.7", "libkd-test7", "kd-t"),))
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    import designer.gui.app as app

    monkeypatch.setattr(app, "run_app", lambda *a, **k: started.append(a) or 0)
    code = cli.main(["gui"])
    err = capsys.readouterr().err
    assert started == [] and code != 0
    assert "libkd-test-absent.so.7" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
