"""Text ↔ value for the inspector's line edits (shapes, axes, JSON), with messages a learner can read.

Parsers return the value the design stores (JSON-compatible) or raise
`TextError`; ``""`` always means "no value" (None: Keras's default).
Range and type rules are not checked here: `designer.layers.args.normalize_value` does that.
"""

from __future__ import annotations

import json
import re
from typing import Any

NONE_WORDS = {"none", "null", "?"}
BARE_WORD = re.compile(r"^[A-Za-z_][\w.\-]*$")


class TextError(ValueError):
    """The text cannot be read as a value of the wanted kind."""


def _strip_brackets(text: str) -> str:
    text = text.strip()
    while len(text) >= 2 and text[0] + text[-1] in ("()", "[]"):
        text = text[1:-1].strip()
    return text


def _int(token: str, what: str) -> int:
    try:
        return int(token)
    except ValueError:
        raise TextError(f"{token!r} is not a whole number; write {what}") from None


def parse_shape(text: str) -> list | None:
    """``"28, 28, 1"`` → ``[28, 28, 1]``; ``None`` (or ``?``) for an unknown size; ``""`` → None."""
    body = _strip_brackets(text)
    if not text.strip():
        return None
    if not body:
        return []
    tokens = [t.strip() for t in body.split(",")]
    if len(tokens) > 1 and not tokens[-1]:
        tokens.pop()  # "28," is a one-axis shape
    out = []
    for token in tokens:
        if not token:
            raise TextError("an empty size between commas; write sizes like 28, 28, 1")
        out.append(None if token.lower() in NONE_WORDS else _int(token, "sizes like 28, 28, 1 (None for unknown)"))
    return out


def parse_int_list(text: str) -> int | list[int] | None:
    """An axis or list of axes: ``"-1"`` → ``-1``, ``"1, 2"`` → ``[1, 2]``; ``""`` → None."""
    if not text.strip():
        return None
    body = _strip_brackets(text)
    bracketed = body != text.strip()
    tokens = [t.strip() for t in body.split(",") if t.strip()]
    if not tokens:
        raise TextError("write an axis like -1, or a list like 1, 2")
    values = [_int(t, "an axis like -1, or a list like 1, 2") for t in tokens]
    return values[0] if len(values) == 1 and not bracketed and "," not in body else values


def parse_json(text: str) -> Any:
    """Any JSON value; a bare word (``float32``) is taken as a string; ``""`` → None."""
    text = text.strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        if BARE_WORD.match(text):
            return text
        raise TextError(f"{text!r} is not valid JSON (strings in quotes, lists in [ ], objects in {{ }})") from None


def parse_named(text: str) -> Any:
    """A Keras object by name (``relu``) or as a JSON object (``{"class_name": "L2", ...}``); ``""`` → None."""
    text = text.strip()
    if not text or text.lower() in NONE_WORDS:
        return None
    if text.startswith("{"):
        try:
            return json.loads(text)
        except ValueError:
            raise TextError("the object is not valid JSON") from None
    return text


def format_value(value: Any) -> str:
    """The text a line edit shows for a stored value (``[28, 28, 1]`` → ``28, 28, 1``)."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)) and all(v is None or isinstance(v, int) and not isinstance(v, bool)
                                                 for v in value):
        if len(value) == 1:
            return f"{'None' if value[0] is None else value[0]},"
        return ", ".join("None" if v is None else str(v) for v in value)
    if isinstance(value, str):
        return value
    return json.dumps(value)


def format_json(value: Any) -> str:
    """The text of an ``any`` argument: JSON, but a plain string without quotes."""
    if value is None:
        return ""
    if isinstance(value, str) and BARE_WORD.match(value):
        return value
    return json.dumps(value)
