"""RNN with cells against Keras: SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells (alone they refuse a tensor)."""

import pytest

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
