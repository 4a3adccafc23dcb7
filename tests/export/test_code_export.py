"""Exported code runs in TensorFlow and builds exactly what the engine predicts."""

import ast
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from design_factory import cnn_designs
from designer.engine import infer_document
from designer.export.build import compare
from designer.export.build_worker import describe
from designer.export.code_export import ExportError, export_code
from designer.model import Document, LayerNode, Source, load_document

SAMPLES = sorted((Path(__file__).resolve().parents[2] / "samples").glob("*.json"))


def run_exported(source: str):
    """Execute exported code (our own output) and build its model in this process."""
    namespace: dict = {"__name__": "exported"}
    exec(compile(source, "<exported>", "exec"), namespace)
    return namespace["build_model"]()


def assert_builds_as_predicted(doc):
    source = export_code(doc)
    model = run_exported(source)
    diffs = compare(doc, infer_document(doc), describe(model))
    assert not diffs, "\n".join(map(str, diffs)) + "\n" + source
    return source, model


@pytest.mark.keras
@pytest.mark.parametrize("path", [p for p in SAMPLES if "valid" not in p.stem], ids=lambda p: p.stem)
def test_every_valid_sample_exports_and_builds_as_predicted(path):
    assert_builds_as_predicted(load_document(path))


@pytest.mark.keras
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(doc=cnn_designs())
def test_random_designs_export_and_build_as_predicted(doc):
    assert_builds_as_predicted(doc)


def test_chain_is_sequential_and_dag_is_functional():
    chain = export_code(load_document(SAMPLES[[p.stem for p in SAMPLES].index("denoiser")]))
    assert "keras.Sequential(" in chain and "keras.Model(" not in chain
    unet = export_code(load_document(SAMPLES[[p.stem for p in SAMPLES].index("unet")]))
    assert "keras.Model(inputs=input_, outputs=conv10" in unet
    assert 'layers.Concatenate(axis=3, name="merge6")([drop4, up6])' in unet


def test_defaults_are_not_spelled_out_and_required_args_are_positional():
    doc = Document("d", [
        LayerNode("in", "InputLayer", {"shape": [8, 8, 3]}),
        LayerNode("c", "Conv2D", {"filters": 4, "kernel_size": [3, 3], "padding": "valid", "strides": 1,
                                  "use_bias": True, "name": "c"}, (Source("in"),)),
    ])
    code = export_code(doc)
    assert 'layers.Conv2D(4, (3, 3), name="c")' in code


def test_invalid_design_is_refused_unless_forced():
    doc = load_document(SAMPLES[[p.stem for p in SAMPLES].index("convmodel3-valid")])
    with pytest.raises(ExportError, match="conv2d_4"):
        export_code(doc)
    ast.parse(export_code(doc, force=True))


HOSTILE = 'x"); import os; os.system("echo PWNED > pwned.txt")#'


@pytest.mark.keras
def test_a_hostile_layer_name_stays_a_name(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    marker = tmp_path / "pwned.txt"
    doc = Document("evil\"\"\"name'''\n", [
        LayerNode("in", "InputLayer", {"shape": [4], "name": "in\n'\"\\"}),
        LayerNode("d", "Dense", {"units": 2, "name": HOSTILE}, (Source("in"),)),
    ])
    source = export_code(doc)
    tree = ast.parse(source)
    calls = [n for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert not any(isinstance(c.func, ast.Attribute) and c.func.attr == "system" for c in calls)
    model = run_exported(source)
    assert not marker.exists()
    assert model.name == "evil\"\"\"name'''\n"
    assert [layer.name for layer in model.layers][-1] == HOSTILE


def test_odd_ids_make_valid_variable_names():
    doc = Document("d", [
        LayerNode("class", "InputLayer", {"shape": [4]}),
        LayerNode("1 bad-id!", "Dense", {"units": 2}, (Source("class"),)),
        LayerNode("print", "Dense", {"units": 2}, (Source("class"),)),
        LayerNode("m", "Add", {}, (Source("1 bad-id!"), Source("print"))),
    ])
    source = export_code(doc)
    assert "class_ = keras.Input" in source and "l_1_bad_id = " in source and "print_ = " in source
    ast.parse(source)
