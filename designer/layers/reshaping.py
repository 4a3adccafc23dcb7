"""Reshaping layers: Flatten, Reshape, Permute, RepeatVector, UpSampling, ZeroPadding, Cropping.

Rules follow each class's `compute_output_shape` in keras/src/layers/reshaping;
none of these layers has weights. The per-axis argument forms of ZeroPadding
and Cropping live in `_reshape_pad_crop`.
"""

from __future__ import annotations

import math

from ._pool_shapes import channels_of, data_format_arg, require_spatial, scaled
from ._reshape_pad_crop import cropping_rule, padding_rule, per_axis_pairs  # noqa: F401  (public: explanations read it)
from .common import layer_args
from .registry import register
from .shapes import fmt_shape, product, require_min_ndim, require_ndim, with_spatial
from .spec import Arg, ArgumentError, LayerError, LayerSpec


# Flatten ------------------------------------------------------------------

def _flatten_shape(cfg, inputs):
    """All non-batch axes into one; unknown as soon as one of them is unknown."""
    (x,) = inputs
    require_min_ndim(x, 1, "an input with a batch axis")
    return (x[0], product(x[1:]))


FLATTEN = LayerSpec(
    class_name="Flatten",
    family="Reshaping",
    doc="Lays every value of a sample out in one long vector, e.g. 7×7×8 → 392.",
    args=layer_args(data_format_arg(shape_affecting=False)),
    output_shape=_flatten_shape,
    explainer="flatten",
)


# Reshape ------------------------------------------------------------------

def _refuse_two_unknowns(target):
    if list(target).count(-1) > 1:
        raise ArgumentError(
            "target_shape", f"`target_shape` {fmt_shape(target)} has more than one -1",
            "keep at most one -1: Keras can work out a single missing size",
        )


def _resolve_target(sizes, target):
    """`compute_reshape_output_shape`: -1 worked out when every size is known."""
    if None in sizes or None in target:
        return tuple(None if d == -1 else d for d in target)
    total = math.prod(sizes)
    if -1 not in target:
        if math.prod(target) != total:
            raise LayerError(
                f"cannot reshape {total} values into target_shape {fmt_shape(target)}, "
                f"which holds {math.prod(target)}",
                f"make the sizes multiply to {total}, or put -1 on one axis to have it worked out",
            )
        return tuple(target)
    known = math.prod(d for d in target if d != -1)
    if known == 0:
        raise LayerError(
            f"target_shape {fmt_shape(target)} has a size 0, so its -1 cannot be worked out",
            "remove the 0 or replace the -1 by a size",
        )
    if total % known:
        raise LayerError(
            f"cannot reshape {total} values into target_shape {fmt_shape(target)}: "
            f"{total} is not a multiple of {known}, the product of the other sizes",
            f"choose sizes whose product divides {total}",
        )
    return tuple(total // known if d == -1 else d for d in target)


def _reshape_shape(cfg, inputs):
    (x,) = inputs
    target = cfg["target_shape"]
    _refuse_two_unknowns(target)
    return (x[0], *_resolve_target(tuple(x[1:]), target))


RESHAPE = LayerSpec(
    class_name="Reshape",
    family="Reshaping",
    doc="Rearranges each sample into target_shape; the number of values must stay the same.",
    args=layer_args(
        Arg("target_shape", "shape", None, minimum=-1, shape_affecting=True,
            doc="New shape of one sample, without the batch axis; one -1 is worked out.", card="always"),
    ),
    output_shape=_reshape_shape,
    explainer="reshape",
)


# Permute ------------------------------------------------------------------

def _permutation(dims):
    if not isinstance(dims, tuple):
        raise ArgumentError("dims", f"`dims` must be a list of axes such as [2, 1]; received {dims!r}")
    if sorted(dims) != list(range(1, len(dims) + 1)):
        raise ArgumentError(
            "dims", f"`dims` must list each of the axes 1 … {len(dims)} exactly once; received {list(dims)!r}",
            "axis 0 is the batch and is never moved: number the other axes from 1",
        )
    return dims


def _permute_shape(cfg, inputs):
    (x,) = inputs
    dims = _permutation(cfg["dims"])
    require_ndim(x, len(dims) + 1, f"a {len(dims) + 1}-D input (batch and the {len(dims)} axes in `dims`)")
    return (x[0], *(x[d] for d in dims))


PERMUTE = LayerSpec(
    class_name="Permute",
    family="Reshaping",
    doc="Reorders the non-batch axes, e.g. dims=[2, 1] swaps steps and features.",
    args=layer_args(
        Arg("dims", "axis", None, shape_affecting=True,
            doc="New order of the axes, numbered from 1 (the batch axis stays first).", card="always"),
    ),
    output_shape=_permute_shape,
    explainer="permute",
)


# RepeatVector -------------------------------------------------------------

def _repeat_shape(cfg, inputs):
    (x,) = inputs
    require_ndim(x, 2, "a 2-D input (batch, features)")
    return (x[0], cfg["n"], x[1])


REPEAT_VECTOR = LayerSpec(
    class_name="RepeatVector",
    family="Reshaping",
    doc="Repeats a feature vector n times, making a sequence of n steps.",
    args=layer_args(Arg("n", "int", None, minimum=1, shape_affecting=True, doc="Number of repetitions.",
                        start=2, card="always")),
    output_shape=_repeat_shape,
    explainer="repeat_vector",
)


# UpSampling ---------------------------------------------------------------

INTERPOLATIONS = ("nearest", "bilinear", "bicubic", "area", "lanczos3", "lanczos5")
"""Keras's resize methods (`RESIZE_INTERPOLATIONS`)."""


def _upsampling_rule(dims: int):
    def output_shape(cfg, inputs):
        (x,) = inputs
        spatial = require_spatial(x, dims, cfg)
        factors = (cfg["size"],) if dims == 1 else cfg["size"]
        out = tuple(scaled(s, f) for s, f in zip(spatial, factors))
        return with_spatial(x, out, channels_of(x, cfg), cfg.get("data_format"))

    return output_shape


def _size_arg(dims: int) -> Arg:
    if dims == 1:
        return Arg("size", "int", 2, minimum=1, shape_affecting=True, doc="How many times each step is repeated.",
                   card="always")
    return Arg("size", "ints", (2,) * dims, length=dims, minimum=1, shape_affecting=True,
               doc="Repetition factor per axis; one integer for every axis or one per axis.", card="always")


def _upsampling_args(dims: int) -> tuple:
    if dims == 1:
        return layer_args(_size_arg(1))
    extra = (Arg("interpolation", "choice", "nearest", choices=INTERPOLATIONS,
                 doc="How new values are filled in: copies ('nearest') or smooth blends."),) if dims == 2 else ()
    return layer_args(_size_arg(dims), data_format_arg(), *extra)


_UPSAMPLING_DOCS = {
    1: "Repeats each step `size` times: size 2 doubles the length.",
    2: "Enlarges images by repeating rows and columns: size (2, 2) doubles height and width.",
    3: "Enlarges volumes by repeating values along depth, height and width.",
}


def _upsampling_spec(dims: int) -> LayerSpec:
    return LayerSpec(
        class_name=f"UpSampling{dims}D",
        family="Reshaping",
        doc=_UPSAMPLING_DOCS[dims],
        args=_upsampling_args(dims),
        output_shape=_upsampling_rule(dims),
        traits=frozenset({"upsampling"}),
        explainer="upsampling",
    )


# ZeroPadding, Cropping ----------------------------------------------------

def _padding_spec(dims: int) -> LayerSpec:
    if dims == 1:
        padding = Arg("padding", "ints", 1, length=2, minimum=0, shape_affecting=True,
                      doc="Zeros added before and after the steps: one integer or [before, after].", card="always")
    else:
        padding = Arg("padding", "any", (1, 1) if dims == 2 else ((1, 1),) * 3, shape_affecting=True,
                      doc="Zeros added per axis: an integer, one per axis, or [before, after] per axis.",
                      card="always")
    return LayerSpec(
        class_name=f"ZeroPadding{dims}D",
        family="Reshaping",
        doc="Adds rows/columns of zeros around the input, e.g. to keep borders through a convolution.",
        args=layer_args(padding, data_format_arg()),
        output_shape=padding_rule(dims),
        explainer="zero_padding",
    )


def _cropping_spec(dims: int) -> LayerSpec:
    if dims == 1:
        cropping = Arg("cropping", "ints", (1, 1), length=2, minimum=0, shape_affecting=True,
                       doc="Steps removed at the start and end: one integer or [start, end].")
        args = layer_args(cropping)
    else:
        default = ((0, 0), (0, 0)) if dims == 2 else ((1, 1),) * 3
        cropping = Arg("cropping", "any", default, shape_affecting=True,
                       doc="Removed per axis: an integer, one per axis, or [before, after] per axis.")
        args = layer_args(cropping, data_format_arg())
    return LayerSpec(
        class_name=f"Cropping{dims}D",
        family="Reshaping",
        doc="Cuts rows/columns off the edges of the input.",
        args=args,
        output_shape=cropping_rule(dims),
        explainer="cropping",
    )


register(
    FLATTEN, RESHAPE, PERMUTE, REPEAT_VECTOR,
    *(_upsampling_spec(d) for d in (1, 2, 3)),
    *(_padding_spec(d) for d in (1, 2, 3)),
    *(_cropping_spec(d) for d in (1, 2, 3)),
)
