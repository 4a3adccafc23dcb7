"""Differential corpus: every source in ``corpus/`` is built by real Keras and opened by the importer.

One child process (`keras_corpus_child.py`) runs all sources with TensorFlow
and reports each layer's class, output shape per call and parameter count;
the importer reads the same sources without running them. Code Keras 3
cannot run as written (Keras 1 spellings, TensorFlow 1, the seed snippets
without imports) has its Keras 3 equivalent in ``corpus/<name>.keras3.py``,
which is what Keras runs.
They must agree on every layer.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest

from designer.engine import infer_document
from designer.layers import get_spec
from designer.export.pysource import import_source_file

pytestmark = pytest.mark.keras

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
TWIN = ".keras3.py"
SEEDS = [HERE / "seeds" / name for name in ("denoiser.py", "convmodel3.py", "unet.py", "tf1_placeholder.py")]
"""The seed questions' code, verbatim; Keras runs their Keras 3 twins kept in ``corpus/``."""
SOURCES = sorted(p for p in CORPUS.glob("*.py") if not p.name.endswith(TWIN)) + SEEDS
OPERATIONS_AS_RESCALING = ("Add", "Subtract", "Multiply", "TrueDivide", "Divide")
"""Keras 3 operations of a tensor and a number, which a design holds as the Rescaling layer computing the same."""
_POOLS = ("1D", "2D", "3D")
OPERATION_LAYERS = {
    "Reshape": ("Reshape",), "ExpandDims": ("Reshape",), "Squeeze": ("Reshape",), "Transpose": ("Permute",),
    "Mean": tuple(f"GlobalAveragePooling{d}" for d in _POOLS), "Max": tuple(f"GlobalMaxPooling{d}" for d in _POOLS),
    "Matmul": ("Dot",), "GetItem": tuple(f"Cropping{d}" for d in _POOLS), "Softmax": ("Softmax",),
    "Concatenate": ("Concatenate",), "Add": ("Add",), "Subtract": ("Subtract",), "Multiply": ("Multiply",),
    "Maximum": ("Maximum",), "Minimum": ("Minimum",), "Resize": ("Resizing",),
    **{op: ("Activation",) for op in ("Relu", "Relu6", "Sigmoid", "Tanh", "Silu", "Selu", "Softplus", "Softsign",
                                     "Exp", "HardSigmoid", "HardSilu", "ReLU", "Gelu", "Elu", "LeakyRelu",
                                     "LogSoftmax")},
}
"""Keras 3 operations (``keras.ops.*``, ``x[…]``) by the catalog layers a design may hold for them; their shapes
and parameters are compared with Keras's like any layer's."""


def _keras_source(source: Path) -> Path:
    twin = CORPUS / (source.name[:-3] + TWIN)
    return twin if twin.exists() else source


@cache
def keras_reports() -> dict:
    """What Keras builds from every source: one child process for the whole corpus."""
    pytest.importorskip("tensorflow")
    paths = [str(_keras_source(s)) for s in SOURCES]
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "CUDA_VISIBLE_DEVICES": ""}
    done = subprocess.run([sys.executable, str(HERE / "keras_corpus_child.py"), *paths], capture_output=True,
                          text=True, timeout=600, env=env)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _json_shape(shape):
    if isinstance(shape, list):
        return [_json_shape(s) for s in shape]
    return list(shape)


def designer_rows(source: Path) -> dict[str, dict]:
    """The importer's layers by name: class, output shape of each call, parameters of the first call."""
    inference = infer_document(import_source_file(source).document)
    rows: dict[str, dict] = {}
    for r in inference.results():
        if r.class_name == "InputLayer":
            continue
        row = rows.setdefault(r.name, {"class": r.class_name, "shapes": [],
                                       "params": r.params.total if r.params else None, "error": r.error,
                                       "unknown": get_spec(r.class_name) is None,
                                       "after_unknown": r.unknown_from not in (None, r.id)})
        row["shapes"].append(_json_shape(r.output_shape) if r.output_shape is not None else None)
    return rows


def test_corpus_is_large_and_varied():
    assert len(SOURCES) >= 30 and all(s.exists() for s in SOURCES)
    assert sum(1 for s in SOURCES if _keras_source(s) != s) >= 5


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_importer_agrees_with_keras_on_every_layer(source):
    report = keras_reports()[str(_keras_source(source))]
    assert "error" not in report, f"Keras could not build the corpus source: {report['error']}"
    ours = designer_rows(source)
    theirs = {row["name"]: row for row in report["layers"]}
    assert list(ours) == list(theirs) or sorted(ours) == sorted(theirs), (list(ours), list(theirs))
    for name, keras_row in theirs.items():
        row = ours[name]
        assert row["error"] is None, row["error"]
        expected_class = keras_row["class"]
        if row["unknown"]:  # a subclassed layer, a Lambda, or an operation the catalog has no layer for: never run
            assert row["class"] == (f"ops.{expected_class}" if keras_row["op"] else expected_class), name
            if row["shapes"] != [None] * len(row["shapes"]):  # declared by the code (a Lambda's output_shape)
                assert row["shapes"][:len(keras_row["shapes"])] == keras_row["shapes"], name
            continue
        if keras_row["op"] and row["class"] == "Rescaling":
            assert expected_class in OPERATIONS_AS_RESCALING, name
        elif keras_row["op"]:
            assert row["class"] in OPERATION_LAYERS.get(expected_class, ()), (name, row["class"], expected_class)
        else:
            assert row["class"] == expected_class, name
        if row["after_unknown"]:  # shapes after an unknown layer are unknown, never guessed
            assert row["shapes"] == [None] * len(row["shapes"]) and row["params"] in (None, 0), name
            continue
        shapes = keras_row["shapes"][:1] if keras_row["nested"] else keras_row["shapes"]
        assert row["shapes"][:len(shapes)] == shapes, name
        assert row["params"] == keras_row["params"], name


def test_unknown_layers_are_only_what_the_catalog_cannot_compute():
    """Every corpus layer the importer leaves unknown is a class the source defines or an operation without a
    catalog layer, and most sources open with every shape known."""
    unknown = {}
    for source in SOURCES:
        for name, row in designer_rows(source).items():
            if row["unknown"]:
                unknown[f"{source.stem}:{name}"] = row["class"]
    allowed = {"Patches", "Sampling", "TokenAndPositionEmbedding", "TransformerBlock", "Lambda"}
    assert all(cls.startswith("ops.") or cls in allowed for cls in unknown.values()), unknown
    assert len({key.split(":")[0] for key in unknown}) <= len(SOURCES) // 4, unknown
