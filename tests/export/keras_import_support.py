"""Helpers for the import tests: save a real Keras model three ways, import, compare with the engine.

Each route strips what Keras recorded about shapes (``build_config``,
``build_input_shape``, the shapes of serialized tensors) before importing, so
the design's shapes come from the engine alone.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any

import keras
import numpy as np

from designer.engine import infer_document
from designer.export.keras_import import import_model

RECORDED = ("build_config", "build_input_shape", "compile_config")


def strip_recorded_shapes(value: Any) -> Any:
    """A model config without any shape Keras recorded while building it."""
    if isinstance(value, list):
        return [strip_recorded_shapes(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {k: strip_recorded_shapes(v) for k, v in value.items() if k not in RECORDED}
    if out.get("class_name") == "__keras_tensor__" and isinstance(out.get("config"), dict):
        out["config"] = {k: v for k, v in out["config"].items() if k not in ("shape", "dtype")}
    return out


def save_json(model: keras.Model, folder: Path) -> Path:
    path = folder / f"{model.name}.json"
    path.write_text(json.dumps(strip_recorded_shapes(json.loads(model.to_json()))))
    return path


def save_keras(model: keras.Model, folder: Path) -> Path:
    """``model.save(x.keras)``, then config.json rewritten without recorded shapes."""
    saved = folder / f"{model.name}.saved.keras"
    model.save(saved)
    path = folder / f"{model.name}.keras"
    with zipfile.ZipFile(saved) as src, zipfile.ZipFile(path, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "config.json":
                data = json.dumps(strip_recorded_shapes(json.loads(data))).encode()
            dst.writestr(info, data)
    saved.unlink()
    return path


def save_h5(model: keras.Model, folder: Path) -> Path:
    """Legacy ``model.save(x.h5)``, then its model_config attribute rewritten without recorded shapes."""
    import h5py

    path = folder / f"{model.name}.h5"
    model.save(path)
    with h5py.File(path, "r+") as f:
        config = json.loads(f.attrs["model_config"])
        f.attrs["model_config"] = json.dumps(strip_recorded_shapes(config))
    return path


SAVERS = {"json": save_json, "keras": save_keras, "h5": save_h5}


def _size(weights) -> int:
    return int(sum(int(np.prod(w.shape)) for w in weights))


def _calls_in(model: keras.Model) -> dict[str, int]:
    """How many times ``model`` calls each of its layers (from its own config)."""
    config = model.get_config()
    return {item["name"]: max(1, len(item.get("inbound_nodes") or [])) for item in config["layers"]
            if "name" in item} if "input_layers" in config else {}


def keras_expectations(model: keras.Model, prefix: str = "", nested: bool = False) -> dict[str, tuple]:
    """``{design id: (output shapes, trainable, non-trainable)}`` as Keras has them.

    A layer called k times gives ids ``name``, ``name__2``…; weights count at
    the first call only. A nested model's layers are prefixed with its name and
    its input layer is left out (the outer tensor feeds it).
    """
    calls = _calls_in(model)
    out: dict[str, tuple] = {}
    if isinstance(model, keras.Sequential) and not nested:  # its InputLayer is not in model.layers
        first = model._layers[0]
        assert isinstance(first, keras.layers.InputLayer)
        out[prefix + first.name] = ([tuple(first.output.shape)], 0, 0)
    operations = model.layers if isinstance(model, keras.Sequential) else model.operations
    for layer in operations:
        base = f"{prefix}{layer.name}"
        if not isinstance(layer, keras.layers.Layer):  # an operation such as `x + 3.0`
            out[base] = ([tuple(t.shape) for t in layer._inbound_nodes[0].outputs], 0, 0)
            continue
        if isinstance(layer, keras.layers.InputLayer):
            if not nested:
                out[base] = ([tuple(layer.output.shape)], 0, 0)
            continue
        n = calls.get(layer.name, 1)
        if isinstance(layer, keras.Model):
            inner = keras_expectations(layer, f"{base}_", nested=True)
            for k in range(n):
                for inner_id, (shapes, trainable, frozen) in inner.items():
                    out[inner_id if k == 0 else f"{inner_id}__{k + 1}"] = (
                        (shapes, trainable, frozen) if k == 0 else (shapes, 0, 0))
            continue
        nodes = list(layer._inbound_nodes[:n]) if n > 1 else [None]
        for k, node in enumerate(nodes):
            outputs = node.outputs if node is not None else layer.output
            outputs = list(outputs) if isinstance(outputs, (list, tuple)) else [outputs]
            shapes = [tuple(t.shape) for t in outputs]
            weights = (_size(layer.trainable_weights), _size(layer.non_trainable_weights)) if k == 0 else (0, 0)
            out[base if k == 0 else f"{base}__{k + 1}"] = (shapes, *weights)
    return out


def assert_import_agrees(model: keras.Model, path: Path):
    """Import ``path`` and check every layer's shapes and params against ``model``."""
    result = import_model(path)
    doc = result.document
    inference = infer_document(doc)
    expected = keras_expectations(model)
    assert set(doc.ids()) == set(expected), (sorted(set(doc.ids()) ^ set(expected)), result.notes)
    for layer_id, (shapes, trainable, frozen) in expected.items():
        r = inference[layer_id]
        assert r.error is None, f"{layer_id}: {r.error}"
        assert r.outputs == shapes, f"{layer_id} ({r.class_name}): engine {r.outputs} != Keras {shapes}"
        got = (r.params.trainable, r.params.non_trainable)
        assert got == (trainable, frozen), f"{layer_id} ({r.class_name}): params {got} != Keras {(trainable, frozen)}"
    total = (_size(model.trainable_weights), _size(model.non_trainable_weights))
    assert (inference.params.trainable, inference.params.non_trainable) == total
    assert all(n.position is not None for n in doc)
    return result, inference
