"""Keyword calls: design → export → TensorFlow → to_json → import, agreeing with Keras at each step.

The keras.io character-level seq2seq model (the encoder's states passed to the decoder LSTM as
``initial_state``) and a MultiHeadAttention called with ``use_causal_mask=True`` and
``return_attention_scores=True``.
"""

import pytest

from designer.engine import infer_document
from designer.model import Document, LayerNode, Source, parse_document, dumps_document
from designer.model.calls import CallArgs

pytestmark = pytest.mark.keras

TOKENS_IN, TOKENS_OUT, LATENT = 71, 93, 256


def seq2seq() -> Document:
    """keras.io/examples/nlp/lstm_seq2seq: encoder states into the decoder."""
    return Document("seq2seq", [
        LayerNode("encoder_inputs", "InputLayer", {"name": "encoder_inputs", "shape": [None, TOKENS_IN]}),
        LayerNode("encoder", "LSTM", {"name": "encoder", "units": LATENT, "return_state": True},
                  (Source("encoder_inputs"),)),
        LayerNode("decoder_inputs", "InputLayer", {"name": "decoder_inputs", "shape": [None, TOKENS_OUT]}),
        LayerNode("decoder_lstm", "LSTM", {"name": "decoder_lstm", "units": LATENT, "return_sequences": True,
                                           "return_state": True},
                  (Source("decoder_inputs"), Source("encoder", 1), Source("encoder", 2)),
                  call=CallArgs((("initial_state", (1, 2)),))),
        LayerNode("decoder_dense", "Dense", {"name": "decoder_dense", "units": TOKENS_OUT,
                                             "activation": "softmax"}, (Source("decoder_lstm"),)),
    ], outputs=[Source("decoder_dense")])


def cell_decoder() -> Document:
    """seq2seq with an RNN of cells: LSTMCell's h and c into an RNN(LSTMCell), a stack of one-state cells
    started from two layers' states, and a Bidirectional RNN given the four states of the two directions."""
    cell = {"class_name": "LSTMCell", "config": {"units": 8}}
    return Document("cell_decoder", [
        LayerNode("enc_in", "InputLayer", {"name": "enc_in", "shape": [None, 5]}),
        LayerNode("encoder", "RNN", {"name": "encoder", "cell": cell, "return_state": True}, (Source("enc_in"),)),
        LayerNode("dec_in", "InputLayer", {"name": "dec_in", "shape": [None, 6]}),
        LayerNode("decoder", "RNN", {"name": "decoder", "cell": cell, "return_sequences": True},
                  (Source("dec_in"), Source("encoder", 1), Source("encoder", 2)),
                  call=CallArgs((("initial_state", (1, 2)),))),
        LayerNode("gru", "GRU", {"name": "gru", "units": 4, "return_state": True}, (Source("enc_in"),)),
        LayerNode("stack", "RNN", {"name": "stack", "return_sequences": True, "cell": [
            {"class_name": "GRUCell", "config": {"units": 4}}, {"class_name": "SimpleRNNCell", "config": {"units": 8}}]},
                  (Source("decoder"), Source("gru", 1), Source("encoder", 1)),
                  call=CallArgs((("initial_state", (1, 2)),))),
        LayerNode("both", "Bidirectional", {"name": "both", "layer": {"class_name": "RNN", "config": {"cell": cell}}},
                  (Source("stack"), Source("encoder", 1), Source("encoder", 2), Source("encoder", 1),
                   Source("encoder", 2)),
                  call=CallArgs((("initial_state", (1, 2, 3, 4)),))),
    ], outputs=[Source("both")])


def causal_attention() -> Document:
    return Document("causal_attention", [
        LayerNode("x", "InputLayer", {"name": "x", "shape": [10, 16]}),
        LayerNode("mha", "MultiHeadAttention", {"name": "mha", "num_heads": 2, "key_dim": 8},
                  (Source("x"), Source("x")),
                  call=CallArgs((), (("use_causal_mask", True), ("return_attention_scores", True)))),
        LayerNode("head", "Dense", {"name": "head", "units": 4}, (Source("mha"),)),
    ], outputs=[Source("head"), Source("mha", 1)])


def masked_attention() -> Document:
    """MultiHeadAttention with an attention_mask input, Attention returning its scores, Dropout(training=True)."""
    return Document("masked_attention", [
        LayerNode("x", "InputLayer", {"name": "x", "shape": [6, 8]}),
        LayerNode("pad", "InputLayer", {"name": "pad", "shape": [6, 6], "dtype": "bool"}),
        LayerNode("mha", "MultiHeadAttention", {"name": "mha", "num_heads": 2, "key_dim": 4},
                  (Source("x"), Source("x"), Source("pad")), call=CallArgs((("attention_mask", (2,)),))),
        LayerNode("att", "Attention", {"name": "att"}, (Source("mha"), Source("x")),
                  call=CallArgs((), (("return_attention_scores", True),))),
        LayerNode("drop", "Dropout", {"name": "drop", "rate": 0.1}, (Source("att"),),
                  call=CallArgs((), (("training", True),))),
    ], outputs=[Source("drop"), Source("att", 1)])


def build(doc: Document):
    from designer.export.code_export import export_code

    code = export_code(doc)
    namespace: dict = {"__name__": "exported"}
    exec(compile(code, "<exported>", "exec"), namespace)
    return code, namespace["build_model"]()


def keras_shapes(model) -> dict:
    out = {}
    for layer in model.layers:
        shapes = layer.output if isinstance(layer.output, (list, tuple)) else [layer.output]
        out[layer.name] = [tuple(t.shape) for t in shapes]
    return out


def engine_shapes(doc: Document) -> dict:
    inference = infer_document(doc)
    assert inference.valid, [r.error for r in inference.invalid()]
    return {r.name: r.outputs for r in inference.results()}, {r.name: r.params.total for r in inference.results()}


@pytest.mark.parametrize("make", [seq2seq, cell_decoder, causal_attention, masked_attention],
                         ids=["seq2seq", "cell_decoder", "causal_attention", "masked_attention"])
def test_keyword_calls_round_trip_and_agree_with_keras(make):
    from designer.export.keras_import import import_model_json

    doc = parse_document(dumps_document(make()))  # the call key survives a save and a load
    shapes, params = engine_shapes(doc)
    code, model = build(doc)
    assert keras_shapes(model) == shapes
    assert {layer.name: layer.count_params() for layer in model.layers} == params
    imported = import_model_json(model.to_json()).document
    assert {n.name: n.call for n in imported} == {n.name: n.call for n in doc}
    assert engine_shapes(imported) == (shapes, params)


def test_exported_calls_pass_keywords():
    code, _ = build(seq2seq())
    assert "initial_state=[encoder[1], encoder[2]]" in code
    code, _ = build(causal_attention())
    assert "use_causal_mask=True, return_attention_scores=True" in code


def test_wrong_initial_state_is_refused_as_keras_would():
    """Keras builds an LSTM given one state of two, then fails on the first call: the engine says so."""
    from dataclasses import replace

    import keras
    import numpy as np

    doc = seq2seq()
    doc.replace_layer(replace(doc.layer("decoder_lstm"), inbound=(Source("decoder_inputs"), Source("encoder", 1)),
                              call=CallArgs((("initial_state", (1,)),))))
    error = infer_document(doc)["decoder_lstm"].error
    assert "initial_state of LSTM needs 2 tensors (h and c), but 1 is passed" in error
    enc, dec = keras.Input((None, TOKENS_IN)), keras.Input((None, TOKENS_OUT))
    _, h, _ = keras.layers.LSTM(LATENT, return_state=True)(enc)
    model = keras.Model([enc, dec], keras.layers.LSTM(LATENT)(dec, initial_state=[h]))
    with pytest.raises(Exception, match="list index out of range"):
        model([np.zeros((1, 3, TOKENS_IN)), np.zeros((1, 3, TOKENS_OUT))])


def test_exported_cell_decoder_runs_in_tensorflow():
    """The exported model is called on data: Keras's call takes the states (it would fail on wrong ones)."""
    import numpy as np

    code, model = build(cell_decoder())
    assert "initial_state=[encoder[1], encoder[2]]" in code
    out = model([np.zeros((2, 3, 5), "float32"), np.zeros((2, 7, 6), "float32")])
    assert tuple(out.shape) == (2, 16)


def test_automatic_masks_are_left_to_keras_and_explicit_ones_kept():
    import keras

    from designer.export.keras_import import import_model_json

    tokens = keras.Input((None,), dtype="int32", name="tokens")
    emb = keras.layers.Embedding(100, 8, mask_zero=True, name="emb")(tokens)
    auto = keras.Model(tokens, keras.layers.LSTM(4, name="lstm")(emb))
    doc = import_model_json(auto.to_json()).document
    assert [n.class_name for n in doc] == ["InputLayer", "Embedding", "LSTM"] and doc.layer("lstm").call is None

    seq = keras.Input((5, 3), name="seq")
    given = keras.Input((5,), dtype="bool", name="given")
    out = keras.layers.GRU(2, name="gru")(seq, mask=given)
    doc = import_model_json(keras.Model([seq, given], out).to_json()).document
    gru = doc.layer("gru")
    assert gru.call == CallArgs((("mask", (1,)),)) and [s.layer for s in gru.inbound] == ["seq", "given"]
    shapes, params = engine_shapes(doc)
    code, model = build(doc)
    assert "(seq, mask=given)" in code
    assert keras_shapes(model) == shapes
