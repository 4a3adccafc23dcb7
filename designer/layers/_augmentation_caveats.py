"""Where Keras builds an augmentation layer that then fails, or surprises, on real images.

While a model is built, Keras asks these layers only for their output shape,
so it accepts inputs of any rank and any channel count. On data,
``BaseImagePreprocessingLayer.call`` takes a rank-3 tensor as one unbatched
image and refuses every rank but 3 and 4 (in predict() and fit()), and the
colour operations refuse channel counts they cannot convert while training
(fit()): hue and saturation need 3 channels, a grayscale conversion 1 or 3.
Each caveat is a ``(kind, message)`` pair for the spec's ``caveats`` hook.
"""

from __future__ import annotations

from typing import Callable

from .shapes import fmt_shape
from .spec import Config, Dim, Shape

Caveat = tuple[str, str]
CaveatRule = Callable[[Config, Shape], list[Caveat]]


def rank_caveats(x: Shape) -> list[Caveat]:
    """A rank other than 4: refused on data, or (rank 3) read as one image whose height is the batch."""
    if len(x) == 4:
        return []
    if len(x) == 3:
        return [("augment_unbatched", (
            f"its input {fmt_shape(x)} has no channel axis, so on data Keras reads each whole batch as one "
            "unbatched image (height, width, channels): the batch gets one random change, along the wrong axes; "
            "give the images a channel axis, e.g. Reshape to (height, width, 1)"))]
    return [("augment_rank", (
        f"Keras builds it on the rank-{len(x)} input {fmt_shape(x)}, but predict() and fit() fail: image "
        "augmentation takes (batch, height, width, channels) images"))]


def _channels(cfg: Config, x: Shape, last: bool = False) -> Dim:
    """The channel count of a rank-4 input (``last``: the last axis whatever data_format says); None if unknown."""
    if len(x) != 4:
        return None
    channels: Dim = x[-1] if last or cfg.get("data_format") != "channels_first" else x[-3]
    return channels


def needs_channels(allowed: tuple[int, ...], why: str, sometimes: bool = False, last: bool = False) -> CaveatRule:
    """A caveat rule: fit() fails on a rank-4 input whose channel count is not in ``allowed``."""
    want = " or ".join(str(c) for c in allowed)

    def caveats(cfg: Config, x: Shape) -> list[Caveat]:
        c = _channels(cfg, x, last)
        if c is None or c in allowed:
            return []
        when = "fails whenever it picks one of them (at random)" if sometimes else "fails"
        return [("augment_channels", (
            f"{why} need {want} channels, but its input {fmt_shape(x)} has {c}: Keras builds it and predict() "
            f"works, but training (fit()) {when}"))]

    return caveats


def jitter_caveats(cfg: Config, x: Shape) -> list[Caveat]:
    """RandomColorJitter's hue and saturation sub-layers, made without data_format: the last axis must be 3."""
    if cfg["saturation_factor"] is None and cfg["hue_factor"] is None:
        return []
    return needs_channels((3,), "its hue and saturation changes (which read the last axis as the channels, "
                                "whatever data_format says)", last=True)(cfg, x)
