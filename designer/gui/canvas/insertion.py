"""Appending after a layer in the middle of a chain inserts into the chain rather than starting a branch."""

from __future__ import annotations

from typing import TYPE_CHECKING

from designer.layers import get_spec
from designer.model import Document, Source
from designer.model.edits import Edit, insert_with_room

from . import style
from .starter import starter_config

if TYPE_CHECKING:
    from .scene import GraphScene


def chain_consumer(doc: Document, source: Source) -> tuple[str, int] | None:
    """The one (layer, input port) fed by ``source`` when exactly one input anywhere takes it, else None."""
    ports = [(layer_id, port) for layer_id in doc.consumers(source.layer)
             for port, s in enumerate(doc.layer(layer_id).inbound) if s == source]
    return ports[0] if len(ports) == 1 else None


def insert_into_chain(scene: "GraphScene", class_name: str) -> str | None:
    """Insert ``class_name`` right after the one selected layer when that layer feeds exactly one input.

    A user appending "after a" in ``a → b`` means ``a → new → b``, not a new
    branch beside ``b``. Returns the new layer's id, or None when this does not
    apply (no single selection, a layer that branches or ends the model, a
    class that takes no single input): the caller then appends as before.
    """
    controller = scene.controller
    doc = controller.document
    spec = get_spec(class_name)
    selected = [i for i in controller.selection if i in doc]
    if spec is None or spec.inputs[0] > 1 or spec.inputs[1] == 0 or len(selected) != 1:
        return None
    source = Source(selected[0])
    fed = chain_consumer(doc, source)
    if fed is None:
        return None
    origin = doc.layer(selected[0]).position or (0.0, 0.0)
    wanted = ((origin[0] + style.CARD_W + 80, origin[1]) if getattr(scene, "direction", "TB") == "LR"
              else (origin[0], origin[1] + style.RANK_GAP))
    edit, new_id = insert_with_room(doc, class_name, source, fed[0], fed[1], wanted, starter_config(class_name),
                                    getattr(scene, "direction", "TB"))
    if not controller.apply(Edit(f"Insert {class_name} after {doc.layer(selected[0]).name}", edit.steps)):
        return None
    controller.select([new_id])
    return new_id
