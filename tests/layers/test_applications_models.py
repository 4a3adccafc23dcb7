"""Every `keras.applications` constructor's model, imported from its ``to_json``, agrees with Keras on every layer
and gets no warning (a standard architecture is never told it is wrong).

One child process builds all 40 models (``weights=None``, random initializers
replaced by zeros there: weights' values play no part), one at a time, and
compares each layer's output shapes and trainable/non-trainable parameters
with the engine's (`keras_import_support.assert_import_agrees`). Every layer
must be computed by the catalog: none may fall back to shapes Keras recorded
in the file. The child reports a line per model; the test fails on any
disagreement.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.keras

HERE = Path(__file__).resolve().parent

CHILD = r"""
import gc, json, sys, tempfile, traceback
from pathlib import Path
sys.path[:0] = [sys.argv[1], sys.argv[2]]
import keras
from keras.src import ops, random
from keras_import_support import assert_import_agrees
from designer.engine.explain import explain_design

def _zeros(shape, *args, dtype=None, **kwargs):
    return ops.zeros(shape, dtype=dtype or "float32")

for _name in ("uniform", "normal", "truncated_normal"):  # shapes only: skip drawing ~1.5e9 random numbers
    setattr(random, _name, _zeros)

names = sorted(n for n in dir(keras.applications) if n[0].isupper() and callable(getattr(keras.applications, n)))
report = {}
with tempfile.TemporaryDirectory() as tmp:
    for name in names:
        try:
            model = getattr(keras.applications, name)(weights=None)
            path = Path(tmp) / f"{name}.json"
            path.write_text(model.to_json())
            result, inference = assert_import_agrees(model, path)
            recorded = [n.id for n in result.document if getattr(n, "recorded", None) is not None]
            assert not recorded, f"layers taken from the file's recorded shapes: {recorded[:5]}"
            warned = [(e.id, w.kind) for e in explain_design(result.document, inference) for w in e.warnings]
            assert not warned, f"a standard architecture is warned: {warned[:5]}"
            report[name] = "ok"
        except Exception as exc:
            report[name] = f"{type(exc).__name__}: {str(exc)[:400]}"
        keras.backend.clear_session()
        del model
        gc.collect()
print(json.dumps(report))
"""


def test_every_keras_application_agrees_on_every_layer():
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "KERAS_BACKEND": "tensorflow"}
    proc = subprocess.run([sys.executable, "-c", CHILD, str(HERE.parent / "export"), str(HERE.parent.parent)],
                          capture_output=True, text=True, env=env, timeout=1800)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = json.loads(proc.stdout.strip().splitlines()[-1])
    assert len(report) == 40, sorted(report)
    failed = {name: outcome for name, outcome in report.items() if outcome != "ok"}
    assert not failed, json.dumps(failed, indent=1)
