"""The shapes a Keras model config recorded (part of `designer.export.keras_import`).

Keras 3 writes, in every call of every layer, the shape of each tensor the layer
receives (``{"class_name": "__keras_tensor__", "config": {"shape": [...],
"keras_history": [...]}}``), and for a layer called once its ``build_config``
``input_shape`` (tf.keras writes ``build_config`` too). So the output shape of
a layer is recorded wherever another layer consumes it. For each call of a
layer outside the catalog this module gives a `Recorded`: the shapes of its
outputs (when every output up to the last one consumed was recorded) and of
its inputs. Nothing is computed: these are Keras's own numbers.
"""

from __future__ import annotations

from typing import Any

from designer.model.recorded import Recorded

from ._import_tensors import Ref

Shape = tuple


def _shape(value: Any) -> Shape | None:
    if isinstance(value, list) and all(v is None or (type(v) is int and v >= 0) for v in value):
        return tuple(value)
    return None


def _walk3(value: Any, shapes: dict[Ref, Shape], depth: int = 0) -> None:
    """Every Keras 3 tensor with a recorded shape in a call argument."""
    if depth > 64:
        return
    if isinstance(value, dict):
        if value.get("class_name") == "__keras_tensor__":
            config = value.get("config")
            if isinstance(config, dict):
                history, shape = config.get("keras_history"), _shape(config.get("shape"))
                if (shape is not None and isinstance(history, list) and len(history) == 3
                        and isinstance(history[0], str) and all(type(v) is int for v in history[1:])):
                    shapes.setdefault(Ref(*history), shape)
            return
        for item in value.values():
            _walk3(item, shapes, depth + 1)
    elif isinstance(value, list):
        for item in value:
            _walk3(item, shapes, depth + 1)


def recorded_tensor_shapes(items: list, calls: dict[str, list[list[Ref]]]) -> dict[Ref, Shape]:
    """The recorded shape of every tensor some layer of one model consumes.

    ``items`` are the model config's layer entries; ``calls`` each layer's
    parsed calls (input tensors in order), used with ``build_config`` for
    files without tensor shapes (tf.keras).
    """
    shapes: dict[Ref, Shape] = {}
    for item in items:
        if isinstance(item, dict) and isinstance(item.get("inbound_nodes"), list):
            for node in item["inbound_nodes"]:
                if isinstance(node, dict):
                    _walk3(node.get("args"), shapes)
                    _walk3(node.get("kwargs"), shapes)
    for item in items:
        build = item.get("build_config") if isinstance(item, dict) else None
        config = item.get("config") if isinstance(item, dict) else None
        name = item.get("name") or (config.get("name") if isinstance(config, dict) else None)
        layer_calls = calls.get(name) if isinstance(name, str) else None
        if not isinstance(build, dict) or not layer_calls or len(layer_calls) != 1:
            continue
        refs, given = layer_calls[0], build.get("input_shape")
        if len(refs) == 1 and _shape(given) is not None:
            shapes.setdefault(refs[0], _shape(given))
        elif isinstance(given, list) and len(given) == len(refs) and all(_shape(g) is not None for g in given):
            for ref, g in zip(refs, given):
                shapes.setdefault(ref, _shape(g))
    return shapes


def recorded_calls(name: str, calls: list[list[Ref]], shapes: dict[Ref, Shape]) -> list[Recorded | None]:
    """Per call of layer ``name``: its recorded output and input shapes, or None when nothing was recorded."""
    consumed: dict[int, dict[int, Shape]] = {}
    for ref, shape in shapes.items():
        if ref.layer == name:
            consumed.setdefault(ref.node, {})[ref.tensor] = shape
    out: list[Recorded | None] = []
    for k, call in enumerate(calls):
        outputs = consumed.get(k, {})
        output_shapes = (tuple(outputs[t] for t in range(max(outputs) + 1))
                         if outputs and all(t in outputs for t in range(max(outputs) + 1)) else None)
        inputs = [shapes.get(ref) for ref in call]
        input_shapes = tuple(inputs) if inputs and all(s is not None for s in inputs) else None
        out.append(Recorded(output_shapes, input_shapes) if output_shapes or input_shapes else None)
    return out
