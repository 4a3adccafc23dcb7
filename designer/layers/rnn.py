"""Recurrent layers: SimpleRNN, LSTM, GRU, ConvLSTM1D/2D/3D, Bidirectional, TimeDistributed.

Argument lists follow keras/src/layers/rnn; the rules live in `_rnn_rules`
(the layers themselves) and `_rnn_wrappers` (the two wrappers).
"""

from __future__ import annotations

from functools import partial

from . import _rnn_rules as rules
from . import _rnn_wrappers as wrappers
from ._rnn_wrappers import nested_layer  # noqa: F401  (public: explanations of wrappers read it)
from .common import layer_args
from .registry import register
from .spec import Arg, LayerSpec

FAMILY = "Recurrent"

SEQUENCES = ("sequences",)
RECURRENT = frozenset({"recurrent"})
"""How Keras calls every recurrent layer (``call_inputs`` and trait): ``call(sequences, initial_state=None, …)``."""

INITIAL_STATE = frozenset({"initial_state"})
"""The call keywords of the recurrent layers whose initial states the engine checks."""


def unit_states(*names: str):
    """The ``states`` hook of a layer whose states are each ``(batch, units)``, in the order of ``names``."""

    def states(cfg) -> tuple[tuple[str, object], ...]:
        return tuple((name, cfg.get("units")) for name in names)

    return states


# Argument groups ------------------------------------------------------------

def _weights(*after_initializers: Arg) -> tuple[Arg, ...]:
    """Initializers, regularizers and constraints of kernel, recurrent kernel and bias.

    ``after_initializers`` go between the initializers and the regularizers,
    where Keras puts ``unit_forget_bias``.
    """
    defaults = {"kernel": "glorot_uniform", "recurrent": "orthogonal", "bias": "zeros"}
    inits = [Arg(f"{p}_initializer", "initializer", d) for p, d in defaults.items()]
    regs = [Arg(f"{p}_regularizer", "regularizer", None, nullable=True) for p in defaults]
    cons = [Arg(f"{p}_constraint", "constraint", None, nullable=True) for p in defaults]
    return (*inits, *after_initializers, *regs, *cons)


def _activations(gated: bool) -> tuple[Arg, ...]:
    out = (Arg("activation", "activation", "tanh", nullable=True, doc="Activation of the output and state.",
                card="value"),)
    if gated:
        out += (Arg("recurrent_activation", "activation", "sigmoid", nullable=True,
                    doc="Activation of the gates."),)
    return out


DROPOUT_ARGS = (
    Arg("dropout", "float", 0.0, doc="Fraction of the inputs dropped while training (clipped to 0…1)."),
    Arg("recurrent_dropout", "float", 0.0, doc="Fraction of the recurrent state dropped while training."),
    Arg("seed", "int", None, nullable=True, doc="Random seed of the dropout."),
)

SEQUENCE_ARGS = (
    Arg("return_sequences", "bool", False, shape_affecting=True,
        doc="True: output every time step (batch, timesteps, units); False: the last one only."),
    Arg("return_state", "bool", False, shape_affecting=True,
        doc="True: also output the final state(s) as extra outputs."),
    Arg("go_backwards", "bool", False, doc="Read the sequence from its end and return the reversed sequence."),
    Arg("stateful", "bool", False,
        doc="Carry each sample's final state over to the next batch; needs a fixed batch size."),
)

UNROLL = Arg("unroll", "bool", False, doc="Unroll the loop over time: faster on short sequences, more memory.")
USE_CUDNN = Arg("use_cudnn", "any", "auto", doc="'auto', true or false: use the fast cuDNN kernel on a GPU.")
UNIT_FORGET_BIAS = Arg("unit_forget_bias", "bool", True, doc="Start the forget gate's bias at 1.")
USE_BIAS = Arg("use_bias", "bool", True, shape_affecting=True)


def _units(what: str) -> Arg:
    return Arg("units", "int", None, minimum=1, shape_affecting=True, doc=f"Size of the {what}'s output and state.",
               start=32)


# SimpleRNN, LSTM, GRU -----------------------------------------------------

def _cell_spec(class_name: str, doc: str, args: tuple[Arg, ...]) -> LayerSpec:
    return LayerSpec(
        class_name=class_name,
        family=FAMILY,
        doc=doc,
        args=layer_args(*args),
        output_shape=partial(rules.cell_output, class_name),
        params=partial(rules.cell_build, class_name),
        macs=partial(rules.cell_macs, class_name),
        explainer="rnn",
        states=unit_states(*rules.STATE_NAMES[class_name]),
        call_keywords=INITIAL_STATE,
        call_inputs=SEQUENCES,
        traits=RECURRENT,
    )


SIMPLE_RNN = _cell_spec(
    "SimpleRNN",
    "A basic recurrent layer: the output at each step feeds back into the next step.",
    (_units("layer"), *_activations(False), USE_BIAS, *_weights(),
     *DROPOUT_ARGS, *SEQUENCE_ARGS, UNROLL),
)

LSTM = _cell_spec(
    "LSTM",
    "Long Short-Term Memory: a recurrent layer with gates that keep long-range information.",
    (_units("LSTM"), *_activations(True), USE_BIAS, *_weights(UNIT_FORGET_BIAS),
     *DROPOUT_ARGS, *SEQUENCE_ARGS, UNROLL, USE_CUDNN),
)

GRU = _cell_spec(
    "GRU",
    "Gated Recurrent Unit: a lighter gated recurrent layer than LSTM.",
    (_units("GRU"), *_activations(True), USE_BIAS, *_weights(),
     *DROPOUT_ARGS, *SEQUENCE_ARGS, UNROLL,
     Arg("reset_after", "bool", True, shape_affecting=True,
         doc="Apply the reset gate after the recurrent matrix (two biases, needed for cuDNN)."),
     USE_CUDNN),
)


# ConvLSTM1D/2D/3D ---------------------------------------------------------

def _convlstm_spec(rank: int) -> LayerSpec:
    frames = {1: "sequences of 1-D signals", 2: "sequences of images", 3: "sequences of volumes"}[rank]
    return LayerSpec(
        class_name=f"ConvLSTM{rank}D",
        family=FAMILY,
        doc=f"An LSTM whose gates are convolutions, for {frames}.",
        args=layer_args(
            Arg("filters", "int", None, minimum=0, shape_affecting=True, doc="Number of output channels.", start=32),
            Arg("kernel_size", "ints", None, length=rank, minimum=1, shape_affecting=True,
                doc="Size of the convolution window.", start=(3,) * rank, card="value"),
            Arg("strides", "ints", 1, length=rank, minimum=1, shape_affecting=True,
                doc="Step of the window over each frame."),
            Arg("padding", "choice", "valid", choices=("valid", "same"), shape_affecting=True,
                doc="'valid': no padding (frames shrink); 'same': frames keep their size (at stride 1).",
                card="always"),
            Arg("data_format", "choice", None, choices=("channels_last", "channels_first"), nullable=True,
                shape_affecting=True, doc="Where the channels are: last (default) or right after the time axis."),
            Arg("dilation_rate", "ints", 1, length=rank, minimum=1, shape_affecting=True,
                doc="Spacing between kernel taps."),
            *_activations(True),
            USE_BIAS,
            *_weights(UNIT_FORGET_BIAS),
            *DROPOUT_ARGS,
            *SEQUENCE_ARGS,
        ),
        output_shape=partial(rules.convlstm_output, rank),
        params=rules.convlstm_build,
        macs=rules.convlstm_macs,
        explainer="convlstm",
        trainable_flag_ignored=True,
        states=lambda cfg: tuple((name, cfg.get("filters")) for name in rules.STATE_NAMES["LSTM"]),
        call_keywords=INITIAL_STATE,
        call_inputs=SEQUENCES,
        traits=RECURRENT | {"frame_convolution"},
    )


CONV_LSTMS = [_convlstm_spec(rank) for rank in (1, 2, 3)]


# Wrappers -----------------------------------------------------------------

def _nested_summary(value) -> str:
    """``LSTM(64)`` for a nested layer config (raw or normalised)."""
    if not isinstance(value, dict):
        return "?"
    inner = value.get("config") or {}
    size = inner.get("units", inner.get("filters"))
    return f"{value.get('class_name', '?')}({size})" if size is not None else str(value.get("class_name", "?"))


def _bidirectional_summary(cfg) -> str:
    merge_mode = cfg.get("merge_mode", "concat")
    return f"{_nested_summary(cfg.get('layer'))}, merge_mode={merge_mode}"


BIDIRECTIONAL = LayerSpec(
    class_name="Bidirectional",
    family=FAMILY,
    doc="Runs a recurrent layer forwards and a copy backwards, and merges both outputs.",
    args=layer_args(
        Arg("layer", "layer", None, shape_affecting=True, doc="The recurrent layer to run in both directions."),
        Arg("merge_mode", "choice", "concat", choices=("concat", "sum", "mul", "ave"), nullable=True, case_sensitive=True,
            shape_affecting=True,
            doc="How to combine both directions: concat doubles the features; null keeps two outputs."),
        Arg("weights", "any", None),
        Arg("backward_layer", "layer", None, nullable=True, shape_affecting=True,
            doc="Optional separate layer for the backward direction (needs go_backwards=True)."),
    ),
    output_shape=wrappers.bidirectional_output,
    params=wrappers.bidirectional_params,
    caveats=wrappers.bidirectional_caveats,
    macs=wrappers.bidirectional_macs,
    summary=_bidirectional_summary,
    explainer="bidirectional",
    nests=wrappers.can_wrap_recurrent,
    trainable_flag_ignored=True,
    states=wrappers.bidirectional_states,
    call_keywords=INITIAL_STATE,
    call_inputs=SEQUENCES,
    traits=RECURRENT,
)

TIME_DISTRIBUTED = LayerSpec(
    class_name="TimeDistributed",
    family=FAMILY,
    doc="Applies the same layer (same weights) to every time step of a sequence.",
    args=layer_args(
        Arg("layer", "layer", None, shape_affecting=True, doc="The layer applied to each time step."),
    ),
    output_shape=wrappers.time_distributed_output,
    params=wrappers.time_distributed_params,
    macs=wrappers.time_distributed_macs,
    summary=lambda cfg: _nested_summary(cfg.get("layer")),
    explainer="time_distributed",
    nests=wrappers.can_wrap_per_step,
    trainable_flag_ignored=True,
)

register(SIMPLE_RNN, LSTM, GRU, *CONV_LSTMS, BIDIRECTIONAL, TIME_DISTRIBUTED)
