"""Argument lists and rules shared by several layer families."""

from __future__ import annotations

from .args import BASE_ARGS
from .spec import Arg


def layer_args(*args: Arg) -> tuple[Arg, ...]:
    """A layer's own arguments followed by those every Keras layer accepts (a layer's own argument wins:
    Embedding's ``input_dim`` is its vocabulary size, not the legacy base keyword)."""
    own = {a.name for a in args}
    return (*args, Arg("activity_regularizer", "regularizer", None, nullable=True),
            *(a for a in BASE_ARGS if a.name not in own))


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


def same_shape(cfg, inputs):
    """Output shape equals the input shape."""
    return tuple(inputs[0])
