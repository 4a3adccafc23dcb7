"""Argument lists and rules shared by several layer families."""

from __future__ import annotations

from .args import BASE_ARGS
from .spec import Arg, ParamCount


def layer_args(*args: Arg) -> tuple[Arg, ...]:
    """A layer's own arguments followed by those every Keras layer accepts."""
    return (*args, Arg("activity_regularizer", "regularizer", None, nullable=True), *BASE_ARGS)


def weight_args(*prefixes: str) -> tuple[Arg, ...]:
    """``<prefix>_initializer/_regularizer/_constraint`` triples in Keras's order."""
    out = []
    defaults = {"kernel": "glorot_uniform", "bias": "zeros", "embeddings": "uniform"}
    for p in prefixes:
        out.append(Arg(f"{p}_initializer", "initializer", defaults.get(p, "glorot_uniform")))
    for p in prefixes:
        out.append(Arg(f"{p}_regularizer", "regularizer", None, nullable=True))
    for p in prefixes:
        out.append(Arg(f"{p}_constraint", "constraint", None, nullable=True))
    return tuple(out)


LORA_ARGS = (
    Arg("lora_rank", "int", None, nullable=True, minimum=0, shape_affecting=True,
        doc="Rank of the LoRA update (0 or None: no LoRA); freezes the kernel and adds two small trainable matrices."),
    Arg("lora_alpha", "float", None, nullable=True),
    Arg("quantization_config", "any", None),
)


def lora_params(fan_in: int, fan_out: int, rank: int | None, bias: int) -> ParamCount:
    """A kernel ``fan_in × fan_out`` with an optional LoRA update of ``rank``."""
    kernel = fan_in * fan_out
    if not rank:
        return ParamCount(kernel + bias)
    return ParamCount(rank * (fan_in + fan_out) + bias, kernel)


def same_shape(cfg, inputs):
    """Output shape equals the input shape."""
    return tuple(inputs[0])
