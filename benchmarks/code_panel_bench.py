"""What the code panel costs after an edit, on NASNetMobile (771 layers): ``python benchmarks/code_panel_bench.py``.

NASNetMobile is made by TensorFlow in a child process (set ``KERAS_DESIGNER_NASNET_JSON`` to an existing
``to_json()`` file to skip that). Reports, per edit, the time from the edit until the panel's delayed refresh has
run (the edit itself re-infers the design: the rest is the panel's), and how many times the code was generated:

- a move of one card: positions are not in the code, so no generation (goal: 0 generations);
- a config edit: one generation (what every move cost before).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.canvas_bench import nasnet_json  # noqa: E402
from designer.model import edits  # noqa: E402


def run(repeat: int = 5) -> None:
    from PySide6.QtWidgets import QApplication

    from designer.export.keras_import import import_model
    from designer.gui.code_panel import CodePanel
    from designer.gui.controller import DocumentController

    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp:
        doc = import_model(nasnet_json(tmp)).document
    controller = DocumentController()
    controller.replace_document(doc)
    panel = CodePanel(controller)
    panel.show()
    app.processEvents()
    layer = next(n for n in doc if n.class_name == "Conv2D")

    def settle() -> float:
        """Seconds of the panel's delayed refresh, run now if the edit scheduled it (what the event loop would run)."""
        app.processEvents()
        if not panel._timer.isActive():
            return 0.0
        panel._timer.stop()
        start = time.perf_counter()
        panel.refresh()
        return time.perf_counter() - start

    moves, configs = [], []
    generations = panel.generations
    for _ in range(repeat):
        x, y = controller.document.layer(layer.id).position or (0.0, 0.0)
        start = time.perf_counter()
        controller.apply(edits.move_layers(controller.document, {layer.id: (x + 10.0, y)}))
        moves.append(time.perf_counter() - start + settle())
    moved = panel.generations - generations
    generations = panel.generations
    for i in range(repeat):
        start = time.perf_counter()
        controller.apply(edits.set_argument(controller.document, layer.id, "filters", 8 + i))
        configs.append(time.perf_counter() - start + settle())
    configured = panel.generations - generations
    print(f"code panel on NASNetMobile ({len(doc)} layers), edit + re-inference + the panel's refresh:")
    print(f"  move one card   median {statistics.median(moves) * 1e3:7.1f} ms, {moved} code generations "
          f"in {repeat} moves (goal 0)")
    print(f"  config edit     median {statistics.median(configs) * 1e3:7.1f} ms, {configured} code generations "
          f"in {repeat} edits")
    panel.close()


if __name__ == "__main__":
    run()
