"""The model graph the source builds, and its Keras 3 model config.

`Graph` names layers as Keras 3 does (``conv2d``, ``conv2d_1``… one counter
per snake-cased class name, shared by layers and operations), records each
call of a layer or model, and writes a model as the config
``model.to_json()`` would hold, which the file importer
(`designer.export.keras_import`) turns into a design. It also answers
``tensor.shape`` from the engine's inference of the graph built so far.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any, TypeVar

from designer.engine import ShapeEngine, infer_layer
from designer.layers import all_specs
from designer.model import Document, DocumentError
from designer.model.format_v1 import MAX_LAYERS as DESIGN_MAX_LAYERS

from .._import_config import ConfigMapper, Notes
from .._import_flatten import Flattener
from .._import_graph import parse_model
from .._import_ops import as_layer
from .._import_tensors import Ref
from .budget import MAX_LAYERS, LimitExceeded
from .values import InputObject, KeywordTensors, LayerObject, Model, Tensor

OPS_MODULE = "keras.src.ops.numpy"
T = TypeVar("T", LayerObject, InputObject, Model)
Calls = dict[tuple[int, int], int]
"""Per (producer, call index): the index of that call among the calls a config keeps."""

BUILT_SUBLAYERS = {"MultiHeadAttention": ("Softmax", "Dropout"), "GroupQueryAttention": ("Softmax", "Dropout")}
"""Layers that create automatically named layers when first called (built), which take those names' next numbers."""


PYTHON_CLASS = {spec.class_name: spec.python_class for spec in all_specs() if spec.python_class}
"""Classes whose automatic names follow a Python class name other than the exported one (the spec's
``python_class``: ``keras.layers.GroupQueryAttention`` is ``GroupedQueryAttention``, ``grouped_query_attention``)."""


@cache
def snake_case(name: str) -> str:
    """Keras's ``to_snake_case``: ``MaxPooling2D`` → ``max_pooling2d``, ``ReLU`` → ``re_lu``."""
    name = re.sub(r"\W+", "", name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()


def flat_tensors(value: Any) -> list[Tensor]:
    """Tensors in a structure, in Keras's flattening order (lists in order, dicts by sorted key)."""
    if isinstance(value, Tensor):
        return [value]
    if isinstance(value, (list, tuple)):
        return [t for v in value for t in flat_tensors(v)]
    if isinstance(value, dict):
        return [t for k in sorted(value, key=str) for t in flat_tensors(value[k])]
    return []


def _ref(tensor: Tensor, calls: Calls) -> dict[str, Any]:
    producer = tensor.producer
    node = calls.get((id(producer), tensor.call), 0)
    return {"class_name": "__keras_tensor__", "config": {"keras_history": [producer.name, node, tensor.index]}}


def _serialized(value: Any, calls: Calls) -> Any:
    """A keyword argument's structure with its tensors as Keras 3 writes them."""
    if isinstance(value, Tensor):
        return _ref(value, calls)
    if isinstance(value, (list, tuple)):
        return [_serialized(v, calls) for v in value]
    if isinstance(value, dict):
        return {str(k): _serialized(v, calls) for k, v in value.items()}
    return value


class Graph:
    """Layers, inputs and models created by one source, and the automatic names given so far."""

    def __init__(self) -> None:
        self._uids: dict[str, int] = {}
        self._serial: dict[int, int] = {}
        self._engine = ShapeEngine()
        self._shapes: dict[tuple[int, int], Any] = {}
        self._configs: dict[int, dict[str, Any]] = {}
        self._alive: list[Any] = []

    def auto_name(self, class_name: str) -> str:
        """The next automatic name for ``class_name`` (``dense``, ``dense_1``…), from the Python class Keras
        names it after (`PYTHON_CLASS`)."""
        prefix = snake_case(PYTHON_CLASS.get(class_name, class_name))
        n = self._uids.get(prefix)
        self._uids[prefix] = 0 if n is None else n + 1
        return prefix if n is None else f"{prefix}_{n + 1}"

    def register(self, obj: T) -> T:
        """Remember the creation order of a layer, input or model; refuse more than a design can hold."""
        if len(self._serial) >= MAX_LAYERS:
            raise LimitExceeded(f"line {obj.line}: the code creates more than {MAX_LAYERS:,} layers (a loop that "
                                "runs away?); the import stopped there")
        self._serial[id(obj)] = len(self._serial)
        self._alive.append(obj)  # ids key the caches: no object may be freed and its id reused
        return obj

    def call(self, producer: LayerObject | Model, operands: list[Any]) -> int:
        """Record a call of a layer (operands: tensors and numbers in order) or a model; returns its index."""
        if not producer.calls and isinstance(producer, LayerObject):
            for sublayer in (*BUILT_SUBLAYERS.get(producer.class_name, ()), *producer.builds):
                self.auto_name(sublayer)
        producer.calls.append(operands)
        return len(producer.calls) - 1

    # Configs ---------------------------------------------------------------

    def functional_config(self, name: str, inputs: list[Tensor], outputs: list[Tensor]) -> dict[str, Any]:
        """The ``{"class_name": "Functional", "config": …}`` of the graph from ``inputs`` to ``outputs``."""
        producers, calls = self._reachable(outputs)
        for tensor in inputs:
            if id(tensor.producer) not in producers:
                producers[id(tensor.producer)] = tensor.producer
        order = sorted(producers.values(), key=lambda p: self._serial.get(id(p), 0))
        layers = [self._item(p, calls) for p in order]
        shift = {id(p): 1 for p in order if isinstance(p, Model) and p.kind == "Functional"}
        return {"class_name": "Functional", "config": {
            "name": name, "layers": layers,
            "input_layers": [[t.producer.name, 0, 0] for t in inputs],
            "output_layers": [[t.producer.name, calls.get((id(t.producer), t.call), 0) + shift.get(id(t.producer), 0),
                               t.index] for t in outputs],
        }}

    def layers_of(self, model: Model) -> list[Tensor]:
        """One output tensor per layer of a functional model, in creation order (``model.layers``)."""
        producers, _ = self._reachable(flat_tensors(model.outputs))
        order = sorted((p for p in producers.values() if isinstance(p, (LayerObject, InputObject))),
                       key=lambda p: self._serial.get(id(p), 0))
        return [Tensor(p, len(p.calls) - 1 if isinstance(p, LayerObject) else 0) for p in order]

    def sequential_config(self, model: Model) -> dict[str, Any]:
        items = []
        if model.input is not None:
            items.append({"class_name": "InputLayer", "name": model.input.name, "config": dict(model.input.config)})
        for layer in model.layers:
            items.append(self._item(layer, {}, with_calls=False))
        return {"class_name": "Sequential", "config": {"name": model.name, "layers": items}}

    def model_config(self, model: Model) -> dict[str, Any]:
        if model.kind == "Sequential":
            return self.sequential_config(model)
        return self.functional_config(model.name, flat_tensors(model.inputs), flat_tensors(model.outputs))

    def _reachable(self, outputs: list[Tensor]) -> tuple[dict[int, Any], dict[tuple[int, int], int]]:
        """Producers feeding ``outputs`` and, per (producer, call), the index of that call among the reached."""
        producers: dict[int, Any] = {}
        reached: dict[int, set[int]] = {}
        stack = list(outputs)
        while stack:
            tensor = stack.pop()
            producer = tensor.producer
            producers[id(producer)] = producer
            if isinstance(producer, InputObject):
                continue
            seen = reached.setdefault(id(producer), set())
            if tensor.call in seen:
                continue
            seen.add(tensor.call)
            stack.extend(flat_tensors(producer.calls[tensor.call]))
        calls = {}
        for key, seen in reached.items():
            for n, k in enumerate(sorted(seen)):
                calls[(key, k)] = n
        return producers, calls

    def _item(self, producer: Any, calls: Calls, with_calls: bool = True) -> dict[str, Any]:
        if isinstance(producer, InputObject):
            return {"class_name": "InputLayer", "name": producer.name, "config": dict(producer.config),
                    "inbound_nodes": []}
        if isinstance(producer, Model):
            item = dict(self.model_config(producer))
        else:
            item = {"module": "keras.layers", "class_name": producer.class_name,
                    "config": {**producer.config, "trainable": producer.config.get("trainable", True)}}
            if producer.is_op:
                item["module"] = producer.module or OPS_MODULE
                item["config"] = dict(producer.config)
        item["name"] = producer.name
        if with_calls:
            nodes = []
            for k, operands in enumerate(producer.calls):
                if (id(producer), k) in calls:
                    args = [_ref(o, calls) if isinstance(o, Tensor) else o for o in operands
                            if not isinstance(o, KeywordTensors)]
                    kwargs = {key: _serialized(v, calls) for o in operands if isinstance(o, KeywordTensors)
                              for key, v in o.items()}
                    if not getattr(producer, "is_op", False) and len(args) > 1:
                        args = [args]  # a layer takes its tensors as one list, as Keras records merges
                    nodes.append({"args": args, "kwargs": kwargs})
            item["inbound_nodes"] = nodes
        return item

    # Shapes ------------------------------------------------------------------

    def shapes(self, tensor: Tensor) -> list[Any] | None:
        """The engine's output shapes of ``tensor``'s producer call (batch axis first), or None if unknown.

        Layer by layer with the catalog's rules (`designer.engine.infer_layer`), each call once; a
        nested model's call goes through the design the file importer makes of the graph.
        """
        stack = [tensor]
        while stack:
            top = stack[-1]
            key = (id(top.producer), top.call)
            if key in self._shapes:
                stack.pop()
                continue
            producer = top.producer
            if isinstance(producer, LayerObject) and producer.known:
                operands = producer.calls[top.call]
                missing = [t for t in flat_tensors(operands) if (id(t.producer), t.call) not in self._shapes]
                if missing:
                    stack.extend(missing)
                    continue
                self._shapes[key] = self._layer_shapes(producer, operands)
            elif isinstance(producer, InputObject):
                self._shapes[key] = [tuple(producer.config["batch_shape"])]
            else:
                self._shapes[key] = self._infer(top)
            stack.pop()
        shapes: list[Any] | None = self._shapes[(id(tensor.producer), tensor.call)]
        return shapes

    def _layer_shapes(self, layer: LayerObject, operands: list[Any]) -> list[Any] | None:
        """One call's output shapes from its inputs' shapes, by the catalog's rule for the layer."""
        inputs = []
        for operand in operands:
            if isinstance(operand, Tensor):
                shapes = self._shapes[(id(operand.producer), operand.call)]
                if shapes is None or operand.index >= len(shapes):
                    return None
                inputs.append(shapes[operand.index])
        class_name, config = layer.class_name, None
        if layer.is_op:
            converted = as_layer(layer.name, layer.class_name,
                                 [Ref("t", 0, 0) if isinstance(o, Tensor) else o for o in operands], Notes())
            if converted is None:
                return None
            class_name, config = converted[0], converted[1]
        else:
            config = self._configs.get(id(layer))
            if config is None:
                config = self._configs[id(layer)] = ConfigMapper(Notes()).map(
                    layer.class_name, {**layer.config, "trainable": True}, layer.name)
        result = infer_layer(class_name, config, tuple(inputs))
        return list(result.outputs) if result.outputs is not None else None

    def _infer(self, tensor: Tensor) -> list[Any] | None:
        producer = tensor.producer
        count = max(1, len(flat_tensors(producer.outputs))) if isinstance(producer, Model) else 1
        probes = [Tensor(producer, tensor.call, i) for i in range(count)]
        producers, _ = self._reachable(probes)
        inputs = [Tensor(p) for p in sorted((p for p in producers.values() if isinstance(p, InputObject)),
                                               key=lambda p: self._serial.get(id(p), 0))]
        try:
            model = parse_model(self.functional_config("probe", inputs, probes), Notes())
            flattener = Flattener(Notes(), DESIGN_MAX_LAYERS)
            outputs = flattener.flatten(model)
            result = self._engine.infer(Document("probe", flattener.nodes, outputs))
        except (DocumentError, KeyError, ValueError, TypeError, RecursionError):
            return None
        layer = result.layers.get(outputs[0].layer)
        if layer is None or layer.outputs is None:
            return None
        if isinstance(producer, Model):  # one tensor per model output
            found = [result.layers[o.layer].outputs for o in outputs]
            return [shapes[o.index] if shapes else None for o, shapes in zip(outputs, found)]
        return list(layer.outputs)
