"""Starting values for the arguments Keras has no default for, so a newly added layer is usable at once.

A Conv2D dropped on the canvas starts as ``32 · 3×3`` rather than red with
"needs a value for filters". The values are the catalog's (`Arg.start`);
arguments without one (``target_shape``, ``dims``, ``equation``, a wrapper's
``layer``) stay unset: the card then says what is missing.
"""

from __future__ import annotations

from typing import Any

from designer.layers import ArgumentError, get_spec
from designer.layers.args import normalize_value


def _json(value: Any) -> Any:
    """Tuples as the lists a design stores."""
    return list(value) if isinstance(value, tuple) else value


def starter_config(class_name: str) -> dict[str, Any]:
    """Starting values (the catalog's) for the arguments of ``class_name`` that Keras has no default for."""
    spec = get_spec(class_name)
    if spec is None:
        return {}
    config = {}
    for arg in spec.args:
        if arg.start is None or arg.default is not None:
            continue
        try:
            normalize_value(arg, arg.start)
        except ArgumentError:
            continue
        config[arg.name] = _json(arg.start)
    return config
