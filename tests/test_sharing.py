"""Shared layers: one helper (`designer.model.sharing`) says which nodes are one Keras layer, for every user of it."""

from __future__ import annotations

import ast

from designer.engine import infer_document
from designer.export.build_protocol import compare
from designer.export.code_export import export_code
from designer.model import Document, LayerNode, Source, edits
from designer.model.sharing import calls_by_name, is_shared, name_clash, same_layer, shared_calls


def siamese() -> Document:
    dense = {"name": "shared", "units": 8}
    return Document("siamese", [
        LayerNode("a", "InputLayer", {"shape": [4]}),
        LayerNode("b", "InputLayer", {"shape": [4]}),
        LayerNode("shared", "Dense", dense, (Source("a"),)),
        LayerNode("shared__2", "Dense", dense, (Source("b"),)),
        LayerNode("add", "Add", {}, (Source("shared"), Source("shared__2"))),
    ])


def test_identity_is_name_class_and_config():
    doc = siamese()
    one, two = doc.layer("shared"), doc.layer("shared__2")
    assert same_layer(one, two) and not name_clash(one, two)
    other = two.with_config(units=9)
    assert not same_layer(one, other) and name_clash(one, other)
    assert not name_clash(one, doc.layer("add"))
    assert shared_calls(doc, "shared__2") == ["shared", "shared__2"]
    assert is_shared(doc, "shared") and not is_shared(doc, "add")
    assert calls_by_name(doc)["shared"] == ["shared", "shared__2"]


def test_the_engine_counts_a_shared_layer_once_and_flags_a_clash():
    doc = siamese()
    inference = infer_document(doc)
    assert inference.valid and inference.params.total == 4 * 8 + 8
    doc.replace_layer(doc.layer("shared__2").with_config(units=9))
    assert "already used by layer 'shared'" in infer_document(doc)["shared__2"].error


def test_editing_one_call_edits_the_shared_layer_and_undo_restores_every_call():
    doc = siamese()
    edit = edits.set_argument(doc, "shared__2", "units", 16)
    assert "all 2 calls" in edit.text
    inverse = edit.apply(doc)
    assert [doc.layer(i).config["units"] for i in ("shared", "shared__2")] == [16, 16]
    assert [doc.layer(i).inbound for i in ("shared", "shared__2")] == [(Source("a"),), (Source("b"),)]
    inference = infer_document(doc)
    assert inference.valid and inference.params.total == 4 * 16 + 16
    inverse.apply(doc)
    assert [doc.layer(i).config["units"] for i in ("shared", "shared__2")] == [8, 8]


def test_unshare_gives_one_call_its_own_layer_and_weights():
    doc = siamese()
    inverse = edits.unshare(doc, "shared__2").apply(doc)
    assert doc.layer("shared__2").name == "shared_2" and doc.layer("shared").name == "shared"
    assert not is_shared(doc, "shared")
    inference = infer_document(doc)
    assert inference.valid and inference.params.total == 2 * (4 * 8 + 8)
    undo_edit = edits.set_argument(doc, "shared__2", "units", 3).apply(doc)
    assert doc.layer("shared").config["units"] == 8
    undo_edit.apply(doc)
    inverse.apply(doc)
    assert is_shared(doc, "shared") and infer_document(doc).params.total == 4 * 8 + 8


def test_exported_code_builds_a_shared_layer_once_and_calls_it_twice():
    source = export_code(siamese())
    tree = ast.parse(source)
    built = [n for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
             and n.func.attr == "Dense"]
    assert len(built) == 1
    assert source.count("shared_layer(") == 2


def test_the_build_comparison_matches_each_call_with_keras_s_call():
    doc = siamese()
    inference = infer_document(doc)
    keras_layers = [
        {"name": "a", "calls": [[[None, 4]]], "trainable": 0, "non_trainable": 0},
        {"name": "b", "calls": [[[None, 4]]], "trainable": 0, "non_trainable": 0},
        {"name": "shared", "calls": [[[None, 8]], [[None, 8]]], "trainable": 40, "non_trainable": 0},
        {"name": "add", "calls": [[[None, 8]]], "trainable": 0, "non_trainable": 0},
    ]
    assert compare(doc, inference, keras_layers) == []
    keras_layers[2]["calls"][1] = [[None, 7]]
    diffs = compare(doc, inference, keras_layers)
    assert [(d.layer, d.what) for d in diffs] == [("shared", "output shape")]
