"""Opening Python source of a 300-layer model with the source importer (nothing is run).

Run: `.venv/bin/python benchmarks/pysource_bench.py` (also part of `python3 dev.py bench`).
Three scripts of about 300 layers each: a corpus ResNet (a helper function in loops that
branches on ``x.shape[-1]``, read from the engine) grown to 40 blocks, a generated
Sequential ``.add`` chain, and the corpus MLP-Mixer (``keras.ops.transpose`` read as Permute
layers, each from its input's shape) grown to 30 blocks. Each is imported in-process 30 times; the median and best are reported.
Goal (issue #12): under 0.2 s per import.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

GOAL = 0.2
REPEAT = 30

RESNET_SOURCE = ROOT / "tests" / "export" / "pysource" / "corpus" / "functional_residual_shape.py"
"""A corpus source (checked against Keras): residual blocks built by a helper that reads ``x.shape[-1]``."""
STAGES = "for filters, strides in [(16, 1), (32, 2), (32, 1), (64, 2)]:"
DEEP_BLOCKS = [(16 * 2 ** s, 2 if s and b == 0 else 1) for s in range(4) for b in range(10)]
DEEP_STAGES = f"for filters, strides in {DEEP_BLOCKS}:"


MIXER_SOURCE = ROOT / "tests" / "export" / "pysource" / "corpus" / "mlp_mixer_transpose.py"
"""A corpus source (checked against Keras): mixer blocks with keras.ops.transpose and ops.reshape."""
MIXER_LOOP = "for _ in range(2):"


def mixer_source() -> str:
    """The corpus MLP-Mixer with 30 blocks instead of 2 (about 300 layers, 60 operations)."""
    text = MIXER_SOURCE.read_text()
    assert MIXER_LOOP in text, "the corpus source changed: update MIXER_LOOP"
    return text.replace(MIXER_LOOP, "for _ in range(30):")


def functional_source() -> str:
    """The corpus ResNet with 40 residual blocks instead of 4 (about 300 layers)."""
    text = RESNET_SOURCE.read_text()
    assert STAGES in text, "the corpus source changed: update STAGES"
    return text.replace(STAGES, DEEP_STAGES)


SEQUENTIAL = "\n".join(
    ["from keras.models import Sequential", "from keras.layers import *", "", "model = Sequential()",
     "model.add(Dense(64, input_shape=(64,), activation='relu'))"]
    + [f"model.add(Dense({32 + i % 64}, activation='relu'))\nmodel.add(Dropout(0.1))" for i in range(150)]
    + ["model.compile(optimizer='adam', loss='mse')", "model.summary()"]
)


def measure(name: str, text: str) -> bool:
    from designer.engine import infer_document
    from designer.export.pysource import import_source_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{name}.py"
        path.write_text(text)
        times = []
        for _ in range(REPEAT):
            start = time.perf_counter()
            result = import_source_file(path)
            times.append(time.perf_counter() - start)
    doc = result.document
    inference = infer_document(doc)
    median, best = statistics.median(times), min(times)
    ok = median < GOAL
    print(f"{name}: {len(doc)} layers, {inference.params.total:,} params, {len(text.splitlines())} source lines: "
          f"import median {median * 1000:.0f} ms, best {best * 1000:.0f} ms over {REPEAT} runs "
          f"(goal < {GOAL * 1000:.0f} ms: {'met' if ok else 'NOT met'})")
    return ok


def main() -> int:
    ok = measure("resnet_functional_helpers", functional_source())
    ok &= measure("sequential_add_chain", SEQUENTIAL)
    ok &= measure("mlp_mixer_keras_ops", mixer_source())
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
