"""The inspector dock: the selected layer's shapes and a form of its Keras arguments.

`InspectorPanel(controller)` is the widget; `form`, `editors`, `nested` and
`parsing` are its parts (a row per argument, an editor per argument kind).
"""

from .panel import InspectorPanel

__all__ = ["InspectorPanel"]
