"""Run Python model sources with real Keras and report every layer (child process of the corpus test).

Usage: ``python keras_corpus_child.py SOURCE.py …``; prints one JSON object
mapping each path to ``{"layers": [...]}`` or ``{"error": "..."}``. Each
source runs in a fresh namespace after ``keras.backend.clear_session()``, so
automatic names start from ``conv2d`` again. The model reported is the last
model in the namespace that is not part of another. Nested models are
listed layer by layer, named ``<model>_<layer>`` as the designer names them.
Each row: name, class, output shape of each call, parameter count, and
whether it is a Keras operation rather than a layer, and whether it is inside a nested model.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import sys
import warnings

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

import keras  # noqa: E402


def _shape(value):
    if isinstance(value, (list, tuple)) and value and not isinstance(value[0], (int, type(None))):
        return [_shape(v) for v in value]
    return list(value)


def _pick(namespace: dict):
    models = [v for v in namespace.values() if isinstance(v, keras.Model)]
    inner = {id(layer) for m in models for layer in m._flatten_layers(include_self=False)}
    roots = [m for m in models if id(m) not in inner]
    return roots[-1] if roots else None


def _call_shapes(op):
    shapes = []
    for node in op._inbound_nodes:
        outputs = node.output_tensors
        shapes.append(_shape([t.shape for t in outputs]) if len(outputs) > 1 else _shape(outputs[0].shape))
    return shapes


def _class_name(op, is_layer: bool) -> str:
    """The class name a saved model records (GroupQueryAttention is the Python class GroupedQueryAttention)."""
    if is_layer:
        try:
            return keras.saving.serialize_keras_object(op)["class_name"]
        except Exception:  # noqa: BLE001 - a layer Keras cannot serialize: its Python class then
            pass
    return type(op).__name__


def _rows(model, prefix=""):
    ops = model.layers if isinstance(model, keras.Sequential) else model.operations
    rows = []
    for op in ops:
        if isinstance(op, keras.layers.InputLayer):
            continue
        if isinstance(op, keras.Model):
            rows.extend(_rows(op, f"{prefix}{op.name}_"))
            continue
        is_layer = isinstance(op, keras.layers.Layer)
        shapes = _call_shapes(op)
        if isinstance(model, keras.Sequential):
            shapes = shapes[-1:]  # each add() rebuilds a Sequential: its last build is the model
        rows.append({"name": prefix + op.name, "class": _class_name(op, is_layer), "shapes": shapes,
                     "params": op.count_params() if is_layer else 0, "op": not is_layer, "nested": bool(prefix)})
    return rows


def report(path: str) -> dict:
    keras.backend.clear_session()
    namespace = {"__name__": "__main__", "__file__": path}
    with open(path, encoding="utf-8") as fh:
        code = compile(fh.read(), path, "exec")
    try:
        with contextlib.redirect_stdout(io.StringIO()), warnings.catch_warnings():
            warnings.simplefilter("ignore")
            exec(code, namespace)
        model = _pick(namespace)
        if model is None:
            return {"error": "no model in the namespace"}
        return {"layers": _rows(model), "params": model.count_params()}
    except Exception as exc:  # the report says what Keras raised
        return {"error": f"{type(exc).__name__}: {exc}"}


if __name__ == "__main__":
    print(json.dumps({path: report(path) for path in sys.argv[1:]}))
