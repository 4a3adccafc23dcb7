"""The graph canvas: layer cards and connections on a QGraphicsView, edited through the controller.

`CanvasView(controller)` is the widget; its ``graph`` is the `GraphScene`.
"""

from .scene import GraphScene
from .view import CanvasView

__all__ = ["CanvasView", "GraphScene"]
