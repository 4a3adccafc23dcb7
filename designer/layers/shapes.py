"""Pure helpers over shapes shared by the family modules.

Shapes are tuples with the batch axis first and ``None`` for an unknown size.
The arithmetic mirrors `keras/src/ops/operation_utils.py`
(`compute_conv_output_shape`, `compute_pooling_output_shape`).
"""

from __future__ import annotations

import math
from typing import Sequence

from .spec import Dim, LayerError, Shape


def fmt_dim(d: Dim) -> str:
    return "None" if d is None else str(d)


def fmt_shape(shape: Sequence[Dim]) -> str:
    """``(None, 28, 28, 1)`` as Keras prints it (a 1-tuple keeps its comma)."""
    inner = ", ".join(fmt_dim(d) for d in shape)
    return f"({inner},)" if len(shape) == 1 else f"({inner})"


def fmt_size(values: Sequence[Dim]) -> str:
    """``3×3`` for a kernel, pool or spatial size."""
    return "×".join(fmt_dim(v) for v in values)


def require_ndim(shape: Shape, ndim: int, what: str) -> None:
    """Refuse an input whose rank is not ``ndim`` (batch axis included).

    ``what`` describes the expected input in a learner's words, e.g.
    ``"a 4-D input (batch, height, width, channels)"``.
    """
    if len(shape) != ndim:
        raise LayerError(
            f"expects {what}, but its input {fmt_shape(shape)} has {len(shape)} axes",
            _rank_hint(len(shape), ndim),
        )


def require_min_ndim(shape: Shape, ndim: int, what: str) -> None:
    """Refuse an input with fewer than ``ndim`` axes (batch axis included)."""
    if len(shape) < ndim:
        raise LayerError(
            f"expects {what}, but its input {fmt_shape(shape)} has only {len(shape)} axes",
            _rank_hint(len(shape), ndim),
        )


def _rank_hint(found: int, wanted: int) -> str:
    if found > wanted:
        return "add a Flatten or a global pooling layer before it, or use the layer made for that rank"
    return "add a Reshape before it, or use the layer made for that rank"


def require_known(dim: Dim, what: str, shape: Shape) -> int:
    """Refuse an unknown size where Keras needs it to create weights."""
    if dim is None:
        raise LayerError(
            f"needs the {what} of its input to be known to create its weights, "
            f"but the input is {fmt_shape(shape)}",
            "give the Input layer a fixed size on that axis",
        )
    return dim


def channel_axis(data_format: str, ndim: int) -> int:
    """Index of the channel axis for a full shape with ``ndim`` axes."""
    return 1 if data_format == "channels_first" else ndim - 1


def spatial_dims(shape: Shape, data_format: str) -> tuple:
    return tuple(shape[2:]) if data_format == "channels_first" else tuple(shape[1:-1])


def with_spatial(shape: Shape, spatial: Sequence[Dim], channels: Dim, data_format: str) -> Shape:
    """A full shape from the batch of ``shape``, new spatial sizes and channels."""
    if data_format == "channels_first":
        return (shape[0], channels, *spatial)
    return (shape[0], *spatial, channels)


def conv_output_length(size: Dim, kernel: int, stride: int, padding: str, dilation: int = 1) -> Dim:
    """Output length of a convolution or pooling window along one axis.

    ``valid``: ``floor((size - dilation·(kernel - 1) - 1) / stride) + 1``;
    ``same`` and ``causal``: ``floor((size - 1) / stride) + 1``. May return zero or
    less: the caller refuses that with the layer's own words.
    """
    if size is None:
        return None
    if padding == "valid":
        return (size - dilation * (kernel - 1) - 1) // stride + 1
    return (size - 1) // stride + 1


def deconv_output_length(
    size: Dim, kernel: int, stride: int, padding: str, output_padding: int | None, dilation: int = 1
) -> Dim:
    """Output length of a transposed convolution along one axis (Keras's rule)."""
    if size is None:
        return None
    kernel = kernel + (kernel - 1) * (dilation - 1)
    if output_padding is None:
        if padding == "valid":
            return size * stride + max(kernel - stride, 0)
        return size * stride
    pad = kernel // 2 if padding == "same" else 0
    return (size - 1) * stride + kernel - 2 * pad + output_padding


def product(values: Sequence[Dim]) -> Dim:
    """Product of sizes, or None when any is unknown."""
    if any(v is None for v in values):
        return None
    return math.prod(values)


def broadcast(shape1: Sequence[Dim], shape2: Sequence[Dim]) -> Shape:
    """Keras's `broadcast_shapes` of two full shapes (batch axis included), as ``x * y`` in a layer's call.

    Shorter shapes get leading 1s; an unknown size meeting a known one takes the
    known one (Keras's symbolic rule), except 0, which stays unknown as TensorFlow
    computes it. Refuses sizes that differ and are not 1.
    """
    a, b = list(shape1), list(shape2)
    a = [1] * (len(b) - len(a)) + a
    b = [1] * (len(a) - len(b)) + b
    out = []
    for i, j in zip(a, b):
        if i == 1:
            out.append(j)
        elif i is None:
            out.append(None if j in (0, 1) else j)
        elif j is None:
            out.append(None if i == 0 else i)
        elif j == 1 or j == i:
            out.append(i)
        else:
            raise LayerError(
                f"cannot combine shapes {fmt_shape(shape1)} and {fmt_shape(shape2)} value by value: "
                f"sizes {i} and {j} differ, and only equal sizes or a size of 1 broadcast",
                "make the sizes equal, or 1 where one should be repeated",
            )
    return tuple(out)
