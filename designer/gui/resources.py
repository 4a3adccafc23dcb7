"""The app's own files inside the package (`designer/resources/`), read through importlib.resources."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from PySide6.QtGui import QIcon


def resource_path(name: str) -> Path:
    """A file of `designer/resources/` (a real file: the package is never installed zipped)."""
    return Path(str(resources.files("designer") / "resources" / name))


def app_icon() -> QIcon:
    """The window icon, the same SVG the Linux desktop entry installs."""
    return QIcon(str(resource_path("keras-designer.svg")))
