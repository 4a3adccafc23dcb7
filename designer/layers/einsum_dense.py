"""EinsumDense (keras/src/layers/core/einsum_dense.py): a dense layer written as an einsum."""

from __future__ import annotations

import math

from ._einsum import analyze_einsum, partial_output_shape, weight_size
from .common import LORA_ARGS, layer_args, weight_args
from .registry import register
from .spec import Arg, ArgumentError, LayerError, LayerSpec, ParamCount


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
    rank = cfg["lora_rank"]
    if not rank:
        return ParamCount(kernel + bias)
    if cfg["kernel_constraint"] is not None:
        raise LayerError(
            "LoRA cannot be used together with a kernel_constraint",
            "remove kernel_constraint or set lora_rank to null",
        )
    lora = rank * math.prod(shapes.kernel[:-1]) + rank * shapes.kernel[-1]
    return ParamCount(lora + bias, kernel)


EINSUM_DENSE = LayerSpec(
    class_name="EinsumDense",
    family="Core",
    doc="A dense layer described by an einsum equation, e.g. 'abc,cd->abd' maps the last axis to output_shape.",
    args=layer_args(
        Arg("equation", "str", None, shape_affecting=True,
            doc="input,kernel->output letters, e.g. 'ab,bc->ac' or '...x,xy->...y'."),
        Arg("output_shape", "any", None, shape_affecting=True,
            doc="Output sizes after the batch axis (and without '...' axes); null where it comes from the input."),
        Arg("activation", "activation", None, nullable=True),
        Arg("bias_axes", "str", None, nullable=True, shape_affecting=True,
            doc="Output letters that get a bias, e.g. 'c'; null for no bias."),
        *weight_args("kernel", "bias"),
        *LORA_ARGS,
        Arg("gptq_unpacked_column_size", "any", None),
    ),
    output_shape=_einsum_shape,
    params=_einsum_params,
)

register(EINSUM_DENSE)
