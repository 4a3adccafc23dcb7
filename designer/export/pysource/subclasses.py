"""What a layer subclassed in the source constructs, read from its syntax (never run) for Keras's names.

Keras names layers from counters shared by every layer created: the two
``Dropout`` a ``TransformerBlock.__init__`` creates make the model's next
``Dropout`` ``dropout_2``. The class stays an unknown layer; only the
constructor calls written directly in ``__init__`` (outside loops,
conditions and comprehensions, without ``name=``) are counted, in the order
Python evaluates them. Anything less certain is reported as such.
"""

from __future__ import annotations

import ast
from typing import Callable, NamedTuple

Resolve = Callable[[ast.expr], "str | None"]
"""The Keras class a called expression names (``layers.Dense`` → ``Dense``), or None."""

UNCERTAIN = (ast.For, ast.AsyncFor, ast.While, ast.If, ast.Try, ast.With, ast.ListComp, ast.SetComp,
             ast.DictComp, ast.GeneratorExp, ast.Lambda, ast.FunctionDef, ast.AsyncFunctionDef, ast.IfExp,
             ast.BoolOp)
"""Syntax around a constructor call that makes how often it runs uncertain."""


class Constructed(NamedTuple):
    """The classes ``__init__`` constructs with automatic names, in order; ``exact`` when that is certain."""

    classes: tuple[str, ...]
    exact: bool


def constructed_in_init(node: ast.ClassDef, resolve: Resolve) -> Constructed:
    """The layers (and models) ``node.__init__`` constructs without a name."""
    init = next((item for item in node.body if isinstance(item, ast.FunctionDef) and item.name == "__init__"),
                None)
    if init is None:
        return Constructed((), True)
    found: list[str] = []
    exact = True

    def visit(current: ast.AST, uncertain: bool) -> None:
        nonlocal exact
        for child in ast.iter_child_nodes(current):
            visit(child, uncertain or isinstance(child, UNCERTAIN))
        if isinstance(current, ast.Call):
            cls = resolve(current.func)
            if cls is None or any(kw.arg == "name" for kw in current.keywords):
                return
            if uncertain or any(kw.arg is None for kw in current.keywords):
                exact = False
                return
            found.append(cls)

    for stmt in init.body:
        visit(stmt, isinstance(stmt, UNCERTAIN))
    return Constructed(tuple(found), exact)


def operations_in_call(node: ast.ClassDef, is_operation: Callable[[ast.expr], bool]) -> bool:
    """Whether ``node.call`` applies operations (``ops.reshape``, ``a + b``), which Keras names as it runs it."""
    call = next((item for item in node.body if isinstance(item, ast.FunctionDef) and item.name == "call"), None)
    if call is None:
        return False
    return any(isinstance(n, ast.BinOp) or isinstance(n, ast.Call) and is_operation(n.func) for n in ast.walk(call))
