"""Keyword arguments of a layer's call: the optional ``call`` key of a design layer (format v1).

```json
{"id": "decoder", "class_name": "LSTM", "config": {"units": 256, "return_sequences": true},
 "inbound": ["decoder_inputs", ["encoder", 1], ["encoder", 2]],
 "call": {"tensors": {"initial_state": [1, 2]}}}
{"id": "attention", "class_name": "MultiHeadAttention", "config": {"num_heads": 2, "key_dim": 16},
 "inbound": ["x", "x", "pad_mask"],
 "call": {"tensors": {"attention_mask": [2]}, "values": {"use_causal_mask": true, "return_attention_scores": true}}}
```

``tensors`` names inbound positions passed under a keyword (``lstm(x, initial_state=[h, c])``); the
other inbound sources are the positional inputs, in order. ``values`` are literal keyword arguments.
Without ``call`` every source is positional and nothing else is passed, as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .document import DocumentError

TENSOR_KEYWORDS = ("initial_state", "mask", "attention_mask", "query_mask", "value_mask", "key_mask")
"""Call arguments that take tensors (a list for ``initial_state``)."""

VALUE_KEYWORDS = ("return_attention_scores", "use_causal_mask", "training")
"""Call arguments that take a literal (True/False, or None for ``training``)."""


@dataclass(frozen=True)
class CallArgs:
    """``tensors``: keyword → inbound positions; ``values``: keyword → literal."""

    tensors: tuple[tuple[str, tuple[int, ...]], ...] = ()
    values: tuple[tuple[str, Any], ...] = ()

    def tensor_positions(self) -> set[int]:
        return {i for _, positions in self.tensors for i in positions}

    def value(self, key: str, default: Any = None) -> Any:
        return dict(self.values).get(key, default)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.tensors:
            data["tensors"] = {k: list(v) for k, v in self.tensors}
        if self.values:
            data["values"] = dict(self.values)
        return data


def _index(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def parse_call(value: Any, where: str, inbound: int) -> CallArgs | None:
    """The ``call`` key of a layer with ``inbound`` sources, or a `DocumentError` saying what is wrong.

    Positions past the connected inputs are kept: an edit may remove a wire, and the engine says so.
    """
    if value is None:
        return None
    where = f"{where}: call"
    if not isinstance(value, dict) or set(value) - {"tensors", "values"}:
        raise DocumentError(f"{where} must be an object with \"tensors\" and/or \"values\"")
    tensors, values = value.get("tensors") or {}, value.get("values") or {}
    if not isinstance(tensors, dict) or not isinstance(values, dict):
        raise DocumentError(f"{where}: tensors and values must be objects")
    seen: set[int] = set()
    parsed = []
    for key, positions in tensors.items():
        if key not in TENSOR_KEYWORDS:
            raise DocumentError(f"{where}: {key!r} is not a tensor argument ({', '.join(TENSOR_KEYWORDS)})")
        positions = [positions] if _index(positions) else positions
        if not isinstance(positions, list) or not positions or not all(_index(p) for p in positions):
            raise DocumentError(f"{where}: {key} must list input positions, got {positions!r}")
        for p in positions:  # a position past the connected inputs (a wire removed) is the engine's to report
            if p in seen:
                raise DocumentError(f"{where}: input {p} is passed twice")
            seen.add(p)
        parsed.append((key, tuple(positions)))
    for key, literal in values.items():
        if key not in VALUE_KEYWORDS:
            raise DocumentError(f"{where}: {key!r} is not a call argument the design keeps "
                                f"({', '.join(VALUE_KEYWORDS)})")
        if not (isinstance(literal, bool) or literal is None and key == "training"):
            raise DocumentError(f"{where}: {key} must be true or false, got {literal!r}")
    return CallArgs(tuple(parsed), tuple(values.items())) if parsed or values else None
