"""A small interpreter over a whitelist of Python syntax: it evaluates what builds a model.

Statements and expressions outside the whitelist are skipped with their
line. Nothing from the source is imported, ``exec``-ed or called: names
imported from libraries are `Symbol` paths handed to the `Builder`; the
source's own functions are run by this interpreter, within the `Budget`.
"""

from __future__ import annotations

import ast
from typing import Any

from .budget import Budget, LimitExceeded
from .builder import Builder
from .calls import Calls
from .expressions import Expressions
from .keras_names import classify
from .messages import Messages
from .subclasses import constructed_in_init, operations_in_call
from .runtime import Break, Continue, Evaluation, Return, Scope, is_plain
from .values import Function, InputObject, LayerObject, Model, Opaque, Symbol, Tensor, UserClass

ERRORS = (TypeError, ValueError, ZeroDivisionError, IndexError, KeyError, AttributeError, OverflowError)


class Interpreter(Expressions, Calls, Evaluation):
    """Runs a parsed module's model-building code into ``builder``."""

    def __init__(self, builder: Builder, messages: Messages, budget: Budget):
        self.builder = builder
        self.messages = messages
        self.budget = budget
        self.depth = 0
        self.star_modules: list[str] = []
        self.functions: list[Function] = []
        self.module = Scope()
        self.module.vars["__name__"] = "__main__"

    # Statements ---------------------------------------------------------------

    def run_module(self, tree: ast.Module) -> None:
        self.block(tree.body, self.module)

    def block(self, body: list[ast.stmt], scope: Scope) -> None:
        for stmt in body:
            self.statement(stmt, scope)

    def statement(self, node: ast.stmt, scope: Scope) -> None:
        self.budget.step(node.lineno)
        handler = getattr(self, f"_s_{type(node).__name__}", None)
        if handler is None:
            self.messages.skip(node.lineno, f"a {type(node).__name__} statement")
            return
        try:
            handler(node, scope)
        except LimitExceeded as exc:
            if str(exc).startswith("line "):
                raise
            raise LimitExceeded(f"line {node.lineno}: {exc}") from None
        except (Return, Break, Continue, RecursionError):
            raise
        except ERRORS as exc:
            self.messages.warn(node.lineno, f"not understood ({type(exc).__name__}: {exc}); the statement was "
                                            "skipped")

    def _s_Expr(self, node: ast.Expr, scope: Scope) -> None:
        self.eval(node.value, scope)

    def _s_Pass(self, node: ast.stmt, scope: Scope) -> None:
        pass

    def _s_Assign(self, node: ast.Assign, scope: Scope) -> None:
        value = self.eval(node.value, scope)
        for target in node.targets:
            self.assign(target, value, scope)

    def _s_AnnAssign(self, node: ast.AnnAssign, scope: Scope) -> None:
        if node.value is not None:
            self.assign(node.target, self.eval(node.value, scope), scope)

    def _s_AugAssign(self, node: ast.AugAssign, scope: Scope) -> None:
        load = ast.copy_location(type(node.target)(**{f: getattr(node.target, f) for f in node.target._fields
                                                      if f != "ctx"}, ctx=ast.Load()), node.target)
        value = self.binary(node.op, self.eval(load, scope), self.eval(node.value, scope), node.lineno)
        self.assign(node.target, value, scope)

    def _s_Import(self, node: ast.Import, scope: Scope) -> None:
        for alias in node.names:
            if alias.asname:
                scope.vars[alias.asname] = Symbol(alias.name)
            else:
                root = alias.name.split(".")[0]
                scope.vars[root] = Symbol(root)

    def _s_ImportFrom(self, node: ast.ImportFrom, scope: Scope) -> None:
        module = node.module or ""
        for alias in node.names:
            if alias.name == "*":
                self.star_modules.append(module)
                continue
            scope.vars[alias.asname or alias.name] = Symbol(f"{module}.{alias.name}" if module else alias.name)

    def _s_FunctionDef(self, node: ast.FunctionDef, scope: Scope) -> None:
        fn = self.make_function(node.name, node, scope)
        scope.vars[node.name] = fn
        if scope is self.module:
            self.functions.append(fn)

    def _s_ClassDef(self, node: ast.ClassDef, scope: Scope) -> None:
        """A class is recorded with its bases' dotted names and the layers its ``__init__`` constructs (read
        from its syntax, `subclasses`), its body never run."""
        bases = tuple(ast.unparse(base) for base in node.bases)
        constructed = constructed_in_init(node, lambda func: self.constructed_class(func, scope))
        operates = operations_in_call(node, lambda func: self.names_operation(func, scope))
        scope.vars[node.name] = UserClass(node.name, node.lineno, bases, constructed.classes, constructed.exact,
                                          operates)

    def names_operation(self, func: ast.expr, scope: Scope) -> bool:
        """Whether a dotted name in a class body is a Keras operation (``ops.reshape``), never evaluated."""
        path = self.dotted(func, scope)
        return path is not None and classify(path).kind in ("op", "operator", "concat", "tf_op", "backend_op")

    def dotted(self, func: ast.expr, scope: Scope) -> str | None:
        """The library path a dotted name in a class body stands for, or None (never evaluated)."""
        parts: list[str] = []
        while isinstance(func, ast.Attribute):
            parts.insert(0, func.attr)
            func = func.value
        if not isinstance(func, ast.Name):
            return None
        found = scope.find(func.id)
        root = found.vars[func.id] if found is not None else None
        if found is not None and not isinstance(root, Symbol):
            return None
        return ".".join([root.path if isinstance(root, Symbol) else func.id, *parts])

    def constructed_class(self, func: ast.expr, scope: Scope) -> str | None:
        """The Keras layer or model class a dotted name in a class body stands for, or None (never evaluated)."""
        if isinstance(func, ast.Name):
            found = scope.find(func.id)
            value = found.vars[func.id] if found is not None else None
            if isinstance(value, UserClass):
                return value.name
        path = self.dotted(func, scope)
        if path is None:
            return None
        kind = classify(path)
        if kind.kind == "layer":
            return kind.detail
        return {"sequential": "Sequential", "model": "Functional"}.get(kind.kind)

    def _s_Return(self, node: ast.Return, scope: Scope) -> None:
        raise Return(self.eval(node.value, scope) if node.value is not None else None)

    def _s_Break(self, node: ast.stmt, scope: Scope) -> None:
        raise Break()

    def _s_Continue(self, node: ast.stmt, scope: Scope) -> None:
        raise Continue()

    def _s_Global(self, node: ast.Global, scope: Scope) -> None:
        scope.globals.update(node.names)

    _s_Nonlocal = _s_Global

    def _s_If(self, node: ast.If, scope: Scope) -> None:
        test = self.truth(self.eval(node.test, scope), node.lineno)
        self.block(node.body if test else node.orelse, scope)

    def _s_For(self, node: ast.For, scope: Scope) -> None:
        iterable = self.iterate(self.eval(node.iter, scope), node.lineno)
        if iterable is None:
            self.messages.warn(node.lineno, "a for loop over something the importer does not model was skipped")
            return
        for item in iterable:
            self.budget.step(node.lineno)
            self.assign(node.target, item, scope)
            try:
                self.block(node.body, scope)
            except Break:
                break
            except Continue:
                continue
        else:
            self.block(node.orelse, scope)

    def _s_While(self, node: ast.While, scope: Scope) -> None:
        while True:
            self.budget.step(node.lineno)
            if not self.truth(self.eval(node.test, scope), node.lineno):
                self.block(node.orelse, scope)
                return
            try:
                self.block(node.body, scope)
            except Break:
                return
            except Continue:
                continue

    def _s_With(self, node: ast.With, scope: Scope) -> None:
        for item in node.items:
            self.eval(item.context_expr, scope)
            if item.optional_vars is not None:
                self.assign(item.optional_vars, Opaque("context"), scope)
        self.block(node.body, scope)

    def _s_Try(self, node: ast.Try, scope: Scope) -> None:
        self.block(node.body, scope)
        self.block(node.orelse, scope)
        self.block(node.finalbody, scope)

    def _s_Raise(self, node: ast.Raise, scope: Scope) -> None:
        self.messages.warn(node.lineno, "the code raises an exception here; the rest of this block was skipped")
        raise Return(None)

    def _s_Assert(self, node: ast.stmt, scope: Scope) -> None:
        pass

    def _s_Delete(self, node: ast.Delete, scope: Scope) -> None:
        for target in node.targets:
            if isinstance(target, ast.Name):
                found = scope.find(target.id)
                if found is not None:
                    del found.vars[target.id]

    # Assignment -----------------------------------------------------------------

    def assign(self, target: ast.expr, value: Any, scope: Scope) -> None:
        if isinstance(target, ast.Name):
            (scope.root() if target.id in scope.globals else scope).vars[target.id] = value
        elif isinstance(target, (ast.Tuple, ast.List)) and any(isinstance(e, ast.Starred) for e in target.elts):
            self.assign_starred(target.elts, value, scope, target.lineno)
        elif isinstance(target, (ast.Tuple, ast.List)):
            items = self.unpack(value, len(target.elts), target.lineno)
            for element, item in zip(target.elts, items):
                self.assign(element, item, scope)
        elif isinstance(target, ast.Subscript):
            container = self.eval(target.value, scope)
            key = self.eval(target.slice, scope)
            if isinstance(container, (list, dict)):
                container[key] = value
        elif isinstance(target, ast.Attribute):
            obj = self.eval(target.value, scope)
            if isinstance(obj, (LayerObject, Model)) and target.attr == "trainable" and value is False:
                if isinstance(obj, LayerObject):
                    obj.config["trainable"] = False
                else:
                    for layer in obj.layers:
                        if isinstance(layer, LayerObject):
                            layer.config["trainable"] = False
        elif isinstance(target, ast.Starred):
            self.assign(target.value, value, scope)

    def assign_starred(self, targets: list[ast.expr], value: Any, scope: Scope, line: int) -> None:
        """``first, *rest = items``: the starred name takes the list of what the others leave."""
        star = next(i for i, e in enumerate(targets) if isinstance(e, ast.Starred))
        found = self.iterate(value, line)
        if found is None:
            raise ValueError("cannot unpack a value the importer does not model")
        items = list(found)
        after = len(targets) - star - 1
        if len(items) < len(targets) - 1:
            raise ValueError(f"expected at least {len(targets) - 1} values to unpack, got {len(items)}")
        for element, item in zip(targets[:star], items[:star]):
            self.assign(element, item, scope)
        self.assign(targets[star], items[star:len(items) - after], scope)
        for element, item in zip(targets[star + 1:], items[len(items) - after:]):
            self.assign(element, item, scope)

    def unpack(self, value: Any, n: int, line: int) -> list[Any]:
        if isinstance(value, Tensor):
            count = self.builder.output_count(value)
            if count == n:
                return [Tensor(value.producer, value.call, i) for i in range(n)]
            raise ValueError(f"cannot unpack a tensor into {n} values")
        items = self.iterate(value, line)
        if items is None:
            return [Opaque("unpacked value")] * n
        items = list(items)
        if len(items) != n:
            raise ValueError(f"expected {n} values to unpack, got {len(items)}")
        return items

    def iterate(self, value: Any, line: int) -> list[Any] | tuple[Any, ...] | range | str | None:
        if isinstance(value, (list, tuple, range, str)):
            return value
        if isinstance(value, dict):
            return list(value)
        if isinstance(value, set):
            return sorted(value, key=repr)
        if isinstance(value, Tensor) and self.builder.output_count(value) > 1:  # LSTM(return_state=True)(x)
            return [Tensor(value.producer, value.call, i) for i in range(self.builder.output_count(value))]
        return None

    def truth(self, value: Any, line: int) -> bool:
        if is_plain(value) or isinstance(value, (Function, Symbol)):
            return bool(value)
        if isinstance(value, (LayerObject, Model, InputObject)):
            return True
        self.messages.warn(line, "a condition the importer cannot decide (it depends on data or on "
                                 "something not modelled) was taken as false")
        return False

