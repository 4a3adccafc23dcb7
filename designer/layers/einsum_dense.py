"""EinsumDense (keras/src/layers/core/einsum_dense.py): a dense layer written as an einsum."""

from __future__ import annotations

import math
import re

from ._einsum import analyze_einsum, partial_output_shape, weight_size
from .common import layer_args, weight_args
from .lora import LORA_ARGS, check_lora
from .registry import register
from .shapes import fmt_shape
from .spec import Arg, ArgumentError, LayerSpec, ParamCount
from .terms import macs_product, num, product_text


def _partial(cfg) -> tuple:
    if cfg["output_shape"] is None:
        raise ArgumentError(
            "output_shape", "needs a value for `output_shape` (Keras has no default for it)",
            "give the output's sizes after the batch axis, e.g. 64 or [null, 64]",
        )
    return partial_output_shape(cfg["output_shape"])


def _analysis(cfg, inputs):
    (x,) = inputs
    return analyze_einsum(cfg["equation"], cfg["bias_axes"], x, _partial(cfg))


def _einsum_shape(cfg, inputs):
    shapes = _analysis(cfg, inputs)
    _einsum_params(cfg, inputs)
    return shapes.output


def _einsum_params(cfg, inputs):
    """Kernel (+ bias); with LoRA the kernel is frozen and A, B are trainable.

    LoRA factorises on the kernel's last axis: A is ``kernel[:-1] + (rank,)``,
    B is ``(rank, kernel[-1])``.
    """
    (x,) = inputs
    shapes = _analysis(cfg, inputs)
    kernel = weight_size(shapes.kernel, "kernel", x)
    bias = 0 if shapes.bias is None else weight_size(shapes.bias, "bias", x)
    rank = check_lora(cfg)
    named = f"kernel {product_text(shapes.kernel)}" + (f" + bias {product_text(shapes.bias)}" if bias else "")
    if not rank:
        return ParamCount(kernel + bias, 0, lambda: f"{named} = {num(kernel + bias)}")
    lora = rank * math.prod(shapes.kernel[:-1]) + rank * shapes.kernel[-1]
    return ParamCount(lora + bias, kernel, lambda: f"{named} (frozen) + LoRA {lora} = {num(kernel + bias + lora)}")


def _einsum_macs(cfg, inputs, outputs):
    """Output values × the kernel sizes summed over."""
    shapes = _analysis(cfg, inputs)
    _, kernel_spec, out_spec = re.split(",|->", cfg["equation"].replace("...", ""))
    summed = [size for letter, size in zip(kernel_spec, shapes.kernel) if letter not in out_spec]
    return macs_product([*outputs[0][1:], *summed], "output values·summed kernel sizes")


def _einsum_caveats(cfg, inputs, outputs):
    """'...' covering two or more axes besides the batch: Keras's symbolic shape lists them reversed."""
    x = inputs[0]
    spec = re.split(",|->", cfg["equation"])[0]
    elided = len(x) - len(spec.replace("...", "")) - (1 if spec.startswith("...") else 0)
    if "..." not in spec or elided < 2:
        return []
    return [("einsum_ellipsis", (
        f"'...' covers {elided} axes of the input {fmt_shape(x)}: Keras's symbolic shape "
        f"{fmt_shape(outputs[0])} (what model.summary() shows, and what the engine agrees with) does not keep "
        "those axes in order, but predict() does, so real outputs have a different shape; name every axis in "
        "the equation instead of '...'"))]


EINSUM_DENSE = LayerSpec(
    class_name="EinsumDense",
    family="Core",
    doc="A dense layer described by an einsum equation, e.g. 'abc,cd->abd' maps the last axis to output_shape.",
    args=layer_args(
        Arg("equation", "str", None, shape_affecting=True,
            doc="input,kernel->output letters, e.g. 'ab,bc->ac' or '...x,xy->...y'."),
        Arg("output_shape", "any", None, shape_affecting=True,
            doc="Output sizes after the batch axis (and without '...' axes); null where it comes from the input."),
        Arg("activation", "activation", None, nullable=True, card="value"),
        Arg("bias_axes", "str", None, nullable=True, shape_affecting=True,
            doc="Output letters that get a bias, e.g. 'c'; null for no bias."),
        *weight_args("kernel", "bias"),
        *LORA_ARGS,
        Arg("gptq_unpacked_column_size", "any", None),
    ),
    output_shape=_einsum_shape,
    params=_einsum_params,
    macs=_einsum_macs,
    kernel_last=lambda cfg, inputs: _analysis(cfg, inputs).kernel[-1],
    caveats=_einsum_caveats,
    explainer="einsum_dense",
)

register(EINSUM_DENSE)
