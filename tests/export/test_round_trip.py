"""Design → export → run in TensorFlow → model.to_json() → import gives back the same design."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from design_factory import cnn_designs
from designer.export.code_export import export_code
from designer.export.keras_import import import_model_json
from designer.layers import get_spec, normalize_config
from designer.model import Document, load_document

pytestmark = pytest.mark.keras
SAMPLES = [p for p in sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.json"))
           if "valid" not in p.stem]


def canonical(doc: Document) -> dict:
    """Each layer by name: class, full normalised config (minus the name) and sources by name.

    Arguments are compared by meaning: a pooling layer's ``strides=None`` is its pool size.
    """
    out = {}
    for node in doc:
        spec = get_spec(node.class_name)
        config = normalize_config(spec, node.config)
        config.pop("name", None)
        if "pool_size" in config and config.get("strides") is None:
            config["strides"] = config["pool_size"]  # Keras's meaning of strides=None
        if "layer" in config and isinstance(config["layer"], dict):
            inner = config["layer"]
            inner_cfg = normalize_config(get_spec(inner["class_name"]), inner["config"])
            inner_cfg.pop("name", None)
            config["layer"] = (inner["class_name"], inner_cfg)
        sources = [(doc.layer(s.layer).name, s.index) for s in node.inbound]
        out[node.name] = (node.class_name, config, sources)
    return out


def round_trip(doc: Document) -> Document:
    namespace: dict = {"__name__": "exported"}
    exec(compile(export_code(doc), "<exported>", "exec"), namespace)
    model = namespace["build_model"]()
    return import_model_json(model.to_json()).document


@pytest.mark.parametrize("path", SAMPLES, ids=lambda p: p.stem)
def test_samples_round_trip(path):
    doc = load_document(path)
    assert canonical(round_trip(doc)) == canonical(doc)


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(doc=cnn_designs())
def test_random_designs_round_trip(doc):
    assert canonical(round_trip(doc)) == canonical(doc)


def test_a_design_with_only_an_input_round_trips():
    from designer.model import LayerNode

    doc = Document("only_input", [LayerNode("input", "InputLayer", {"name": "input", "shape": [4]})])
    assert canonical(round_trip(doc)) == canonical(doc)
