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
"""

from __future__ import annotations

from typing import Sequence

from .shapes import (
    conv_output_length, fmt_shape, fmt_size, require_known, require_ndim, spatial_dims, with_spatial,
)
from .spec import Config, LayerError, ParamCount, Shape

GATES = {"SimpleRNN": 1, "GRU": 3, "LSTM": 4}
"""How many stacked kernels each cell has (one per gate)."""

STATES = {"SimpleRNN": 1, "GRU": 1, "LSTM": 2}
"""How many state tensors each cell returns with ``return_state=True``."""

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
    units, gates = cfg["units"], GATES[class_name]
    kernels = gates * units * (features + units)
    bias = gates * units if cfg["use_bias"] else 0
    if class_name == "GRU" and cfg["reset_after"]:
        bias *= 2
    return ParamCount(kernels + bias)


def cell_output(class_name: str, cfg: Config, inputs: Sequence[Shape]) -> Shape | list:
    """Output shape(s) of a SimpleRNN, LSTM or GRU on a 3-D sequence."""
    sequence = inputs[0]
    require_ndim(sequence, 3, SEQUENCE_INPUT)
    if class_name != "SimpleRNN":
        check_use_cudnn(cfg)
    cell_build(class_name, cfg, inputs)
    batch, steps = sequence[0], sequence[1]
    state = (batch, cfg["units"])
    output = (batch, steps, cfg["units"]) if cfg["return_sequences"] else state
    return with_states(cfg, output, state, STATES[class_name])


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


def data_format(cfg: Config) -> str:
    """The config's data_format; Keras's default (None) is channels_last."""
    return cfg["data_format"] or "channels_last"


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
    filters = cfg["filters"]
    window = 1
    for k in cfg["kernel_size"]:
        window *= k
    bias = 4 * filters if cfg["use_bias"] else 0
    return ParamCount(4 * filters * window * (channels + filters) + bias)


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
    output = (state[0], sequence[1], *state[1:]) if cfg["return_sequences"] else state
    return with_states(cfg, output, state, 2)
