"""Where the app keeps its settings and recovery files.

``$KERAS_DESIGNER_DATA_DIR`` overrides the platform's location (tests point it
at a temporary folder so they never touch the user's files).
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths

ORGANIZATION = "keras-designer"
APPLICATION = "keras-designer"


def data_dir() -> Path:
    override = os.environ.get("KERAS_DESIGNER_DATA_DIR")
    if override:
        path = Path(override)
    else:
        location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
        path = Path(location) if location else Path.home() / ".keras-designer"
    path.mkdir(parents=True, exist_ok=True)
    return path


def settings() -> QSettings:
    """The app's settings (recent files); an INI file in `data_dir`."""
    return QSettings(str(data_dir() / "settings.ini"), QSettings.Format.IniFormat)


def recovery_dir() -> Path:
    path = data_dir() / "recovery"
    path.mkdir(parents=True, exist_ok=True)
    return path
