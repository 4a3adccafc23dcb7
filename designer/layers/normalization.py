"""Normalization layers: BatchNormalization, LayerNormalization, GroupNormalization,
UnitNormalization, RMSNormalization (keras/src/layers/normalization).

All keep the input shape. Their weights are vectors (or small tensors) sized
by the normalised axes, so those sizes must be known. Keras indexes the input
shape with the axis as Python does: -1 is the last axis, 0 is the batch axis
(whose size is usually unknown).
"""

from __future__ import annotations

import math
from typing import Sequence

from .common import layer_args, weight_args
from .registry import register
from .shapes import fmt_shape
from .spec import Arg, LayerError, LayerSpec, ParamCount
from .terms import macs_product, num, product_text


# Shared helpers -----------------------------------------------------------

def _check_axis(axis: int, x) -> None:
    """Refuse an axis outside the input's ``[-ndim, ndim)`` (Keras indexes with it)."""
    if not -len(x) <= axis < len(x):
        raise LayerError(
            f"`axis`={axis} is not an axis of the input {fmt_shape(x)}, "
            f"which has {len(x)} axes (0 to {len(x) - 1}, or -1 to -{len(x)} from the end)",
            "use -1 for the last axis (the features or channels)",
        )


def _axis_size(x, axis: int) -> int:
    """The known size of one axis the layer creates weights for."""
    _check_axis(axis, x)
    size = x[axis]
    if size is None:
        if axis in (0, -len(x)):
            raise LayerError(
                f"creates weights sized by the batch axis, whose size is unknown in its input {fmt_shape(x)}",
                "normalise a feature axis instead, e.g. axis=-1" if len(x) > 1
                else "the input has no other axis: add a Reshape to (batch, features) before it",
            )
        raise LayerError(
            f"creates weights sized by axis {axis}, but that size is unknown in its input {fmt_shape(x)}",
            "give the Input layer a fixed size on that axis",
        )
    return size


def _axes(value) -> tuple[int, ...]:
    """An ``axis`` argument (int or list) as a tuple."""
    return value if isinstance(value, tuple) else (value,)


def _weight_size(x, axes: Sequence[int]) -> int:
    """Size of a weight shaped ``tuple(x[a] for a in axes)`` (repeats count twice, as in Keras)."""
    return math.prod(_axis_size(x, a) for a in axes)


def _gamma_beta(cfg) -> int:
    """How many of gamma (``scale``) and beta (``center``) the layer creates."""
    return int(cfg["scale"]) + int(cfg["center"])


def _gamma_beta_names(cfg) -> str:
    return ", ".join(n for n, on in (("γ", cfg["scale"]), ("β", cfg["center"])) if on)


def normalization_macs(cfg, inputs, outputs):
    """One scale-and-shift per output value."""
    return macs_product(list(outputs[0][1:]), "one scale-and-shift per output value")


def _gamma_beta_args() -> tuple[Arg, ...]:
    return (
        Arg("center", "bool", True, shape_affecting=True, doc="Learn an offset (beta) added after normalising."),
        Arg("scale", "bool", True, shape_affecting=True, doc="Learn a factor (gamma) applied after normalising."),
        Arg("beta_initializer", "initializer", "zeros"),
        Arg("gamma_initializer", "initializer", "ones"),
    )


def _regularizers_and_constraints() -> tuple[Arg, ...]:
    return tuple(a for a in weight_args("beta", "gamma") if not a.name.endswith("_initializer"))


# BatchNormalization -------------------------------------------------------

RENORM_KEYS = ("rmax", "rmin", "dmax")


def _check_renorm_clipping(cfg) -> None:
    """Keras's checks on ``renorm_clipping``, made only when ``renorm`` is on."""
    clipping = cfg["renorm_clipping"] or {}
    if not isinstance(clipping, dict):
        raise LayerError(
            f"`renorm_clipping` must be an object with keys rmax, rmin, dmax; received {clipping!r}",
            'e.g. {"rmax": 3, "rmin": 0.33, "dmax": 5}',
        )
    unknown = sorted(set(clipping) - set(RENORM_KEYS))
    if unknown:
        raise LayerError(f"`renorm_clipping` has unknown keys {unknown}", "use only rmax, rmin and dmax")
    rmax, rmin, dmax = (clipping.get(k) for k in RENORM_KEYS)
    if rmax is not None and rmin is not None and rmax < rmin:
        raise LayerError(f"`renorm_clipping` has rmax={rmax} below rmin={rmin}", "make rmax at least rmin")
    if dmax is not None and dmax < 0:
        raise LayerError(f"`renorm_clipping` has a negative dmax={dmax}", "use a dmax of 0 or more")


def _batch_norm_shape(cfg, inputs):
    (x,) = inputs
    if cfg["renorm"]:
        _check_renorm_clipping(cfg)
    _axis_size(x, cfg["axis"])
    return tuple(x)


def _batch_norm_params(cfg, inputs):
    c = _axis_size(inputs[0], cfg["axis"])
    g, m = _gamma_beta(cfg), 5 if cfg["renorm"] else 2

    def terms() -> str:
        names = _gamma_beta_names(cfg)
        moving = "moving mean/variance" + (" and the 3 renorm statistics" if cfg["renorm"] else "")
        total = (g + m) * c
        if cfg.get("trainable") is False:
            parts = f"{names} + {moving}" if g else moving
            return f"{g + m}·{c} = {num(total)} ({parts}), all non-trainable because trainable=False"
        if not g:
            return f"{m}·{c} = {num(total)} (non-trainable {moving}; center and scale are off)"
        return f"{g + m}·{c} = {num(total)} ({num(g * c)} trainable {names} + {num(m * c)} non-trainable {moving})"

    return ParamCount(g * c, m * c, terms)


BATCH_NORMALIZATION = LayerSpec(
    class_name="BatchNormalization",
    family="Normalization",
    doc="Normalises each channel with the batch's mean and variance (moving averages at inference).",
    args=layer_args(
        Arg("axis", "int", -1, shape_affecting=True,
            doc="The channel axis (-1 for channels last, 1 for channels first)."),
        Arg("momentum", "float", 0.99, doc="How slowly the moving mean and variance follow the batches."),
        Arg("epsilon", "float", 1e-3, doc="Small number added to the variance to avoid dividing by zero."),
        *_gamma_beta_args(),
        Arg("moving_mean_initializer", "initializer", "zeros"),
        Arg("moving_variance_initializer", "initializer", "ones"),
        *_regularizers_and_constraints(),
        Arg("renorm", "bool", False, shape_affecting=True,
            doc="Batch renormalisation: three more non-trainable statistics per channel."),
        Arg("renorm_clipping", "any", None, nullable=True, doc="Clipping of the renorm corrections: rmax, rmin, dmax."),
        Arg("renorm_momentum", "float", 0.99),
        Arg("synchronized", "bool", False, doc="Synchronise the batch statistics across devices."),
    ),
    output_shape=_batch_norm_shape,
    params=_batch_norm_params,
    macs=normalization_macs,
    call_keywords=frozenset({"training"}),
)


# LayerNormalization, RMSNormalization, UnitNormalization ------------------

def _axes_exist_shape(cfg, inputs):
    """Output shape of a layer without weights: every axis must exist, sizes may be unknown."""
    (x,) = inputs
    for axis in _axes(cfg["axis"]):
        _check_axis(axis, x)
    return tuple(x)


def _axes_known_shape(cfg, inputs):
    """Output shape of a layer with weights over the axes: every size must be known."""
    (x,) = inputs
    _weight_size(x, _axes(cfg["axis"]))
    return tuple(x)


def _layer_norm_shape(cfg, inputs):
    """Without gamma and beta there is no weight, so unknown sizes are fine (the range is still checked)."""
    if _gamma_beta(cfg):
        return _axes_known_shape(cfg, inputs)
    return _axes_exist_shape(cfg, inputs)


def _layer_norm_params(cfg, inputs):
    g = _gamma_beta(cfg)
    if not g:
        return ParamCount(0, 0, lambda: "0: center and scale are off, so there is nothing to learn")
    sizes = [inputs[0][a] for a in _axes(cfg["axis"])]
    total = g * _weight_size(inputs[0], _axes(cfg["axis"]))
    return ParamCount(total, 0, lambda: f"{g}·{product_text(sizes)} = {num(total)} ({_gamma_beta_names(cfg)}: "
                                        "one per value of the normalised axis)")


LAYER_NORMALIZATION = LayerSpec(
    class_name="LayerNormalization",
    family="Normalization",
    doc="Normalises each sample over its feature axis (or axes), independently of the batch.",
    args=layer_args(
        Arg("axis", "axis", -1, shape_affecting=True, doc="Axis or list of axes to normalise over."),
        Arg("epsilon", "float", 1e-3, doc="Small number added to the variance to avoid dividing by zero."),
        *_gamma_beta_args(),
        *_regularizers_and_constraints(),
    ),
    output_shape=_layer_norm_shape,
    params=_layer_norm_params,
    macs=normalization_macs,
)


def _rms_norm_params(cfg, inputs):
    sizes = [inputs[0][a] for a in _axes(cfg["axis"])]
    total = _weight_size(inputs[0], _axes(cfg["axis"]))
    return ParamCount(total, 0, lambda: f"{product_text(sizes)} = {num(total)} (one scale per value of the "
                                        "normalised axis)")


RMS_NORMALIZATION = LayerSpec(
    class_name="RMSNormalization",
    family="Normalization",
    doc="Divides each sample by its root mean square over the axis, then applies a learned scale.",
    args=layer_args(
        Arg("axis", "axis", -1, shape_affecting=True, doc="Axis or list of axes to normalise over."),
        Arg("epsilon", "float", 1e-6, doc="Small number added to avoid dividing by zero."),
    ),
    output_shape=_axes_known_shape,
    params=_rms_norm_params,
    macs=normalization_macs,
)


UNIT_NORMALIZATION = LayerSpec(
    class_name="UnitNormalization",
    family="Normalization",
    doc="Scales each sample to length 1 (L2 norm) along the axis.",
    args=layer_args(
        Arg("axis", "axis", -1, doc="Axis or list of axes whose values get a total length of 1."),
    ),
    output_shape=_axes_exist_shape,
    macs=normalization_macs,
)


# GroupNormalization -------------------------------------------------------

def _group_channels(cfg, x) -> int:
    """Channels along ``axis`` once ``groups`` is checked against them."""
    groups = cfg["groups"]
    if groups == 0:
        raise LayerError(
            "`groups` must be a positive number of groups, or -1 for one group per channel; received groups=0",
            "use 1 for layer-like normalisation, or -1 for instance normalisation",
        )
    channels = _axis_size(x, cfg["axis"])
    if groups == -1:
        return channels
    if channels < groups:
        raise LayerError(
            f"cannot split {channels} channels into {groups} groups",
            f"use at most {channels} groups, and a number that divides {channels}",
        )
    if channels % groups:
        raise LayerError(
            f"cannot split {channels} channels into {groups} equal groups ({channels} is not a multiple of {groups})",
            f"use a number of groups that divides {channels}",
        )
    return channels


def _group_norm_shape(cfg, inputs):
    (x,) = inputs
    _group_channels(cfg, x)
    return tuple(x)


def _group_norm_params(cfg, inputs):
    g, c = _gamma_beta(cfg), _group_channels(cfg, inputs[0])
    if not g:
        return ParamCount(0, 0, lambda: "0: center and scale are off, so there is nothing to learn")
    return ParamCount(g * c, 0, lambda: f"{g}·{c} = {num(g * c)} ({_gamma_beta_names(cfg)}: one per channel)")


GROUP_NORMALIZATION = LayerSpec(
    class_name="GroupNormalization",
    family="Normalization",
    doc="Splits the channels into groups and normalises each group within each sample.",
    args=layer_args(
        Arg("groups", "int", 32, minimum=-1, shape_affecting=True,
            doc="Number of groups; must divide the channels (-1: one group per channel)."),
        Arg("axis", "int", -1, shape_affecting=True, doc="The channel axis."),
        Arg("epsilon", "float", 1e-3, doc="Small number added to the variance to avoid dividing by zero."),
        *_gamma_beta_args(),
        *_regularizers_and_constraints(),
    ),
    output_shape=_group_norm_shape,
    params=_group_norm_params,
    macs=normalization_macs,
)

register(
    BATCH_NORMALIZATION, LAYER_NORMALIZATION, GROUP_NORMALIZATION, UNIT_NORMALIZATION, RMS_NORMALIZATION,
)
