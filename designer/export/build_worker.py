"""Child process of a local build: import TensorFlow, build the exported model, report.

Run as ``python -m designer.export.build_worker MODULE.py``. It prints one JSON
object per line on stdout:

- ``{"event": "progress", "message": ...}`` while it works;
- ``{"event": "missing_tf"}`` when TensorFlow is not installed (exit 2);
- ``{"event": "result", "summary": TEXT, "layers": [...]}`` with, per Keras
  layer, its name, class, the output shapes of each call and its weight sizes;
- ``{"event": "error", "message": ...}`` when the build fails (exit 1).

This module is the only place where keras-designer imports TensorFlow, and it
runs in its own process so the app never does.
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import sys


def emit(event: str, **fields) -> None:
    print(json.dumps({"event": event, **fields}), flush=True)


def _shapes(tensors) -> list:
    items = tensors if isinstance(tensors, (list, tuple)) else [tensors]
    return [list(t.shape) for t in items]


def _weights(weights) -> int:
    total = 0
    for w in weights:
        size = 1
        for d in w.shape:
            size *= int(d)
        total += size
    return total


def describe(model) -> list[dict]:
    """Every layer of a built model: name, class, output shapes per call, weight sizes."""
    out = []
    for layer in model.layers:
        calls = [_shapes(node.output_tensors) for node in getattr(layer, "_inbound_nodes", [])]
        out.append({
            "name": layer.name,
            "class_name": type(layer).__name__,
            "calls": calls,
            "trainable": _weights(layer.trainable_weights),
            "non_trainable": _weights(layer.non_trainable_weights),
        })
    return out


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        emit("error", message="usage: python -m designer.export.build_worker MODULE.py")
        return 2
    if importlib.util.find_spec("tensorflow") is None:
        emit("missing_tf")
        return 2
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ["COLUMNS"] = "200"
    emit("progress", message="importing TensorFlow")
    try:
        import tensorflow  # noqa: F401

        emit("progress", message="building the model")
        spec = importlib.util.spec_from_file_location("exported_model", argv[0])
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        model = module.build_model()
        buffer = io.StringIO()
        model.summary(print_fn=lambda line, **_: buffer.write(line + "\n"))
        emit("result", summary=buffer.getvalue(), layers=describe(model))
    except Exception as exc:  # reported to the parent, which shows it
        emit("error", message=f"{type(exc).__name__}: {exc}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
