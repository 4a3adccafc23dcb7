"""Before Qt starts: the system libraries its X11 window plugin needs (no Qt imported here).

Without one of them Qt prints a plugin message and aborts the process. On an
X11 desktop (``DISPLAY`` set, no Wayland session, no other platform asked for
with ``QT_QPA_PLATFORM``) the app checks first and says which package to install.
"""

from __future__ import annotations

import ctypes
import os
import sys

XCB_LIBRARIES = (
    ("libxcb-cursor.so.0", "libxcb-cursor0", "xcb-util-cursor"),
    ("libxcb-icccm.so.4", "libxcb-icccm4", "xcb-util-wm"),
    ("libxcb-image.so.0", "libxcb-image0", "xcb-util-image"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1", "xcb-util-keysyms"),
    ("libxcb-randr.so.0", "libxcb-randr0", "libxcb"),
    ("libxcb-render-util.so.0", "libxcb-render-util0", "xcb-util-renderutil"),
    ("libxcb-shape.so.0", "libxcb-shape0", "libxcb"),
    ("libxcb-xkb.so.1", "libxcb-xkb1", "libxcb"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0", "libxkbcommon-x11"),
)
"""(soname, Debian/Ubuntu package, Fedora package) of each library Qt's ``xcb`` plugin loads."""


def uses_x11(environ: os._Environ[str] | dict[str, str] = os.environ) -> bool:
    """Qt will pick its X11 plugin: a Linux X11 session and no other platform asked for."""
    platform = environ.get("QT_QPA_PLATFORM", "")
    if not sys.platform.startswith("linux") or (platform and not platform.startswith("xcb")):
        return False
    return bool(environ.get("DISPLAY")) and (platform.startswith("xcb") or not environ.get("WAYLAND_DISPLAY"))


def missing_x11_libraries(environ: os._Environ[str] | dict[str, str] = os.environ) -> str | None:
    """What to install before Qt can open a window, or None when nothing is missing (or X11 is not used)."""
    if not uses_x11(environ):
        return None
    missing = []
    for soname, debian, fedora in XCB_LIBRARIES:
        try:
            ctypes.CDLL(soname)
        except OSError:
            missing.append((soname, debian, fedora))
    if not missing:
        return None
    names = ", ".join(soname for soname, _, _ in missing)
    debian = " ".join(dict.fromkeys(d for _, d, _ in missing))
    fedora = " ".join(dict.fromkeys(f for _, _, f in missing))
    return (f"Qt cannot open a window on this X11 desktop: the system {'library' if len(missing) == 1 else 'libraries'} "
            f"{names} {'is' if len(missing) == 1 else 'are'} not installed. Install "
            f"{'it' if len(missing) == 1 else 'them'} (Debian/Ubuntu: sudo apt install {debian}; "
            f"Fedora: sudo dnf install {fedora}) and start keras-designer again.")
