"""Opening an ~800-layer Keras model: keras-designer against Keras's own `model_from_json`.

Run: `python3 dev.py bench` (or `.venv/bin/python benchmarks/import_bench.py`). Needs TensorFlow to make the
model file (NASNetMobile from keras.applications, weights=None, 771 layers) and to time Keras.
Goal (issue #3): at least 10× faster than Keras as whole processes.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MAKE = """
import os, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import keras
model = keras.applications.NASNetMobile(weights=None)
open(sys.argv[1], "w").write(model.to_json())
"""
KERAS = """
import os, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import keras
model = keras.models.model_from_json(open(sys.argv[1]).read())
print(len(model.layers), model.count_params())
"""


def timed(cmd: list[str], repeat: int) -> list[float]:
    times = []
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTHONPATH": str(ROOT)}
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, env=env)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    from designer.engine import ShapeEngine
    from designer.export.keras_import import import_model_json

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "nasnet_mobile.json")
        subprocess.run([sys.executable, "-c", MAKE, path], check=True, capture_output=True)
        text = Path(path).read_text()
        start = time.perf_counter()
        doc = import_model_json(text).document
        imported = time.perf_counter() - start
        start = time.perf_counter()
        inference = ShapeEngine().infer(doc)
        inferred = time.perf_counter() - start
        ours = timed([sys.executable, "-m", "designer", "check", path, "--json"], 5)
        keras = timed([sys.executable, "-c", KERAS, path], 3)
    med = statistics.median
    print(f"import benchmark: NASNetMobile, {len(doc)} layers, {inference.params.total:,} params")
    print(f"  in-process: import {imported * 1e3:.0f} ms + shape inference {inferred * 1e3:.1f} ms")
    print(f"  `keras-designer check model.json` process: {med(ours):.2f} s")
    print(f"  Keras `model_from_json` process (import keras included): {med(keras):.2f} s")
    print(f"  keras-designer is {med(keras) / med(ours):.0f}× faster (goal ≥ 10×)")


if __name__ == "__main__":
    main()
