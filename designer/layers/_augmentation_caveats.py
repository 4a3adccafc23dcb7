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


def combined(*rules: CaveatRule) -> CaveatRule:
    """Several caveat rules, their caveats in order."""

    def caveats(cfg: Config, x: Shape) -> list[Caveat]:
        return [c for rule in rules for c in rule(cfg, x)]

    return caveats


def _is_int(v: object) -> bool:
    return isinstance(v, int)


def _is_count(v: object) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and v >= 0


def _is_number(v: object) -> bool:
    return isinstance(v, (int, float))


def _is_alpha(v: object) -> bool:
    return _is_number(v) or (isinstance(v, (list, tuple)) and len(v) == 1 and _is_number(v[0]))


def _is_tiles(v: object) -> bool:
    return isinstance(v, (list, tuple)) and len(v) == 2 and all(isinstance(t, int) and t >= 1 for t in v)


def _is_number_pair(v: object) -> bool:
    return isinstance(v, (list, tuple)) and len(v) == 2 and all(_is_number(t) for t in v)


def _is_range(v: object) -> bool:
    return isinstance(v, (list, tuple)) and len(v) >= 2 and all(_is_number(t) for t in v)


def _is_top(v: object) -> bool:
    return isinstance(v, (list, tuple)) and len(v) >= 2 and _is_number(v[1])


def _is_numeric(v: object) -> bool:
    return _is_number(v) or (isinstance(v, (list, tuple)) and all(_is_numeric(t) for t in v))


def _is_erase_fill(v: object) -> bool:
    return v is None or _is_number(v) or (isinstance(v, (list, tuple)) and len(v) == 3
                                          and all(_is_number(t) for t in v))


_TESTS = {"int": (_is_int, "an integer"), "count": (_is_count, "a whole number ≥ 0"),
          "number": (_is_number, "a number"), "alpha": (_is_alpha, "a number"),
          "tiles": (_is_tiles, "two whole numbers ≥ 1"), "pair": (_is_number_pair, "two numbers"),
          "range": (_is_range, "a list of two numbers, e.g. [0, 255]"),
          "top": (_is_top, "a list of two numbers, e.g. [0, 255] (RandomInvert reads the second)"),
          "numeric": (_is_numeric, "a number (or numbers)"),
          "erase_fill": (_is_erase_fill, "null, a number or a list of three numbers")}


def data_args(*checks: tuple[str, str, bool]) -> CaveatRule:
    """Free-form arguments Keras stores unchecked and uses only on data.

    Each check is ``(argument, test name in _TESTS, also_in_predict)``: a
    value failing the test makes training (and, if ``also_in_predict``,
    inference) fail in Keras, though the model builds.
    """

    def caveats(cfg: Config, x: Shape) -> list[Caveat]:
        found = []
        for name, test, also_in_predict in checks:
            ok, want = _TESTS[test]
            if not ok(cfg[name]):
                fails = "predict() and fit() fail" if also_in_predict else "training (fit()) fails"
                found.append(("augment_data_arg", (
                    f"{name}={cfg[name]!r} builds in Keras, but {fails} on it: it must be {want}")))
        return found

    return caveats


def crop_caveats(cfg: Config, x: Shape) -> list[Caveat]:
    """RandomCrop crops only while training: at inference Keras returns the image whole (or fails on a 0 size)."""
    if len(x) != 4:
        return []
    height, width = cfg["height"], cfg["width"]
    if not height or not width:
        return [("crop_inference", (
            f"a crop of {height}×{width} builds in Keras, but predict() and evaluate() fail on it: at inference "
            "RandomCrop divides by the crop's height and width"))]
    h, w = (x[2], x[3]) if cfg.get("data_format") == "channels_first" else (x[1], x[2])
    if (h, w) == (height, width):
        return []
    sizes = f"{h}×{w}" if h is not None and w is not None else "size"
    return [("crop_inference", (
        f"RandomCrop crops only while training: predict() and evaluate() return the images at their own {sizes}, "
        f"not the {height}×{width} that model.summary() shows (and the engine agrees with), so layers after it "
        "that depend on the size fail at inference; for inference use CenterCrop or Resizing instead"))]


def jitter_range_caveats(cfg: Config, x: Shape) -> list[Caveat]:
    """RandomColorJitter's value_range, used (and, for brightness and saturation, checked) once a factor is given."""
    if all(cfg[f] is None for f in ("brightness_factor", "contrast_factor", "saturation_factor", "hue_factor")):
        return []
    return data_args(("value_range", "range", False))(cfg, x)
