"""Any input at all: a clear DocumentError or a document the engine infers without raising. Never a traceback."""

import json

from hypothesis import HealthCheck, given, settings, strategies as st

from designer.engine import infer_document
from designer.export.code_export import ExportError, export_code
from designer.layers import all_specs
from designer.model import DocumentError, document_from_dict, parse_document

CLASSES = [s.class_name for s in all_specs()] + ["Lambda", "MyCustomLayer", ""]
ARG_NAMES = sorted({a.name for s in all_specs() for a in s.args})[:80] + ["units", "filters", "kernel_size", "x"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**12) | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=12,
)


@st.composite
def designs(draw):
    n = draw(st.integers(1, 8))
    ids = [f"l{i}" for i in range(n)]
    layers = []
    for i, layer_id in enumerate(ids):
        config = draw(st.dictionaries(st.sampled_from(ARG_NAMES), json_values, max_size=4))
        if i == 0:
            config = {"shape": draw(st.lists(st.one_of(st.none(), st.integers(-2, 40)), max_size=4))}
        inbound = draw(st.lists(st.sampled_from(ids[:i]), max_size=3)) if i else []
        layers.append({"id": layer_id, "class_name": "InputLayer" if i == 0 else draw(st.sampled_from(CLASSES)),
                       "config": config, "inbound": inbound})
    return {"format": "keras-designer", "version": 1, "name": "fuzz", "layers": layers}


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(data=designs())
def test_any_design_is_inferred_and_exported_or_refused_cleanly(data):
    try:
        doc = document_from_dict(data)
    except DocumentError:
        return
    inference = infer_document(doc)
    for result in inference.results():
        assert result.error is None or "internal error" not in result.error, result.error
    try:
        source = export_code(doc, inference=inference)
    except ExportError:
        return
    compile(source, "<exported>", "exec")


@settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(data=json_values)
def test_any_json_is_a_document_error_or_a_document(data):
    try:
        parse_document(json.dumps(data))
    except DocumentError:
        pass


@settings(max_examples=120, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(data=designs())
def test_any_design_is_explained_without_raising(data):
    from designer.engine.explain import explain_design

    try:
        doc = document_from_dict(data)
    except DocumentError:
        return
    explanations = explain_design(doc, infer_document(doc), with_fixes=True)
    assert len(explanations) == len(doc)
