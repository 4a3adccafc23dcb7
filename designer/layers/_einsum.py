"""EinsumDense's equation analysis, shared by EinsumDense and MultiHeadAttention.

A faithful port of `_analyze_einsum_string` / `_analyze_split_string` in
``keras/src/layers/core/einsum_dense.py``: the same three accepted equation
forms (matched at the start of the string only, as Keras's ``re.match`` does),
the same placement of the batch and elided (``...``) axes (including Keras's
reversed order for several left-elided axes), the same Python indexing (so a
negative index wraps exactly where Keras's does) and the same refusals, each
turned into a `LayerError` a learner can read.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Sequence

from .shapes import fmt_shape
from .spec import ArgumentError, Dim, LayerError, Shape

EQUATION_FORMS = "'ab,bc->ac', '...ab,bc->...ac' or 'ab...,bc->ac...'"


@dataclass(frozen=True)
class EinsumShapes:
    """What `analyze_einsum` finds: weight shapes and the full output shape."""

    kernel: tuple
    bias: tuple | None
    output: Shape


def partial_output_shape(value: Any, arg: str = "output_shape") -> tuple:
    """``output_shape`` as EinsumDense stores it: an int becomes a 1-tuple.

    Entries may be ``None`` (unknown, taken from the input where shared).
    """
    if isinstance(value, int) and not isinstance(value, bool):
        return (value,)
    if isinstance(value, (list, tuple)) and all(
        v is None or (isinstance(v, int) and not isinstance(v, bool)) for v in value
    ):
        return tuple(value)
    raise ArgumentError(
        arg,
        f"`{arg}` must be an integer or a list of integers (null for a size taken from the input); "
        f"received {value!r}",
    )


def _valid_index(length: int, index: int) -> bool:
    """Python's own rule for ``seq[index]`` not raising IndexError."""
    return -length <= index < length


def _input_dim(input_shape: Shape, index: int, equation: str, input_spec: str) -> Dim:
    if not _valid_index(len(input_shape), index):
        raise LayerError(
            f"the equation '{equation}' names {len(input_spec)} input axes ('{input_spec}'), "
            f"more than its input {fmt_shape(input_shape)} has",
            "use an equation whose input part matches the input's rank, or '...' for the leading axes",
        )
    return input_shape[index]


def _output_dim(output_shape: list, index: int, equation: str, output_spec: str, partial: tuple) -> Dim:
    if not _valid_index(len(output_shape), index):
        raise LayerError(
            f"`output_shape` {list(partial)!r} is too short for the output '{output_spec}' "
            f"of the equation '{equation}'",
            "give one size per output axis after the batch axis (null where it comes from the input)",
        )
    return output_shape[index]


def _split_equation(equation: str) -> tuple[re.Match, bool]:
    """The regex match of the equation and whether its ``...`` is on the left."""
    dotted = re.sub(r"\.\.\.", "0", equation)
    match = re.match("([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)", dotted)
    if match:
        return match, False
    match = re.match("0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)", dotted)
    if match:
        return match, True
    match = re.match("([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0", dotted)
    if match:
        return match, False
    raise LayerError(
        f"cannot read the einsum equation {equation!r}",
        f"write it as input,kernel->output with letters only, e.g. {EQUATION_FORMS}",
    )


def _full_output_shape(partial: tuple, input_shape: Shape, elided: int, left_elided: bool) -> list:
    """Keras's output shape: batch axis, then the partial shape, plus elided axes."""
    if not input_shape:
        raise LayerError("its input has no axes at all", "give the input at least a batch and a feature axis")
    output_shape = list(partial)
    output_shape.insert(0, input_shape[0])
    if elided > 0 and left_elided:
        for i in range(1, elided):
            output_shape.insert(1, input_shape[i])
    elif elided > 0:
        for i in range(len(input_shape) - elided, len(input_shape)):
            output_shape.append(input_shape[i])
    return output_shape


def _bias_shape(bias_axes: str, output_spec: str, output_shape: list, elided: int, left_elided: bool,
                equation: str, partial: tuple) -> tuple:
    offset = elided if left_elided else 0
    sizes = {
        char: _output_dim(output_shape, i + offset, equation, output_spec, partial)
        for i, char in enumerate(output_spec)
    }
    for char in bias_axes:
        if char not in output_spec:
            raise LayerError(
                f"bias axis '{char}' of bias_axes={bias_axes!r} is not in the output '{output_spec}' "
                f"of the equation '{equation}'",
                f"use letters of '{output_spec}' in bias_axes",
            )
    if not bias_axes:
        raise LayerError(
            "bias_axes is an empty string",
            f"use null for no bias, or letters of the output '{output_spec}'",
        )
    first = min(output_spec.find(char) for char in bias_axes)
    shape = [sizes[char] if char in bias_axes else 1 for char in output_spec[first:]]
    if not left_elided:
        shape.extend([1] * max(elided, 0))
    return tuple(shape)


def analyze_einsum(equation: str, bias_axes: str | None, input_shape: Shape, partial: tuple) -> EinsumShapes:
    """Kernel, bias and output shapes of an EinsumDense on ``input_shape``.

    Sizes may still be ``None`` or negative here; `weight_size` refuses those
    the way Keras's ``add_weight`` does.
    """
    match, left_elided = _split_equation(equation)
    input_spec, weight_spec, output_spec = match.group(1), match.group(2), match.group(3)
    elided = len(input_shape) - len(input_spec)
    output_shape = _full_output_shape(partial, input_shape, elided, left_elided)

    if left_elided:
        input_index = {dim: (i + elided) - len(input_shape) for i, dim in enumerate(input_spec)}
        output_index = {dim: i + elided for i, dim in enumerate(output_spec)}
    else:
        input_index = {dim: i for i, dim in enumerate(input_spec)}
        output_index = {dim: i for i, dim in enumerate(output_spec)}

    for dim in input_spec:
        size_in = _input_dim(input_shape, input_index[dim], equation, input_spec)
        if dim in output_index:
            size_out = _output_dim(output_shape, output_index[dim], equation, output_spec, partial)
            if size_out is not None and size_out != size_in:
                raise LayerError(
                    f"axis '{dim}' is shared by the input and the output of '{equation}', but the input "
                    f"has {size_in} there and output_shape asks for {size_out}",
                    f"set that entry of output_shape to {size_in} or null",
                )

    for dim in output_spec:
        if dim not in input_spec and dim not in weight_spec:
            raise LayerError(
                f"output axis '{dim}' of '{equation}' is in neither the input '{input_spec}' "
                f"nor the kernel '{weight_spec}'",
                "every output letter must come from the input or the kernel",
            )

    kernel = []
    for dim in weight_spec:
        if dim in output_index:
            kernel.append(_output_dim(output_shape, output_index[dim], equation, output_spec, partial))
        elif dim in input_index:
            kernel.append(_input_dim(input_shape, input_index[dim], equation, input_spec))
        else:
            raise LayerError(
                f"kernel axis '{dim}' of '{equation}' is in neither the input '{input_spec}' "
                f"nor the output '{output_spec}'",
                "every kernel letter must also appear in the input or the output",
            )

    bias = None
    if bias_axes is not None:
        bias = _bias_shape(bias_axes, output_spec, output_shape, elided, left_elided, equation, partial)
    return EinsumShapes(tuple(kernel), bias, tuple(output_shape))


def weight_size(shape: Sequence[Dim], what: str, input_shape: Shape) -> int:
    """Number of values in a weight, refusing unknown or negative sizes as Keras does."""
    if any(d is None for d in shape):
        raise LayerError(
            f"cannot create its {what} of shape {fmt_shape(shape)}: a size is unknown "
            f"(input {fmt_shape(input_shape)})",
            "give the Input layer a fixed size on the axes the weights use",
        )
    if any(d < 0 for d in shape):
        raise LayerError(
            f"cannot create its {what} of shape {fmt_shape(shape)}: sizes cannot be negative",
            "use sizes of 0 or more",
        )
    return math.prod(shape)
