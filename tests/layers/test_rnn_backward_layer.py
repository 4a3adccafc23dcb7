"""Bidirectional with a backward_layer unlike the forward one, against what Keras's model returns when called.

Keras's symbolic shapes come from the forward layer alone (``compute_output_shape``)
and the engine agrees with them; its call merges what each direction returns. Where
the two differ (or the call fails) the engine warns, and only there.
"""

import pytest

from designer.layers import get_spec
from designer.engine.layer_infer import infer_layer

pytestmark = pytest.mark.keras

N = None
SEQ = (N, 5, 3)


def L(class_name, **config):
    return {"class_name": class_name, "config": config}


def back(class_name, **config):
    return L(class_name, go_backwards=True, **config)


BACKWARD_CASES = [
    ({"layer": L("LSTM", units=4), "backward_layer": back("GRU", units=3)}, SEQ),
    ({"layer": L("LSTM", units=4), "backward_layer": back("GRU", units=4)}, SEQ),
    ({"layer": L("LSTM", units=4, return_sequences=True),
      "backward_layer": back("GRU", units=3, return_sequences=True)}, SEQ),
    ({"layer": L("LSTM", units=4), "backward_layer": back("GRU", units=3), "merge_mode": "sum"}, SEQ),
    ({"layer": L("LSTM", units=4), "backward_layer": back("GRU", units=1), "merge_mode": "mul"}, SEQ),
    ({"layer": L("LSTM", units=4), "backward_layer": back("GRU", units=3), "merge_mode": None}, SEQ),
    ({"layer": L("LSTM", units=4, return_state=True), "backward_layer": back("GRU", units=3, return_state=True)},
     SEQ),
    ({"layer": L("LSTM", units=4, return_state=True), "backward_layer": back("GRU", units=4, return_state=True)},
     SEQ),
    ({"layer": L("GRU", units=4, return_state=True), "backward_layer": back("LSTM", units=4, return_state=True)},
     SEQ),
    ({"layer": L("GRU", units=4, return_state=True), "backward_layer": back("SimpleRNN", units=2, return_state=True),
      "merge_mode": "ave"}, SEQ),
    ({"layer": L("RNN", cell=L("LSTMCell", units=4)), "backward_layer": back("RNN", cell=L("GRUCell", units=2))},
     SEQ),
    ({"layer": L("ConvLSTM1D", filters=2, kernel_size=3),
      "backward_layer": back("ConvLSTM1D", filters=2, kernel_size=3, padding="same")}, (N, 5, 8, 3)),
    ({"layer": L("ConvLSTM1D", filters=2, kernel_size=3),
      "backward_layer": back("ConvLSTM1D", filters=3, kernel_size=3)}, (N, 5, 8, 3)),
]


def keras_called(config, sequence):
    """The shapes Keras's model returns when called on zeros, or None where the call fails."""
    import keras
    import numpy as np

    from keras_oracle import keras_kwargs

    x = keras.Input(batch_shape=sequence)
    outs = keras.tree.flatten(keras.layers.Bidirectional(**keras_kwargs("Bidirectional", config))(x))
    model = keras.Model(x, outs)
    try:
        got = keras.tree.flatten(model(np.zeros([2 if d is None else d for d in sequence], "float32")))
    except Exception:
        return outs, None
    return outs, [(None, *t.shape[1:]) for t in got]


@pytest.mark.parametrize("config,sequence", BACKWARD_CASES)
def test_warns_exactly_where_the_call_differs_from_the_symbolic_shapes(config, sequence):
    symbolic, called = keras_called(config, sequence)
    result = infer_layer("Bidirectional", config, [sequence])
    assert result.outputs == [tuple(t.shape) for t in symbolic]
    spec = get_spec("Bidirectional")
    caveats = spec.caveats(result.config, [sequence], result.outputs)
    differs = called is None or called != result.outputs
    assert bool(caveats) == differs, (called, caveats)
    if caveats:
        (_, message), = caveats
        assert ("predict() fails" in message) == (called is None), message
        if called is not None:
            assert f"predict() returns {', '.join(str(s).replace(',)', ')') for s in called)}" in message


def test_the_warning_reaches_the_design():
    from designer.engine import infer_document
    from designer.engine.explain import explain_design
    from designer.model import Document, LayerNode, Source

    config, sequence = BACKWARD_CASES[0]
    doc = Document("backward", [LayerNode("x", "InputLayer", {"batch_shape": list(sequence)}),
                                LayerNode("both", "Bidirectional", config, (Source("x"),))])
    (e,) = [e for e in explain_design(doc, infer_document(doc), with_fixes=False) if e.id == "both"]
    assert [w.kind for w in e.warnings] == ["bidirectional_backward"]
    assert "predict() returns (None, 7)" in e.warnings[0].message
