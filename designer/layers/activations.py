"""Activation layers: Activation, ReLU, LeakyReLU, PReLU, ELU, Softmax (keras/src/layers/activations).

All of them keep the input shape. Only PReLU has weights: one learned slope
per input value, except along ``shared_axes`` where a single slope is shared.
"""

from __future__ import annotations

import math

from .common import layer_args, same_shape
from .registry import register
from .shapes import fmt_shape
from .spec import Arg, LayerError, LayerSpec, ParamCount
from .terms import num, product_text


# Activation ---------------------------------------------------------------

ACTIVATION = LayerSpec(
    class_name="Activation",
    family="Activation",
    doc="Applies an activation function (relu, sigmoid, softmax, …) to every value.",
    args=layer_args(
        Arg("activation", "activation", None, doc="Name of the activation function, e.g. 'relu'.", start="relu",
            card="value"),
    ),
    output_shape=same_shape,
    explainer="activation",
)


# ReLU, LeakyReLU, ELU -----------------------------------------------------

RELU = LayerSpec(
    class_name="ReLU",
    family="Activation",
    doc="Rectified linear unit: keeps positive values, with optional cap, threshold and leak.",
    args=layer_args(
        Arg("max_value", "float", None, nullable=True, minimum=0,
            doc="Cap on the output (null for no cap)."),
        Arg("negative_slope", "float", 0.0, minimum=0, doc="Slope below the threshold (0 for plain ReLU)."),
        Arg("threshold", "float", 0.0, minimum=0, doc="Values below it count as inactive."),
    ),
    output_shape=same_shape,
)

LEAKY_RELU = LayerSpec(
    class_name="LeakyReLU",
    family="Activation",
    doc="ReLU that lets a small slope through for negative values.",
    args=layer_args(
        Arg("negative_slope", "float", 0.3, minimum=0, doc="Slope for negative inputs."),
    ),
    output_shape=same_shape,
)

ELU = LayerSpec(
    class_name="ELU",
    family="Activation",
    doc="Exponential linear unit: x for x ≥ 0, alpha·(eˣ − 1) below.",
    args=layer_args(
        Arg("alpha", "float", 1.0, doc="Scale of the negative part."),
    ),
    output_shape=same_shape,
)


# PReLU --------------------------------------------------------------------

def _shared_axes(cfg) -> tuple[int, ...]:
    shared = cfg["shared_axes"]
    if shared is None:
        return ()
    return shared if isinstance(shared, tuple) else (shared,)


def _prelu_alpha_shape(cfg, x) -> list:
    """Shape of the ``alpha`` weight: the input without its batch axis, 1 on shared axes.

    Keras writes ``param_shape[axis - 1] = 1`` with Python indexing, so axis 0
    and negative axes count from the end; only indices past either end fail.
    """
    shape = list(x[1:])
    for axis in _shared_axes(cfg):
        if not -len(shape) <= axis - 1 < len(shape):
            if not shape:
                raise LayerError(f"`shared_axes` names axis {axis}, but the input {fmt_shape(x)} has no axis "
                                 "besides the batch axis", "remove `shared_axes`")
            raise LayerError(
                f"`shared_axes` names axis {axis}, but the input {fmt_shape(x)} only has "
                f"axes 1 to {len(shape)} after the batch axis",
                f"use axes between 1 and {len(shape)}",
            )
        shape[axis - 1] = 1
    return shape


def _prelu_shape(cfg, inputs):
    (x,) = inputs
    alpha = _prelu_alpha_shape(cfg, x)
    unknown = [i + 1 for i, d in enumerate(alpha) if d is None]
    if unknown:
        axes = ("axis " if len(unknown) == 1 else "axes ") + ", ".join(str(a) for a in unknown)
        raise LayerError(
            f"learns one slope per value, so it needs the size of {axes} of its input "
            f"{fmt_shape(x)} to be known",
            f"add {unknown} to `shared_axes` to share one slope along them, or give the Input a fixed size",
        )
    return tuple(x)


def _prelu_params(cfg, inputs):
    shape = _prelu_alpha_shape(cfg, inputs[0])
    total = math.prod(shape)

    def terms() -> str:
        factors = f"{product_text(shape)} = " if len(shape) > 1 else ""
        return f"{factors}{num(total)}: one learned slope per value (size 1 on shared axes)"

    return ParamCount(total, 0, terms)


PRELU = LayerSpec(
    class_name="PReLU",
    family="Activation",
    doc="Leaky ReLU whose negative slopes are learned, one per value unless shared along axes.",
    args=layer_args(
        Arg("alpha_initializer", "initializer", "Zeros"),
        Arg("alpha_regularizer", "regularizer", None, nullable=True),
        Arg("alpha_constraint", "constraint", None, nullable=True),
        Arg("shared_axes", "axis", None, nullable=True, shape_affecting=True,
            doc="Axes sharing one slope, e.g. [1, 2] for one slope per channel of an image."),
    ),
    output_shape=_prelu_shape,
    params=_prelu_params,
    macs=lambda cfg, inputs, outputs: (0, "0 MACs (no multiply–adds counted for an activation)"),
)


# Softmax ------------------------------------------------------------------

SOFTMAX = LayerSpec(
    class_name="Softmax",
    family="Activation",
    doc="Turns scores into probabilities that sum to 1 along an axis.",
    args=layer_args(
        Arg("axis", "axis", -1, doc="Axis (or list of axes) the probabilities sum over."),
    ),
    output_shape=same_shape,
)

register(ACTIVATION, RELU, LEAKY_RELU, PRELU, ELU, SOFTMAX)
