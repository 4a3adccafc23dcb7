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


def test_unknown_class_is_unknown_not_invalid():
    doc = chain(LayerNode("x", "MyCustomLayer", {"foo": 1}, (Source("in"),)),
                LayerNode("y", "Dense", {"units": 2}, (Source("x"),)))
    inf = infer_document(doc)
    assert inf.valid and inf.invalid() == [] and inf["x"].error is None and inf["y"].error is None
    assert "MyCustomLayer is not in the designer's catalog" in inf["x"].unknown
    assert inf["y"].outputs is None and inf["y"].unknown_from == "x" and inf["y"].blocked_by is None
    assert "depends on x, which the designer does not know" in inf["y"].unknown
    assert [r.id for r in inf.unknown()] == ["x"] and inf.unknown_params == 2


def recorded(outputs=None, inputs=None, params=None):
    from designer.model.recorded import Recorded
    return Recorded(outputs and tuple(map(tuple, outputs)), inputs and tuple(map(tuple, inputs)), params)


def test_recorded_shape_stands_in_and_inference_goes_on():
    rec = recorded([[None, 5]], [[None, 8]], (45, 0))
    doc = chain(LayerNode("x", "MyCustomLayer", {}, (Source("in"),), recorded=rec),
                LayerNode("y", "Dense", {"units": 2}, (Source("x"),)))
    inf = infer_document(doc)
    assert inf.valid and inf.unknown_params == 0
    assert inf["x"].output_shape == (None, 5) and inf["x"].source == "recorded" and inf["x"].params.total == 45
    assert inf["y"].output_shape == (None, 2) and inf["y"].source == "computed" and inf["y"].params.total == 12
    assert inf["x"].notes == () and inf.params.total == 57


def test_recorded_without_params_makes_totals_a_lower_bound():
    from designer.engine.summary import format_check_table, format_summary
    doc = chain(LayerNode("x", "MyCustomLayer", {}, (Source("in"),), recorded=recorded([[None, 5]])),
                LayerNode("y", "Dense", {"units": 2}, (Source("x"),)))
    inf = infer_document(doc)
    assert inf.unknown_params == 1 and inf.params.total == 12
    summary = format_summary(doc, inf)
    assert "Total params: at least 12 (48.00 B) (1 layer unknown)" in summary
    assert "(None, 5) [recorded]" in summary
    table = format_check_table(doc, inf)
    assert "All layers valid." in table and "at least 12" in table


def test_upstream_edit_flags_recorded_output_as_stale():
    rec = recorded([[None, 5]], [[None, 8]])
    doc = chain(LayerNode("x", "MyCustomLayer", {}, (Source("in"),), recorded=rec))
    assert infer_document(doc)["x"].notes == ()
    doc.replace_layer(doc.layer("in").with_config(shape=[9]))
    r = infer_document(doc)["x"]
    assert r.valid and r.output_shape == (None, 5) and r.source == "recorded"
    assert "may be stale" in r.notes[0] and "(None, 8)" in r.notes[0] and "(None, 9)" in r.notes[0]


def test_computed_shape_disagreeing_with_recorded_is_reported():
    doc = chain(LayerNode("d", "Dense", {"units": 4}, (Source("in"),), recorded=recorded([[None, 3]])))
    r = infer_document(doc)["d"]
    assert r.output_shape == (None, 4) and r.source == "computed"
    assert "differs from the one the file recorded, (None, 3)" in r.notes[0]


def test_declared_and_lambda_shapes():
    from designer.model.recorded import Declared
    doc = chain(LayerNode("same", "MyBlock", {}, (Source("in"),), declared=Declared("same", (10, 1))),
                LayerNode("fixed", "MyBlock2", {}, (Source("same"),), declared=Declared((None, 3))),
                LayerNode("lam", "Lambda", {"output_shape": [7]}, (Source("fixed"),)))
    inf = infer_document(doc)
    assert inf["same"].output_shape == (None, 8) and inf["same"].source == "declared"
    assert (inf["same"].params.trainable, inf["same"].params.non_trainable) == (10, 1)
    assert inf["fixed"].output_shape == (None, 3) and inf["fixed"].params is None
    assert inf["lam"].output_shape == (None, 7) and inf["lam"].params.total == 0
    assert inf.valid and inf.unknown_params == 1


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
    real = inference_module.infer_node
    monkeypatch.setattr(inference_module, "infer_node", lambda *a: calls.append(a[0].class_name) or real(*a))
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


def test_keyword_calls_in_the_document_and_the_engine():
    import pytest

    from designer.model import DocumentError, dumps_document, parse_document
    from designer.model.calls import CallArgs

    doc = Document("t", [
        LayerNode("x", "InputLayer", {"shape": [5, 8]}),
        LayerNode("m", "InputLayer", {"shape": [5, 5]}),
        LayerNode("mha", "MultiHeadAttention", {"num_heads": 3, "key_dim": 4}, (Source("x"), Source("x"), Source("m")),
                  call=CallArgs((("attention_mask", (2,)),), (("return_attention_scores", True),))),
        LayerNode("d", "Dense", {"units": 2}, (Source("x"), Source("x")), call=CallArgs((("initial_state", (1,)),))),
    ])
    again = parse_document(dumps_document(doc))
    assert again.layer("mha").call == doc.layer("mha").call
    inf = infer_document(again)
    assert inf["mha"].outputs == [(None, 5, 8), (None, 3, 5, 5)]
    assert inf["d"].error == "d: Dense's call takes no initial_state argument"
    from dataclasses import replace

    again.replace_layer(replace(again.layer("mha"), inbound=(Source("x"), Source("x"))))  # a wire removed
    assert infer_document(again)["mha"].error == "mha: attention_mask is input 3 of the call, but only 2 inputs are connected"
    assert parse_document(dumps_document(again)).layer("mha").call == again.layer("mha").call  # still saves and opens
    text = dumps_document(doc).replace('"attention_mask": [2]', '"attention_mask": [2, 2]')
    with pytest.raises(DocumentError, match="input 2 is passed twice"):
        parse_document(text)
    with pytest.raises(DocumentError, match="'colour' is not a call argument"):
        parse_document(dumps_document(doc).replace('"return_attention_scores"', '"colour"'))
