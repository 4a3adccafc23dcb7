"""Any input at all: a clear DocumentError or a document the engine infers without raising. Never a traceback."""

import json

from hypothesis import HealthCheck, given, settings

from design_factory import designs, json_values
from designer.engine import infer_document
from designer.export.code_export import ExportError, export_code
from designer.model import DocumentError, document_from_dict, parse_document

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
