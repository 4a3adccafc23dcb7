"""What the interpreter's evaluation shares: scopes, the control-flow signals, plain data."""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .budget import Budget
    from .builder import Builder
    from .messages import Messages

PLAIN = (int, float, str, bool, type(None), tuple, list, dict, range, set)
"""Plain Python data: evaluated with Python's own operators, after the size checks."""


class Return(Exception):
    """``return value`` leaving a function the interpreter runs."""

    def __init__(self, value: Any):
        self.value = value


class Break(Exception):
    """``break`` leaving a loop."""


class Continue(Exception):
    """``continue`` to a loop's next item."""


class Scope:
    """Names of one module or function call; lookups fall back to the enclosing scopes."""

    def __init__(self, parent: "Scope | None" = None):
        self.vars: dict[str, Any] = {}
        self.parent = parent
        self.globals: set[str] = set()

    def find(self, name: str) -> "Scope | None":
        scope: Scope | None = self
        while scope is not None:
            if name in scope.vars:
                return scope
            scope = scope.parent
        return None

    def root(self) -> "Scope":
        scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope


def is_plain(value: Any) -> bool:
    return isinstance(value, PLAIN)



class Evaluation:
    """What the statement, expression and call parts of the interpreter use of one another."""

    builder: Builder
    messages: Messages
    budget: Budget
    depth: int
    star_modules: list[str]
    module: Scope

    def block(self, body: list[ast.stmt], scope: Scope) -> None:
        raise NotImplementedError

    def eval(self, node: ast.expr, scope: Scope) -> Any:
        raise NotImplementedError

    def elements(self, elts: list[ast.expr], scope: Scope, line: int) -> list[Any]:
        raise NotImplementedError

    def binary(self, op: ast.operator, left: Any, right: Any, line: int) -> Any:
        raise NotImplementedError

    def assign(self, target: ast.expr, value: Any, scope: Scope) -> None:
        raise NotImplementedError

    def unpack(self, value: Any, n: int, line: int) -> list[Any]:
        raise NotImplementedError

    def iterate(self, value: Any, line: int) -> list[Any] | tuple[Any, ...] | range | str | None:
        raise NotImplementedError

    def truth(self, value: Any, line: int) -> bool:
        raise NotImplementedError

    def call(self, func: Any, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        raise NotImplementedError

    def attribute(self, value: Any, name: str, line: int) -> Any:
        raise NotImplementedError

    def make_function(self, name: str, node: ast.FunctionDef | ast.Lambda, scope: Scope) -> Any:
        raise NotImplementedError

