"""The short argument line of a layer card, e.g. ``32 · 3×3 · strides 2×2 · same · relu``.

Which arguments show, and how, is the catalog's: `Arg.card` (``"always"``,
``"value"``) and `Arg.shape_affecting`; a spec may render its own ``summary``.
"""

from __future__ import annotations

from typing import Any, Mapping

from designer.layers import get_spec
from designer.layers.args import normalize_value
from designer.layers.spec import Arg, ArgumentError



def _text(value: Any) -> str:
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, int) for v in value):
        return "×".join(str(v) for v in value)
    if isinstance(value, (list, tuple)):
        return "(" + ", ".join(_text(v) for v in value) + ")"
    if isinstance(value, dict):
        return str(value.get("class_name", "…"))
    return str(value)


def _value(arg: Arg, config: Mapping[str, Any]) -> tuple[Any, bool]:
    """The argument's value and whether it differs from Keras's default."""
    raw = config.get(arg.name, arg.default)
    try:
        value = normalize_value(arg, raw)
        default = normalize_value(arg, arg.default) if not arg.required else object()
    except ArgumentError:
        return raw, True
    return value, value != default


def argument_summary(class_name: str, config: Mapping[str, Any]) -> str:
    """The most telling arguments of a layer, shortest form first."""
    spec = get_spec(class_name)
    if spec is None:
        return "unsupported"
    if spec.summary is not None:
        try:
            return spec.summary(config)
        except Exception:  # a summary is decoration; never break the card
            pass
    parts = []
    for arg in spec.args:
        if arg.name in ("name", "trainable", "dtype") or arg.kind in ("initializer", "regularizer", "constraint"):
            continue
        value, changed = _value(arg, config)
        wanted = arg.required or (arg.card == "always" and value is not None) or (
            changed and (arg.shape_affecting or arg.card))
        if not wanted or value is None:
            continue
        if arg.kind == "bool":
            parts.append(arg.name if value else f"no {arg.name}")
        elif arg.required or arg.card:
            parts.append(_text(value))
        else:
            parts.append(f"{arg.name} {_text(value)}")
    if config.get("trainable") is False:
        parts.append("frozen")
    return " · ".join(parts)
