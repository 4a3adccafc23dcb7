"""Merge layers: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot.

The element-wise merges follow `Merge._compute_elemwise_op_output_shape` in
``keras/src/layers/merging/base_merge.py``: shapes (without the batch axis) are
aligned on their last axes, a size of 1 broadcasts, an unknown size makes the
result unknown, and a shorter shape is padded on the left. Concatenate and Dot
port their own ``build``/``compute_output_shape`` checks, quirks included.
"""

from __future__ import annotations

from .common import layer_args
from .registry import register
from .shapes import fmt_shape
from .spec import Arg, ArgumentError, LayerError, LayerSpec
from .terms import macs_product

INPUT_HINT = "make the inputs the same shape, e.g. with a Dense or Reshape on one branch"


def _require_axes(inputs) -> None:
    """Keras reads every input's batch axis: a shape with no axes fails."""
    for shape in inputs:
        if len(shape) == 0:
            raise LayerError("an input has no axes at all", "give every input at least a batch axis")


def _shapes_text(inputs) -> str:
    return ", ".join(fmt_shape(s) for s in inputs)


# Element-wise merges -------------------------------------------------------

def broadcast_shapes(shape1: tuple, shape2: tuple) -> tuple:
    """Keras's element-wise result of two shapes without their batch axis."""
    if len(shape1) < len(shape2):
        return broadcast_shapes(shape2, shape1)
    if not shape2:
        return shape1
    out = list(shape1[: -len(shape2)])
    for i, j in zip(shape1[-len(shape2):], shape2):
        if i is None or j is None:
            out.append(None)
        elif i == 1:
            out.append(j)
        elif j == 1:
            out.append(i)
        elif i != j:
            raise LayerError(
                f"cannot combine samples of shapes {fmt_shape(shape1)} and {fmt_shape(shape2)} "
                f"(batch axis left out) element by element: sizes {i} and {j} differ, "
                "and only equal sizes or a size of 1 can be combined",
                INPUT_HINT,
            )
        else:
            out.append(i)
    return tuple(out)


def _batch_size(inputs):
    """The one known batch size, None if none is known; refuses two different ones."""
    sizes = {s[0] for s in inputs} - {None}
    if len(sizes) > 1:
        raise LayerError(
            f"cannot merge inputs with different batch sizes: {_shapes_text(inputs)}",
            "give every Input the same batch size (or leave it unknown)",
        )
    return next(iter(sizes)) if sizes else None


def _elementwise_shape(cfg, inputs):
    _require_axes(inputs)
    batch = _batch_size(inputs)
    out = tuple(inputs[0][1:])
    for shape in inputs[1:]:
        out = broadcast_shapes(out, tuple(shape[1:]))
    return (batch, *out)


def _elementwise(class_name: str, doc: str, operation: str, inputs=(1, None)) -> LayerSpec:
    return LayerSpec(
        class_name=class_name,
        family="Merge",
        doc=doc,
        args=layer_args(),
        output_shape=_elementwise_shape,
        inputs=inputs,
        call="list",
        traits=frozenset({"merge"}),
        explainer="elementwise",
        operation=operation,
    )


ADD = _elementwise("Add", "Adds its inputs element by element (same shapes, or sizes of 1 that broadcast).", "adds")
SUBTRACT = _elementwise("Subtract", "First input minus the second, element by element.",
                        "subtracts the second from the first of", inputs=(2, 2))
MULTIPLY = _elementwise("Multiply", "Multiplies its inputs element by element.", "multiplies")
AVERAGE = _elementwise("Average", "Averages its inputs element by element.", "averages")
MAXIMUM = _elementwise("Maximum", "Element-wise maximum of its inputs.", "takes the maximum of")
MINIMUM = _elementwise("Minimum", "Element-wise minimum of its inputs.", "takes the minimum of")


# Concatenate ---------------------------------------------------------------

def _valid_index(length: int, index: int) -> bool:
    return -length <= index < length


def _axis_error(axis: int, shape: tuple) -> LayerError:
    return LayerError(
        f"axis={axis} does not exist in the input {fmt_shape(shape)} ({len(shape)} axes)",
        f"use an axis from {-len(shape)} to {len(shape) - 1}; -1 is the last axis",
    )


def _without_concat_axis(shape: tuple, axis: int) -> tuple:
    """The shape Keras compares: ``axis`` removed when ``len(shape) > axis``."""
    reduced = list(shape)
    if len(reduced) > axis:
        if not _valid_index(len(reduced), axis):
            raise _axis_error(axis, shape)
        del reduced[axis]
    return tuple(reduced)


def _check_concat_inputs(axis: int, inputs) -> None:
    """`Concatenate.build`: all shapes equal except the axis; None matches anything."""
    reduced = {_without_concat_axis(s, axis) for s in inputs}
    if len(reduced) == 1:
        return
    mismatch = LayerError(
        f"can only join inputs whose sizes match on every axis except axis={axis}; "
        f"received {_shapes_text(inputs)}",
        "reshape one branch, or choose the axis on which the inputs differ",
    )
    if len({len(s) for s in reduced}) != 1:
        raise mismatch
    for sizes in zip(*reduced):
        if len(set(sizes) - {None}) > 1:
            raise mismatch


def _concat_shape(cfg, inputs):
    axis = cfg["axis"]
    _require_axes(inputs)
    _check_concat_inputs(axis, inputs)
    out = list(inputs[0])
    for shape in inputs[1:]:
        if not _valid_index(len(out), axis):
            raise _axis_error(axis, inputs[0])
        if out[axis] is None:
            break
        if not _valid_index(len(shape), axis):
            raise _axis_error(axis, shape)
        if shape[axis] is None:
            out[axis] = None
            break
        out[axis] += shape[axis]
    return tuple(out)


CONCATENATE = LayerSpec(
    class_name="Concatenate",
    family="Merge",
    doc="Joins its inputs along one axis; every other axis must have the same size.",
    args=layer_args(
        Arg("axis", "int", -1, shape_affecting=True, doc="Axis to join along; -1 is the last (features)."),
    ),
    output_shape=_concat_shape,
    inputs=(1, None),
    call="list",
    traits=frozenset({"merge", "joins_axis"}),
    explainer="concatenate",
)


# Dot -----------------------------------------------------------------------

def _dot_axes(cfg, shape1: tuple, shape2: tuple) -> tuple[int, int]:
    """The pair of axes Keras uses: an int applies to both inputs."""
    axes = cfg["axes"]
    if isinstance(axes, int):
        if axes < 0:
            return axes % len(shape1), axes % len(shape2)
        return axes, axes
    if len(axes) != 2:
        raise ArgumentError(
            "axes", f"`axes` must be one integer or a pair of integers; received {list(axes)!r}",
            "give one axis per input, e.g. [1, 2]",
        )
    return axes[0], axes[1]


def _dot_axis_error(axis: int, shape: tuple, which: str) -> LayerError:
    return LayerError(
        f"axis {axis} does not exist in the {which} input {fmt_shape(shape)} ({len(shape)} axes)",
        f"use an axis from 1 to {len(shape) - 1}, or a negative one counted from the end",
    )


def _dot_shape(cfg, inputs):
    shape1, shape2 = (tuple(s) for s in inputs)
    _require_axes(inputs)
    a1, a2 = _dot_axes(cfg, shape1, shape2)
    if not _valid_index(len(shape1), a1):
        raise _dot_axis_error(a1, shape1, "first")
    if not _valid_index(len(shape2), a2):
        raise _dot_axis_error(a2, shape2, "second")
    if shape1[a1] != shape2[a2]:
        raise LayerError(
            f"the dot product needs equal sizes on the multiplied axes, but the first input "
            f"{fmt_shape(shape1)} has {shape1[a1]} on axis {a1} and the second {fmt_shape(shape2)} "
            f"has {shape2[a2]} on axis {a2}",
            "pick axes of equal size (unknown sizes only match unknown sizes)",
        )
    left = list(shape1)
    right = list(shape2)
    left.pop(a1)
    right.pop(a2)
    if not right:
        raise LayerError(
            f"the second input {fmt_shape(shape2)} has no axis left besides the dot axis and the batch axis",
            "give the second input at least one more axis",
        )
    right.pop(0)
    out = left + right
    if len(out) == 1:
        out.append(1)
    return tuple(out)


def _dot_macs(cfg, inputs, outputs):
    """Output values × the summed axis."""
    s1, axes = inputs[0], cfg["axes"]
    a1 = (axes % len(s1) if axes < 0 else axes) if isinstance(axes, int) else axes[0]
    return macs_product([*outputs[0][1:], s1[a1]], "output values·summed axis")


DOT = LayerSpec(
    class_name="Dot",
    family="Merge",
    doc="Dot product of two inputs along the given axes (sizes must match), per sample.",
    args=layer_args(
        Arg("axes", "axis", None, shape_affecting=True,
            doc="Axis to multiply along, or one axis per input, e.g. [1, 2]; never 0 (batch).", start=-1),
        Arg("normalize", "bool", False, doc="L2-normalise both inputs first (cosine similarity)."),
    ),
    output_shape=_dot_shape,
    macs=_dot_macs,
    inputs=(2, 2),
    call="list",
    explainer="dot",
)

register(ADD, SUBTRACT, MULTIPLY, AVERAGE, MAXIMUM, MINIMUM, CONCATENATE, DOT)
