"""Panel and warning speed on large designs: ``python benchmarks/panels_bench.py`` (offscreen Qt).

Moved here from two tests that asserted timings (speed goals are checked by benchmarks, not by tests):

- the Model summary panel refreshing in place after an argument edit on an 800-layer chain (goal < 50 ms);
- the design warnings over 800-layer designs, run after every inference (goal < 30 ms).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.designs import residual_cnn  # noqa: E402
from designer.engine import ShapeEngine  # noqa: E402
from designer.engine.explain import warnings_for_design  # noqa: E402
from designer.model import Document, LayerNode, Source, edits  # noqa: E402


def conv_bn_chain(n: int) -> Document:
    nodes = [LayerNode("input", "InputLayer", {"shape": [32, 32, 8]})]
    for i in range(1, n):
        cls, cfg = (("Conv2D", {"filters": 8, "kernel_size": 3, "padding": "same"}) if i % 2
                    else ("BatchNormalization", {}))
        nodes.append(LayerNode(f"l{i}", cls, cfg, (Source(nodes[-1].id),)))
    return Document("big", nodes)


def dense_chain(n: int) -> Document:
    nodes = [LayerNode("input", "InputLayer", {"shape": [8, 8, 4]})]
    for i in range(n):
        nodes.append(LayerNode(f"d{i}", "Dense", {"units": 4}, (Source(nodes[-1].id),)))
    return Document("dense_chain", nodes)


def summary_refresh(repeat: int = 10) -> list[float]:
    from PySide6.QtWidgets import QApplication

    from designer.gui.controller import DocumentController
    from designer.gui.summary_panel import SummaryPanel

    app = QApplication.instance() or QApplication([])
    controller = DocumentController()
    controller.replace_document(conv_bn_chain(800))
    panel = SummaryPanel(controller)
    panel.show()
    timings = []
    for filters in range(9, 9 + repeat):
        controller.apply(edits.set_argument(controller.document, "l401", "filters", filters))
        start = time.perf_counter()
        panel.refresh()
        timings.append(time.perf_counter() - start)
    panel.close()
    app.processEvents()
    return timings


def warnings_pass(doc: Document, repeat: int = 10) -> list[float]:
    engine = ShapeEngine()
    engine.infer(doc)
    timings = []
    for _ in range(repeat):
        fresh = engine.infer(doc)
        start = time.perf_counter()
        warnings_for_design(doc, fresh)
        timings.append(time.perf_counter() - start)
    return timings


def report(what: str, timings: list[float], goal: float) -> None:
    print(f"{what}: median {statistics.median(timings) * 1000:.1f} ms, best {min(timings) * 1000:.1f} ms "
          f"(goal < {goal * 1000:.0f} ms)")


if __name__ == "__main__":
    report("summary panel refresh after an edit, 800 layers", summary_refresh(), 0.05)
    report("design warnings, residual CNN of 800 layers", warnings_pass(residual_cnn(800)), 0.03)
    report("design warnings, 800 Dense on a feature map", warnings_pass(dense_chain(800)), 0.03)
