"""Engine speed: a full pass over a ~1,000-layer design, cold and after one edit; the `check` process.

Run: `python3 dev.py bench` (or `.venv/bin/python benchmarks/engine_bench.py`).
Goals (issue #2): a full pass under 10 ms in-process; `keras-designer check` under 0.5 s as a whole process.
Medians move with whatever else the 2-core machine is doing; the best of 100 runs shows the engine's own cost.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from designer.engine import ShapeEngine  # noqa: E402
from designer.model import save_document  # noqa: E402
from designs import residual_cnn  # noqa: E402


def timed(fn, repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    doc = residual_cnn(1000)
    n = len(doc)
    assert ShapeEngine().infer(doc).valid, "benchmark design must be valid"

    cold = timed(lambda: ShapeEngine().infer(doc), 100)
    engine = ShapeEngine()
    engine.infer(doc)
    warm = timed(lambda: engine.infer(doc), 100)

    middle = doc.layer("b70_conv1")
    edits = []
    for i in range(30):
        doc.replace_layer(middle.with_config(kernel_size=[3 + 2 * (i % 2), 3 + 2 * (i % 2)]))
        edits.append(timed(lambda: engine.infer(doc), 1)[0])

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "big.json")
        save_document(residual_cnn(1000), path)
        cmd = [sys.executable, "-m", "designer", "check", path, "--json"]
        procs = timed(lambda: subprocess.run(cmd, capture_output=True, check=True), 7)
        import_only = timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), 7)

    med = statistics.median
    print(f"engine benchmark: {n} layers (residual CNN, 64×64×32)")
    print(f"  full pass, cold (new engine):      {med(cold) * 1e3:7.2f} ms median, {min(cold) * 1e3:.2f} ms best "
          f"({med(cold) / n * 1e6:5.2f} µs/layer)  goal < 10 ms")
    print(f"  full pass, cached (nothing edited): {med(warm) * 1e3:7.2f} ms median, {min(warm) * 1e3:.2f} ms best")
    print(f"  full pass after editing one layer:  {med(edits) * 1e3:7.2f} ms  (only downstream layers recomputed)")
    print(f"  `keras-designer check --json` process: {med(procs) * 1e3:6.0f} ms  goal < 500 ms "
          f"(bare python start: {med(import_only) * 1e3:.0f} ms)")


if __name__ == "__main__":
    main()
