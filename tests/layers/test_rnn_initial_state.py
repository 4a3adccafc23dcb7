"""``initial_state`` against Keras: RNN with cells, ConvLSTM1D/2D/3D, Bidirectional, SimpleRNN/LSTM/GRU.

Keras builds a model whatever states it is given; a wrong one fails on the first
call (or, for a stack given too few, runs and returns another shape than it
said). So each case is built in TensorFlow with the states as model inputs and
then called on zeros: Keras accepts the states when both succeed and the call's
shapes are the ones it built with. The engine must accept exactly those, with
Keras's shapes and parameters, and refuse the others.
"""

import pytest

from designer.engine import infer_document
from designer.model import Document, LayerNode, Source
from designer.model.calls import CallArgs

pytestmark = pytest.mark.keras

N = None
SEQ = (N, 5, 3)


def L(class_name, **config):
    return {"class_name": class_name, "config": config}


def S(*cells):
    return L("StackedRNNCells", cells=list(cells))


def rnn(cell, **config):
    return "RNN", {"cell": cell, **config}


def bidi(layer, **config):
    return "Bidirectional", {"layer": layer, **config}


CASES = [
    # RNN with one cell: one (batch, units) tensor per state of the cell
    (*rnn(L("LSTMCell", units=4)), SEQ, [(N, 4), (N, 4)]),
    (*rnn(L("LSTMCell", units=4), return_state=True, return_sequences=True), SEQ, [(N, 4), (N, 4)]),
    (*rnn(L("LSTMCell", units=4)), SEQ, [(N, 4)]),
    (*rnn(L("LSTMCell", units=4)), SEQ, [(N, 4), (N, 4), (N, 4)]),
    (*rnn(L("LSTMCell", units=4)), SEQ, [(N, 4), (N, 5)]),
    (*rnn(L("LSTMCell", units=4)), SEQ, [(N, 4), (N, 2, 4)]),
    (*rnn(L("GRUCell", units=4)), SEQ, [(N, 4)]),
    (*rnn(L("GRUCell", units=4)), SEQ, [(N, 4), (N, 4)]),
    (*rnn(L("SimpleRNNCell", units=4)), SEQ, [(N, 3)]),
    (*rnn(L("LSTMCell", units=4)), (2, 5, 3), [(2, 4), (2, 4)]),
    (*rnn(L("LSTMCell", units=4)), (2, 5, 3), [(3, 4), (3, 4)]),
    # stacks: flat states work only when every cell has one state, one per cell
    (*rnn(S(L("GRUCell", units=4), L("SimpleRNNCell", units=2))), SEQ, [(N, 4), (N, 2)]),
    (*rnn([L("GRUCell", units=4), L("SimpleRNNCell", units=2)], return_state=True), SEQ, [(N, 4), (N, 2)]),
    (*rnn(S(L("GRUCell", units=4), L("SimpleRNNCell", units=2))), SEQ, [(N, 2), (N, 4)]),
    (*rnn(S(L("GRUCell", units=4), L("SimpleRNNCell", units=2))), SEQ, [(N, 4)]),
    (*rnn(S(L("GRUCell", units=4), L("SimpleRNNCell", units=2))), SEQ, [(N, 4), (N, 2), (N, 2)]),
    (*rnn(S(L("LSTMCell", units=4), L("GRUCell", units=2))), SEQ, [(N, 4), (N, 4), (N, 2)]),
    (*rnn([L("LSTMCell", units=4), L("GRUCell", units=2)]), SEQ, [(N, 4), (N, 4), (N, 2)]),
    (*rnn([L("LSTMCell", units=4)]), SEQ, [(N, 4), (N, 4)]),
    (*rnn([L("GRUCell", units=4)]), SEQ, [(N, 4)]),
    (*rnn(S(S(L("GRUCell", units=4)), L("GRUCell", units=2))), SEQ, [(N, 4), (N, 2)]),
    (*rnn([S(L("SimpleRNNCell", units=2))]), SEQ, [(N, 2)]),
    (*rnn([S(L("GRUCell", units=2))]), SEQ, [(N, 2)]),
    (*rnn(S(S(L("SimpleRNNCell", units=2)), L("SimpleRNNCell", units=3))), SEQ, [(N, 2), (N, 3)]),
    (*rnn(S(S(S(L("SimpleRNNCell", units=2))), L("GRUCell", units=3))), SEQ, [(N, 2), (N, 3)]),
    (*rnn([S(L("SimpleRNNCell", units=2), L("SimpleRNNCell", units=3))]), SEQ, [(N, 2), (N, 3)]),
    (*rnn([S(L("SimpleRNNCell", units=2))]), SEQ, [(N, 3)]),
    (*rnn([S(L("GRUCell", units=4))]), SEQ, [(N, 4)]),
    # the GRU layer reads the first state and ignores the others
    ("GRU", {"units": 4}, SEQ, [(N, 4)]),
    ("GRU", {"units": 4}, SEQ, [(N, 4), (N, 4)]),
    ("GRU", {"units": 4}, SEQ, [(N, 4), (N, 7)]),
    ("GRU", {"units": 4}, SEQ, [(N, 5)]),
    ("SimpleRNN", {"units": 4}, SEQ, [(N, 4), (N, 4)]),
    ("LSTM", {"units": 4}, SEQ, [(N, 4), (N, 4), (N, 4)]),
    ("LSTM", {"units": 4}, (2, 5, 3), [(3, 4), (3, 4)]),
    # Bidirectional: the first half to the forward layer, the rest to the backward one
    (*bidi(L("LSTM", units=4)), SEQ, [(N, 4)] * 4),
    (*bidi(L("LSTM", units=4)), SEQ, [(N, 4)] * 2),
    (*bidi(L("GRU", units=4)), SEQ, [(N, 4)]),
    (*bidi(L("GRU", units=4)), SEQ, [(N, 4)] * 3),
    (*bidi(L("RNN", cell=L("LSTMCell", units=4))), SEQ, [(N, 4)] * 4),
    (*bidi(L("RNN", cell=L("LSTMCell", units=4), return_state=True), merge_mode=None), SEQ, [(N, 4)] * 4),
    (*bidi(L("RNN", cell=L("LSTMCell", units=4))), SEQ, [(N, 4)] * 3 + [(N, 5)]),
    (*bidi(L("RNN", cell=[L("GRUCell", units=4), L("SimpleRNNCell", units=2)])), SEQ,
     [(N, 4), (N, 2), (N, 4), (N, 2)]),
    (*bidi(L("RNN", cell=[L("LSTMCell", units=4), L("SimpleRNNCell", units=2)])), SEQ,
     [(N, 4), (N, 4), (N, 2), (N, 4), (N, 4), (N, 2)]),
    (*bidi(L("LSTM", units=4), backward_layer=L("GRU", units=4, go_backwards=True)), SEQ, [(N, 4)] * 3),
    (*bidi(L("LSTM", units=4), backward_layer=L("GRU", units=4, go_backwards=True)), SEQ, [(N, 4)] * 4),
    (*bidi(L("GRU", units=4), backward_layer=L("LSTM", units=4, go_backwards=True)), SEQ, [(N, 4)] * 2),
    (*bidi(L("GRU", units=4), backward_layer=L("LSTM", units=4, go_backwards=True)), SEQ, [(N, 4)] * 3),
    (*bidi(L("GRU", units=4), backward_layer=L("SimpleRNN", units=4, go_backwards=True)), SEQ, [(N, 4)] * 2),
    (*bidi(L("GRU", units=4), backward_layer=L("SimpleRNN", units=4, go_backwards=True)), SEQ, [(N, 4), (N, 5)]),
    (*bidi(L("ConvLSTM2D", filters=2, kernel_size=3)), (N, 5, 8, 8, 3), [(N, 6, 6, 2)] * 4),
    (*bidi(L("ConvLSTM2D", filters=2, kernel_size=3)), (N, 5, 8, 8, 3), [(N, 8, 8, 2)] * 4),
]


CONV_LSTM_CASES = [
    ("ConvLSTM2D", {"filters": 2, "kernel_size": 3}, (N, 5, 8, 8, 3), [(N, 6, 6, 2), (N, 6, 6, 2)]),
    ("ConvLSTM2D", {"filters": 2, "kernel_size": 3, "return_state": True}, (N, 5, 8, 8, 3),
     [(N, 6, 6, 2), (N, 6, 6, 2)]),
    ("ConvLSTM2D", {"filters": 2, "kernel_size": 3}, (N, 5, 8, 8, 3), [(N, 6, 6, 2)]),
    ("ConvLSTM2D", {"filters": 2, "kernel_size": 3}, (N, 5, 8, 8, 3), [(N, 6, 6, 2)] * 3),
    ("ConvLSTM2D", {"filters": 2, "kernel_size": 3}, (N, 5, 8, 8, 3), [(N, 8, 8, 2), (N, 8, 8, 2)]),
    ("ConvLSTM2D", {"filters": 2, "kernel_size": 3}, (N, 5, 8, 8, 3), [(N, 6, 6, 3), (N, 6, 6, 3)]),
    ("ConvLSTM2D", {"filters": 2, "kernel_size": 3}, (N, 5, 8, 8, 3), [(N, 2), (N, 2)]),
    ("ConvLSTM2D", {"filters": 2, "kernel_size": 3, "data_format": "channels_first"}, (N, 5, 3, 8, 8),
     [(N, 2, 6, 6), (N, 2, 6, 6)]),
    ("ConvLSTM2D", {"filters": 2, "kernel_size": 3, "data_format": "channels_first"}, (N, 5, 3, 8, 8),
     [(N, 6, 6, 2), (N, 6, 6, 2)]),
    ("ConvLSTM2D", {"filters": 2, "kernel_size": 3, "padding": "same", "strides": 2}, (N, 5, 8, 8, 3),
     [(N, 4, 4, 2), (N, 4, 4, 2)]),
    ("ConvLSTM1D", {"filters": 2, "kernel_size": 3}, (N, 5, 8, 3), [(N, 6, 2), (N, 6, 2)]),
    ("ConvLSTM1D", {"filters": 2, "kernel_size": 3, "return_sequences": True}, (N, 5, 8, 3), [(N, 6, 2)] * 2),
    ("ConvLSTM3D", {"filters": 2, "kernel_size": 3}, (N, 5, 4, 4, 4, 1), [(N, 2, 2, 2, 2)] * 2),
    ("ConvLSTM3D", {"filters": 2, "kernel_size": 3}, (N, 5, 4, 4, 4, 1), [(N, 4, 4, 4, 2)] * 2),
]
"""ConvLSTM: h and c, each the shape of one output frame."""


def design(class_name, config, sequence, states) -> Document:
    inputs = [LayerNode("x", "InputLayer", {"name": "x", "batch_shape": list(sequence)})]
    inputs += [LayerNode(f"s{i}", "InputLayer", {"name": f"s{i}", "batch_shape": list(s)}) for i, s in enumerate(states)]
    layer = LayerNode("layer", class_name, {"name": "layer", **config}, tuple(Source(n.id) for n in inputs),
                      call=CallArgs((("initial_state", tuple(range(1, len(inputs)))),)))
    return Document("initial_state", [*inputs, layer], outputs=[Source("layer")])


def keras_answer(class_name, config, sequence, states):
    """``(output shapes, params)`` when Keras builds and runs the layer with these states, else the error."""
    import keras
    import numpy as np

    from keras_oracle import keras_kwargs, layer_class

    x = keras.Input(batch_shape=sequence)
    given = [keras.Input(batch_shape=s) for s in states]
    try:
        layer = layer_class(class_name)(**keras_kwargs(class_name, config))
        out = keras.tree.flatten(layer(x, initial_state=given))
        built = [tuple(t.shape) for t in out]
        model = keras.Model([x, *given], out)
        ran = keras.tree.flatten(model([np.zeros([2 if d is None else d for d in s], "float32")
                                        for s in [sequence, *states]]))
    except Exception as exc:  # Keras refusing is the answer we compare
        return f"{type(exc).__name__}: {str(exc)[:200]}"
    if [tuple(t.shape)[1:] for t in ran] != [s[1:] for s in built]:
        return f"runs, but returns {[tuple(t.shape) for t in ran]} instead of the {built} it built with"
    return built, layer.count_params()


@pytest.mark.parametrize("class_name,config,sequence,states", CASES)
def test_initial_state_agrees_with_keras(class_name, config, sequence, states):
    ours = infer_document(design(class_name, config, sequence, states))["layer"]
    assert ours.error is None or "internal error" not in ours.error, ours.error
    _same(ours.error, (ours.outputs, ours.params and ours.params.total),
          keras_answer(class_name, config, sequence, states))


def _same(ours_error, ours, theirs):
    if isinstance(theirs, str):
        assert ours_error is not None, f"Keras fails ({theirs}) but the engine gives {ours}"
        return
    assert ours_error is None, f"engine refuses ({ours_error}) but Keras gives {theirs}"
    assert ours == theirs


def rule_answer(class_name, config, sequence, states):
    """The spec's shape rule given the states after the sequence, as `designer.engine.calls` gives them."""
    from designer.layers import LayerError, get_spec
    from designer.layers.args import normalize_config

    spec = get_spec(class_name)
    cfg = normalize_config(spec, config)
    try:
        outputs = spec.output_shape(cfg, [sequence, *states])
    except LayerError as exc:
        return str(exc), None
    outputs = outputs if isinstance(outputs, list) else [outputs]
    return None, ([tuple(o) for o in outputs], spec.params(cfg, [sequence]).total)


@pytest.mark.parametrize("class_name,config,sequence,states", CONV_LSTM_CASES)
def test_convlstm_initial_state_agrees_with_keras(class_name, config, sequence, states):
    """ConvLSTM: h and c, each the shape of one output frame, through a design."""
    test_initial_state_agrees_with_keras(class_name, config, sequence, states)


def test_refusals_say_what_keras_expects():
    error, _ = rule_answer("ConvLSTM2D", {"filters": 2, "kernel_size": 3}, (N, 5, 8, 8, 3), [(N, 8, 8, 2)] * 2)
    assert "takes tensors of shape (None, 6, 6, 2), but got (None, 8, 8, 2)" in error
    doc = design(*rnn(S(L("LSTMCell", units=4), L("GRUCell", units=2))), SEQ, [(N, 4), (N, 4), (N, 2)])
    assert "must be nested, one list per cell" in infer_document(doc)["layer"].error
    doc = design(*bidi(L("GRU", units=4)), SEQ, [(N, 4)])
    assert "leaves the forward layer none" in infer_document(doc)["layer"].error


def test_a_stack_given_fewer_states_runs_only_its_first_cells():
    """Deliberate disagreement: a stack given fewer flat states than cells runs in Keras, but only its first
    cells (zip stops at the states), so the later cells' weights change nothing; where their units differ the
    call even returns another shape than Keras built with (a case of `CASES`). The engine refuses it."""
    import keras
    import numpy as np

    x, h = keras.Input((5, 3)), keras.Input((2,))
    layer = keras.layers.RNN([keras.layers.SimpleRNNCell(2), keras.layers.GRUCell(2)])
    model = keras.Model([x, h], layer(x, initial_state=[h]))
    rng = np.random.default_rng(0)
    data = [rng.normal(size=(2, 5, 3)).astype("float32"), rng.normal(size=(2, 2)).astype("float32")]
    before = np.array(model(data))
    for weight in layer.cell.cells[1].weights:
        weight.assign(rng.normal(size=weight.shape))
    assert np.allclose(before, np.array(model(data)))
    doc = design(*rnn([L("SimpleRNNCell", units=2), L("GRUCell", units=2)]), SEQ, [(N, 2)])
    assert "needs 2 tensors (cell 1 h and cell 2 h), but 1 is passed" in infer_document(doc)["layer"].error
