"""The limits of a design: what the app can show and edit, checked wherever a document is made.

Past a limit a file is refused with a message naming it (`DocumentError`); the
README's "Limits" section lists them. The importers apply the same limits to
the designs they build, and a card dragged past the canvas's edge stops there.
"""

from __future__ import annotations

import math
from typing import Any

from .document import DocumentError

MAX_LAYERS = 10_000
"""Layers in one design (the largest Keras application has about 1,100)."""
MAX_INBOUND = 1_000
"""Inbound connections of one layer (a merge of 1,000 branches)."""
MAX_COORDINATE = 1_000_000.0
"""Largest |x| or |y| of a card's position on the canvas."""
MAX_NESTING = 8
"""Layers (or serialised objects) nested in one layer's config: TimeDistributed(Bidirectional(LSTM)) is 2."""
MAX_WEIGHT_BYTES = 2**40
"""One layer's weights past 1 TiB (as float32) are more memory than any computer building it has."""


def check_layer_count(count: int) -> None:
    if count > MAX_LAYERS:
        raise DocumentError(f"the design has {count:,} layers; at most {MAX_LAYERS:,} are supported")


def check_position(position: Any, where: str) -> None:
    """``position`` is None or two finite numbers within ±`MAX_COORDINATE`."""
    if position is None:
        return
    if not all(isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
               and abs(v) <= MAX_COORDINATE for v in position):
        raise DocumentError(f"{where}: position must be two numbers between −{MAX_COORDINATE:,.0f} and "
                            f"{MAX_COORDINATE:,.0f}; got {list(position)!r}")


def clamp_coordinate(value: float) -> float:
    """A coordinate brought within ±`MAX_COORDINATE` (NaN becomes 0)."""
    if value != value:
        return 0.0
    return max(-MAX_COORDINATE, min(MAX_COORDINATE, float(value)))


def nesting_depth(config: Any) -> int:
    """How deep serialised objects (``{"class_name", "config"}``) nest inside ``config`` (iteratively)."""
    deepest = 0
    stack = [(config, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, dict):
            if isinstance(value.get("class_name"), str) or "class_name" in value:
                depth += 1
                deepest = max(deepest, depth)
                if deepest > MAX_NESTING:
                    return deepest
            stack.extend((v, depth) for v in value.values())
        elif isinstance(value, (list, tuple)):
            stack.extend((v, depth) for v in value)
    return deepest


def check_layer_limits(layer_id: str, inbound_count: int, config: Any, position: Any) -> None:
    """One layer within the limits on inbound links, nesting and position, or `DocumentError`."""
    where = f"layer {layer_id!r}"
    if inbound_count > MAX_INBOUND:
        raise DocumentError(f"{where} has {inbound_count:,} inbound connections; at most {MAX_INBOUND:,} are "
                            "supported")
    if nesting_depth(config) > MAX_NESTING:
        raise DocumentError(f"{where}: its config nests layers or objects more than {MAX_NESTING} deep")
    check_position(position, where)
