"""Pooling layers: windowed and global max/average pooling (keras/src/layers/pooling).

Windowed pooling follows `compute_pooling_output_shape`: along each spatial
axis ``valid`` gives ``floor((size - pool) / stride) + 1`` and ``same`` gives
``floor((size - 1) / stride) + 1``; ``strides=None`` means the pool size.
Pooling layers have no weights.
"""

from __future__ import annotations

from ._pool_shapes import SPATIAL_AXES, channels_of, data_format_arg, is_channels_first, require_spatial
from .common import layer_args
from .registry import register
from .shapes import conv_output_length, fmt_size, with_spatial
from .spec import Arg, LayerError, LayerSpec
from .windows import pool_window

_DEFAULT_POOL = {1: 2, 2: (2, 2), 3: (2, 2, 2)}


# Windowed pooling ---------------------------------------------------------

def _pooled_sizes(spatial, pool, strides, padding):
    return tuple(conv_output_length(size, k, s, padding) for size, k, s in zip(spatial, pool, strides))


def _refuse_empty_pooling(spatial, pool, strides, padding, out):
    """Keras checks only ``valid`` windows (``same`` on an empty axis gives 0)."""
    if padding == "valid" and any(o is not None and o <= 0 for o in out):
        raise LayerError(
            f"pool_size {fmt_size(pool)} with strides {fmt_size(strides)} does not fit input size "
            f"{fmt_size(spatial)} with padding='valid' (output would be {fmt_size(out)})",
            "use padding='same', a smaller pool_size, or remove an earlier downsampling layer",
        )


def _pooling_rule(dims: int):
    def output_shape(cfg, inputs):
        (x,) = inputs
        spatial = require_spatial(x, dims, cfg)
        pool = cfg["pool_size"]
        strides = cfg["strides"] if cfg["strides"] is not None else pool
        out = _pooled_sizes(spatial, pool, strides, cfg["padding"])
        _refuse_empty_pooling(spatial, pool, strides, cfg["padding"], out)
        return with_spatial(x, out, channels_of(x, cfg), cfg["data_format"])

    return output_shape


def _pooling_spec(mode: str, dims: int) -> LayerSpec:
    what = "maximum" if mode == "Max" else "average"
    default_pool = _DEFAULT_POOL[dims] if mode == "Max" else None
    return LayerSpec(
        class_name=f"{mode}Pooling{dims}D",
        aliases=(f"{'Max' if mode == 'Max' else 'Avg'}Pool{dims}D",),
        family="Pooling",
        doc=f"Shrinks the {'/'.join(SPATIAL_AXES[dims])} by taking the {what} of each pool_size window.",
        args=layer_args(
            Arg("pool_size", "ints", default_pool, length=dims, minimum=1, shape_affecting=True,
                doc="Window size; one integer for every axis or one per axis.", start=(2,) * dims, card="always"),
            Arg("strides", "ints", None, length=dims, minimum=1, nullable=True, shape_affecting=True,
                doc="Step between windows; null means the pool size (no overlap)."),
            Arg("padding", "choice", "valid", choices=("valid", "same"), shape_affecting=True, case_sensitive=True,
                doc="'valid' drops windows that run past the edge; 'same' keeps ceil(size / stride).", card="always"),
            data_format_arg(),
        ),
        output_shape=_pooling_rule(dims),
        window=pool_window,
        explainer="pooling",
        operation=what,
    )


# Global pooling -----------------------------------------------------------

def _global_rule(dims: int):
    def output_shape(cfg, inputs):
        (x,) = inputs
        require_spatial(x, dims, cfg)
        channels = channels_of(x, cfg)
        if not cfg["keepdims"]:
            return (x[0], channels)
        ones = (1,) * dims
        return (x[0], channels, *ones) if is_channels_first(cfg) else (x[0], *ones, channels)

    return output_shape


def _global_spec(mode: str, dims: int) -> LayerSpec:
    what = "maximum" if mode == "Max" else "average"
    return LayerSpec(
        class_name=f"Global{mode}Pooling{dims}D",
        aliases=(f"Global{'Max' if mode == 'Max' else 'Avg'}Pool{dims}D",),
        family="Pooling",
        doc=f"Keeps one number per channel: the {what} over all {'/'.join(SPATIAL_AXES[dims])}.",
        args=layer_args(
            data_format_arg(),
            Arg("keepdims", "bool", False, shape_affecting=True,
                doc="Keep the pooled axes with size 1 instead of dropping them."),
        ),
        output_shape=_global_rule(dims),
        explainer="global_pooling",
        operation=what,
    )


register(
    *(_pooling_spec(mode, dims) for mode in ("Max", "Average") for dims in (1, 2, 3)),
    *(_global_spec(mode, dims) for mode in ("Max", "Average") for dims in (1, 2, 3)),
)


# Adaptive pooling ---------------------------------------------------------

def _adaptive_rule(cfg, inputs):
    """``(batch, *output_size, channels)``: Keras reads only the batch and channel sizes of the input."""
    (x,) = inputs
    if not x:
        raise LayerError("needs an input with a batch axis", "connect a tensor with at least a batch axis")
    out = tuple(cfg["output_size"])
    if cfg["data_format"] == "channels_first":
        return (x[0], x[1] if len(x) > 1 else x[0], *out)
    return (x[0], *out, x[-1])


def _adaptive_spec(mode: str, dims: int) -> LayerSpec:
    what = "maximum" if mode == "Max" else "average"
    return LayerSpec(
        class_name=f"Adaptive{mode}Pooling{dims}D",
        family="Pooling",
        doc=f"Pools to a fixed output_size whatever the input's size: the {what} of evenly split windows.",
        args=layer_args(
            Arg("output_size", "ints", None, length=dims, minimum=0, shape_affecting=True, start=(4,) * dims,
                card="always", doc="Size of the output per spatial axis, e.g. 7 for 7×7."),
            data_format_arg(),
        ),
        output_shape=_adaptive_rule,
        explainer="adaptive_pooling",
        operation=what,
    )


register(*(_adaptive_spec(mode, dims) for mode in ("Max", "Average") for dims in (1, 2, 3)))
