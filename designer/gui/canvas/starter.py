"""Starter values for the arguments Keras has no default for, so a newly added layer is usable at once.

A Conv2D dropped on the canvas starts as ``32 · 3×3`` rather than red with
"needs a value for filters". Arguments with no sensible generic value
(``target_shape``, ``dims``, ``equation``, a wrapper's ``layer``) stay unset:
the card then says what is missing.
"""

from __future__ import annotations

from typing import Any

from designer.layers import ArgumentError, get_spec
from designer.layers.args import normalize_value

STARTERS: dict[str, Any] = {
    "units": 32, "filters": 32, "kernel_size": 3, "pool_size": 2, "rate": 0.5, "stddev": 0.1,
    "activation": "relu", "n": 2, "num_heads": 2, "key_dim": 32, "height": 32, "width": 32,
    "input_dim": 1000, "output_dim": 64, "axes": -1,
}


def starter_config(class_name: str) -> dict[str, Any]:
    """Values for the required arguments of ``class_name`` that have a sensible generic start."""
    spec = get_spec(class_name)
    if spec is None:
        return {}
    config = {}
    for arg in spec.args:
        if not arg.required or arg.name not in STARTERS:
            continue
        value = STARTERS[arg.name]
        if arg.kind == "ints" and arg.length:
            value = [value] * arg.length
        try:
            normalize_value(arg, value)
        except ArgumentError:
            continue
        config[arg.name] = value
    return config
