"""Rules of the preprocessing `Normalization` layer (keras/src/layers/preprocessing/normalization.py).

Without ``mean``/``variance`` the layer waits for ``adapt()`` and creates three
non-trainable weights: ``mean`` and ``variance`` shaped like the kept axes and
a scalar ``count``, so ``2·prod(kept sizes) + 1`` parameters. With ``mean`` and
``variance`` given it creates no weight at all, but Keras broadcasts them to
the kept axes (aligned from the right) and refuses shapes that do not fit.
"""

from __future__ import annotations

import math

from .shapes import fmt_shape
from .spec import LayerError, ParamCount
from .terms import num, product_text


def _axes(cfg) -> tuple[int, ...]:
    axis = cfg["axis"]
    if axis is None:
        return ()
    return axis if isinstance(axis, tuple) else (axis,)


def _array_shape(value, name: str) -> tuple[int, ...]:
    """``np.shape`` of a number or a rectangular nested list of numbers."""
    if isinstance(value, (list, tuple)):
        shapes = {_array_shape(v, name) for v in value}
        if len(shapes) > 1:
            raise LayerError(f"`{name}` is a ragged list: its rows have different lengths",
                             "give every row the same length")
        inner = shapes.pop() if shapes else ()
        return (len(value), *inner)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise LayerError(f"`{name}` must be a number or a list of numbers; received {value!r}")
    return ()


def _given_stats_shape(cfg) -> tuple[int, ...] | None:
    """Shape of the given mean/variance (None when adapt() provides them); Keras's constructor checks."""
    mean, variance = cfg["mean"], cfg["variance"]
    if (mean is None) != (variance is None):
        given, missing = ("mean", "variance") if variance is None else ("variance", "mean")
        raise LayerError(f"has a fixed `{given}` but no `{missing}`",
                         "give both mean and variance, or neither and call adapt()")
    if mean is None:
        return None
    mean_shape, variance_shape = _array_shape(mean, "mean"), _array_shape(variance, "variance")
    if mean_shape != variance_shape:
        raise LayerError(f"`mean` has shape {fmt_shape(mean_shape)} but `variance` has shape "
                         f"{fmt_shape(variance_shape)}", "give them the same shape")
    axes = _axes(cfg)
    if len(mean_shape) > len(axes):
        raise LayerError(
            f"`mean` and `variance` have {len(mean_shape)} dimensions, more than the {len(axes)} kept "
            f"ax{'is' if len(axes) == 1 else 'es'} (axis={cfg['axis']})",
            "give a single number, or one value per index of the kept axes",
        )
    return mean_shape


def _kept_axes(cfg, x) -> tuple[int, ...]:
    """The kept axes as non-negative indices, sorted (repeats kept), each known."""
    ndim = len(x)
    for a in _axes(cfg):
        if not -ndim <= a < ndim:
            raise LayerError(
                f"`axis` contains {a}, which is not an axis of the input {fmt_shape(x)} "
                f"(axes 0 to {ndim - 1}, or -1 to -{ndim})",
                "use -1 for the last (features) axis",
            )
    kept = tuple(sorted(a % ndim for a in _axes(cfg)))
    for a in kept:
        if x[a] is None:
            raise LayerError(
                f"keeps a separate mean for every index of axis {a}, but its size is unknown in the input "
                f"{fmt_shape(x)}",
                "give the Input layer a fixed size on that axis" if a
                else "use axis=-1 (the features)" if ndim > 1
                else "use axis=None for one mean over all values, or add a Reshape to (batch, features)",
            )
    return kept


def _check_adapt_weights(kept, x) -> None:
    """Keras reshapes the adapt weights (shape with repeats) to one size per distinct axis."""
    with_repeats = math.prod(x[a] for a in kept)
    distinct = math.prod(x[a] for a in set(kept))
    if with_repeats != distinct:
        raise LayerError(f"`axis` names the same axis twice ({list(kept)} for the input {fmt_shape(x)})",
                         "list each axis once")


def _check_given_stats(stats_shape, kept, x) -> None:
    """Keras aligns the given mean's axes with the kept axes from the right, then broadcasts."""
    if not stats_shape:
        return
    expanded = [1] * len(x)
    for i in range(1, len(stats_shape) + 1):
        expanded[kept[-i]] = stats_shape[-i]
    target = [x[a] if a in kept else 1 for a in range(len(x))]
    fits = math.prod(stats_shape) == math.prod(expanded) and all(
        e in (1, t) for e, t in zip(expanded, target)
    )
    if not fits:
        raise LayerError(
            f"the given mean/variance of shape {fmt_shape(stats_shape)} do not fit the kept axes "
            f"{list(kept)} of the input {fmt_shape(x)}",
            f"give one value per index of the kept axes (shape {fmt_shape(tuple(x[a] for a in kept))}) "
            "or a single number",
        )


def normalization_shape(cfg, inputs):
    """Output shape (the input's), after Keras's constructor and build checks."""
    (x,) = inputs
    stats_shape = _given_stats_shape(cfg)
    kept = _kept_axes(cfg, x)
    if stats_shape is None:
        _check_adapt_weights(kept, x)
    else:
        _check_given_stats(stats_shape, kept, x)
    return tuple(x)


def normalization_params(cfg, inputs):
    """Non-trainable mean, variance and count before adapt(); nothing with fixed mean/variance."""
    if cfg["mean"] is not None:
        return ParamCount(0, 0, lambda: "0: mean and variance are given, so no weights are created")
    x = inputs[0]
    sizes = [x[a] for a in _kept_axes(cfg, x)]
    size = math.prod(sizes)
    return ParamCount(0, 2 * size + 1, lambda: (
        f"2·{product_text(sizes) or 1} + 1 = {num(2 * size + 1)} non-trainable (mean and variance per value of "
        "the kept axes, and a count; adapt() sets them)"))
