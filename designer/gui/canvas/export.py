"""Export the whole graph as an image: PNG (or any format Qt writes) or SVG through QtSvg."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QImage, QImageWriter, QPainter

from . import style

if TYPE_CHECKING:
    from .scene import GraphScene

MARGIN = 32.0
PNG_SCALE = 2.0
MAX_PIXELS = 16000
"""Longest side of an exported bitmap; larger graphs are scaled down to fit."""


def svg_available() -> bool:
    try:
        from PySide6.QtSvg import QSvgGenerator  # noqa: F401
    except ImportError:
        return False
    return True


def export_image(scene: "GraphScene", path: str | Path) -> Path:
    """Write the whole graph as laid out, blocks as shown (collapsed ones as one card), without selection
    highlight or ports (they are for editing), to ``path``; the suffix picks the format.

    Raises ValueError for an empty design or an unknown format, RuntimeError when
    SVG is asked for without QtSvg, OSError when the file cannot be written.
    """
    path = Path(path)
    suffix = path.suffix.lower().lstrip(".")
    if suffix != "svg" and suffix.encode() not in [bytes(f).lower() for f in QImageWriter.supportedImageFormats()]:
        raise ValueError(f"cannot export .{suffix or '?'}: choose a .png or .svg file name")
    if suffix == "svg" and not svg_available():
        raise RuntimeError("SVG export needs Qt's QtSvg module, which this PySide6 installation lacks; "
                           "export a .png instead")
    source = scene.graph_rect()
    for edge in scene.edge_items():
        if edge.isVisible():
            source = source.united(edge.sceneBoundingRect())
    if source.isEmpty():
        raise ValueError("nothing to export: the design has no layers")
    source = source.adjusted(-MARGIN, -MARGIN, MARGIN, MARGIN)
    with scene.rendering():
        if suffix == "svg":
            _write_svg(scene, source, path)
        else:
            _write_bitmap(scene, source, path)
    return path


def _write_svg(scene: "GraphScene", source: QRectF, path: Path) -> None:
    from PySide6.QtSvg import QSvgGenerator

    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(QSize(int(source.width()), int(source.height())))
    generator.setViewBox(QRectF(0, 0, source.width(), source.height()))
    generator.setTitle(scene.document.name)
    generator.setDescription("Made with keras-designer")
    painter = QPainter(generator)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    painter.fillRect(QRectF(0, 0, source.width(), source.height()), style.color(style.CANVAS_BG))
    scene.render(painter, QRectF(0, 0, source.width(), source.height()), source)
    painter.end()
    if not path.exists():
        raise OSError(f"could not write {path}")


def _write_bitmap(scene: "GraphScene", source: QRectF, path: Path) -> None:
    scale = min(PNG_SCALE, MAX_PIXELS / max(source.width(), source.height()))
    image = QImage(max(1, int(source.width() * scale)), max(1, int(source.height() * scale)),
                   QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(style.color(style.CANVAS_BG))
    painter = QPainter(image)
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
                           | QPainter.RenderHint.SmoothPixmapTransform)
    scene.render(painter, QRectF(image.rect()), source)
    painter.end()
    if not image.save(str(path)):
        raise OSError(f"could not write {path}")
