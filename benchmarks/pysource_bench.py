"""Opening Python source of a 300-layer model with the source importer (nothing is run).

Run: `.venv/bin/python benchmarks/pysource_bench.py` (also part of `python3 dev.py bench`).
Two generated scripts of about 300 layers each: a ResNet-style functional model built by a
helper function in loops that branches on ``x.shape[-1]`` (read from the engine), and a
Sequential ``.add`` chain. Each is imported in-process 30 times; the median and best are reported.
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

FUNCTIONAL = '''
import tensorflow as tf
from tensorflow.keras import layers


def residual_block(x, filters, strides=1):
    shortcut = x
    if strides != 1 or x.shape[-1] != filters:
        shortcut = layers.Conv2D(filters, 1, strides=strides)(x)
        shortcut = layers.BatchNormalization()(shortcut)
    x = layers.Conv2D(filters, 3, strides=strides, padding="same")(x)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    x = layers.Conv2D(filters, 3, padding="same")(x)
    x = layers.BatchNormalization()(x)
    x = layers.Add()([x, shortcut])
    return layers.ReLU()(x)


def build(input_shape=(224, 224, 3), num_classes=1000):
    inputs = tf.keras.Input(shape=input_shape)
    x = layers.Conv2D(64, 7, strides=2, padding="same")(inputs)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    x = layers.MaxPooling2D(3, strides=2, padding="same")(x)
    for stage, filters in enumerate([64, 128, 256, 512]):
        for block in range(10):
            x = residual_block(x, filters, strides=2 if block == 0 and stage > 0 else 1)
    x = layers.GlobalAveragePooling2D()(x)
    outputs = layers.Dense(num_classes, activation="softmax")(x)
    return tf.keras.Model(inputs, outputs)


model = build()
model.compile(optimizer="adam", loss="categorical_crossentropy")
model.summary()
'''

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
    ok = measure("resnet_functional_helpers", FUNCTIONAL)
    ok &= measure("sequential_add_chain", SEQUENTIAL)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
