"""Tensors in a Keras model config (part of `designer.export.keras_import`).

Keras 3 writes a tensor as ``{"class_name": "__keras_tensor__", "config":
{"keras_history": [layer, node_index, tensor_index]}}``; Keras 2 as the list
``[layer, node_index, tensor_index]`` (plus call kwargs in a first argument).
Structures of tensors flatten as Keras flattens them: lists in order, dicts by
sorted key.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from designer.model import DocumentError


class Ref(NamedTuple):
    """A tensor of the Keras graph: output ``tensor`` of call ``node`` of layer ``layer``."""

    layer: str
    node: int
    tensor: int


def history3(value: Any) -> Ref | None:
    """A Keras 3 serialized tensor's history, or None when ``value`` is not a tensor."""
    if isinstance(value, dict) and value.get("class_name") == "__keras_tensor__":
        config = value.get("config")
        history = config.get("keras_history") if isinstance(config, dict) else None
        if history is not None and is_ref_list(history):
            return Ref(history[0], history[1], history[2])
        raise DocumentError("a Keras tensor in the model config has no valid keras_history")
    return None


def is_ref_list(value: Any) -> bool:
    """Whether ``value`` starts like ``[layer, node_index, tensor_index]``."""
    return (isinstance(value, list) and len(value) >= 3 and isinstance(value[0], str)
            and all(isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value[1:3]))


def tensors3(value: Any) -> list[Ref]:
    """Every Keras 3 tensor in a call argument, in Keras's flattening order (dict keys sorted)."""
    ref = history3(value)
    if ref is not None:
        return [ref]
    if isinstance(value, list):
        return [r for v in value for r in tensors3(v)]
    if isinstance(value, dict) and "class_name" not in value:
        return [r for k in sorted(value) for r in tensors3(value[k])]
    return []


def tensors2(value: Any) -> list[Ref]:
    """Every Keras 2 tensor (``[layer, node, tensor]``) in a call's keyword argument."""
    if is_ref_list(value) and len(value) == 3:
        return [Ref(value[0], value[1], value[2])]
    if isinstance(value, list):
        return [r for v in value for r in tensors2(v)]
    if isinstance(value, dict):
        return [r for k in sorted(value) for r in tensors2(value[k])]
    return []


def structure_refs(value: Any) -> list[Ref]:
    """``input_layers`` / ``output_layers``: one ``[layer, node, tensor]`` or a nested structure of them."""
    if is_ref_list(value) and len(value) == 3:
        return [Ref(value[0], value[1], value[2])]
    if isinstance(value, list):
        return [r for v in value for r in structure_refs(v)]
    if isinstance(value, dict):
        return [r for k in sorted(value) for r in structure_refs(value[k])]
    return []


def keras2_nodes(nodes: Any) -> list[Any]:
    """Keras 2 ``inbound_nodes`` with every call as a list of entries.

    tf.keras writes a call whose only positional argument is one tensor flat:
    ``["input_1", 0, 0, {"y": 255.0}]`` (the call *is* its one entry), where
    other calls are ``[["input_1", 0, 0, {}], ...]``.
    """
    if not isinstance(nodes, list):
        return []
    return [[node] if is_ref_list(node) else node for node in nodes]


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
