"""Evaluating expressions: names, literals, operators, subscripts, attributes, comprehensions.

A mixin of `designer.export.pysource.interpreter.Interpreter`. Plain data is
computed by Python after size checks (`budget`); an operator on a tensor is
the Keras 3 operation it records (`Builder.operator`); attribute access never
reads a dunder and only reaches whitelisted methods of plain data.
"""

from __future__ import annotations

import ast
import operator
import re
from typing import Any, Callable

from .budget import MAX_INT_BITS, MAX_ITEMS, LimitExceeded, check_size, check_text_size, short_repr
from .keras_names import classify
from .pybuiltins import BUILTINS, DATA_METHODS, safe_format_spec
from .runtime import Evaluation, Scope, is_plain
from .values import BoundMethod, InputObject, LayerObject, Model, Opaque, Symbol, Tensor

BINARY = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow, ast.LShift: operator.lshift,
    ast.RShift: operator.rshift, ast.BitAnd: operator.and_, ast.BitOr: operator.or_, ast.BitXor: operator.xor,
}
TENSOR_OPS = {ast.Add: "Add", ast.Sub: "Subtract", ast.Mult: "Multiply", ast.Div: "TrueDivide"}
COMPARE = {
    ast.Eq: operator.eq, ast.NotEq: operator.ne, ast.Lt: operator.lt, ast.LtE: operator.le, ast.Gt: operator.gt,
    ast.GtE: operator.ge, ast.In: lambda a, b: a in b, ast.NotIn: lambda a, b: a not in b,
    ast.Is: operator.is_, ast.IsNot: operator.is_not,
}


class Expressions(Evaluation):
    """Expression evaluation (``eval``) for the interpreter."""

    def eval(self, node: ast.expr, scope: Scope) -> Any:
        self.budget.step(getattr(node, "lineno", 0))
        handler = getattr(self, f"_e_{type(node).__name__}", None)
        if handler is None:
            self.messages.skip(getattr(node, "lineno", 0), f"a {type(node).__name__} expression")
            return Opaque(type(node).__name__)
        return handler(node, scope)

    def _e_Constant(self, node: ast.Constant, scope: Scope) -> Any:
        return node.value

    def _e_Name(self, node: ast.Name, scope: Scope) -> Any:
        found = scope.find(node.id)
        if found is not None:
            return found.vars[node.id]
        if node.id in BUILTINS:
            return BoundMethod(None, node.id)
        if classify(node.id).kind != "skip":
            return Symbol(node.id)
        for module in reversed(self.star_modules):
            sym = Symbol(f"{module}.{node.id}")
            if classify(sym.path).kind != "skip":
                return sym
        if node.id in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[node.id]
        return Symbol(node.id)

    def _e_Tuple(self, node: ast.Tuple, scope: Scope) -> tuple[Any, ...]:
        return tuple(self.elements(node.elts, scope, node.lineno))

    def _e_List(self, node: ast.List, scope: Scope) -> list[Any]:
        return self.elements(node.elts, scope, node.lineno)

    def _e_Set(self, node: ast.Set, scope: Scope) -> Any:
        items = self.elements(node.elts, scope, node.lineno)
        return set(items) if all(isinstance(i, (int, float, str, tuple)) for i in items) else items

    def elements(self, elts: list[ast.expr], scope: Scope, line: int) -> list[Any]:
        out: list[Any] = []
        for elt in elts:
            if isinstance(elt, ast.Starred):
                items = self.iterate(self.eval(elt.value, scope), line)
                out.extend(items if items is not None else [])
            else:
                out.append(self.eval(elt, scope))
        return check_size(out, line)

    def _e_Dict(self, node: ast.Dict, scope: Scope) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key, value in zip(node.keys, node.values):
            if key is None:
                merged = self.eval(value, scope)
                if isinstance(merged, dict):
                    out.update(merged)
                continue
            k = self.eval(key, scope)
            out[k if isinstance(k, (int, float, str, bool, tuple, type(None))) else short_repr(k)] = self.eval(value, scope)
        return check_size(out, node.lineno)

    def _e_JoinedStr(self, node: ast.JoinedStr, scope: Scope) -> str:
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
                continue
            if not isinstance(value, ast.FormattedValue):
                continue
            inner = self.eval(value.value, scope)
            spec = self.eval(value.format_spec, scope) if value.format_spec is not None else ""
            if not isinstance(inner, (int, float, str, bool, type(None))):
                check_text_size(inner, node.lineno)
                inner = repr(inner)
            parts.append(format(inner, spec) if isinstance(spec, str) and safe_format_spec(spec) else str(inner))
        return check_size("".join(parts), node.lineno)

    def _e_BinOp(self, node: ast.BinOp, scope: Scope) -> Any:
        return self.binary(node.op, self.eval(node.left, scope), self.eval(node.right, scope), node.lineno)

    def binary(self, op: ast.operator, left: Any, right: Any, line: int) -> Any:
        if isinstance(left, Tensor) or isinstance(right, Tensor):
            return self.builder.operator(TENSOR_OPS.get(type(op), type(op).__name__), left, right, line)
        if not (is_plain(left) and is_plain(right)):
            return Opaque("arithmetic on values not modelled")
        self._check_growth(op, left, right, line)
        fn = BINARY.get(type(op))
        if fn is None:
            raise TypeError(f"operator {type(op).__name__}")
        return check_size(fn(left, right), line)

    @staticmethod
    def _check_growth(op: ast.operator, left: Any, right: Any, line: int) -> None:
        """Refuse ``[0] * 10**9``, ``2 ** 10**9`` and ``1 << 10**9`` before computing them."""
        too_big = False
        if isinstance(op, ast.Mult):
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_ITEMS:
                    too_big = True
        elif isinstance(op, ast.Pow) and isinstance(left, int) and isinstance(right, int):
            too_big = abs(left) > 1 and right > 0 and abs(left).bit_length() * right > MAX_INT_BITS
        elif isinstance(op, ast.LShift) and isinstance(right, int):
            too_big = right > MAX_INT_BITS
        elif isinstance(op, ast.Mod) and isinstance(left, str):
            too_big = re.search(r"%[^a-zA-Z%]*\d{5,}", left) is not None  # '%999999999d' % 1
        if too_big:
            raise LimitExceeded(f"line {line}: the arithmetic here makes an enormous value; the import stopped there")

    def _e_UnaryOp(self, node: ast.UnaryOp, scope: Scope) -> Any:
        value = self.eval(node.operand, scope)
        if isinstance(node.op, ast.Not):
            return not self.truth(value, node.lineno)
        if isinstance(value, Tensor):
            if isinstance(node.op, ast.USub):
                return self.builder.operator("Multiply", value, -1.0, node.lineno, name_as="Negative")
            return value
        if not is_plain(value):
            return Opaque("unary operation")
        unary: dict[type, Callable[[Any], Any]] = {ast.USub: operator.neg, ast.UAdd: operator.pos,
                                                   ast.Invert: operator.invert}
        return unary[type(node.op)](value)

    def _e_BoolOp(self, node: ast.BoolOp, scope: Scope) -> Any:
        value: Any = None
        for operand in node.values:
            value = self.eval(operand, scope)
            truth = self.truth(value, node.lineno)
            if isinstance(node.op, ast.And) and not truth or isinstance(node.op, ast.Or) and truth:
                return value
        return value

    def _e_Compare(self, node: ast.Compare, scope: Scope) -> Any:
        left = self.eval(node.left, scope)
        for op, comparator in zip(node.ops, node.comparators):
            right = self.eval(comparator, scope)
            if isinstance(op, (ast.Is, ast.IsNot)):
                result = COMPARE[type(op)](left, right)
            elif not (is_plain(left) and is_plain(right)):
                return Opaque("comparison")
            else:
                result = COMPARE[type(op)](left, right)
            if not result:
                return False
            left = right
        return True

    def _e_IfExp(self, node: ast.IfExp, scope: Scope) -> Any:
        test = self.truth(self.eval(node.test, scope), node.lineno)
        return self.eval(node.body if test else node.orelse, scope)

    def _e_NamedExpr(self, node: ast.NamedExpr, scope: Scope) -> Any:
        value = self.eval(node.value, scope)
        self.assign(node.target, value, scope)
        return value

    def _e_Slice(self, node: ast.Slice, scope: Scope) -> Any:
        parts = [self.eval(p, scope) if p is not None else None for p in (node.lower, node.upper, node.step)]
        if not all(p is None or isinstance(p, int) for p in parts):
            return Opaque("slice")
        return slice(*parts)

    def _e_Subscript(self, node: ast.Subscript, scope: Scope) -> Any:
        value = self.eval(node.value, scope)
        key = self.eval(node.slice, scope)
        if isinstance(value, Tensor):
            count = self.builder.output_count(value)
            if isinstance(key, (int, slice)) and count > 1:  # a layer's several outputs, as a list
                outputs = [Tensor(value.producer, value.call, i) for i in range(count)]
                return outputs[key]
            return self.builder.subscript(value, key, node.lineno)
        if isinstance(value, (list, tuple, str, range)) and isinstance(key, (int, slice)):
            return value[key]
        if isinstance(value, dict) and not isinstance(key, (list, dict, set)):
            return value[key]
        return Opaque("subscript")

    def _e_Lambda(self, node: ast.Lambda, scope: Scope) -> Any:
        return self.make_function("<lambda>", node, scope)

    def _e_ListComp(self, node: ast.ListComp | ast.GeneratorExp | ast.SetComp, scope: Scope) -> list[Any]:
        out: list[Any] = []
        self.comprehension(node.generators, 0, Scope(scope), lambda s: out.append(self.eval(node.elt, s)))
        return check_size(out, node.lineno)

    _e_GeneratorExp = _e_ListComp

    def _e_SetComp(self, node: ast.SetComp, scope: Scope) -> set[Any]:
        return {v for v in self._e_ListComp(node, scope) if isinstance(v, (int, float, str, tuple))}

    def _e_DictComp(self, node: ast.DictComp, scope: Scope) -> dict[Any, Any]:
        out: dict[Any, Any] = {}

        def add(s: Scope) -> None:
            key = self.eval(node.key, s)
            out[key if isinstance(key, (int, float, str, tuple)) else short_repr(key)] = self.eval(node.value, s)
        self.comprehension(node.generators, 0, Scope(scope), add)
        return check_size(out, node.lineno)

    def comprehension(self, generators: list[ast.comprehension], i: int, scope: Scope,
                      emit: Callable[[Scope], None]) -> None:
        if i == len(generators):
            emit(scope)
            return
        gen = generators[i]
        items = self.iterate(self.eval(gen.iter, scope), gen.iter.lineno)
        for item in items if items is not None else []:
            self.budget.step(gen.iter.lineno)
            self.assign(gen.target, item, scope)
            if all(self.truth(self.eval(cond, scope), gen.iter.lineno) for cond in gen.ifs):
                self.comprehension(generators, i + 1, scope, emit)

    def _e_Attribute(self, node: ast.Attribute, scope: Scope) -> Any:
        name = node.attr
        if name.startswith("__"):
            self.messages.warn(node.lineno, f"the attribute {name} is never read by the importer")
            return Opaque(name)
        if isinstance(node.value, ast.Name) and name == "add" and self._unassigned(node.value.id, scope):
            model = self.builder.new_model("Sequential", node.value.id, node.lineno)
            self.module.vars[node.value.id] = model
            self.messages.warn(node.lineno, f"{node.value.id} is never assigned: taken as a Sequential model "
                                            f"(as if the code began with {node.value.id} = Sequential())")
        value = self.eval(node.value, scope)
        return self.attribute(value, name, node.lineno)

    def _unassigned(self, name: str, scope: Scope) -> bool:
        return scope.find(name) is None and name not in BUILTINS and classify(name).kind == "skip"

    def attribute(self, value: Any, name: str, line: int) -> Any:
        if isinstance(value, Symbol):
            return value.attr(name)
        if isinstance(value, Tensor):
            if name == "shape":
                return self.builder.shape_of(value, line)
            if name == "ndim":
                shape = self.builder.shape_of(value, line)
                return len(shape) if isinstance(shape, tuple) else shape
            return BoundMethod(value, name)
        if isinstance(value, Model):
            return self.model_attribute(value, name, line)
        if isinstance(value, LayerObject):
            if name == "name":
                return value.name
            if name == "output" and value.calls:
                return Tensor(value, len(value.calls) - 1, 0)
            return BoundMethod(value, name)
        if isinstance(value, InputObject) and name == "output":
            return Tensor(value)
        if isinstance(value, tuple) and name == "as_list":  # a TensorFlow TensorShape's method
            return BoundMethod(value, name)
        for kind, methods in DATA_METHODS.items():
            if isinstance(value, kind) and name in methods:
                return BoundMethod(value, name)
        return Opaque(f"attribute {name}")

    def model_attribute(self, model: Model, name: str, line: int) -> Any:
        if name == "name":
            return model.name
        if name == "layers":
            if model.kind == "Sequential":
                return list(model.layers)
            return [t.producer for t in self.builder.graph.layers_of(model)]
        if model.kind == "Sequential" and name in ("output", "outputs", "input", "inputs"):
            if name in ("input", "output") and not model.calls:
                self.messages.warn(line, f"{model.name}.{name} of a Sequential model never called fails in Keras 3 "
                                         f"(\"has no defined {name}\"): use {model.name}.{name}s[0]")
            if not self.builder.sequential_graph(model, line):
                return Opaque(f"{model.name}.{name}")
        if name in ("output", "outputs", "input", "inputs"):
            value = model.outputs if name.startswith("output") else model.inputs
            if name in ("output", "input") and isinstance(value, (list, tuple)) and len(value) == 1:
                return value[0]
            return value
        return BoundMethod(model, name)

