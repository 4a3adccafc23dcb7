"""Conventions shared by every family with spatial axes: axis names, ``data_format``, dilated kernel span.

One home for them: the catalog's rules, explanations, warnings and fixes all
read these (Keras's own: `keras/src/utils/argument_validation.py`,
`keras/src/backend/config.py` ``image_data_format``).
"""

from __future__ import annotations

from typing import Any, Mapping

SPATIAL_NAMES = {1: ("steps",), 2: ("height", "width"), 3: ("depth", "height", "width")}
"""Learner names of the spatial axes of a 1-, 2- or 3-D layer."""


def data_format(cfg: Mapping[str, Any] | None) -> str:
    """A config's ``data_format``; None (Keras's default) or absent reads as channels_last."""
    return (cfg or {}).get("data_format") or "channels_last"


def channel_index(ndim: int, fmt: str) -> int:
    """Index of the channel axis (non-negative) in a full shape of ``ndim`` axes."""
    return 1 if fmt == "channels_first" else ndim - 1


def spatial_indices(ndim: int, rank: int, fmt: str) -> list[int]:
    """Indices of the ``rank`` spatial axes in a full shape of ``ndim`` axes."""
    first = 2 if fmt == "channels_first" else 1
    return list(range(first, first + rank))


def kernel_span(kernel: int, dilation: int) -> int:
    """Input length one dilated kernel covers: ``(k − 1)·d + 1``."""
    return (kernel - 1) * dilation + 1
