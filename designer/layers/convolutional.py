"""Convolution layers: Conv, ConvTranspose, SeparableConv and DepthwiseConv (keras/src/layers/convolutional).

The argument lists follow each Keras class's ``__init__`` in order; the shape
and parameter rules live in `designer.layers._conv_rules`.
"""

from __future__ import annotations

from functools import partial

from . import _conv_rules as rules
from .common import layer_args, weight_args
from .lora import LORA_ARGS
from .registry import register
from .spec import Arg, LayerSpec
from .windows import conv_window

FAMILY = "Convolution"


# Arguments -----------------------------------------------------------------

def _filters(what: str = "Number of output channels (filters).") -> Arg:
    return Arg("filters", "int", None, minimum=1, shape_affecting=True, doc=what, start=32)


def _window(rank: int, name: str, default, minimum: int, doc: str, nullable: bool = False, **extra) -> Arg:
    """An ``ints`` argument with one value per spatial axis."""
    return Arg(name, "ints", default, length=rank, minimum=minimum, nullable=nullable,
               shape_affecting=True, doc=doc, **extra)


def _ones(rank: int):
    """Keras's default for strides and dilation_rate: ``1`` in 1-D, a tuple of ones above."""
    return 1 if rank == 1 else (1,) * rank


def _kernel_size(rank: int) -> Arg:
    return _window(rank, "kernel_size", None, 1, "Size of the convolution window, e.g. 3 for 3×3.",
                   start=(3,) * rank, card="value")


def _strides(rank: int) -> Arg:
    return _window(rank, "strides", _ones(rank), 1, "Step of the window; 2 halves each spatial size.")


def _dilation_rate(rank: int) -> Arg:
    return _window(rank, "dilation_rate", _ones(rank), 1,
                   "Spacing between kernel taps; widens the window without adding weights.")


def _output_padding(rank: int) -> Arg:
    return _window(rank, "output_padding", None, 0,
                   "Extra steps added at the end of each output axis (each below its stride); "
                   "null lets Keras choose.", nullable=True)


def _padding(causal: bool = False) -> Arg:
    choices = ("valid", "same", "causal") if causal else ("valid", "same")
    doc = "'valid' (no padding: output shrinks) or 'same' (output size = input size / strides)"
    if causal:
        doc += "; 'causal' pads the start only, so no step sees the future"
    return Arg("padding", "choice", "valid", choices=choices, shape_affecting=True, doc=doc + ".", card="always")


DATA_FORMAT = Arg(
    "data_format", "choice", None, choices=("channels_last", "channels_first"), nullable=True,
    shape_affecting=True, doc="Where the channel axis is: last (default) or first after the batch.",
)
GROUPS = Arg("groups", "int", 1, minimum=1, shape_affecting=True,
             doc="Splits channels and filters into this many independent groups.")
DEPTH_MULTIPLIER = Arg("depth_multiplier", "int", 1, minimum=1, shape_affecting=True,
                       doc="Output channels produced per input channel by the depthwise step.")
ACTIVATION = Arg("activation", "activation", None, nullable=True, doc="Applied to the output; null for none.",
                 card="value")
USE_BIAS = Arg("use_bias", "bool", True, shape_affecting=True, doc="Adds a learned bias per output channel.")


# Specs ---------------------------------------------------------------------

CONVOLUTION = frozenset({"convolution"})
"""Trait of a layer sliding a (dilated) kernel over its input, which advice about kernels reads."""


def _kernel_ranks(cfg, inputs) -> dict:
    """Every kernel of a convolution has the spatial axes plus input and output channels."""
    rank = len(cfg["kernel_size"]) + 2
    return {"kernel": rank, "depthwise": rank, "pointwise": rank}


def conv(rank: int) -> LayerSpec:
    """Conv1D, Conv2D or Conv3D."""
    return LayerSpec(
        class_name=f"Conv{rank}D",
        aliases=(f"Convolution{rank}D",),
        family=FAMILY,
        doc=f"Slides a {rank}-D window of learned filters over the input "
            f"to detect local patterns.",
        args=layer_args(
            _filters(), _kernel_size(rank), _strides(rank), _padding(causal=rank == 1), DATA_FORMAT,
            _dilation_rate(rank), GROUPS, ACTIVATION, USE_BIAS, *weight_args("kernel", "bias"), *LORA_ARGS[:2],
        ),
        output_shape=partial(rules.conv_shape, rank=rank),
        params=rules.conv_params,
        macs=rules.conv_macs,
        kernel_last=lambda cfg, inputs: cfg["filters"],
        weight_ranks=_kernel_ranks,
        window=conv_window,
        traits=CONVOLUTION,
        explainer="conv",
    )


def conv_transpose(rank: int) -> LayerSpec:
    """Conv1DTranspose, Conv2DTranspose or Conv3DTranspose (Conv3D puts data_format first)."""
    placement = (_output_padding(rank), DATA_FORMAT)
    if rank == 3:
        placement = placement[::-1]
    return LayerSpec(
        class_name=f"Conv{rank}DTranspose",
        aliases=(f"Convolution{rank}DTranspose",),
        family=FAMILY,
        doc="Transposed convolution: upsamples the input (strides 2 doubles each spatial size) with learned filters.",
        args=layer_args(
            _filters(), _kernel_size(rank), _strides(rank), _padding(), *placement, _dilation_rate(rank),
            ACTIVATION, USE_BIAS, *weight_args("kernel", "bias"),
        ),
        output_shape=partial(rules.transpose_shape, rank=rank),
        params=rules.transpose_params,
        macs=rules.transpose_macs,
        kernel_last=rules.input_channels_of,
        weight_ranks=_kernel_ranks,
        traits=frozenset({"upsampling"}),
        explainer="conv_transpose",
    )


def separable_conv(rank: int) -> LayerSpec:
    """SeparableConv1D or SeparableConv2D."""
    return LayerSpec(
        class_name=f"SeparableConv{rank}D",
        aliases=(f"SeparableConvolution{rank}D",),
        family=FAMILY,
        doc="A cheaper convolution: filters each channel on its own, then mixes channels with a 1×1 convolution.",
        args=layer_args(
            _filters(), _kernel_size(rank), _strides(rank), _padding(), DATA_FORMAT, _dilation_rate(rank),
            DEPTH_MULTIPLIER, ACTIVATION, USE_BIAS, *weight_args("depthwise", "pointwise", "bias"),
        ),
        output_shape=partial(rules.separable_shape, rank=rank),
        params=rules.separable_params,
        macs=rules.separable_macs,
        weight_ranks=_kernel_ranks,
        window=conv_window,
        traits=CONVOLUTION,
        explainer="separable_conv",
    )


def depthwise_conv(rank: int) -> LayerSpec:
    """DepthwiseConv1D or DepthwiseConv2D."""
    return LayerSpec(
        class_name=f"DepthwiseConv{rank}D",
        family=FAMILY,
        doc="Filters each input channel on its own, without mixing channels.",
        args=layer_args(
            _kernel_size(rank), _strides(rank), _padding(), DEPTH_MULTIPLIER, DATA_FORMAT, _dilation_rate(rank),
            ACTIVATION, USE_BIAS, *weight_args("depthwise", "bias"),
        ),
        output_shape=partial(rules.depthwise_shape, rank=rank),
        params=rules.depthwise_params,
        macs=rules.depthwise_macs,
        kernel_last=lambda cfg, inputs: cfg["depth_multiplier"],
        weight_ranks=_kernel_ranks,
        window=conv_window,
        traits=CONVOLUTION,
        explainer="depthwise_conv",
    )


register(
    *(conv(rank) for rank in (1, 2, 3)),
    *(conv_transpose(rank) for rank in (1, 2, 3)),
    *(separable_conv(rank) for rank in (1, 2)),
    *(depthwise_conv(rank) for rank in (1, 2)),
)
