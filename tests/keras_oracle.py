"""The oracle: build a layer in real TensorFlow Keras and report what Keras says.

Differential tests compare `designer.engine.layer_infer.infer_layer` with
`keras_infer` on the same class, config and input shapes: same validity, same
output shapes, same trainable and non-trainable parameter counts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any, Mapping, Sequence

from designer.engine.layer_infer import infer_layer
from designer.layers import get_spec

INTERNAL_ERROR = "internal error"


@cache
def _keras() -> ModuleType:
    """Keras, imported on first use: collecting (and running) the TF-free tests never needs TensorFlow."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    import keras

    return keras


def __getattr__(name: str) -> Any:
    """`from keras_oracle import keras` still works, importing Keras only then."""
    if name == "keras":
        return _keras()
    raise AttributeError(name)


@dataclass
class KerasResult:
    outputs: list[tuple] | None
    trainable: int | None
    non_trainable: int | None
    error: str | None


def _keras_value(value: Any) -> Any:
    """JSON lists become tuples where Keras wants tuples (shapes, sizes)."""
    if isinstance(value, list):
        return tuple(_keras_value(v) for v in value)
    return value


def layer_class(class_name: str) -> type:
    """The Keras class of a catalog entry: from `keras.layers`, or the module its spec names (``keras_path``)."""
    import importlib

    spec = get_spec(class_name)
    path = spec.keras_path if spec is not None else "keras.layers"
    module = _keras().layers if path == "keras.layers" else importlib.import_module(path)
    return getattr(module, class_name)


def keras_kwargs(class_name: str, config: Mapping[str, Any]) -> dict[str, Any]:
    """Constructor kwargs for Keras from a design config (nested layers built)."""
    spec = get_spec(class_name)
    kwargs = {}
    for key, value in config.items():
        arg = spec.arg_index.get(key) if spec else None
        if arg is not None and arg.kind == "layer" and isinstance(value, dict):
            nested = keras_kwargs(value["class_name"], value.get("config", {}))
            kwargs[key] = layer_class(value["class_name"])(**nested)
        elif arg is not None and arg.kind == "layers" and isinstance(value, (dict, list)):
            items = [value] if isinstance(value, dict) else value
            built = [layer_class(v["class_name"])(**keras_kwargs(v["class_name"], v.get("config", {})))
                     for v in items]
            kwargs[key] = built[0] if isinstance(value, dict) else built
        elif arg is not None and arg.kind in ("any", "initializer", "regularizer", "constraint", "activation"):
            kwargs[key] = value
        else:
            kwargs[key] = _keras_value(value)
    return kwargs


def _size(weights) -> int:
    total = 0
    for w in weights:
        count = 1
        for d in w.shape:
            count *= int(d)
        total += count
    return total


def _flat(out) -> list:
    """A layer's outputs as one flat list (stacked RNN cells return their states nested)."""
    if isinstance(out, (list, tuple)):
        return [t for o in out for t in _flat(o)]
    return [out]


def _build(class_name: str, config: Mapping[str, Any], inputs: list) -> tuple[KerasResult, list]:
    """Construct one layer in Keras and call it on ``inputs`` (Keras tensors) as the catalog says."""
    spec = get_spec(class_name)
    call = spec.call if spec else "single"
    try:
        layer = layer_class(class_name)(**keras_kwargs(class_name, config))
        if class_name == "InputLayer":
            out = layer.output
        elif call == "single":
            out = layer(inputs[0])
        elif call == "list":
            out = layer(inputs)
        else:
            out = layer(*inputs)
    except Exception as exc:  # Keras refusing is the answer we compare
        return KerasResult(None, None, None, f"{type(exc).__name__}: {exc}"), []
    outs = _flat(out)
    trainable = [w for w in layer.weights if w.trainable]  # as model.summary() counts them
    result = KerasResult([tuple(o.shape) for o in outs], _size(trainable),
                         _size([w for w in layer.weights if not w.trainable]), None)
    return result, outs


def keras_infer(class_name: str, config: Mapping[str, Any], input_shapes: Sequence[tuple]) -> KerasResult:
    """Construct the layer in Keras, call it on symbolic inputs and count weights."""
    try:
        xs = [_keras().Input(batch_shape=tuple(s)) for s in input_shapes]
    except Exception as exc:
        return KerasResult(None, None, None, f"{type(exc).__name__}: {exc}")
    return _build(class_name, config, xs)[0]

def _assert_same(where: str, ours, theirs: KerasResult) -> None:
    """One layer: same validity, and when valid the same output shapes and parameter split."""
    assert ours.error is None or INTERNAL_ERROR not in ours.error, (
        f"{where}: the engine crashed ({ours.error}); Keras says {theirs.error or theirs.outputs}"
    )
    if theirs.error is not None:
        assert ours.error is not None, f"{where}: Keras refuses ({theirs.error}) but engine gives {ours.outputs}"
        return
    assert ours.error is None, f"{where}: engine refuses ({ours.error}) but Keras gives {theirs.outputs}"
    assert ours.outputs == theirs.outputs, f"{where}: shapes {ours.outputs} != Keras {theirs.outputs}"
    assert (ours.params.trainable, ours.params.non_trainable) == (theirs.trainable, theirs.non_trainable), (
        f"{where}: params {ours.params} != Keras trainable={theirs.trainable} non_trainable={theirs.non_trainable}"
    )


def assert_agrees(class_name: str, config: Mapping[str, Any], input_shapes: Sequence[tuple]) -> None:
    """Fail unless the engine and Keras agree on validity, shapes and params."""
    ours = infer_layer(class_name, config, [tuple(s) for s in input_shapes])
    theirs = keras_infer(class_name, config, input_shapes)
    _assert_same(f"{class_name}({dict(config)!r}) on {list(input_shapes)!r}", ours, theirs)

def build_keras_layers(doc):
    """Build a whole design in Keras, layer by layer in topological order.

    Returns ``{id: KerasResult}``: each layer's outputs and weights as Keras sees
    them, or the error Keras raised for it (layers after an error are skipped).
    """
    from designer.model import topological_order

    tensors: dict[str, list] = {}
    results: dict[str, KerasResult] = {}
    for layer_id in topological_order(doc):
        node = doc.layer(layer_id)
        if any(s.layer not in tensors for s in node.inbound):
            continue
        if any(s.index >= len(tensors[s.layer]) for s in node.inbound):
            results[layer_id] = KerasResult(None, None, None, "IndexError: no such output")
            continue
        xs = [tensors[s.layer][s.index] for s in node.inbound]
        results[layer_id], outs = _build(node.class_name, node.config, xs)
        if outs:
            tensors[layer_id] = outs
    return results


def assert_design_agrees(doc):
    """Every layer of a design: the engine's shapes/params/validity equal Keras's."""
    from designer.engine import infer_document

    ours = infer_document(doc)
    theirs = build_keras_layers(doc)
    for r in ours.results():
        k = theirs.get(r.id)
        assert r.error is None or INTERNAL_ERROR not in r.error, f"{r.id}: the engine crashed ({r.error})"
        if k is None:
            assert r.outputs is None, f"{r.id}: Keras never reached it, engine gives {r.outputs}"
            continue
        _assert_same(r.id, r, k)
    return ours
