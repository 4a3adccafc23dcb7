"""What the augmentation layers' constructors refuse (keras/src/layers/preprocessing/image_preprocessing).

Each function returns a check of the normalised config that raises
`ArgumentError` where the Keras constructor raises. Keras checks a "factor"
in one of two ways:

- `base_factor` (``BaseImagePreprocessingLayer._set_factor`` and its
  ``_set_factor_by_name`` copies): a number within the bounds, or a list of two
  numbers whose first is not above the upper bound and whose second is not
  below the lower one (``[-5, 0.5]`` passes a [0, 1] check);
- `each_factor` (the ``_set_factor`` of RandomZoom, RandomTranslation,
  RandomShear and Solarization): a number, or two numbers, each within the
  bounds (RandomZoom's lower bound is open).

Keras tests ``isinstance(factor, (int, float))``, so a boolean counts as a
number (True is 1). A ``value_range`` that is checked at all must be a list of
two values Python can sort. Names (``fill_mode``, ``interpolation``) are the
spec's case-sensitive choices. Nothing is checked on the input: every
augmentation layer's shape rule is in `augmentation`.
"""

from __future__ import annotations

from typing import Any, Callable

from .spec import ArgumentError, Config

Check = Callable[[Config], None]


def _number(value: Any) -> bool:
    """Keras's ``isinstance(value, (int, float))``: booleans included."""
    return isinstance(value, (int, float))


def _pair(value: Any) -> bool:
    return isinstance(value, (list, tuple)) and len(value) == 2 and all(_number(v) for v in value)


def _range_text(lo: float, hi: float, open_low: bool = False) -> str:
    return f"{'(' if open_low else '['}{lo:g}, {hi:g}]"


def _refuse(name: str, value: Any, bounds: str, why: str = "") -> None:
    raise ArgumentError(name, f"`{name}` must be a number (or a list of two numbers) in the range {bounds}"
                              f"{why}; received {name}={value!r}")


def base_factor(name: str, lo: float, hi: float, falsy_is_zero: bool = False) -> Check:
    """`BaseImagePreprocessingLayer._set_factor` with these bounds.

    ``falsy_is_zero``: the class hands its factor to the base constructor,
    which reads ``factor or 0.0`` first (RandomRotation, RandomBrightness: a
    factor of ``[]`` or ``false`` means no change).
    """

    def check(cfg: Config) -> None:
        value = cfg[name]
        if falsy_is_zero and value is not None and not value:
            return
        if _number(value):
            if lo <= value <= hi:
                return
        elif _pair(value) and not (value[0] > hi or value[1] < lo):
            return
        _refuse(name, value, _range_text(lo, hi))

    return check


def each_factor(name: str, lo: float, hi: float, open_low: bool = False, nullable: bool = False,
                why: str = "") -> Check:
    """A number, or a list of two numbers, each within the bounds (``open_low``: above ``lo``)."""

    def inside(v: Any) -> bool:
        return bool((lo < v if open_low else lo <= v) and v <= hi)

    def check(cfg: Config) -> None:
        value = cfg[name]
        if value is None and nullable:
            return
        if (_number(value) and inside(value)) or (_pair(value) and all(inside(v) for v in value)):
            return
        _refuse(name, value, _range_text(lo, hi, open_low), why)

    return check


def number_in(name: str, lo: float, hi: float) -> Check:
    """A single number within the bounds (RandomPerspective's ``scale``)."""

    def check(cfg: Config) -> None:
        value = cfg[name]
        if not (_number(value) and lo <= value <= hi):
            raise ArgumentError(name, f"`{name}` must be a number in the range {_range_text(lo, hi)}; "
                                      f"received {name}={value!r}")

    return check


def value_range(name: str = "value_range") -> Check:
    """A list of two values Keras can sort, e.g. ``[0, 255]`` or ``[1, 0]`` (sorted for it)."""

    def check(cfg: Config) -> None:
        value = cfg[name]
        if isinstance(value, (list, tuple)) and len(value) == 2:
            try:
                sorted(value)
                return
            except TypeError:
                pass
        raise ArgumentError(name, f"`{name}` must be a list of two numbers, e.g. [0, 255]; received {name}={value!r}")

    return check


def odd_sizes(name: str) -> Check:
    """RandomGaussianBlur's ``kernel_size``: a number, or a list of two, none of them even."""

    def odd(v: Any) -> bool:
        return bool(v % 2 != 0)

    def check(cfg: Config) -> None:
        value = cfg[name]
        if (_number(value) and odd(value)) or (_pair(value) and all(odd(v) for v in value)):
            return
        raise ArgumentError(name, f"`{name}` must be an odd number (or a list of two odd numbers); "
                                  f"received {name}={value!r}")

    return check


def when_given(name: str, *checks: Check) -> Check:
    """The checks, only when ``name`` is not null (RandomColorJitter makes a sub-layer per given factor)."""

    def check(cfg: Config) -> None:
        if cfg[name] is not None:
            for c in checks:
                c(cfg)

    return check


def sub_layer_factor(name: str, owner: str) -> Check:
    """AugMix and RandAugment: after their own [0, 1] check, RandomShear refuses a factor end outside [0, 1]."""
    return each_factor(name, 0, 1, why=f" (each end: {owner} passes it to RandomShear)")
