"""Explanations and warnings on hostile designs (issue 9): bounded by the design's size, not by its problems.

Run: `python3 dev.py bench` (or `.venv/bin/python benchmarks/explain_bench.py`).
Goals: `explain` on any design that `check` handles within 1 s finishes within 5 s; an edit in a design with
2,000 outputs puts its shapes on screen within 100 ms (its warnings follow once the edit is shown).
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.hostile_designs import failing_branches, many_outputs  # noqa: E402
from designer.model import save_document  # noqa: E402


def command_seconds(*args: str) -> tuple[float, float]:
    """Wall time and CPU time of one `keras-designer` process (start-up included); CPU time is what the
    process itself needed, whatever else the machine was doing."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "designer", *args], capture_output=True, check=False, timeout=600,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def cli_report(folder: str) -> list[str]:
    lines = []
    for doc in (failing_branches(400), many_outputs(2000)):
        path = os.path.join(folder, f"{doc.name}.json")
        save_document(doc, path)
        size = os.path.getsize(path) // 1024
        check, check_cpu = command_seconds("check", path)
        explain, explain_cpu = command_seconds("explain", path, "--json")
        lines.append(f"  {doc.name} ({len(doc)} layers, {size} KB): check {check:.2f} s ({check_cpu:.2f} s CPU), "
                     f"explain {explain:.2f} s ({explain_cpu:.2f} s CPU) (goal < 5 s)")
    return lines


def app_report() -> list[str]:
    from designer.gui.app import application, create_window
    from designer.model import edits

    app = application()
    window = create_window()
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    controller = window.controller
    controller.replace_document(many_outputs(2000))
    app.processEvents()
    window.canvas.set_zoom(1.0)
    window.canvas.center_on("out1000")
    controller.select(["out1000"])
    app.processEvents()
    on_screen, on_screen_cpu, warned = [], [], []
    for k in range(10):
        while controller._warned is not controller.inference or window.summary._stale:
            app.processEvents()
        start, cpu = time.perf_counter(), time.process_time()
        controller.apply(edits.set_argument(controller.document, "out1000", "filters", 2 + k % 2))
        window.canvas.viewport().repaint()  # the paint the event loop does next, before any timer
        on_screen.append(time.perf_counter() - start)
        on_screen_cpu.append(time.process_time() - cpu)
        while controller._warned is not controller.inference or window.summary._stale:
            app.processEvents()
        warned.append(time.perf_counter() - start)
    controller.undo_stack.setClean()
    window.files.shutdown()
    window.close()
    med = statistics.median
    return [f"  edit in a 2,000-output design (100% zoom) → shapes on screen: median {med(on_screen) * 1e3:.0f} ms, "
            f"max {max(on_screen) * 1e3:.0f} ms; CPU median {med(on_screen_cpu) * 1e3:.0f} ms (goal < 100 ms)",
            f"  … then its 2,000 warnings, the summary table and the status bar: median {med(warned) * 1e3:.0f} ms"]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KERAS_DESIGNER_DATA_DIR"] = os.path.join(tmp, "appdata")
        lines = cli_report(tmp) + app_report()
    print("explain benchmark (hostile designs)")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
