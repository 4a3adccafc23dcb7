"""Blocks in the document: undoable group steps, the file's optional "groups" key, blocks found in names."""

from __future__ import annotations

import pytest

from designer.model import Document, DocumentError, LayerNode, Source
from designer.model.edits import remove_layers
from designer.model.groups import (
    Group, group_layers, groups_from_json, groups_of, groups_to_json, rename_group, set_collapsed, strip_groups,
    suggest_groups, ungroup,
)


def chain(names: list[str]) -> Document:
    nodes = [LayerNode(names[0], "InputLayer", {"shape": [4]})]
    nodes += [LayerNode(n, "Dense", {"units": 4}, (Source(names[i]),)) for i, n in enumerate(names[1:])]
    return Document("d", nodes)


def test_group_rename_collapse_ungroup_each_undo_exactly():
    doc = chain(["in", "a", "b", "c", "d"])
    seen = []
    groups_of(doc).changed.connect(seen.append)
    edit, gid = group_layers(doc, ["a", "b", "c"], "mid")
    undo_group = edit.apply(doc)
    assert groups_of(doc).get(gid) == Group(gid, "mid", ("a", "b", "c"), False)
    assert groups_of(doc).group_of("b").id == gid and seen == [gid]
    undo_rename = rename_group(doc, gid, "middle").apply(doc)
    undo_collapse = set_collapsed(doc, gid, True).apply(doc)
    assert groups_of(doc).get(gid).name == "middle" and groups_of(doc).get(gid).collapsed
    undo_collapse.apply(doc)
    undo_rename.apply(doc)
    assert groups_of(doc).get(gid) == Group(gid, "mid", ("a", "b", "c"), False)
    undo_ungroup = ungroup(doc, gid).apply(doc)
    assert groups_of(doc).get(gid) is None and groups_of(doc).group_of("a") is None
    undo_ungroup.apply(doc)
    undo_group.apply(doc)
    assert len(groups_of(doc)) == 0


def test_grouping_takes_layers_out_of_their_block_and_refuses_nonsense():
    doc = chain(["in", "a", "b", "c", "d"])
    edit, first = group_layers(doc, ["a", "b", "c"])
    edit.apply(doc)
    edit, second = group_layers(doc, ["c", "d"], "tail")
    edit.apply(doc)
    assert groups_of(doc).get(first).members == ("a", "b")
    assert groups_of(doc).group_of("c").id == second
    with pytest.raises(DocumentError, match="at least two"):
        group_layers(doc, ["a"])
    with pytest.raises(DocumentError, match="non-empty name"):
        rename_group(doc, first, "  ")
    with pytest.raises(DocumentError, match="no block"):
        ungroup(doc, "nope")


def test_a_deleted_member_is_skipped_and_returns_with_undo():
    doc = chain(["in", "a", "b", "c"])
    edit, gid = group_layers(doc, ["a", "b", "c"])
    edit.apply(doc)
    undo = remove_layers(doc, ["b"], reconnect=True).apply(doc)
    assert groups_to_json(doc) == [{"id": gid, "name": gid, "layers": ["a", "c"], "collapsed": False}]
    undo.apply(doc)
    assert groups_to_json(doc)[0]["layers"] == ["a", "b", "c"]


def test_file_round_trip_and_clear_errors():
    doc = chain(["in", "a", "b", "c"])
    assert groups_to_json(doc) is None  # nothing written: the file stays what older versions read
    data = [{"id": "g", "name": "block g", "layers": ["a", "b"], "collapsed": True}]
    groups_from_json(doc, data)
    assert groups_to_json(doc) == data
    for bad, message in (
        ({"id": "g"}, "must be a list"),
        ([{"id": "g", "layers": ["zz"]}], "'zz' is not a layer"),
        ([{"id": "g", "layers": ["a"]}, {"id": "h", "layers": ["a"]}], "already in the block"),
        ([{"id": "g", "layers": ["a"]}, {"id": "g", "layers": ["b"]}], "two blocks have the id"),
        ([{"id": "g", "layers": "a"}], "list of layer ids"),
        ([{"id": "g", "layers": ["a"], "collapsed": "yes"}], "true or false"),
        (["g"], "not an object"),
    ):
        with pytest.raises(DocumentError, match=message):
            groups_from_json(doc, bad)
    assert strip_groups({"format": "keras-designer", "groups": data}) == {"format": "keras-designer"}


def test_blocks_found_in_keras_application_names_scopes_and_nested_models():
    resnet = chain(["input_1", "conv1_pad", "conv1_conv", "conv1_relu", "conv2_block1_1_conv", "conv2_block1_1_bn",
                    "conv2_block1_out", "conv2_block2_1_conv", "conv2_block2_out", "avg_pool", "predictions"])
    found = {g.name: g.members for g in suggest_groups(resnet)}
    assert found == {"conv1": ("conv1_pad", "conv1_conv", "conv1_relu"),
                     "conv2_block1": ("conv2_block1_1_conv", "conv2_block1_1_bn", "conv2_block1_out"),
                     "conv2_block2": ("conv2_block2_1_conv", "conv2_block2_out")}
    assert all(g.collapsed for g in suggest_groups(resnet))
    mobilenet = chain(["in", "block_3_expand", "block_3_project", "block_4_expand", "block_4_add"])
    assert [g.name for g in suggest_groups(mobilenet)] == ["block_3", "block_4"]
    scoped = chain(["in", "enc/conv", "enc/relu", "dec/conv", "dec/relu"])
    assert [g.name for g in suggest_groups(scoped)] == ["enc", "dec"]
    # Keras's default names never make a block, even side by side.
    plain = chain(["input", "conv2d_1", "conv2d_2", "activation_1", "max_pooling2d_1", "dense", "dense_1"])
    assert suggest_groups(plain) == []


def test_a_generic_layer_between_two_layers_of_a_block_joins_it():
    doc = chain(["in", "normal_conv_1_0", "activation_7", "normal_bn_1_0", "normal_add_1_0", "activation_8"])
    assert [(g.name, g.members) for g in suggest_groups(doc)] == [
        ("cell_0", ("normal_conv_1_0", "activation_7", "normal_bn_1_0", "normal_add_1_0"))]


def test_a_design_with_blocks_saves_and_reads_back_and_one_without_is_unchanged(tmp_path):
    import json

    from designer.model import dumps_document, load_document, save_document

    doc = chain(["in", "a", "b", "c"])
    plain = dumps_document(doc)
    assert "groups" not in plain
    edit, gid = group_layers(doc, ["a", "b"], "pair", collapsed=True)
    edit.apply(doc)
    save_document(doc, tmp_path / "d.json")
    data = json.loads((tmp_path / "d.json").read_text())
    assert data["groups"] == [{"id": gid, "name": "pair", "layers": ["a", "b"], "collapsed": True}]
    again = load_document(tmp_path / "d.json")
    assert list(groups_of(again)) == [Group(gid, "pair", ("a", "b"), True)]
    assert dumps_document(again) == (tmp_path / "d.json").read_text()
    # What a reader that predates "groups" opens: the same design, without its blocks.
    from designer.model import document_from_dict

    older = document_from_dict(strip_groups(data))
    assert older.ids() == again.ids() and len(groups_of(older)) == 0
    with pytest.raises(DocumentError, match="'zz' is not a layer"):
        document_from_dict(dict(data, groups=[{"id": "g", "layers": ["zz"]}]))
