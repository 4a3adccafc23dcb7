"""Document edits keep it consistent and emit events."""

import pytest

from designer.model.limits import MAX_LAYERS
from designer.model import Document, DocumentError, LayerNode, Source, topological_order


def make():
    return Document("d", [
        LayerNode("in", "InputLayer", {"shape": [4]}),
        LayerNode("a", "Dense", {"units": 3}, (Source("in"),)),
        LayerNode("b", "Dense", {"units": 2}, (Source("a"),)),
    ])


def test_events_and_revision():
    doc = make()
    seen = []
    doc.changed.connect(seen.append)
    doc.replace_layer(doc.layer("a").with_config(units=5))
    doc.add_layer(LayerNode("c", "Dense", {"units": 1}, (Source("b"),)))
    doc.remove_layer("c")
    assert [c.kind for c in seen] == ["replaced", "added", "removed"]
    assert doc.revision == 3
    assert doc.layer("a").config == {"units": 5}


def test_edits_that_would_break_the_document_are_refused_and_change_nothing():
    doc = make()
    with pytest.raises(DocumentError, match="cycle"):
        doc.replace_layer(doc.layer("a").with_inbound([Source("b")]))
    with pytest.raises(DocumentError, match="still feeds 'b'"):
        doc.remove_layer("a")
    with pytest.raises(DocumentError, match="already exists"):
        doc.add_layer(LayerNode("a", "Dense"))
    with pytest.raises(DocumentError, match="does not exist"):
        doc.add_layer(LayerNode("z", "Dense", {}, (Source("ghost"),)))
    with pytest.raises(DocumentError, match="its own output"):
        doc.replace_layer(doc.layer("a").with_inbound([Source("a")]))
    assert doc.revision == 0 and doc.layer("a").inbound == (Source("in"),)


def test_outputs_default_to_unconsumed_layers_and_follow_removal():
    doc = make()
    assert doc.outputs() == [Source("b")]
    doc.set_outputs([Source("a"), Source("b")])
    doc.remove_layer("b")
    assert doc.outputs() == [Source("a")]


def test_topological_order_keeps_document_order_on_ties():
    doc = Document("d", [
        LayerNode("m", "Add", {}, (Source("x"), Source("y"))),
        LayerNode("y", "Dense", {"units": 1}, (Source("in"),)),
        LayerNode("x", "Dense", {"units": 1}, (Source("in"),)),
        LayerNode("in", "InputLayer", {"shape": [2]}),
    ])
    assert topological_order(doc) == ["in", "y", "x", "m"]


def test_unique_id():
    doc = make()
    assert doc.unique_id("a") == "a_1"
    assert doc.unique_id("new") == "new"


def test_topological_order_is_linear_on_a_long_chain():
    nodes = [LayerNode("l0", "InputLayer", {"shape": [4]})]
    nodes += [LayerNode(f"l{i}", "Dense", {"units": 4}, (Source(f"l{i-1}"),)) for i in range(1, MAX_LAYERS)]
    doc = Document("long", reversed(nodes))
    order = topological_order(doc)
    assert order[0] == "l0" and order[-1] == f"l{MAX_LAYERS - 1}"
