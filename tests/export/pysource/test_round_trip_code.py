"""Our own exported code (`designer.export.code_export`) re-imports to the identical design.

Every sample that Keras accepts is exported as tf.keras code and read back:
the same layers (ids, names, classes), the same connections and outputs, and
every argument equal once Keras's defaults are filled in (a sample may spell
``pool_size=(2, 2)`` that the export leaves out as the default, or a pooling's
``strides`` equal to its pool size, which Keras's ``strides=None`` means).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from designer.engine import infer_document
from designer.export.code_export import export_code
from designer.export.pysource import import_source
from designer.layers import get_spec, normalize_config
from designer.model import load_document

ROOT = Path(__file__).resolve().parents[3]
SAMPLES = sorted(p for p in {*ROOT.glob("samples/*.json"), *ROOT.glob("designer/samples/*.json")}
                 if "valid" not in p.stem)
SAMPLES = sorted({p.name: p for p in SAMPLES}.values())


def _meaning(doc):
    layers = {}
    for node in doc:
        spec = get_spec(node.class_name)
        config = normalize_config(spec, node.config) if spec is not None else dict(node.config)
        if "pool_size" in config and config.get("strides") is None:
            config["strides"] = config["pool_size"]  # Keras's meaning of strides=None
        layers[node.id] = (node.class_name, node.name, config, tuple(node.inbound))
    return layers, list(doc.outputs())


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem for p in SAMPLES])
def test_exported_code_reimports_to_the_same_design(path):
    doc = load_document(path)
    result = import_source(export_code(doc))
    assert result.document.name == doc.name
    assert _meaning(result.document) == _meaning(doc)
    assert infer_document(result.document).params == infer_document(doc).params


def test_there_are_samples_to_round_trip():
    assert len(SAMPLES) >= 8


CORPUS = sorted((ROOT / "tests" / "export" / "pysource" / "corpus").glob("*.py"))


@pytest.mark.parametrize("path", CORPUS, ids=[p.stem for p in CORPUS])
def test_corpus_designs_reexported_as_code_reimport_to_the_same_design(path):
    """Each corpus source (checked against Keras), with its operations read as catalog layers, exports to code
    that opens as the same design; a design with a layer unknown to the catalog is left out."""
    doc = import_source(path.read_text()).document
    if any(get_spec(node.class_name) is None and node.class_name != "InputLayer" for node in doc):
        pytest.skip("a layer outside the catalog has no code to export")
    again = import_source(export_code(doc)).document
    assert _meaning(again) == _meaning(doc)
    assert infer_document(again).params == infer_document(doc).params
