"""The Python built-ins and data methods a model script may use, on plain data only.

Only pure functions over numbers, strings and containers are offered; every
size they could produce is checked first (`budget.check_size`). Anything
else (``open``, ``eval``, ``__import__``, ``getattr``…) is not here, so the
interpreter treats it as an unknown name and never calls it.
"""

from __future__ import annotations

import re
import string
from typing import Any, Callable

from .budget import MAX_ITEMS, LimitExceeded, check_size, check_text_size


def _length(value: Any) -> int:
    try:
        return len(value)
    except OverflowError:
        return MAX_ITEMS + 1
    except TypeError:
        return 0


def _checked(fn: Callable[..., Any]) -> Callable[..., Any]:
    """``fn`` refusing any argument longer than the item limit."""
    def call(*args: Any, **kwargs: Any) -> Any:
        for arg in (*args, *kwargs.values()):
            if _length(arg) > MAX_ITEMS:
                raise LimitExceeded(f"{fn.__name__}() over more than {MAX_ITEMS:,} items; the import stopped there")
        return fn(*args, **kwargs)
    call.__name__ = fn.__name__
    return call


def _range(*args: int) -> range:
    if not all(isinstance(a, int) for a in args):
        raise TypeError("range() takes integers")
    result = range(*args)
    if _length(result) > MAX_ITEMS:
        shown = ", ".join(str(a) for a in args)
        raise LimitExceeded(f"range({shown}) has more than {MAX_ITEMS:,} items; the import stopped there")
    return result


def _list_of(kind: type) -> Callable[..., Any]:
    def make(value: Any = ()) -> Any:
        if _length(value) > MAX_ITEMS:
            raise LimitExceeded(f"{kind.__name__}() of more than {MAX_ITEMS:,} items; the import stopped there")
        return kind(value)
    make.__name__ = kind.__name__
    return make


def _str(value: Any = "") -> str:
    check_text_size(value, 0)
    return str(value)


def _sum(values: Any, start: Any = 0) -> Any:
    if not isinstance(start, (int, float)):
        raise TypeError("sum() of numbers only")
    return sum(values, start)


BUILTINS: dict[str, Callable[..., Any] | None] = {
    "range": _range, "list": _list_of(list), "tuple": _list_of(tuple), "dict": _checked(dict),
    "set": _list_of(set), "len": len, "int": _checked(int), "float": float, "str": _str, "bool": bool,
    "abs": abs, "round": round, "min": _checked(min), "max": _checked(max), "sum": _checked(_sum),
    "enumerate": _checked(lambda it, start=0: list(enumerate(it, start))),
    "zip": _checked(lambda *its: list(zip(*its))), "reversed": _checked(lambda it: list(reversed(it))),
    "sorted": _checked(sorted), "any": _checked(any), "all": _checked(all), "divmod": divmod, "pow": None,
    "isinstance": None, "map": None, "filter": None,
}
"""Built-ins by name (None: known, but the interpreter provides it itself)."""

DATA_METHODS: dict[type, tuple[str, ...]] = {
    list: ("append", "extend", "insert", "pop", "reverse", "index", "count", "copy", "remove", "clear"),
    dict: ("get", "items", "keys", "values", "update", "pop", "setdefault", "copy"),
    str: ("upper", "lower", "split", "strip", "replace", "startswith", "endswith", "join", "title", "capitalize",
          "rstrip", "lstrip", "format"),
    tuple: ("index", "count"),
}
"""Methods of plain data a script may call (``layers_list.append(x)``)."""


def safe_format_spec(spec: str) -> bool:
    """Whether a format spec (``>10``, ``.3f``) asks for no enormous width or precision."""
    return "{" not in spec and all(len(run) <= 4 for run in re.findall(r"\d+", spec))


def _plain_format(template: str, args: list[Any], kwargs: dict[str, Any]) -> bool:
    """Whether ``template.format(...)`` only places plain values: no ``{0.attr}`` or ``{0[key]}`` lookups."""
    if not all(isinstance(v, (int, float, str, bool, type(None))) for v in (*args, *kwargs.values())):
        return False
    for _, field, spec, _ in string.Formatter().parse(template):
        if field is not None and not (field == "" or field.isdigit() or field.isidentifier()):
            return False
        if spec and not safe_format_spec(spec):
            return False
    return True


def call_method(target: Any, name: str, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
    """``target.name(*args, **kwargs)`` for a whitelisted method of plain data, size-checked."""
    if name == "format" and not _plain_format(target, args, kwargs):
        raise TypeError("str.format with attribute or index lookups, or values that are not plain, is not read")
    if name == "join" and isinstance(target, str):
        items = list(args[0]) if args else []
        if not all(isinstance(i, str) for i in items):
            raise TypeError("join() takes strings")
        if sum(len(i) for i in items) + len(target) * len(items) > MAX_ITEMS:
            raise LimitExceeded(f"line {line}: a string of more than {MAX_ITEMS:,} characters; "
                                "the import stopped there")
    grows = name == "replace" and len(args) > 1 and _length(target) * max(1, _length(args[1])) > MAX_ITEMS
    if grows or name in ("extend", "update") and args and _length(target) + _length(args[0]) > MAX_ITEMS:
        raise LimitExceeded(f"line {line}: a collection of more than {MAX_ITEMS:,} items; the import stopped there")
    result = getattr(target, name)(*args, **kwargs)
    if name in ("items", "keys", "values"):
        result = list(result)
    return check_size(result, line)
