"""Reading a Keras model config into a plain graph (part of `designer.export.keras_import`).

Both serializations are read:

- Keras 3: ``inbound_nodes`` is a list of calls ``{"args": [...], "kwargs": {...}}``
  whose tensors are ``{"class_name": "__keras_tensor__", "config": {"keras_history":
  [layer, node_index, tensor_index]}}``;
- Keras 2 / tf.keras: ``inbound_nodes`` is a list of calls, each a list of
  ``[layer, node_index, tensor_index, kwargs]`` (tensors inside kwargs are
  ``[layer, node_index, tensor_index]``), and a Sequential's first layer may
  carry ``batch_input_shape``.

A call's tensors become the layer's inputs in positional order: for
MultiHeadAttention ``query, value, key`` whether passed by position or by
keyword. Tensors passed under other keywords (masks, initial states) are not
part of a design and are dropped with a note. For layers outside the catalog,
the shapes Keras recorded (tensor shapes, build configs) are kept per call
(`designer.export._import_recorded`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from designer.layers import get_spec
from designer.model import DocumentError
from designer.model.calls import TENSOR_KEYWORDS, VALUE_KEYWORDS, CallArgs
from designer.model.recorded import OPERATION_PREFIX, is_operation

from ._import_config import Notes
from ._import_ops import is_keras3_op, operation_layer
from ._import_recorded import recorded_calls, recorded_tensor_shapes
from ._import_tensors import Ref, is_ref_list, keras2_nodes, structure_refs, tensors2, tensors3

MODEL_CLASSES = ("Functional", "Model", "Sequential")
MAX_NESTING = 16

INPUT_CLASS = "InputLayer"
"""The class Keras's config format writes for a model input: a Sequential's first entry is one, or the importer
makes one from ``batch_input_shape``. A name of the file format, not knowledge about a layer class."""

DEFAULT_CALL_INPUTS = ("inputs",)
"""The tensor argument of a layer call outside the catalog (``call(inputs)``)."""


def call_inputs(class_name: str) -> tuple[str, ...]:
    """Keyword names of the tensors a layer takes as inputs, in positional order: its spec's ``call_inputs``."""
    spec = get_spec(class_name)
    return spec.call_inputs if spec is not None else DEFAULT_CALL_INPUTS


def is_recurrent(class_name: str) -> bool:
    """A recurrent layer (the ``"recurrent"`` trait): tf.keras passes its initial states as more inputs."""
    spec = get_spec(class_name)
    return spec is not None and "recurrent" in spec.traits

AUXILIARY_KWARGS = ("mask", "initial_state", "attention_mask", "query_mask", "value_mask", "key_mask",
                    "constants", "training")
"""Call arguments that may hold tensors but are never a layer's main input."""

QUIET_KWARGS = ("training", "mask")
"""Call arguments that never change a shape; not worth a note when left at a plain value."""


@dataclass
class RawLayer:
    """One layer of a Keras config: its class, raw config and calls (or the model it is)."""

    name: str
    class_name: str
    config: dict
    calls: list[list[Ref]] = field(default_factory=list)
    model: "RawModel | None" = None
    call_args: list = field(default_factory=list)
    """Per call, its keyword arguments (`CallArgs` or None)."""
    recorded: list = field(default_factory=list)
    """Per call, the shapes Keras recorded (`Recorded` or None); kept for layers outside the catalog."""


@dataclass
class RawModel:
    """A Sequential or Functional model as a graph of named layers."""

    name: str
    class_name: str
    layers: list[RawLayer]
    inputs: list[Ref]
    outputs: list[Ref]
    has_input_shape: bool = True
    trainable: bool = True


def is_model_config(data: Any) -> bool:
    """Whether ``{"class_name", "config"}`` describes a Sequential or Functional model."""
    if not isinstance(data, dict):
        return False
    config = data.get("config")
    if data.get("class_name") == "Sequential":
        return isinstance(config, (dict, list))
    return isinstance(config, dict) and isinstance(config.get("layers"), list) and (
        data.get("class_name") in MODEL_CLASSES or "input_layers" in config)


def parse_model(data: dict, notes: Notes, depth: int = 0) -> RawModel:
    """The graph of a serialized model (``{"class_name", "config"}``)."""
    if depth > MAX_NESTING:
        raise DocumentError(f"models are nested more than {MAX_NESTING} deep")
    if not is_model_config(data):
        raise DocumentError("not a Keras model: expected a Sequential or Functional model config")
    if data.get("class_name") == "Sequential":
        return _sequential(data["config"], notes, depth)
    return _functional(data["class_name"], data["config"], notes, depth)


def _call_inputs(class_name: str, positional: list[Ref], kwargs: dict, tensors_in, where: str,
                 notes: Notes) -> tuple[list[Ref], CallArgs | None]:
    """Positional tensors, then keyword tensors that name further inputs, then the tensors of keyword
    arguments a design keeps (`designer.model.calls`) with those and the literal ones; the rest is noted."""
    refs = list(positional)
    names = call_inputs(class_name)
    used = set()
    for name in names[len(refs):]:
        if name in kwargs and tensors_in(kwargs[name]):
            refs.extend(tensors_in(kwargs[name]))
            used.add(name)
        else:
            break
    if not refs:  # the main input passed under a keyword this reader does not know (`layer(x=t)`)
        key = next((k for k, v in kwargs.items() if k not in AUXILIARY_KWARGS and tensors_in(v)), None)
        if key is not None:
            refs.extend(tensors_in(kwargs[key]))
            used.add(key)
    keyword_tensors, values = [], []
    for key, value in kwargs.items():
        if key in used or key in names and not tensors_in(value):
            continue
        if tensors_in(value) and key in TENSOR_KEYWORDS:
            start = len(refs)
            refs.extend(tensors_in(value))
            keyword_tensors.append((key, tuple(range(start, len(refs)))))
        elif tensors_in(value):
            notes.group(f"tensors passed as `{key}=` are not part of a design and were dropped", where)
        elif key in VALUE_KEYWORDS and isinstance(value, bool):
            if value:  # Keras records training=False on its own for some layers: only True is a choice
                values.append((key, value))
        elif not (key in QUIET_KWARGS or value is None or value is False):
            shown = repr(value) if len(repr(value)) <= 60 else repr(value)[:57] + "..."
            notes.add(f"{where}: called with {key}={shown}, which a design does not record")
    call = CallArgs(tuple(keyword_tensors), tuple(values)) if keyword_tensors or values else None
    return refs, call


def _calls3(layer: dict, class_name: str, where: str, notes: Notes) -> list[tuple[list[Ref], CallArgs | None]]:
    calls = []
    for node in layer.get("inbound_nodes") or []:
        if not isinstance(node, dict):
            raise DocumentError(f"{where}: an inbound node is not an object")
        args = node.get("args") or []
        kwargs = node.get("kwargs") or {}
        if not isinstance(args, list) or not isinstance(kwargs, dict):
            raise DocumentError(f"{where}: an inbound node's args/kwargs are malformed")
        calls.append(_call_inputs(class_name, tensors3(args), kwargs, tensors3, where, notes))
    return calls


def _calls2(layer: dict, class_name: str, where: str, notes: Notes) -> list[tuple[list[Ref], CallArgs | None]]:
    calls = []
    for node in keras2_nodes(layer.get("inbound_nodes")):
        if not isinstance(node, list):
            raise DocumentError(f"{where}: an inbound node is not a list")
        positional, kwargs = [], {}
        for entry in node:
            if not isinstance(entry, list) or len(entry) < 3:
                raise DocumentError(f"{where}: an inbound node entry is malformed: {entry!r}")
            if len(entry) > 3 and isinstance(entry[3], dict):
                kwargs = entry[3]
            if entry[0] == "_CONSTANT_VALUE":
                continue
            if not is_ref_list(entry):
                raise DocumentError(f"{where}: an inbound node entry is malformed: {entry!r}")
            positional.append(Ref(entry[0], entry[1], entry[2]))
        refs, call = _call_inputs(class_name, positional, kwargs, tensors2, where, notes)
        if len(positional) > 1 and "initial_state" not in kwargs and is_recurrent(class_name):
            # tf.keras writes `rnn(x, initial_state=[h, c])` as the inputs [x, h, c]
            states = (("initial_state", tuple(range(1, len(positional)))),)
            call = CallArgs(states + (call.tensors if call else ()), call.values if call else ())
        calls.append((refs, call))
    return calls


def _calls(layer: dict, class_name: str, where: str, notes: Notes) -> list[tuple[list[Ref], CallArgs | None]]:
    """Each call of a layer: its input tensors and keyword arguments."""
    nodes = layer.get("inbound_nodes") or []
    if not isinstance(nodes, list):
        raise DocumentError(f"{where}: inbound_nodes must be a list")
    if nodes and isinstance(nodes[0], dict):
        return _calls3(layer, class_name, where, notes)
    return _calls2(layer, class_name, where, notes)


# Models ---------------------------------------------------------------------

def _layer_entry(item: Any, index: int, model: str) -> tuple[str, str, Any]:
    if not isinstance(item, dict):
        raise DocumentError(f"{model}: layer #{index + 1} is not an object")
    class_name = item.get("class_name")
    config = item.get("config")
    if not isinstance(class_name, str) or not class_name:
        raise DocumentError(f"{model}: layer #{index + 1} has no class_name")
    if ">" in class_name:  # a registered custom class, "package>Class" (legacy .h5, tf.keras)
        class_name = class_name.rsplit(">", 1)[1] or class_name
    if config is None:
        config = {}
    if not isinstance(config, (dict, list)):
        raise DocumentError(f"{model}: layer #{index + 1} ({class_name}) has a config that is not an object")
    name = item.get("name")
    if not isinstance(name, str) and isinstance(config, dict):
        name = config.get("name")
    if not isinstance(name, str) or not name:
        name = f"{class_name.lower()}_{index}"
    return name, class_name, config


def _model_name(config: Any, fallback: str) -> str:
    name = config.get("name") if isinstance(config, dict) else None
    return name if isinstance(name, str) and name.strip() else fallback


def _functional(class_name: str, config: dict, notes: Notes, depth: int) -> RawModel:
    name = _model_name(config, "model")
    keras3 = any(isinstance(item, dict) and isinstance(item.get("inbound_nodes"), list)
                 and any(isinstance(n, dict) for n in item["inbound_nodes"]) for item in config["layers"])
    layers: list[RawLayer] = []
    seen: set[str] = set()
    for index, item in enumerate(config["layers"]):
        layer_name, layer_class, layer_config = _layer_entry(item, index, name)
        if layer_name in seen:
            raise DocumentError(f"{name}: two layers are named {layer_name!r}")
        seen.add(layer_name)
        where = layer_name if depth == 0 else f"{name}/{layer_name}"
        layer_config = layer_config if isinstance(layer_config, dict) else {}
        converted = operation_layer(layer_name, layer_class, layer_config, item, keras3, notes)
        if converted is not None:
            layer = RawLayer(layer_name, *converted)
        else:
            op = is_keras3_op(item, keras3)
            calls = _calls(item, layer_class, where, notes)
            layer = RawLayer(layer_name, OPERATION_PREFIX + layer_class if op else layer_class, layer_config,
                             [refs for refs, _ in calls], call_args=[call for _, call in calls])
        if is_model_config(item):
            layer.model = parse_model(item, notes, depth + 1)
        layers.append(layer)
    inputs = structure_refs(config.get("input_layers"))
    outputs = structure_refs(config.get("output_layers"))
    layers = _drop_automatic_masks(layers, outputs, notes)
    _keep_recorded(layers, config["layers"])
    if not outputs:
        raise DocumentError(f"{name}: the model config names no output_layers")
    offsets = {layer.name: 1 for layer in layers if _starts_with_own_node(layer.model, keras3)}
    if offsets:
        inputs, outputs = _shifted(inputs, offsets), _shifted(outputs, offsets)
        if not keras3:
            for layer in layers:
                layer.calls = [_shifted(call, offsets) for call in layer.calls]
    return RawModel(name, class_name, layers, inputs, outputs, trainable=config.get("trainable") is not False)


MASK_KEYWORDS = ("mask", "query_mask", "value_mask", "key_mask")


def _drop_automatic_masks(layers: list[RawLayer], outputs: list[Ref], notes: Notes) -> list[RawLayer]:
    """Leave out the masks Keras computes by itself, and the operations that only computed them.

    Keras 3 writes the mask of an ``Embedding(mask_zero=True)`` or a ``Masking`` as operations
    (``NotEqual``, ``Any``) whose result is passed as ``mask=``; Keras recomputes it when the model is
    built, so a design does not carry it. A mask made by a layer or given as an input is kept.
    """
    by_name = {layer.name: layer for layer in layers}

    def automatic(ref: Ref) -> bool:
        producer = by_name.get(ref.layer)
        return producer is not None and is_operation(producer.class_name)

    changed = False
    for layer in layers:
        for k, call in enumerate(layer.call_args):
            if call is None:
                continue
            drop = {p for key, positions in call.tensors if key in MASK_KEYWORDS
                    and all(automatic(layer.calls[k][p]) for p in positions) for p in positions}
            if not drop:
                continue
            kept = [i for i in range(len(layer.calls[k])) if i not in drop]
            moved = {old: new for new, old in enumerate(kept)}
            tensors = tuple((key, tuple(moved[p] for p in positions)) for key, positions in call.tensors
                            if not set(positions) & drop)
            layer.calls[k] = [layer.calls[k][i] for i in kept]
            layer.call_args[k] = CallArgs(tensors, call.values) if tensors or call.values else None
            notes.group("automatic masks (Embedding mask_zero, Masking) are left to Keras, which computes them "
                        "again", layer.name)
            changed = True
    while changed:
        used = {r.layer for layer in layers for call in layer.calls for r in call} | {r.layer for r in outputs}
        kept_layers = [layer for layer in layers if layer.name in used or not is_operation(layer.class_name)]
        changed = len(kept_layers) != len(layers)
        layers = kept_layers
    return layers


def _keep_recorded(layers: list[RawLayer], items: list) -> None:
    """Give each layer outside the catalog the shapes Keras recorded for its calls."""
    outside = [layer for layer in layers if layer.model is None and get_spec(layer.class_name) is None]
    if not outside:
        return
    shapes = recorded_tensor_shapes(items, {layer.name: layer.calls for layer in layers})
    for layer in outside:
        layer.recorded = recorded_calls(layer.name, layer.calls, shapes)


def _starts_with_own_node(model: "RawModel | None", keras3: bool) -> bool:
    """Whether Keras counts a nested model's own construction as its call 0.

    Keras numbers the calls of a nested Functional model from 1 in
    ``output_layers`` (Keras 3), or everywhere (Keras 2, where a Sequential
    with an input shape counts too); calls in Keras 3 ``inbound_nodes`` count from 0.
    """
    if model is None:
        return False
    if model.class_name != "Sequential":
        return True
    return not keras3 and model.has_input_shape


def _shifted(refs: list[Ref], offsets: dict[str, int]) -> list[Ref]:
    return [r._replace(node=r.node - offsets[r.layer]) if r.node >= offsets.get(r.layer, r.node + 1) else r
            for r in refs]


def _sequential(config: Any, notes: Notes, depth: int) -> RawModel:
    if isinstance(config, list):  # Keras 2.0/2.1: the config is the list of layers
        config = {"layers": config}
    items = config.get("layers")
    if not isinstance(items, list):
        raise DocumentError("a Sequential model config has no \"layers\" list")
    name = _model_name(config, "sequential")
    entries = [_layer_entry(item, i, name) for i, item in enumerate(items)]
    if len({e[0] for e in entries}) != len(entries):
        raise DocumentError(f"{name}: two layers have the same name")
    layers: list[RawLayer] = []
    if not entries or entries[0][1] != INPUT_CLASS:
        layers.append(_sequential_input(items, entries, config, name, notes, depth))
    has_input_shape = not layers or "batch_shape" in layers[0].config
    for item, (layer_name, layer_class, layer_config) in zip(items, entries):
        layer = RawLayer(layer_name, layer_class, layer_config if isinstance(layer_config, dict) else {})
        if layers:
            layer.calls = [[Ref(layers[-1].name, 0, 0)]]
        if is_model_config(item):
            layer.model = parse_model(item, notes, depth + 1)
        layers.append(layer)
    if not layers or (len(layers) == 1 and layers[0].class_name != INPUT_CLASS):
        raise DocumentError(f"{name}: the Sequential model has no layers")
    _keep_recorded(layers, items)
    return RawModel(name, "Sequential", layers, [Ref(layers[0].name, 0, 0)], [Ref(layers[-1].name, 0, 0)],
                    has_input_shape, trainable=config.get("trainable") is not False)


def _declared_batch_shape(item: Any, depth: int = 0) -> list | None:
    """The input shape a Sequential's first layer declares (Keras 2 ``batch_input_shape``…).

    A first layer that is itself a model declares its own input's shape.
    """
    config = item.get("config") if isinstance(item, dict) else None
    if depth > MAX_NESTING or not isinstance(config, (dict, list)):
        return None
    if isinstance(config, dict):
        for key in ("batch_input_shape", "batch_shape"):
            if isinstance(config.get(key), list):
                return config[key]
        if isinstance(config.get("input_shape"), list):
            return [None, *config["input_shape"]]
    inner = config.get("layers") if isinstance(config, dict) else config
    if is_model_config(item) and isinstance(inner, list) and inner:
        return _declared_batch_shape(inner[0], depth + 1)
    return None


def _sequential_input(items: list, entries: list, config: dict, name: str, notes: Notes,
                      depth: int) -> RawLayer:
    """The InputLayer a Sequential without one implies (Keras 2 ``batch_input_shape``)."""
    first_name = entries[0][0] if entries else name
    first = entries[0][2] if entries and isinstance(entries[0][2], dict) else {}
    input_config: dict = {"name": f"{first_name}_input"}
    batch_shape = _declared_batch_shape(items[0]) if items else None
    if batch_shape is None and isinstance(config.get("build_input_shape"), list):
        batch_shape = config["build_input_shape"]
        notes.add(f"{name}: the input shape was taken from the shape Keras recorded when building the model")
    if batch_shape is not None:
        input_config["batch_shape"] = batch_shape
        if first.get("dtype") not in (None, "float32") and isinstance(first.get("dtype"), str):
            input_config["dtype"] = first["dtype"]
    elif depth == 0:
        notes.add(f"{name}: the model does not say its input shape; set `shape` on {input_config['name']}")
    return RawLayer(input_config["name"], INPUT_CLASS, input_config)
