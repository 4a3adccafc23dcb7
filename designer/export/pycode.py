"""Safe pieces of Python source: literals, identifiers and wrapped calls.

Every value taken from a design goes through `literal` (``ast.unparse`` of a
constant), so a layer name holding quotes, newlines or code stays a string.
"""

from __future__ import annotations

import ast
import json
import builtins
import keyword
import re
from typing import Any, Iterable, Sequence

MAX_LINE = 100
RESERVED = set(keyword.kwlist) | set(dir(builtins)) | {"keras", "layers", "model", "build_model", "tf"}


def literal(value: Any, tuples: bool = False) -> str:
    """Python source for a JSON-like value; lists become tuples when ``tuples``.

    Strings are written with double quotes and checked to read back as the
    same value, so no character of a design can escape its string.
    """
    if isinstance(value, str):
        text = json.dumps(value)
        return text if ast.literal_eval(text) == value else repr(value)
    if value is None or isinstance(value, bool):
        return repr(value)
    if isinstance(value, int):
        return repr(int(value))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            return f'float("{value}")'
        return repr(float(value))
    if isinstance(value, (list, tuple)):
        items = [literal(v, tuples) for v in value]
        if tuples or isinstance(value, tuple):
            return f"({items[0]},)" if len(items) == 1 else "(" + ", ".join(items) + ")"
        return "[" + ", ".join(items) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{literal(str(k))}: {literal(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"cannot write {type(value).__name__} as Python source")


def identifier(text: str, taken: set[str]) -> str:
    """A fresh Python variable name made from ``text`` (a layer id or name)."""
    name = re.sub(r"\W+", "_", text, flags=re.ASCII).strip("_").lower() or "layer"
    if name[0].isdigit():
        name = "l_" + name
    if name in RESERVED:
        name += "_"
    base, n = name, 1
    while name in taken:
        n += 1
        name = f"{base}_{n}"
    taken.add(name)
    return name


def call(func: str, args: Sequence[str], kwargs: Iterable[tuple[str, str]], indent: int,
         prefix: int = 0, suffix: int = 0) -> str:
    """``func(a, b, k=v)``, wrapped as black would when the line is too long.

    ``indent`` is the statement's indentation; ``prefix`` and ``suffix`` count
    the characters before and after the call on its first and last line.
    """
    parts = list(args) + [f"{k}={v}" for k, v in kwargs]
    one_line = f"{func}({', '.join(parts)})"
    if indent + prefix + len(one_line) + suffix <= MAX_LINE or not parts:
        return one_line
    pad = " " * (indent + 4)
    joined = ", ".join(parts)
    if len(pad) + len(joined) <= MAX_LINE and "\n" not in joined:
        return f"{func}(\n{pad}{joined}\n{' ' * indent})"
    body = "".join(f"{pad}{p},\n" for p in parts)
    return f"{func}(\n{body}{' ' * indent})"


def check_source(source: str) -> None:
    """Raise if the generated source does not parse (a bug, never user data)."""
    ast.parse(source)
