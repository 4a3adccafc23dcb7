"""Install the Linux desktop entry, icon and design file type for the current user.

``python -m designer.desktop`` (after ``pipx install .`` or ``pip install .``) copies the packaged
``designer/resources`` files into ``$XDG_DATA_HOME`` (default ``~/.local/share``): the launcher
``applications/keras-designer.desktop``, the icon ``icons/hicolor/scalable/apps/keras-designer.svg`` and the MIME
type ``application/x-keras-designer`` (``*.kd.json``, or any JSON file starting with
``"format": "keras-designer"``) so the file manager opens designs with the app. The desktop and MIME databases are
refreshed when their tools are installed.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from importlib import resources
from pathlib import Path

MIME_TYPE = "application/x-keras-designer"
TARGETS = {
    "keras-designer.desktop": Path("applications"),
    "keras-designer.svg": Path("icons/hicolor/scalable/apps"),
    "keras-designer-mime.xml": Path("mime/packages"),
}


def data_home() -> Path:
    """The user's XDG data folder."""
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")


def install(home: Path | None = None, refresh: bool = True) -> list[Path]:
    """Copy the desktop files under `home` (the XDG data folder); return the files written."""
    home = data_home() if home is None else home
    source = resources.files("designer") / "resources"
    written = []
    for name, folder in TARGETS.items():
        target = home / folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes((source / name).read_bytes())
        written.append(target)
    if refresh:
        for tool, database in (("update-desktop-database", "applications"), ("update-mime-database", "mime")):
            if shutil.which(tool):
                subprocess.run([tool, str(home / database)], check=False, capture_output=True)
    return written


def main() -> int:
    for path in install():
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
