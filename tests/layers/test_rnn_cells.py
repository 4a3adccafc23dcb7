"""RNN with cells against Keras: SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells (alone they refuse a tensor)."""

import pytest
from hypothesis import given, settings, strategies as st

from keras_oracle import assert_agrees

pytestmark = pytest.mark.keras

N = None
SEQ = (N, 5, 3)


def L(class_name, **config):
    return {"class_name": class_name, "config": config}


def S(*cells):
    return L("StackedRNNCells", cells=list(cells))


def rnn(cell, inputs=(SEQ,), **config):
    return ("RNN", {"cell": cell, **config}, list(inputs))


CASES = [
    rnn(L("LSTMCell", units=4)),
    rnn(L("LSTMCell", units=4), return_sequences=True, return_state=True),
    rnn(L("GRUCell", units=4), return_state=True),
    rnn(L("GRUCell", units=4, reset_after=False)),
    rnn(L("SimpleRNNCell", units=4), return_sequences=True),
    rnn(L("LSTMCell", units=4, use_bias=False), [(N, N, 3)]),
    rnn([L("SimpleRNNCell", units=4), L("GRUCell", units=2, reset_after=False)]),
    rnn(L("StackedRNNCells", cells=[L("LSTMCell", units=4), L("GRUCell", units=2)])),
    rnn(L("StackedRNNCells", cells=[L("LSTMCell", units=4), L("GRUCell", units=2)]), return_sequences=True),
    rnn(L("StackedRNNCells", cells=[L("LSTMCell", units=4), L("GRUCell", units=2)]), return_state=True),
    rnn(S(S(L("LSTMCell", units=4)), L("GRUCell", units=2))),
    rnn(S(S(L("LSTMCell", units=4)), L("GRUCell", units=2)), return_state=True),
    rnn(S(S(L("GRUCell", units=4)), L("GRUCell", units=2)), return_state=True),
    rnn([S(L("GRUCell", units=4)), L("GRUCell", units=2)], return_state=True),
    rnn(S(S(L("GRUCell", units=4))), return_state=True),
    rnn(S(S(S(L("GRUCell", units=4)))), return_state=True),
    rnn(S(L("GRUCell", units=4), S(L("SimpleRNNCell", units=2), L("GRUCell", units=3))), return_state=True),
    rnn(S(L("GRUCell", units=4), S(L("LSTMCell", units=2))), return_state=True),
    rnn([S(L("LSTMCell", units=2))], return_state=True),
    rnn([S(L("LSTMCell", units=2), L("LSTMCell", units=3))], return_state=True),
    rnn(S(L("LSTMCell", units=2), L("LSTMCell", units=3)), return_state=True),
    rnn(S()),
    rnn([]),
    rnn(L("GRUCell", units=4), [(N, 5, N)]),
    rnn(L("GRUCell", units=4), [(N, 5)]),
    rnn(L("GRUCell", units=4), [(N, 5, 2, 3)]),
    rnn(L("GRUCell", units=4), stateful=True),
    rnn(L("GRUCell", units=4), [(2, 5, 3)], stateful=True),
    rnn(L("LSTMCell", units=4), trainable=False),
    rnn(L("LSTMCell", units=4, trainable=False)),
    rnn(L("LSTMCell", units=0)),
    rnn(L("Dense", units=4)),
    ("RNN", {}, [SEQ]),
    ("LSTMCell", {"units": 4}, [(N, 3)]),
    ("GRUCell", {"units": 4}, [(N, 3)]),
    ("SimpleRNNCell", {"units": 4}, [(N, 3)]),
    ("StackedRNNCells", {"cells": [L("LSTMCell", units=4)]}, [(N, 3)]),
]


@pytest.mark.parametrize("class_name,config,inputs", CASES)
def test_rnn_cells_table(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)


TWO_AXES_WITH_A_BATCH_SIZE = [
    (L("GRUCell", units=2), (2, 3)),
    (L("SimpleRNNCell", units=4), (2, None)),
    ([L("LSTMCell", units=3), L("GRUCell", units=1)], (4, 1)),
]
"""Deliberate disagreements: on a 2-D input with a known batch size Keras's RNN builds its cells with the batch
size as the features (no rank check) and returns a shape, but the model fails when called. The designer refuses
them, as Keras does when the batch size is unknown."""


@pytest.mark.parametrize("cell,shape", TWO_AXES_WITH_A_BATCH_SIZE)
def test_rnn_refuses_two_axes_that_keras_builds_but_cannot_run(cell, shape):
    import keras
    import numpy as np

    from designer.engine.layer_infer import infer_layer
    from keras_oracle import keras_infer, keras_kwargs

    assert keras_infer("RNN", {"cell": cell}, [shape]).error is None
    x = keras.Input(batch_shape=shape)
    model = keras.Model(x, keras.layers.RNN(**keras_kwargs("RNN", {"cell": cell}))(x))
    with pytest.raises(Exception, match="Index out of range"):
        model(np.zeros([d or 1 for d in shape], "float32"))
    assert "3-D input" in infer_layer("RNN", {"cell": cell}, [shape]).error


@st.composite
def _cell(draw, depth=0):
    """A cell, or (rarely, twice at most) a StackedRNNCells of them."""
    if depth < 2 and draw(st.integers(0, 6)) == 0:
        return S(*draw(st.lists(_cell(depth + 1), min_size=0, max_size=3)))
    name = draw(st.sampled_from(["LSTMCell", "GRUCell", "SimpleRNNCell"]))
    config = {"units": draw(st.integers(0, 4)), "use_bias": draw(st.booleans())}
    if name == "GRUCell":
        config["reset_after"] = draw(st.booleans())
    if draw(st.integers(0, 9)) == 0:
        config["trainable"] = False
    return L(name, **config)


@settings(deadline=None, max_examples=40)
@given(cell=st.one_of(_cell(), st.lists(_cell(1), min_size=1, max_size=3)),
       flags=st.fixed_dictionaries({k: st.booleans() for k in ("return_sequences", "return_state", "stateful")}),
       wrapped=st.sampled_from([None, "concat", "sum", None]), batch=st.sampled_from([None, 2]),
       rest=st.lists(st.sampled_from([None, 1, 3]), min_size=2, max_size=3))
def test_rnn_random(cell, flags, wrapped, batch, rest):
    """Random cells, lists and stacks (nested too), alone or in a Bidirectional."""
    config = {"cell": cell, **flags}
    if wrapped is None:
        assert_agrees("RNN", config, [(batch, *rest)])
    else:
        assert_agrees("Bidirectional", {"layer": L("RNN", **config), "merge_mode": wrapped}, [(batch, *rest)])
