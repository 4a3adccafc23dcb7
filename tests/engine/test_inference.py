"""Whole-design inference: order, blocking, names, wiring and the cache."""

from designer.engine import ShapeEngine, infer_document
from designer.model import Document, LayerNode, Source


def chain(*nodes):
    return Document("t", [LayerNode("in", "InputLayer", {"shape": [8]}), *nodes])


def test_shapes_flow_and_params_total():
    doc = chain(LayerNode("a", "Dense", {"units": 4}, (Source("in"),)),
                LayerNode("b", "Dense", {"units": 2, "trainable": False}, (Source("a"),)))
    inf = infer_document(doc)
    assert inf.valid
    assert inf["a"].output_shape == (None, 4) and inf["b"].output_shape == (None, 2)
    assert (inf.params.trainable, inf.params.non_trainable) == (36, 10)


def test_downstream_of_an_invalid_layer_is_blocked_and_names_it():
    doc = chain(LayerNode("bad", "Dense", {"units": 0}, (Source("in"),)),
                LayerNode("c", "Dense", {"units": 2}, (Source("bad"),)),
                LayerNode("d", "Identity", {}, (Source("c"),)))
    inf = infer_document(doc)
    assert not inf.valid
    assert inf["bad"].error.startswith("bad: ") and "units" in inf["bad"].error
    assert inf["c"].outputs is None and inf["c"].blocked_by == "bad"
    assert inf["d"].error == "d: no shape: depends on bad, which is invalid" and inf["d"].blocked_by == "bad"
    assert [r.id for r in inf.invalid()] == ["bad"]


def test_unknown_class_is_flagged_not_fatal():
    doc = chain(LayerNode("x", "MyCustomLayer", {"foo": 1}, (Source("in"),)),
                LayerNode("y", "Dense", {"units": 2}, (Source("x"),)))
    inf = infer_document(doc)
    assert "unsupported layer type 'MyCustomLayer'" in inf["x"].error
    assert inf["y"].outputs is None and inf["y"].blocked_by == "x"


def test_wrong_argument_type_and_unknown_argument_are_layer_errors():
    doc = chain(LayerNode("a", "Dense", {"units": "ten"}, (Source("in"),)),
                LayerNode("b", "Dense", {"units": 3, "unitz": 4}, (Source("in"),)))
    inf = infer_document(doc)
    assert "`units` must be an integer" in inf["a"].error
    assert "no argument `unitz`" in inf["b"].error


def test_missing_required_argument_and_arity():
    doc = chain(LayerNode("a", "Dense", {}, (Source("in"),)), LayerNode("b", "Dense", {"units": 1}))
    inf = infer_document(doc)
    assert "needs a value for `units`" in inf["a"].error
    assert "nothing is connected" in inf["b"].error


def test_duplicate_names_are_refused_like_keras():
    doc = chain(LayerNode("a", "Dense", {"units": 4, "name": "same"}, (Source("in"),)),
                LayerNode("b", "Dense", {"units": 5, "name": "same"}, (Source("a"),)))
    inf = infer_document(doc)
    assert inf["a"].valid and "already used" in inf["b"].error


def test_output_index_out_of_range():
    doc = chain(LayerNode("a", "Dense", {"units": 4}, (Source("in"),)),
                LayerNode("b", "Dense", {"units": 4}, (Source("a", 1),)))
    assert "only 1 output" in infer_document(doc)["b"].error


def test_cache_recomputes_only_what_changed(monkeypatch):
    import designer.engine.inference as inference_module

    calls = []
    real = inference_module.infer_layer
    monkeypatch.setattr(inference_module, "infer_layer", lambda *a: calls.append(a[0]) or real(*a))
    doc = chain(LayerNode("a", "Dense", {"units": 4}, (Source("in"),)),
                LayerNode("b", "Dense", {"units": 2}, (Source("a"),)),
                LayerNode("c", "Dense", {"units": 2}, (Source("in"),)))
    engine = ShapeEngine()
    engine.infer(doc)
    assert len(calls) == 4
    calls.clear()
    doc.replace_layer(doc.layer("a").with_config(units=5))
    inf = engine.infer(doc)
    assert calls == ["Dense", "Dense"]  # a, and b whose input changed; not c, not the input
    assert inf["b"].inputs == ((None, 5),)
    calls.clear()
    doc.replace_layer(doc.layer("a").with_config(name="renamed"))
    engine.infer(doc)
    assert calls == ["Dense"]  # b's input shape is unchanged, so b is reused


def test_same_name_class_and_config_is_one_shared_layer():
    doc = Document("t", [
        LayerNode("a", "InputLayer", {"shape": [8]}), LayerNode("b", "InputLayer", {"shape": [8]}),
        LayerNode("c", "InputLayer", {"shape": [5]}),
        LayerNode("shared", "Dense", {"units": 4, "name": "shared"}, (Source("a"),)),
        LayerNode("shared__2", "Dense", {"units": 4, "name": "shared"}, (Source("b"),)),
        LayerNode("shared__3", "Dense", {"units": 4, "name": "shared"}, (Source("c"),)),
    ])
    inf = infer_document(doc)
    assert inf["shared"].params.total == 36 and inf["shared__2"].params.total == 0 and inf["shared__2"].valid
    assert "inputs of the same size" in inf["shared__3"].error
    assert inf.params.total == 36
