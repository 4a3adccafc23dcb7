"""Shape and parameter rules of the convolution family.

Mirrors `keras/src/layers/convolutional`: `BaseConv`, `BaseConvTranspose`,
`BaseSeparableConv` and `BaseDepthwiseConv`, whose output sizes come from
`compute_conv_output_shape` and `compute_conv_transpose_output_shape`.
Every rule takes the normalised config, the list of input shapes and the
convolution's rank (1, 2 or 3 spatial axes).
"""

from __future__ import annotations

import math
from typing import Sequence

from .shapes import (
    channel_axis, conv_output_length, deconv_output_length, fmt_shape, fmt_size, require_known,
    spatial_dims, with_spatial,
)
from .spec import ArgumentError, Config, Dim, LayerError, ParamCount, Shape

SPATIAL_AXES = {1: ("steps",), 2: ("height", "width"), 3: ("depth", "height", "width")}


def data_format(cfg: Config) -> str:
    """The config's data format; None means Keras's default, channels_last."""
    return cfg["data_format"] or "channels_last"


def _layout(rank: int, fmt: str) -> str:
    """``(batch, height, width, channels)`` in the order of ``fmt``."""
    spatial = SPATIAL_AXES[rank]
    axes = ("channels", *spatial) if fmt == "channels_first" else (*spatial, "channels")
    return "(" + ", ".join(("batch", *axes)) + ")"


# Argument combinations Keras refuses when the layer is constructed ----------

def check_strides_vs_dilation(cfg: Config) -> None:
    """Keras refuses ``strides > 1`` together with ``dilation_rate > 1`` (Conv and ConvTranspose)."""
    strides, dilation = cfg["strides"], cfg["dilation_rate"]
    if max(strides) > 1 and max(dilation) > 1:
        raise ArgumentError(
            "dilation_rate",
            f"cannot combine strides > 1 with dilation_rate > 1 "
            f"(received strides {fmt_size(strides)} and dilation_rate {fmt_size(dilation)})",
            "set dilation_rate to 1, or set strides to 1 and downsample with a pooling layer",
        )


def check_filters_vs_groups(cfg: Config) -> None:
    """Keras refuses a number of filters that the groups do not divide."""
    filters, groups = cfg["filters"], cfg["groups"]
    if filters % groups:
        multiple = groups * max(1, round(filters / groups))
        raise ArgumentError(
            "groups",
            f"filters={filters} cannot be split into groups={groups} equal groups",
            f"use a number of filters divisible by {groups} (e.g. {multiple}), or change groups",
        )


def check_output_padding(cfg: Config) -> None:
    """Keras wants every ``output_padding`` strictly below the stride on its axis."""
    output_padding, strides = cfg["output_padding"], cfg["strides"]
    if output_padding is None:
        return
    if any(p >= s for p, s in zip(output_padding, strides)):
        raise ArgumentError(
            "output_padding",
            f"output_padding must be smaller than strides on every axis "
            f"(received output_padding {fmt_size(output_padding)} and strides {fmt_size(strides)})",
            "lower output_padding (0 up to strides − 1), raise strides, or leave output_padding empty",
        )


# The input -----------------------------------------------------------------

def _require_rank(x: Shape, rank: int, fmt: str) -> None:
    """Exactly ``rank + 2`` axes; the hint names the Reshape or the layer that fits."""
    wanted = rank + 2
    if len(x) == wanted:
        return
    message = f"expects a {wanted}-D input {_layout(rank, fmt)}, but its input {fmt_shape(x)} has {len(x)} axes"
    sample = tuple(x[1:])
    if len(x) == wanted - 1 and sample and None not in sample:
        target = (1, *sample) if fmt == "channels_first" else (*sample, 1)
        hint = f"add a Reshape with target_shape {fmt_shape(target)} before it"
        raise LayerError(f"{message} (no channel axis)", hint)
    spatial = len(x) - 2
    other = f", or use Conv{spatial}D, made for {spatial}-D data" if spatial in SPATIAL_AXES else ""
    raise LayerError(message, f"add a Reshape before it{other}")


def input_channels(x: Shape, rank: int, fmt: str) -> int:
    """The input's channel count, after checking its rank; Keras needs it known."""
    _require_rank(x, rank, fmt)
    return require_known(x[channel_axis(fmt, len(x))], "channel axis", x)


def check_channels_vs_groups(cfg: Config, channels: int, x: Shape) -> None:
    """Keras refuses an input whose channels the groups do not divide (checked in `build`)."""
    groups = cfg["groups"]
    if channels % groups:
        divisor = math.gcd(channels, cfg["filters"])
        raise LayerError(
            f"its input {fmt_shape(x)} has {channels} channels, "
            f"which cannot be split into groups={groups} equal groups",
            f"use a groups value that divides both {channels} and filters={cfg['filters']} (e.g. {divisor})",
        )


# Output sizes --------------------------------------------------------------

def _span(kernel: int, dilation: int) -> int:
    """Input length one dilated kernel covers."""
    return dilation * (kernel - 1) + 1


def conv_spatial(cfg: Config, spatial: Sequence[Dim]) -> tuple:
    """Spatial output sizes of a (depthwise, separable or plain) convolution."""
    kernel, strides, dilation, padding = cfg["kernel_size"], cfg["strides"], cfg["dilation_rate"], cfg["padding"]
    out = tuple(
        conv_output_length(n, k, s, padding, d) for n, k, s, d in zip(spatial, kernel, strides, dilation)
    )
    if padding == "valid" and any(o is not None and o <= 0 for o in out):
        raise LayerError(
            f"a {_kernel_words(kernel, dilation)} does not fit the {fmt_size(spatial)} input "
            f"with padding='valid' (output would be {fmt_size(out)})",
            "use padding='same', a smaller kernel_size or dilation_rate, "
            "or remove a pooling or strided layer before it",
        )
    return out


def _kernel_words(kernel: Sequence[int], dilation: Sequence[int]) -> str:
    if max(dilation) == 1:
        return f"{fmt_size(kernel)} kernel"
    span = tuple(_span(k, d) for k, d in zip(kernel, dilation))
    return f"{fmt_size(kernel)} kernel dilated by {fmt_size(dilation)} (spanning {fmt_size(span)})"


def transpose_spatial(cfg: Config, spatial: Sequence[Dim]) -> tuple:
    """Spatial output sizes of a transposed convolution (Keras's TF-padding rule)."""
    output_padding = cfg["output_padding"] or (None,) * len(spatial)
    out = tuple(
        deconv_output_length(n, k, s, cfg["padding"], p, d)
        for n, k, s, p, d in zip(spatial, cfg["kernel_size"], cfg["strides"], output_padding, cfg["dilation_rate"])
    )
    if any(o is not None and o < 0 for o in out):
        raise LayerError(
            f"would produce the negative size {fmt_size(out)} from the empty {fmt_size(spatial)} input",
            "give every spatial axis of the input at least one step",
        )
    return out


# Shape rules, one per kind of convolution ----------------------------------

def conv_shape(cfg: Config, inputs: Sequence[Shape], rank: int) -> Shape:
    """Conv1D/2D/3D: ``filters`` output channels over the convolved spatial axes."""
    check_filters_vs_groups(cfg)
    check_strides_vs_dilation(cfg)
    (x,) = inputs
    fmt = data_format(cfg)
    channels = input_channels(x, rank, fmt)
    check_channels_vs_groups(cfg, channels, x)
    return with_spatial(x, conv_spatial(cfg, spatial_dims(x, fmt)), cfg["filters"], fmt)


def transpose_shape(cfg: Config, inputs: Sequence[Shape], rank: int) -> Shape:
    """Conv1D/2D/3DTranspose: ``filters`` output channels over upsampled spatial axes."""
    check_output_padding(cfg)
    check_strides_vs_dilation(cfg)
    (x,) = inputs
    fmt = data_format(cfg)
    input_channels(x, rank, fmt)
    return with_spatial(x, transpose_spatial(cfg, spatial_dims(x, fmt)), cfg["filters"], fmt)


def depthwise_shape(cfg: Config, inputs: Sequence[Shape], rank: int) -> Shape:
    """DepthwiseConv1D/2D: ``channels × depth_multiplier`` output channels."""
    (x,) = inputs
    fmt = data_format(cfg)
    channels = input_channels(x, rank, fmt)
    return with_spatial(x, conv_spatial(cfg, spatial_dims(x, fmt)), channels * cfg["depth_multiplier"], fmt)


def separable_shape(cfg: Config, inputs: Sequence[Shape], rank: int) -> Shape:
    """SeparableConv1D/2D: a depthwise step then a 1×1 step to ``filters`` channels."""
    (x,) = inputs
    fmt = data_format(cfg)
    input_channels(x, rank, fmt)
    return with_spatial(x, conv_spatial(cfg, spatial_dims(x, fmt)), cfg["filters"], fmt)


# Parameter rules (called after the shape rule accepted the input) -----------

def _channels(cfg: Config, inputs: Sequence[Shape]) -> int:
    x = inputs[0]
    return x[channel_axis(data_format(cfg), len(x))]


def _bias(cfg: Config, size: int) -> int:
    return size if cfg["use_bias"] else 0


def conv_params(cfg: Config, inputs: Sequence[Shape]) -> int | ParamCount:
    """Kernel ``kernel_size × (channels / groups) × filters`` plus a bias per filter.

    With ``lora_rank`` (Conv1D/2D/3D take it through ``**kwargs``) the kernel
    is frozen and two trainable factors ``fan_in × rank`` and ``rank × filters``
    are added, as `BaseConv.enable_lora` does.
    """
    fan_in = math.prod(cfg["kernel_size"]) * (_channels(cfg, inputs) // cfg["groups"])
    bias = _bias(cfg, cfg["filters"])
    rank = cfg.get("lora_rank")
    if not rank:
        return fan_in * cfg["filters"] + bias
    if cfg.get("kernel_constraint") is not None:
        raise ArgumentError("lora_rank", "LoRA cannot be used together with a `kernel_constraint`",
                            "remove the kernel_constraint or the lora_rank")
    return ParamCount(rank * (fan_in + cfg["filters"]) + bias, fan_in * cfg["filters"])


def transpose_params(cfg: Config, inputs: Sequence[Shape]) -> int:
    """Kernel ``kernel_size × filters × channels`` plus a bias per filter."""
    kernel = math.prod(cfg["kernel_size"]) * cfg["filters"] * _channels(cfg, inputs)
    return kernel + _bias(cfg, cfg["filters"])


def depthwise_params(cfg: Config, inputs: Sequence[Shape]) -> int:
    """Kernel ``kernel_size × channels × depth_multiplier`` plus a bias per output channel."""
    outputs = _channels(cfg, inputs) * cfg["depth_multiplier"]
    return math.prod(cfg["kernel_size"]) * outputs + _bias(cfg, outputs)


def separable_params(cfg: Config, inputs: Sequence[Shape]) -> int:
    """Depthwise kernel, then a pointwise ``(channels × depth_multiplier) × filters`` kernel and bias."""
    depthwise_outputs = _channels(cfg, inputs) * cfg["depth_multiplier"]
    depthwise = math.prod(cfg["kernel_size"]) * depthwise_outputs
    pointwise = depthwise_outputs * cfg["filters"]
    return depthwise + pointwise + _bias(cfg, cfg["filters"])
