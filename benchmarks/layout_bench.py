"""Time `layered_layout` on residual networks of growing size: ``python benchmarks/layout_bench.py``.

Prints the best of a few runs per size, top-to-bottom, left-to-right and
folded to a 1366×768 window's canvas. The goal: 1,000 layers in under 0.3 s.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from designer.model import Document, LayerNode, Source  # noqa: E402
from designer.model.layout import layered_layout  # noqa: E402


def residual_network(layers: int) -> Document:
    """An input, then blocks of conv → bn → relu → conv → add(skip): about ``layers`` layers."""
    nodes = [LayerNode("input", "InputLayer", {"shape": [32, 32, 16]})]
    skip = "input"
    block = 0
    while len(nodes) + 5 <= layers:
        b = f"b{block}"
        chain = [(f"{b}_conv1", "Conv2D"), (f"{b}_bn", "BatchNormalization"), (f"{b}_relu", "ReLU"),
                 (f"{b}_conv2", "Conv2D")]
        previous = skip
        for layer_id, cls in chain:
            config = {"filters": 16, "kernel_size": 3, "padding": "same"} if cls == "Conv2D" else {}
            nodes.append(LayerNode(layer_id, cls, config, (Source(previous),)))
            previous = layer_id
        nodes.append(LayerNode(f"{b}_add", "Add", {}, (Source(skip), Source(previous))))
        skip = f"{b}_add"
        block += 1
    while len(nodes) < layers:
        nodes.append(LayerNode(f"tail{len(nodes)}", "ReLU", {}, (Source(nodes[-1].id),)))
    return Document("residual", nodes)


def best_time(doc: Document, runs: int = 3, **options) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        layered_layout(doc, **options)
        best = min(best, time.perf_counter() - start)
    return best


GOAL_MS = 300.0


def main() -> None:
    for size in (100, 400, 1000, 2000):
        doc = residual_network(size)
        for label, options in (("top-bottom", {}), ("left-right", {"direction": "LR"}),
                               ("folded 770x472", {"fit": (770.0, 472.0)})):
            ms = best_time(doc, **options) * 1000
            verdict = "" if size != 1000 else ("  (goal < 300 ms: met)" if ms < GOAL_MS else "  (goal < 300 ms: MISSED)")
            print(f"layered_layout {label:15s} {len(doc):5d}-layer residual network  {ms:8.1f} ms{verdict}")


if __name__ == "__main__":
    main()
