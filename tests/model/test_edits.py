"""Reversible edits: each applies all-or-nothing and its inverse restores the document."""

import pytest

from designer.model import Document, DocumentError, LayerNode, Source, document_to_dict
from designer.model import edits


def make():
    return Document("d", [
        LayerNode("in", "InputLayer", {"shape": [4]}, (), (0, 0)),
        LayerNode("a", "Dense", {"units": 3}, (Source("in"),), (0, 100)),
        LayerNode("b", "Dense", {"units": 2}, (Source("a"),), (0, 200)),
        LayerNode("c", "Dense", {"units": 2}, (Source("a"),), (100, 200)),
        LayerNode("m", "Add", {}, (Source("b"), Source("c")), (0, 300)),
    ])


def roundtrip(doc, edit):
    before = document_to_dict(doc)
    inverse = edit.apply(doc)
    after = document_to_dict(doc)
    inverse.apply(doc)
    assert document_to_dict(doc) == before
    edit.apply(doc)
    assert document_to_dict(doc) == after
    return after


def test_snake_case_matches_keras():
    assert [edits.snake_case(c) for c in ("Conv2D", "MaxPooling2D", "Conv2DTranspose", "LSTM", "GlobalAveragePooling1D",
                                           "BatchNormalization", "ReLU", "PReLU")] == [
        "conv2d", "max_pooling2d", "conv2d_transpose", "lstm", "global_average_pooling1d", "batch_normalization",
        "re_lu", "p_re_lu"]


def test_insert_on_edge_is_one_edit():
    doc = make()
    edit, new_id = edits.insert_on_edge(doc, "Dropout", Source("a"), "c", 0, config={"rate": 0.5})
    roundtrip(doc, edit)
    assert doc.layer("c").inbound == (Source(new_id),) and doc.layer(new_id).inbound == (Source("a"),)


def test_delete_with_reconnection():
    doc = make()
    roundtrip(doc, edits.remove_layers(doc, ["a"]))
    assert "a" not in doc
    assert doc.layer("b").inbound == (Source("in"),) and doc.layer("c").inbound == (Source("in"),)


def test_delete_a_merge_input_drops_that_port_and_chain_deletes_resolve():
    doc = make()
    roundtrip(doc, edits.remove_layers(doc, ["b", "c"]))
    assert doc.layer("m").inbound == (Source("a"), Source("a"))
    doc = make()
    roundtrip(doc, edits.remove_layers(doc, ["a", "b"]))
    assert doc.layer("m").inbound == (Source("in"), Source("c")) and doc.layer("c").inbound == (Source("in"),)


def test_delete_without_reconnection_leaves_consumers_unfed():
    doc = make()
    roundtrip(doc, edits.remove_layers(doc, ["a"], reconnect=False))
    assert doc.layer("b").inbound == ()


def test_refused_step_rolls_back_everything():
    doc = make()
    before = document_to_dict(doc)
    bad = edits.Edit("bad", [
        edits.Step("replace", new=doc.layer("b").with_config(units=9)),
        edits.Step("replace", new=doc.layer("a").with_inbound([Source("m")])),  # a cycle
    ])
    with pytest.raises(DocumentError, match="cycle"):
        bad.apply(doc)
    assert document_to_dict(doc) == before


def test_paste_and_duplicate_give_fresh_ids_and_names():
    doc = make()
    doc.replace_layer(doc.layer("b").with_config(name="b"))
    edit, ids = edits.duplicate_layers(doc, ["b", "m"])
    roundtrip(doc, edit)
    b2, m2 = ids
    assert b2 == "b_1" and doc.layer(b2).config["name"] == "b_1"
    assert doc.layer(b2).inbound == (Source("a"),)  # kept its outside source
    assert doc.layer(m2).inbound == (Source(b2), Source("c"))
    assert doc.layer(b2).position == (40.0, 240.0)
    edit, ids = edits.paste_layers(doc, [doc.layer("b"), doc.layer("m")])
    roundtrip(doc, edit)
    assert doc.layer(ids[0]).inbound == () and doc.layer(ids[1]).inbound == (Source(ids[0]),)


def test_connect_disconnect_set_argument_move():
    doc = make()
    roundtrip(doc, edits.connect(doc, Source("in"), "m"))
    assert doc.layer("m").inbound[-1] == Source("in")
    roundtrip(doc, edits.disconnect(doc, "m", 2))
    roundtrip(doc, edits.set_argument(doc, "a", "units", 7))
    assert doc.layer("a").config["units"] == 7
    roundtrip(doc, edits.set_argument(doc, "a", "units", None))
    assert "units" not in doc.layer("a").config
    roundtrip(doc, edits.move_layers(doc, {"a": (5, 6)}))
    assert doc.layer("a").position == (5.0, 6.0)
    with pytest.raises(DocumentError):
        edits.connect(doc, Source("m"), "a").apply(doc)


def test_none_is_stored_where_it_is_not_keras_default_and_reset_removes():
    doc = Document("d", [LayerNode("in", "InputLayer", {"shape": [5, 3]}),
                         LayerNode("lstm", "LSTM", {"units": 4}, (Source("in"),))])
    roundtrip(doc, edits.set_argument(doc, "lstm", "activation", None))
    assert doc.layer("lstm").config == {"units": 4, "activation": None}
    roundtrip(doc, edits.set_argument(doc, "lstm", "activation", edits.RESET))
    assert doc.layer("lstm").config == {"units": 4}
    roundtrip(doc, edits.set_argument(doc, "lstm", "dropout", None))  # not nullable: None is a reset
    assert "dropout" not in doc.layer("lstm").config


def test_many_layers_replaced_in_a_row_are_one_change_and_undo_exactly():
    """A layout or a block making room moves hundreds of cards: listeners hear one change, not one per card."""
    doc = make()
    heard = []
    doc.changed.connect(heard.append)
    moves = edits.Edit("move", [edits.Step("replace", new=n.with_position(n.position[0] + 50, n.position[1]))
                                for n in doc])
    roundtrip(doc, moves)
    assert [c.kind for c in heard] == ["replaced"] * 3
    assert all(set(c.ids) == set(doc.ids()) for c in heard)
