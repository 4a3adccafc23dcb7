"""Time the canvas on an 800-layer residual CNN: ``python benchmarks/canvas_bench.py``.

Reports (best of a few runs, offscreen):

- building the scene for the design (cards, ports, arrows, card text),
- the auto layout applied as one move edit (layout + every card moved),
- a config edit until the affected cards show it: the head's ``units`` (one card changes) and the
  first conv's ``filters`` (it breaks the first Add, so every card below it changes),
- a fit-all repaint of the whole view.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtWidgets import QApplication  # noqa: E402

from benchmarks.designs import residual_cnn  # noqa: E402
from designer.gui.canvas import CanvasView  # noqa: E402
from designer.gui.controller import DocumentController  # noqa: E402
from designer.model.edits import set_argument  # noqa: E402

LAYERS = 800
RUNS = 3


def timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    build = layout = local = wide = paint = float("inf")
    for _ in range(RUNS):
        controller = DocumentController(residual_cnn(LAYERS))
        holder = {}
        build = min(build, timed(lambda: holder.setdefault("view", CanvasView(controller))))
        view = holder["view"]
        view.resize(1400, 900)
        layout = min(layout, timed(view.auto_layout))
        for units in (12, 10):
            local = min(local, timed(lambda: controller.apply(set_argument(controller.document, "head", "units", units))))
        assert view.graph.layer_item("head").text.shape == "(None, 10)"
        for filters in (48, 32):
            wide = min(wide, timed(lambda: controller.apply(
                set_argument(controller.document, "b0_conv2", "filters", filters))))
        assert view.graph.layer_item("head").text.shape == "(None, 10)"
        view.fit_all()
        paint = min(paint, timed(lambda: view.grab()))
        view.close()
        view.deleteLater()
        app.processEvents()
    n_items = len(view.graph.layer_items())
    n_edges = len(view.graph.edge_items())
    print(f"canvas: {n_items} layers, {n_edges} arrows (residual CNN)")
    print(f"  build the scene          {build * 1000:8.1f} ms")
    print(f"  auto layout (one edit)   {layout * 1000:8.1f} ms")
    print(f"  config edit → 1 card     {local * 1000:8.1f} ms  (edit, re-infer, refresh the changed card)")
    print(f"  config edit → all cards  {wide * 1000:8.1f} ms  (every card below the edit changes)")
    print(f"  paint at fit-all         {paint * 1000:8.1f} ms")


if __name__ == "__main__":
    main()
