"""Recurrent layers against Keras: SimpleRNN, LSTM, GRU, ConvLSTM1D/2D/3D, Bidirectional, TimeDistributed."""

import pytest
from hypothesis import given, settings, strategies as st

from keras_oracle import assert_agrees
from designer.engine.layer_infer import infer_layer
from designer.layers import get_spec

pytestmark = pytest.mark.keras


def L(class_name, **config):
    """A nested layer config."""
    return {"class_name": class_name, "config": config}


SEQ = (None, 5, 3)
FRAMES = (None, 5, 8, 8, 3)

CELL_CASES = [
    (cls, config, inputs)
    for cls in ("SimpleRNN", "LSTM", "GRU")
    for config, inputs in [
        ({"units": 4}, [SEQ]),
        ({"units": 4, "use_bias": False}, [SEQ]),
        ({"units": 4, "return_sequences": True}, [SEQ]),
        ({"units": 4, "return_state": True}, [SEQ]),
        ({"units": 4, "return_state": True, "return_sequences": True}, [(2, None, 3)]),
        ({"units": 4, "go_backwards": True, "unroll": True}, [SEQ]),
        ({"units": 4, "unroll": True}, [(None, None, 3)]),
        ({"units": 4}, [(None, None, 3)]),
        ({"units": 4}, [(None, 5, None)]),
        ({"units": 4}, [(None, 0, 3)]),
        ({"units": 4}, [(None, 5, 0)]),
        ({"units": 4}, [(None, 5, 3, 2)]),
        ({"units": 4}, [(None, 5)]),
        ({"units": 4, "stateful": True}, [SEQ]),
        ({"units": 4, "stateful": True}, [(8, None, 3)]),
        ({"units": 4, "trainable": False}, [SEQ]),
        ({"units": 0}, [SEQ]),
        ({"units": 4, "activation": "relu", "dropout": 2.0, "recurrent_dropout": -1.0, "seed": 3}, [SEQ]),
        ({"units": 4, "activation": None}, [SEQ]),
        ({"units": 4, "activation": "nope"}, [SEQ]),
        ({"units": 4, "seed": "x"}, [SEQ]),
    ]
]

GATED_CASES = [
    ("LSTM", {"units": 7, "unit_forget_bias": False, "recurrent_activation": "tanh"}, [(None, 5, 11)]),
    ("LSTM", {"units": 4, "use_cudnn": False}, [SEQ]),
    ("LSTM", {"units": 4, "use_cudnn": "AUTO"}, [SEQ]),
    ("LSTM", {"units": 4, "use_cudnn": None}, [SEQ]),
    ("GRU", {"units": 4, "reset_after": False}, [SEQ]),
    ("GRU", {"units": 4, "reset_after": False, "use_bias": False}, [SEQ]),
    ("GRU", {"units": 4, "use_cudnn": "x"}, [SEQ]),
]

CONV_LSTM_CASES = [
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3}, [FRAMES]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "return_sequences": True, "return_state": True}, [FRAMES]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "return_state": True}, [FRAMES]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": [3, 2], "strides": [2, 1]}, [(None, 5, 9, 8, 3)]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "dilation_rate": [2, 1]}, [(None, 5, 9, 8, 3)]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "dilation_rate": 2, "strides": [1, 2]}, [FRAMES]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "padding": "same", "strides": 3}, [(None, 5, 8, 7, 3)]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "padding": "SAME"}, [FRAMES]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "padding": "causal"}, [FRAMES]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "data_format": "channels_first"}, [(None, 5, 3, 8, 8)]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "data_format": "channels_first"}, [(None, 5, 8, 8, 2)]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "data_format": "channels_first", "return_state": True,
                    "return_sequences": True}, [(None, None, 3, 8, 8)]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3}, [(None, 5, 2, 8, 3)]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3}, [(None, None, 8, 8, 3)]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3}, [(None, 5, 8, None, 3)]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3}, [(None, 5, 8, 8, None)]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3}, [(None, 5, 8, 8)]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "stateful": True}, [FRAMES]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "stateful": True}, [(2, None, 8, 8, 3)]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "use_bias": False, "unit_forget_bias": False}, [FRAMES]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "trainable": False}, [FRAMES]),
    ("ConvLSTM2D", {"filters": 0, "kernel_size": 3}, [FRAMES]),
    ("ConvLSTM2D", {"filters": -1, "kernel_size": 3}, [FRAMES]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 0}, [FRAMES]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": [3, 3, 3]}, [FRAMES]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "strides": 0}, [FRAMES]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "dilation_rate": 0}, [FRAMES]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3, "data_format": "channels_middle"}, [FRAMES]),
    ("ConvLSTM1D", {"filters": 4, "kernel_size": 3}, [(None, 5, 8, 3)]),
    ("ConvLSTM1D", {"filters": 4, "kernel_size": 3, "data_format": "channels_first"}, [(2, 5, 8, 9)]),
    ("ConvLSTM1D", {"filters": 4, "kernel_size": 9}, [(None, 5, 8, 3)]),
    ("ConvLSTM1D", {"filters": 4, "kernel_size": 3}, [FRAMES]),
    ("ConvLSTM3D", {"filters": 4, "kernel_size": 3}, [(None, 5, 8, 8, 8, 3)]),
    ("ConvLSTM3D", {"filters": 4, "kernel_size": [1, 2, 3], "data_format": "channels_first", "return_state": True},
     [(2, 5, 8, 9, 4, 5)]),
    ("ConvLSTM3D", {"filters": 2, "kernel_size": 2, "padding": "same", "strides": [1, 2, 3]},
     [(None, 4, 5, 6, 7, 1)]),
]

BIDIRECTIONAL_CASES = [
    ("Bidirectional", {"layer": L("LSTM", units=4)}, [SEQ]),
    ("Bidirectional", {"layer": L("LSTM", units=4, return_state=True)}, [SEQ]),
    ("Bidirectional", {"layer": L("LSTM", units=4, return_state=True), "merge_mode": None}, [SEQ]),
    ("Bidirectional", {"layer": L("GRU", units=4), "merge_mode": None}, [SEQ]),
    ("Bidirectional", {"layer": L("GRU", units=4, return_sequences=True), "merge_mode": "sum"}, [SEQ]),
    ("Bidirectional", {"layer": L("SimpleRNN", units=4, return_state=True), "merge_mode": "ave"}, [SEQ]),
    ("Bidirectional", {"layer": L("GRU", units=4, reset_after=False), "merge_mode": "mul"}, [SEQ]),
    ("Bidirectional", {"layer": L("LSTM", units=4)}, [(None, None, 3)]),
    ("Bidirectional", {"layer": L("LSTM", units=4)}, [(None, 5, None)]),
    ("Bidirectional", {"layer": L("LSTM", units=4)}, [(None, 5, 3, 2)]),
    ("Bidirectional", {"layer": L("LSTM", units=4)}, [(None, 5)]),
    ("Bidirectional", {"layer": L("LSTM", units=4, stateful=True)}, [SEQ]),
    ("Bidirectional", {"layer": L("LSTM", units=4, stateful=True)}, [(4, 5, 3)]),
    ("Bidirectional", {"layer": L("LSTM", units=4, go_backwards=True)}, [SEQ]),
    ("Bidirectional", {"layer": L("LSTM", units=0)}, [SEQ]),
    ("Bidirectional", {"layer": L("LSTM", units=4, name="a/b")}, [SEQ]),
    ("Bidirectional", {"layer": L("LSTM", units=4), "merge_mode": "foo"}, [SEQ]),
    ("Bidirectional", {"layer": L("Dense", units=4)}, [SEQ]),
    ("Bidirectional", {"layer": L("Bidirectional", layer=L("LSTM", units=4))}, [SEQ]),
    ("Bidirectional", {"layer": L("TimeDistributed", layer=L("Dense", units=4))}, [SEQ]),
    ("Bidirectional", {"layer": L("LSTM", units=4), "backward_layer": L("GRU", units=3, go_backwards=True)}, [SEQ]),
    ("Bidirectional", {"layer": L("LSTM", units=4, return_state=True),
                       "backward_layer": L("GRU", units=3, go_backwards=True, return_state=True)}, [SEQ]),
    ("Bidirectional", {"layer": L("LSTM", units=4, return_state=True, return_sequences=True), "merge_mode": None,
                       "backward_layer": L("GRU", units=3, go_backwards=True, return_state=True,
                                           return_sequences=True)}, [SEQ]),
    ("Bidirectional", {"layer": L("LSTM", units=4), "backward_layer": L("LSTM", units=3)}, [SEQ]),
    ("Bidirectional", {"layer": L("LSTM", units=4, go_backwards=True),
                       "backward_layer": L("LSTM", units=3)}, [SEQ]),
    ("Bidirectional", {"layer": L("LSTM", units=4),
                       "backward_layer": L("LSTM", units=3, go_backwards=True, return_sequences=True)}, [SEQ]),
    ("Bidirectional", {"layer": L("LSTM", units=4),
                       "backward_layer": L("LSTM", units=3, go_backwards=True, stateful=True)}, [(2, 5, 3)]),
    ("Bidirectional", {"layer": L("LSTM", units=4),
                       "backward_layer": L("LSTM", units=3, go_backwards=True, return_state=True)}, [SEQ]),
    ("Bidirectional", {"layer": L("LSTM", units=4), "backward_layer": L("Dense", units=4)}, [SEQ]),
    ("Bidirectional", {"layer": L("LSTM", units=4), "backward_layer": L("LSTM", units=-1, go_backwards=True)},
     [SEQ]),
    ("Bidirectional", {"layer": L("LSTM", units=4, trainable=False)}, [SEQ]),
    ("Bidirectional", {"layer": L("LSTM", units=4),
                       "backward_layer": L("LSTM", units=3, go_backwards=True, trainable=False)}, [SEQ]),
    ("Bidirectional", {"layer": L("LSTM", units=4), "trainable": False}, [SEQ]),
    ("Bidirectional", {"layer": L("ConvLSTM2D", filters=4, kernel_size=3)}, [FRAMES]),
    ("Bidirectional", {"layer": L("ConvLSTM2D", filters=4, kernel_size=3, data_format="channels_first",
                                  return_state=True)}, [(None, 5, 3, 8, 8)]),
    ("Bidirectional", {"layer": L("ConvLSTM2D", filters=4, kernel_size=3, return_sequences=True),
                       "merge_mode": None}, [FRAMES]),
    ("Bidirectional", {"layer": L("ConvLSTM2D", filters=4, kernel_size=9)}, [FRAMES]),
    ("Bidirectional", {"layer": L("ConvLSTM1D", filters=4, kernel_size=3)}, [SEQ]),
    ("Bidirectional", {"layer": L("LSTM", units=4),
                       "backward_layer": L("ConvLSTM1D", filters=4, kernel_size=3, go_backwards=True)}, [SEQ]),
    ("Bidirectional", {"layer": L("RNN", cell=L("LSTMCell", units=8))}, [SEQ]),
    ("Bidirectional", {"layer": L("RNN", cell=L("LSTMCell", units=8), return_state=True)}, [SEQ]),
    ("Bidirectional", {"layer": L("RNN", cell=L("LSTMCell", units=8), return_state=True, return_sequences=True),
                       "merge_mode": None}, [SEQ]),
    ("Bidirectional", {"layer": L("RNN", cell=L("GRUCell", units=8)), "merge_mode": "sum"}, [SEQ]),
    ("Bidirectional", {"layer": L("RNN", cell=L("SimpleRNNCell", units=8), return_sequences=True),
                       "merge_mode": "mul"}, [SEQ]),
    ("Bidirectional", {"layer": L("RNN", cell=L("LSTMCell", units=8), return_state=True), "merge_mode": "ave"},
     [SEQ]),
    ("Bidirectional", {"layer": L("RNN", cell=L("LSTMCell", units=8), go_backwards=True)}, [SEQ]),
    ("Bidirectional", {"layer": L("RNN", cell=L("StackedRNNCells", cells=[L("LSTMCell", units=4),
                                                                          L("GRUCell", units=2)]),
                                  return_state=True)}, [SEQ]),
    ("Bidirectional", {"layer": L("RNN", cell=[L("SimpleRNNCell", units=4), L("GRUCell", units=2)],
                                  return_state=True)}, [SEQ]),
    ("Bidirectional", {"layer": L("RNN", cell=L("LSTMCell", units=8)),
                       "backward_layer": L("RNN", cell=L("GRUCell", units=3), go_backwards=True)}, [SEQ]),
    ("Bidirectional", {"layer": L("RNN", cell=L("LSTMCell", units=8), return_state=True),
                       "backward_layer": L("GRU", units=3, go_backwards=True, return_state=True)}, [SEQ]),
    ("Bidirectional", {"layer": L("LSTM", units=8),
                       "backward_layer": L("RNN", cell=L("GRUCell", units=3), go_backwards=True)}, [SEQ]),
    ("Bidirectional", {"layer": L("RNN", cell=L("LSTMCell", units=8)),
                       "backward_layer": L("RNN", cell=L("GRUCell", units=3))}, [SEQ]),
    ("Bidirectional", {"layer": L("RNN", cell=L("LSTMCell", units=8)),
                       "backward_layer": L("RNN", cell=L("GRUCell", units=3), go_backwards=True,
                                           return_sequences=True)}, [SEQ]),
    ("Bidirectional", {"layer": L("RNN", cell=L("LSTMCell", units=8), stateful=True)}, [(2, 5, 3)]),
    ("Bidirectional", {"layer": L("RNN", cell=L("GRUCell", units=1), stateful=True, return_state=True)},
     [(2, 5, 3)]),
    ("Bidirectional", {"layer": L("LSTM", units=2, stateful=True, return_state=True)}, [(2, 5, 3)]),
    ("Bidirectional", {"layer": L("LSTM", units=2, stateful=True, return_state=True)}, [SEQ]),
    ("Bidirectional", {"layer": L("GRU", units=2, stateful=True, return_state=True, return_sequences=True),
                       "merge_mode": None}, [(2, 5, 3)]),
    ("Bidirectional", {"layer": L("RNN", cell=L("LSTMCell", units=8), stateful=True)}, [SEQ]),
    ("Bidirectional", {"layer": L("RNN", cell=L("LSTMCell", units=8))}, [(None, 5, 3, 2)]),
    ("Bidirectional", {"layer": L("RNN", cell=L("LSTMCell", units=8))}, [(None, 5)]),
    ("Bidirectional", {"layer": L("RNN", cell=L("LSTMCell", units=8, trainable=False))}, [SEQ]),
    ("Bidirectional", {"layer": L("RNN", cell=L("LSTMCell", units=8), trainable=False)}, [SEQ]),
    ("Bidirectional", {"layer": L("RNN", cell=L("LSTMCell", units=8), unroll=True)}, [(None, None, 3)]),
    ("Bidirectional", {"layer": L("RNN", cell=L("Dense", units=8))}, [SEQ]),
    ("Bidirectional", {"layer": L("LSTMCell", units=8)}, [SEQ]),
    ("Bidirectional", {"layer": L("StackedRNNCells", cells=[L("LSTMCell", units=8)])}, [SEQ]),
]

TIME_DISTRIBUTED_CASES = [
    ("TimeDistributed", {"layer": L("Dense", units=4)}, [SEQ]),
    ("TimeDistributed", {"layer": L("Dense", units=4)}, [(None, 5, 6, 3)]),
    ("TimeDistributed", {"layer": L("Dense", units=4)}, [(None, None, 3)]),
    ("TimeDistributed", {"layer": L("Dense", units=4)}, [(2, 5, 3)]),
    ("TimeDistributed", {"layer": L("Dense", units=4)}, [(None, 5, None)]),
    ("TimeDistributed", {"layer": L("Dense", units=4)}, [(None, 5)]),
    ("TimeDistributed", {"layer": L("Dense", units=4)}, [(None,)]),
    ("TimeDistributed", {"layer": L("Dense", units=4, trainable=False)}, [SEQ]),
    ("TimeDistributed", {"layer": L("Dense", units=4, lora_rank=2)}, [SEQ]),
    ("TimeDistributed", {"layer": L("Dense", units=4), "trainable": False}, [SEQ]),
    ("TimeDistributed", {"layer": L("Dense", units=0)}, [SEQ]),
    ("TimeDistributed", {"layer": L("Dense", units=4, name="a/b")}, [SEQ]),
    ("TimeDistributed", {"layer": L("Dense", units=4, bogus=1)}, [SEQ]),
    ("TimeDistributed", {"layer": L("Embedding", input_dim=10, output_dim=3)}, [(None, 5, 6)]),
    ("TimeDistributed", {"layer": L("InputLayer", shape=[3])}, [(None, 5, 6, 7)]),
    ("TimeDistributed", {"layer": L("LSTM", units=4)}, [(None, 5, 6, 3)]),
    ("TimeDistributed", {"layer": L("LSTM", units=4)}, [(None, 5, 6, None)]),
    ("TimeDistributed", {"layer": L("LSTM", units=4, return_state=True)}, [(None, 5, 6, 3)]),
    ("TimeDistributed", {"layer": L("ConvLSTM1D", filters=2, kernel_size=2, return_sequences=True)},
     [(None, 5, 4, 6, 3)]),
    ("TimeDistributed", {"layer": L("Bidirectional", layer=L("GRU", units=4, return_sequences=True))},
     [(None, 5, 6, 3)]),
    ("TimeDistributed", {"layer": L("Bidirectional", layer=L("GRU", units=4), merge_mode=None)},
     [(None, 5, 6, 3)]),
    ("TimeDistributed", {"layer": L("TimeDistributed", layer=L("Dense", units=2))}, [(None, 5, 6, 7)]),
    ("TimeDistributed", {"layer": L("TimeDistributed", layer=L("Dense", units=2))}, [SEQ]),
]

CASES = CELL_CASES + GATED_CASES + CONV_LSTM_CASES + BIDIRECTIONAL_CASES + TIME_DISTRIBUTED_CASES

OTHER_FAMILY_CASES = [
    ("TimeDistributed", {"layer": L("Conv2D", filters=4, kernel_size=3)}, [FRAMES]),
    ("TimeDistributed", {"layer": L("Conv2D", filters=4, kernel_size=3, data_format="channels_first")},
     [(None, 5, 3, 8, 8)]),
    ("TimeDistributed", {"layer": L("Conv2D", filters=4, kernel_size=3)}, [(None, 5, 2, 2, 3)]),
    ("TimeDistributed", {"layer": L("Conv2D", filters=4, kernel_size=3)}, [(None, 5, 8, 3)]),
    ("TimeDistributed", {"layer": L("MaxPooling2D")}, [FRAMES]),
    ("TimeDistributed", {"layer": L("Flatten")}, [(None, 5, 6, 7)]),
    ("TimeDistributed", {"layer": L("Dropout", rate=0.5)}, [SEQ]),
    ("TimeDistributed", {"layer": L("BatchNormalization")}, [SEQ]),
    ("TimeDistributed", {"layer": L("BatchNormalization", trainable=False)}, [SEQ]),
    ("TimeDistributed", {"layer": L("Add")}, [SEQ]),
]
"""TimeDistributed around other families' layers; skipped while their spec is not in the catalog."""


@pytest.mark.parametrize("class_name,config,inputs", CASES)
def test_rnn_table(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)


@pytest.mark.parametrize("class_name,config,inputs", OTHER_FAMILY_CASES)
def test_time_distributed_other_families(class_name, config, inputs):
    inner = config["layer"]["class_name"]
    if get_spec(inner) is None:
        pytest.skip(f"{inner} is not in the catalog yet")
    assert_agrees(class_name, config, inputs)


def test_messages_name_the_wrapped_layer():
    bad = infer_layer("TimeDistributed", {"layer": L("Dense", units=4)}, [(None, 5, None)])
    assert "wrapped Dense" in bad.error and "(None, None)" in bad.error
    bad = infer_layer("Bidirectional", {"layer": L("Dense", units=4)}, [SEQ])
    assert "recurrent layer" in bad.error and "TimeDistributed" in bad.error


def test_use_cudnn_true_is_accepted_on_any_hardware():
    """Keras builds use_cudnn=True symbolically even without a GPU (it only fails when run)."""
    assert_agrees("LSTM", {"units": 4, "use_cudnn": True}, [SEQ])


WRONG_RANK_INSIDE_TIME_DISTRIBUTED = [
    (L("LSTM", units=2), (None, 5, 6, 3, 2)),
    (L("MaxPooling2D"), (None, 5, 8, 3)),
    (L("GlobalMaxPooling1D"), (None, 5, 4, 3, 2)),
    (L("ZeroPadding2D"), (None, 5, 4, 3)),
]
"""Deliberate disagreements: Keras's TimeDistributed builds the wrapped layer without
checking its input rank and returns a shape, but the model fails (or returns another
shape) when run. The designer refuses them, as the wrapped layer would on its own."""


@pytest.mark.parametrize("inner,shape", WRONG_RANK_INSIDE_TIME_DISTRIBUTED)
def test_time_distributed_refuses_wrong_rank_inside(inner, shape):
    if get_spec(inner["class_name"]) is None:
        pytest.skip(f"{inner['class_name']} is not in the catalog yet")
    result = infer_layer("TimeDistributed", {"layer": inner}, [shape])
    assert result.error and f"wrapped {inner['class_name']}" in result.error


def test_wrapper_summaries():
    assert get_spec("Bidirectional").summary({"layer": L("LSTM", units=64)}) == "LSTM(64), merge_mode=concat"
    assert get_spec("TimeDistributed").summary({"layer": L("Conv2D", filters=8)}) == "Conv2D(8)"
    assert get_spec("TimeDistributed").summary({"layer": L("Flatten")}) == "Flatten"


dim = st.one_of(st.none(), st.integers(0, 9))


@settings(deadline=None, max_examples=40)
@given(cls=st.sampled_from(["SimpleRNN", "LSTM", "GRU"]), units=st.integers(0, 9),
       flags=st.fixed_dictionaries({k: st.booleans() for k in (
           "use_bias", "return_sequences", "return_state", "stateful", "unroll")}),
       reset_after=st.booleans(), batch=st.one_of(st.none(), st.integers(1, 4)),
       rest=st.lists(dim, min_size=1, max_size=3))
def test_cells_random(cls, units, flags, reset_after, batch, rest):
    config = {"units": units, **flags}
    if cls == "GRU":
        config["reset_after"] = reset_after
    assert_agrees(cls, config, [(batch, *rest)])


@settings(deadline=None, max_examples=40)
@given(rank=st.integers(1, 3), filters=st.integers(0, 4), data=st.data(),
       padding=st.sampled_from(["valid", "same"]), channels_first=st.booleans(),
       flags=st.fixed_dictionaries({k: st.booleans() for k in ("return_sequences", "return_state", "use_bias")}))
def test_conv_lstm_random(rank, filters, data, padding, channels_first, flags):
    sizes = st.lists(st.integers(1, 4), min_size=rank, max_size=rank)
    config = {"filters": filters, "kernel_size": data.draw(sizes), "strides": data.draw(sizes),
              "dilation_rate": data.draw(sizes), "padding": padding,
              "data_format": "channels_first" if channels_first else "channels_last", **flags}
    frames = data.draw(st.lists(st.integers(1, 9), min_size=rank, max_size=rank))
    channels = data.draw(st.integers(1, 3))
    shape = (None, channels, *frames) if channels_first else (None, *frames, channels)
    assert_agrees(f"ConvLSTM{rank}D", config, [(None, data.draw(st.one_of(st.none(), st.integers(1, 4))), *shape[1:])])


@settings(deadline=None, max_examples=30)
@given(inner=st.sampled_from(["SimpleRNN", "LSTM", "GRU"]), units=st.integers(1, 5),
       merge_mode=st.sampled_from(["concat", "sum", "mul", "ave", None]),
       return_sequences=st.booleans(), return_state=st.booleans(),
       backward=st.one_of(st.none(), st.sampled_from(["SimpleRNN", "LSTM", "GRU"])),
       frozen=st.booleans(), shape=st.tuples(dim, st.one_of(st.none(), st.integers(1, 6))))
def test_bidirectional_random(inner, units, merge_mode, return_sequences, return_state, backward, frozen, shape):
    common = {"return_sequences": return_sequences, "return_state": return_state}
    config = {"layer": L(inner, units=units, trainable=not frozen, **common), "merge_mode": merge_mode}
    if backward:
        config["backward_layer"] = L(backward, units=units + 1, go_backwards=True, **common)
    assert_agrees("Bidirectional", config, [(None, *shape)])


@settings(deadline=None, max_examples=30)
@given(inner=st.sampled_from([L("Dense", units=3), L("LSTM", units=2), L("Embedding", input_dim=5, output_dim=2),
                              L("GRU", units=2, return_sequences=True, trainable=False)]),
       shape=st.lists(dim, min_size=0, max_size=3))
def test_time_distributed_random(inner, shape):
    assert_agrees("TimeDistributed", {"layer": inner}, [(None, *shape)])


def test_merge_mode_is_case_sensitive_as_in_keras():
    assert_agrees("Bidirectional", {"layer": {"class_name": "LSTM", "config": {"units": 3}}, "merge_mode": "CONCAT"},
                  [(None, 5, 4)])
