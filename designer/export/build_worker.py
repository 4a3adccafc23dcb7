"""Child process of a local build: import TensorFlow, build the exported model, report.

Run as ``python -I path/to/build_worker.py MODULE.py --memory-mb N --timeout S``
(it imports nothing of keras-designer, so it runs from its file with ``-I``: no
current folder, no ``PYTHONPATH``). Before importing TensorFlow it leaves the
parent's process group, asks to die with its parent (Linux), and applies its
limits: address space ``N`` MB and wall-clock ``S`` s (0: none). It prints one
JSON object per line on stdout (`designer.export.build_protocol` reads them):

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
import signal
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


def isolate(memory_mb: int, timeout_s: int) -> None:
    """Own process group, death with the parent, memory and time limits (where the platform has them)."""
    if hasattr(os, "setsid"):
        try:
            os.setsid()
        except OSError:
            pass  # already a group leader (the parent started it so)
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    try:
        import resource
    except ImportError:
        return
    if memory_mb > 0:
        limit = memory_mb * 1024 * 1024
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or limit <= hard:
            resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    if timeout_s > 0:
        signal.alarm(timeout_s)  # SIGALRM's default action ends the process, even if the parent is gone
        cpu = timeout_s * max(1, os.cpu_count() or 1)
        soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
        if hard == resource.RLIM_INFINITY or cpu <= hard:
            resource.setrlimit(resource.RLIMIT_CPU, (cpu, hard))


def parse_args(argv: list[str]) -> tuple[str, int, int] | None:
    """(module path, memory MB, timeout s), or None when the command line is wrong."""
    if not argv:
        return None
    module, rest, options = argv[0], argv[1:], {"--memory-mb": 0, "--timeout": 0}
    while rest:
        if len(rest) < 2 or rest[0] not in options:
            return None
        try:
            options[rest[0]] = int(rest[1])
        except ValueError:
            return None
        rest = rest[2:]
    return module, options["--memory-mb"], options["--timeout"]


def main(argv: list[str]) -> int:
    parsed = parse_args(argv)
    if parsed is None:
        emit("error", message="usage: python -I build_worker.py MODULE.py [--memory-mb N] [--timeout S]")
        return 2
    module_path, memory_mb, timeout_s = parsed
    isolate(memory_mb, timeout_s)
    if importlib.util.find_spec("tensorflow") is None:
        emit("missing_tf")
        return 2
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ["COLUMNS"] = "200"
    emit("progress", message="importing TensorFlow")
    try:
        import tensorflow  # noqa: F401

        emit("progress", message="building the model")
        spec = importlib.util.spec_from_file_location("exported_model", module_path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        model = module.build_model()
        buffer = io.StringIO()
        model.summary(print_fn=lambda line, **_: buffer.write(line + "\n"))
        emit("result", summary=buffer.getvalue(), layers=describe(model))
    except Exception as exc:
        if not isinstance(exc, MemoryError) and type(exc).__name__ != "ResourceExhaustedError":
            emit("error", message=f"{type(exc).__name__}: {exc}")  # reported to the parent, which shows it
            return 1
        emit("error", message=f"the build ran out of its memory limit ({memory_mb:,} MB): the model needs more "
                              "memory than the build may use (KERAS_DESIGNER_BUILD_MEMORY_MB raises the limit)")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
