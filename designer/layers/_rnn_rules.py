"""Shape and parameter rules of the recurrent layers (keras/src/layers/rnn).

Every recurrent layer reads a sequence ``(batch, time, ...features)`` and runs
a *cell* over the time axis. Keras checks a layer in three steps, mirrored
here:

1. the input rank (``InputSpec(ndim=...)``), checked when the layer is called;
2. the cell's weights, created by ``build`` from one time step's shape
   ``(batch, ...features)`` -- `*_build` functions below: they refuse what
   ``build`` refuses and return the parameter count;
3. ``compute_output_shape``: the last output (or the whole sequence with
   ``return_sequences``) followed by the final states with ``return_state``.

`Bidirectional` builds its backward layer without the rank check, which is why
the build step is a rule of its own (the spec's ``params``).

The shape rules also take the tensors of the call's ``initial_state`` as more
inputs after the sequence (as tf.keras records them, and as Keras's
``compute_output_shape(sequences_shape, initial_state_shape)`` is given them)
and refuse what Keras's call fails on: `check_initial_state`.
"""

from __future__ import annotations

from typing import Sequence

from .shapes import (
    conv_output_length, fmt_shape, fmt_size, require_known, require_ndim, spatial_dims, with_spatial,
)
from .conventions import channel_index, data_format, spatial_indices
from .spec import Config, LayerError, ParamCount, Shape
from .terms import macs_product, num, product_text

GATES = {"SimpleRNN": 1, "GRU": 3, "LSTM": 4}
"""How many stacked kernels each cell has (one per gate)."""

STATE_NAMES = {"SimpleRNN": ("h",), "GRU": ("h",), "LSTM": ("h", "c")}
"""The states each cell returns with ``return_state=True`` and takes as ``initial_state``, in order:
the one home of both (the specs' ``states`` hooks and the shape rules read it)."""

USE_CUDNN_VALUES = ("auto", True, False)

SEQUENCE_INPUT = "a 3-D input (batch, timesteps, features)"


def step_shape(sequence: Shape) -> Shape:
    """One time step of a sequence: the time axis removed."""
    return (sequence[0], *sequence[2:])


def check_stateful(cfg: Config, sequence: Shape) -> None:
    """A stateful RNN keeps one state per sample: Keras needs the batch size."""
    if cfg["stateful"] and sequence[0] is None:
        raise LayerError(
            f"has stateful=True, which keeps one state per sample and so needs a fixed batch size, "
            f"but the input {fmt_shape(sequence)} has an unknown batch size",
            "give the Input layer a batch_size, or set stateful=False",
        )


def check_use_cudnn(cfg: Config) -> None:
    """LSTM and GRU accept ``use_cudnn`` of 'auto', True or False only."""
    if cfg["use_cudnn"] not in USE_CUDNN_VALUES:
        raise LayerError(
            f"`use_cudnn` must be 'auto', true or false; received {cfg['use_cudnn']!r}",
            "leave it at 'auto' unless you need to force or forbid cuDNN",
        )


def with_states(cfg: Config, output: Shape, state: Shape, n_states: int) -> Shape | list:
    """The output alone, or ``[output, state, ...]`` with ``return_state``."""
    if cfg["return_state"]:
        return [output, *([state] * n_states)]
    return output


RUN_FAILS = "(Keras builds the model, then fails on its first call)"


def _plural(n: int) -> str:
    return f"{n} tensor{'s' if n != 1 else ''}"


def check_initial_state(owner: str, given: Sequence[Shape], expected: Sequence[Shape],
                        names: Sequence[str] = (), first_only: bool = False) -> None:
    """Refuse initial states Keras's call fails on: one per state, each of its state's shape.

    Keras checks none of this when it builds the model; the first call fails.
    ``first_only``: the layer reads the first state and ignores the others
    (the GRU layer's ``inner_loop``). A size unknown on either side is not
    compared; the batch size is (a known batch of another size fails too).
    """
    n = len(expected)
    what = f" ({' and '.join(names)})" if names else " (its states)"
    if (len(given) < 1) if first_only else (len(given) != n):
        raise LayerError(f"initial_state of {owner} needs {_plural(n)}{what}, but {len(given)} "
                         f"{'is' if len(given) == 1 else 'are'} passed {RUN_FAILS}",
                         "pass the final states of a layer of the same kind and size")
    for state, want in zip(given[:1] if first_only else given, expected):
        if len(state) != len(want) or any(a is not None and b is not None and a != b for a, b in zip(state, want)):
            raise LayerError(f"initial_state of {owner} takes tensors of shape {fmt_shape(want)}, "
                             f"but got {fmt_shape(state)} {RUN_FAILS}",
                             "pass the final states of a layer of the same kind and size")


# SimpleRNN, LSTM, GRU -----------------------------------------------------

def cell_build(class_name: str, cfg: Config, inputs: Sequence[Shape]) -> ParamCount:
    """Weights of a SimpleRNN, LSTM or GRU cell, refusing what ``build`` refuses.

    kernel ``features × gates·units``, recurrent kernel ``units × gates·units``,
    bias ``gates·units`` (GRU with ``reset_after``: two biases, ``2 × 3·units``).
    """
    sequence = inputs[0]
    step = step_shape(sequence)
    features = require_known(step[-1], "last axis (features)", sequence)
    check_stateful(cfg, sequence)
    u, g = cfg["units"], GATES[class_name]
    two = class_name == "GRU" and cfg["reset_after"]
    per = (features + u) * u + ((2 if two else 1) * u if cfg["use_bias"] else 0)

    def terms() -> str:
        bias = (f" + 2·{u}" if two else f" + {u}") if cfg["use_bias"] else ""
        inner = f"({features} + {u})·{u}{bias}"
        what = f"input kernel {features}×{u}, recurrent kernel {u}×{u}" + (
            ", two biases (reset_after=True)" if two and bias else ", bias" if bias else "")
        if g == 1:
            return f"{inner} = {num(per)}: {what}"
        gates = {"LSTM": "input, forget, cell, output", "GRU": "update, reset, candidate"}[class_name]
        return f"{g}·({inner}) = {num(g * per)}: {g} gates ({gates}), each with {what}"

    return ParamCount(g * per, 0, terms)


def cell_macs(class_name: str, cfg: Config, inputs: Sequence[Shape], outputs: Sequence[Shape]):
    """``steps·gates·(in + units)·units``."""
    x, u = inputs[0], cfg["units"]
    fan_in = None if x[-1] is None else x[-1] + u
    return macs_product([x[1], GATES[class_name], fan_in, u], "steps·gates·(in + units)·units")


def cell_output(class_name: str, cfg: Config, inputs: Sequence[Shape]) -> Shape | list:
    """Output shape(s) of a SimpleRNN, LSTM or GRU on a 3-D sequence."""
    sequence = inputs[0]
    require_ndim(sequence, 3, SEQUENCE_INPUT)
    if class_name != "SimpleRNN":
        check_use_cudnn(cfg)
    cell_build(class_name, cfg, inputs)
    batch, steps = sequence[0], sequence[1]
    state = (batch, cfg["units"])
    names = STATE_NAMES[class_name]
    if len(inputs) > 1:
        check_initial_state(class_name, inputs[1:], [state] * len(names), names, first_only=class_name == "GRU")
    output = (batch, steps, cfg["units"]) if cfg["return_sequences"] else state
    return with_states(cfg, output, state, len(names))


# ConvLSTM1D/2D/3D ---------------------------------------------------------

def convlstm_input(rank: int) -> str:
    """The input a ConvLSTM of ``rank`` expects, in words."""
    axes = {1: "length", 2: "height, width", 3: "depth, height, width"}[rank]
    return f"a {rank + 3}-D input (batch, timesteps, {axes}, channels)"


def check_convlstm_args(cfg: Config) -> None:
    """Keras refuses strides and dilation both above 1."""
    if max(cfg["strides"]) > 1 and max(cfg["dilation_rate"]) > 1:
        raise LayerError(
            f"cannot combine strides={cfg['strides']} with dilation_rate={cfg['dilation_rate']}",
            "set strides=1 or dilation_rate=1",
        )


def _channels_of_step(cfg: Config, step: Shape, sequence: Shape) -> int:
    """Channels of one time step; its spatial sizes must be known too."""
    spatial = spatial_dims(step, data_format(cfg))
    if None in spatial:
        raise LayerError(
            f"needs every spatial size of its input to be known, but the input is {fmt_shape(sequence)}",
            "give the Input layer fixed spatial sizes (only the time axis may stay unknown)",
        )
    channels = step[1] if data_format(cfg) == "channels_first" else step[-1]
    if channels is None:
        raise LayerError(
            f"needs the channel axis of its input to be known to create its weights, "
            f"but the input is {fmt_shape(sequence)}",
            "give the Input layer a fixed number of channels",
        )
    return channels


def convlstm_build(cfg: Config, inputs: Sequence[Shape]) -> ParamCount:
    """Weights of a ConvLSTM cell: 4 kernels over input and state, 4 biases.

    ``4·filters·(k·in + k·filters) + 4·filters`` where ``k`` is the kernel's size.
    """
    check_convlstm_args(cfg)
    sequence = inputs[0]
    channels = _channels_of_step(cfg, step_shape(sequence), sequence)
    check_stateful(cfg, sequence)
    f, k = cfg["filters"], cfg["kernel_size"]
    window = 1
    for size in k:
        window *= size
    bias = 4 * f if cfg["use_bias"] else 0
    total = 4 * f * window * (channels + f) + bias

    def terms() -> str:
        plus = f" + {f}" if bias else ""
        text = (f"4·({product_text(k)}·({channels} + {f})·{f}{plus}) = {num(total)}: 4 gates, each a {fmt_size(k)} "
                f"convolution of the input ({channels} channels) and of the state ({f} channels) to {f} filters")
        return text + (", plus a bias" if bias else "")

    return ParamCount(total, 0, terms)


def convlstm_macs(cfg: Config, inputs: Sequence[Shape], outputs: Sequence[Shape]):
    """``steps·4 gates·out positions·kernel·(in + filters)·filters``."""
    x = inputs[0]
    step = step_shape(x)
    fmt = data_format(cfg)
    rank = len(cfg["kernel_size"])
    out = outputs[0]
    out_step = outputs[-1] if cfg["return_state"] else (out if not cfg["return_sequences"] else step_shape(out))
    c = step[channel_index(len(step), fmt)]
    positions = [out_step[a] for a in spatial_indices(len(out_step), rank, fmt)]
    return macs_product([x[1], 4, *positions, *cfg["kernel_size"], c + cfg["filters"], cfg["filters"]],
                        "steps·4 gates·out positions·kernel·(in + filters)·filters")


def _conv_step_output(cfg: Config, step: Shape, sequence: Shape) -> Shape:
    """What the cell's convolution makes of one time step."""
    fmt = data_format(cfg)
    sizes = []
    for i, size in enumerate(spatial_dims(step, fmt)):
        out = conv_output_length(size, cfg["kernel_size"][i], cfg["strides"][i], cfg["padding"],
                                 cfg["dilation_rate"][i])
        if cfg["padding"] == "valid" and out is not None and out <= 0:
            raise LayerError(
                f"a {fmt_size(cfg['kernel_size'])} kernel (dilation {fmt_size(cfg['dilation_rate'])}) does not "
                f"fit the {fmt_size(spatial_dims(step, fmt))} frames of its input {fmt_shape(sequence)} "
                f"with padding='valid' (output would be {out})",
                "use padding='same', a smaller kernel, or larger frames",
            )
        sizes.append(out)
    return with_spatial(step, sizes, cfg["filters"], fmt)


def convlstm_output(rank: int, cfg: Config, inputs: Sequence[Shape]) -> Shape | list:
    """Output shape(s) of a ConvLSTM of ``rank`` spatial axes."""
    sequence = inputs[0]
    require_ndim(sequence, rank + 3, convlstm_input(rank))
    convlstm_build(cfg, inputs)
    state = _conv_step_output(cfg, step_shape(sequence), sequence)
    if len(inputs) > 1:
        check_initial_state(f"ConvLSTM{rank}D", inputs[1:], [state, state], STATE_NAMES["LSTM"])
    output = (state[0], sequence[1], *state[1:]) if cfg["return_sequences"] else state
    return with_states(cfg, output, state, 2)
