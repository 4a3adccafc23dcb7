"""The sliding window of a convolution or pooling layer, per spatial axis.

A spec's ``window`` hook returns a `Window`; explanations, warnings (pixels a
'valid' window never reaches), diagnoses and fixes (a smaller kernel, padding
'same') read it instead of knowing class names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

from .conventions import kernel_span


@dataclass(frozen=True)
class Window:
    """A convolution's or pooling layer's window: span (dilated kernel or pool), strides, padding."""

    kind: str  # "conv" or "pool"
    spans: tuple[int, ...]
    strides: tuple[int, ...]
    padding: str
    sizes: tuple[int, ...]  # kernel_size or pool_size as configured
    dilation: tuple[int, ...]

    @property
    def rank(self) -> int:
        return len(self.spans)


def conv_window(cfg: Mapping[str, Any]) -> Window:
    """A convolution's window: its kernel dilated by ``dilation_rate``."""
    k, d = tuple(cfg["kernel_size"]), tuple(cfg["dilation_rate"])
    spans = tuple(kernel_span(ki, di) for ki, di in zip(k, d))
    return Window("conv", spans, tuple(cfg["strides"]), cfg["padding"], k, d)


def pool_window(cfg: Mapping[str, Any]) -> Window:
    """A pooling window; strides not set means strides = pool_size."""
    pool = tuple(cfg["pool_size"])
    strides = tuple(cfg["strides"]) if cfg["strides"] is not None else pool
    return Window("pool", pool, strides, cfg["padding"], pool, (1,) * len(pool))
