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

from .conventions import SPATIAL_NAMES as SPATIAL_AXES, data_format, kernel_span, spatial_indices
from .lora import lora_params
from .shapes import (
    channel_axis, conv_output_length, deconv_output_length, fmt_shape, fmt_size, require_known,
    spatial_dims, with_spatial,
)
from .spec import ArgumentError, Config, Dim, LayerError, ParamCount, Shape
from .terms import each, macs_product, num, plural, product_text


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
    span = tuple(kernel_span(k, d) for k, d in zip(kernel, dilation))
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
# Each returns the count with its named terms; explanations show those terms.

def _channels(cfg: Config, inputs: Sequence[Shape]) -> int:
    x = inputs[0]
    return x[channel_axis(data_format(cfg), len(x))]


def input_channels_of(cfg: Config, inputs: Sequence[Shape]) -> int:
    """The input's channel count (a transposed convolution's kernel ends with it)."""
    return _channels(cfg, inputs)


def conv_params(cfg: Config, inputs: Sequence[Shape]) -> ParamCount:
    """Kernel ``kernel_size × (channels / groups) × filters`` plus a bias per filter.

    With ``lora_rank`` (Conv1D/2D/3D take it through ``**kwargs``) the kernel
    is frozen and two trainable factors ``fan_in × rank`` and ``rank × filters``
    are added, as `BaseConv.enable_lora` does.
    """
    c, k, f, g = _channels(cfg, inputs), cfg["kernel_size"], cfg["filters"], cfg["groups"]
    fan_in = math.prod(k) * (c // g)
    bias = f if cfg["use_bias"] else 0
    if cfg.get("lora_rank"):
        return lora_params(cfg, fan_in, f, bias, "kernel", f"{product_text(k)}·{c // g}")

    def terms() -> str:
        cin = str(c) if g == 1 else f"({c}/{g})"
        what = f"kernel {fmt_size(k)} × {plural(c // g, 'input channel')}"
        if bias:
            return f"({product_text(k)}·{cin} + 1)·{f} = {num((fan_in + 1) * f)}: ({what} + 1 bias) for {each(f, 'filter')}"
        return f"{product_text(k)}·{cin}·{f} = {num(fan_in * f)}: {what} for {each(f, 'filter')} (no bias)"

    return ParamCount(fan_in * f + bias, 0, terms)


def transpose_params(cfg: Config, inputs: Sequence[Shape]) -> ParamCount:
    """Kernel ``kernel_size × filters × channels`` plus a bias per filter."""
    c, k, f = _channels(cfg, inputs), cfg["kernel_size"], cfg["filters"]
    per = math.prod(k) * c
    bias = f if cfg["use_bias"] else 0

    def terms() -> str:
        if bias:
            return (f"({product_text(k)}·{c} + 1)·{f} = {num((per + 1) * f)}: (kernel {fmt_size(k)} × "
                    f"{plural(c, 'input channel')} + 1 bias) for {each(f, 'filter')}")
        return f"{product_text(k)}·{c}·{f} = {num(per * f)} (no bias)"

    return ParamCount(per * f + bias, 0, terms)


def depthwise_params(cfg: Config, inputs: Sequence[Shape]) -> ParamCount:
    """Kernel ``kernel_size × channels × depth_multiplier`` plus a bias per output channel."""
    c, k, m = _channels(cfg, inputs), cfg["kernel_size"], cfg["depth_multiplier"]
    outputs = c * m
    bias = outputs if cfg["use_bias"] else 0
    total = math.prod(k) * outputs + bias

    def terms() -> str:
        if bias:
            return (f"({product_text(k)} + 1)·{c}·{m} = {num(total)}: one {fmt_size(k)} kernel and a bias per input "
                    "channel × depth_multiplier")
        return f"{product_text(k)}·{c}·{m} = {num(total)} (no bias)"

    return ParamCount(total, 0, terms)


def separable_params(cfg: Config, inputs: Sequence[Shape]) -> ParamCount:
    """Depthwise kernel, then a pointwise ``(channels × depth_multiplier) × filters`` kernel and bias."""
    c, k, m, f = _channels(cfg, inputs), cfg["kernel_size"], cfg["depth_multiplier"], cfg["filters"]
    depthwise = math.prod(k) * c * m
    pointwise = c * m * f
    bias = f if cfg["use_bias"] else 0
    total = depthwise + pointwise + bias

    def terms() -> str:
        text = f"{product_text(k)}·{c}·{m} + {c}·{m}·{f}" + (f" + {f}" if bias else "")
        return f"{text} = {num(total)}: depthwise kernels + pointwise 1×1 kernel" + (" + bias" if bias else "")

    return ParamCount(total, 0, terms)


# Cost (MACs for one sample, bias additions not counted) ---------------------

def _spatial(shape: Shape, rank: int, fmt: str) -> list:
    return [shape[a] for a in spatial_indices(len(shape), rank, fmt)]


def conv_macs(cfg: Config, inputs: Sequence[Shape], outputs: Sequence[Shape]):
    """``out positions·kernel·(in/groups)·filters``."""
    fmt, k = data_format(cfg), list(cfg["kernel_size"])
    c = _channels(cfg, inputs)
    return macs_product([*_spatial(outputs[0], len(k), fmt), *k, c // cfg["groups"], cfg["filters"]],
                        "out positions·kernel·(in/groups)·filters")


def transpose_macs(cfg: Config, inputs: Sequence[Shape], outputs: Sequence[Shape]):
    """``in positions·kernel·in·filters``: every input position is spread over a kernel window."""
    fmt, k = data_format(cfg), list(cfg["kernel_size"])
    return macs_product([*_spatial(inputs[0], len(k), fmt), *k, _channels(cfg, inputs), cfg["filters"]],
                        "in positions·kernel·in·filters")


def depthwise_macs(cfg: Config, inputs: Sequence[Shape], outputs: Sequence[Shape]):
    """``out positions·kernel·in·depth_multiplier``."""
    fmt, k = data_format(cfg), list(cfg["kernel_size"])
    return macs_product([*_spatial(outputs[0], len(k), fmt), *k, _channels(cfg, inputs), cfg["depth_multiplier"]],
                        "out positions·kernel·in·depth_multiplier")


def separable_macs(cfg: Config, inputs: Sequence[Shape], outputs: Sequence[Shape]):
    """The depthwise part plus ``out positions·(in·depth_multiplier)·filters``."""
    fmt, k, m = data_format(cfg), list(cfg["kernel_size"]), cfg["depth_multiplier"]
    positions = _spatial(outputs[0], len(k), fmt)
    c = _channels(cfg, inputs)
    if any(p is None for p in positions):
        return None, "separable: depthwise + pointwise (unknown: a size is None)"
    p = math.prod(positions)
    depthwise, pointwise = p * math.prod(k) * c * m, p * c * m * cfg["filters"]
    return depthwise + pointwise, (f"{num(depthwise)} depthwise + {num(pointwise)} pointwise = "
                                   f"{num(depthwise + pointwise)} MACs")
