"""A small interpreter over a whitelist of Python syntax: it evaluates what builds a model.

Statements and expressions outside the whitelist are skipped with their
line. Nothing from the source is imported, ``exec``-ed or called: names
imported from libraries are `Symbol` paths handed to the `Builder`; the
source's own functions are run by this interpreter, within the `Budget`.
"""

from __future__ import annotations

import ast
import operator
from typing import Any

from .budget import MAX_CALL_DEPTH, Budget, LimitExceeded, check_size
from .builder import Builder
from .keras_names import classify
from .messages import Messages
from .pybuiltins import BUILTINS, DATA_METHODS, call_method
from .values import BoundMethod, Function, InputObject, LayerObject, Model, Opaque, Symbol, Tensor, UserClass

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
PLAIN = (int, float, str, bool, type(None), tuple, list, dict, range, set)
SILENT_CALLS = ("print", "summary", "plot_model")
MODEL_SKIPPED = ("compile", "fit", "evaluate", "predict", "save", "save_weights", "load_weights", "summary",
                 "fit_generator", "train_on_batch", "to_json", "get_config", "count_params")
ERRORS = (TypeError, ValueError, ZeroDivisionError, IndexError, KeyError, AttributeError, OverflowError)


class Return(Exception):
    def __init__(self, value: Any):
        self.value = value


class Break(Exception):
    pass


class Continue(Exception):
    pass


class Scope:
    """Names of one module or function call; lookups fall back to the enclosing scopes."""

    def __init__(self, parent: "Scope | None" = None):
        self.vars: dict[str, Any] = {}
        self.parent = parent
        self.globals: set[str] = set()

    def find(self, name: str) -> "Scope | None":
        scope = self
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


def _is_plain(value: Any) -> bool:
    return isinstance(value, PLAIN)


class Interpreter:
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

    def _s_Pass(self, node, scope) -> None:
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
        """A class is recorded with its bases' dotted names, its body never run."""
        bases = tuple(ast.unparse(base) for base in node.bases)
        scope.vars[node.name] = UserClass(node.name, node.lineno, bases)

    def _s_Return(self, node: ast.Return, scope: Scope) -> None:
        raise Return(self.eval(node.value, scope) if node.value is not None else None)

    def _s_Break(self, node, scope) -> None:
        raise Break()

    def _s_Continue(self, node, scope) -> None:
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

    def _s_Assert(self, node, scope) -> None:
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

    def unpack(self, value: Any, n: int, line: int) -> list:
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

    def iterate(self, value: Any, line: int) -> list | range | None:
        if isinstance(value, (list, tuple, range, str)):
            return value
        if isinstance(value, dict):
            return list(value)
        if isinstance(value, set):
            return sorted(value, key=repr)
        return None

    def truth(self, value: Any, line: int) -> bool:
        if _is_plain(value) or isinstance(value, (Function, Symbol)):
            return bool(value)
        if isinstance(value, (LayerObject, Model, InputObject)):
            return True
        self.messages.warn(line, "a condition the importer cannot decide (it depends on data or on "
                                 "something not modelled) was taken as false")
        return False

    # Expressions -------------------------------------------------------------------

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

    def _e_Tuple(self, node: ast.Tuple, scope: Scope) -> tuple:
        return tuple(self.elements(node.elts, scope, node.lineno))

    def _e_List(self, node: ast.List, scope: Scope) -> list:
        return self.elements(node.elts, scope, node.lineno)

    def _e_Set(self, node: ast.Set, scope: Scope) -> Any:
        items = self.elements(node.elts, scope, node.lineno)
        return set(items) if all(isinstance(i, (int, float, str, tuple)) for i in items) else items

    def elements(self, elts: list[ast.expr], scope: Scope, line: int) -> list:
        out: list = []
        for elt in elts:
            if isinstance(elt, ast.Starred):
                items = self.iterate(self.eval(elt.value, scope), line)
                out.extend(items if items is not None else [])
            else:
                out.append(self.eval(elt, scope))
        return check_size(out, line)

    def _e_Dict(self, node: ast.Dict, scope: Scope) -> dict:
        out: dict = {}
        for key, value in zip(node.keys, node.values):
            if key is None:
                merged = self.eval(value, scope)
                if isinstance(merged, dict):
                    out.update(merged)
                continue
            k = self.eval(key, scope)
            out[k if isinstance(k, (int, float, str, bool, tuple, type(None))) else repr(k)] = self.eval(value, scope)
        return check_size(out, node.lineno)

    def _e_JoinedStr(self, node: ast.JoinedStr, scope: Scope) -> str:
        parts = []
        for value in node.values:
            if isinstance(value, ast.Constant):
                parts.append(str(value.value))
                continue
            inner = self.eval(value.value, scope)
            spec = self.eval(value.format_spec, scope) if value.format_spec is not None else ""
            if not isinstance(inner, (int, float, str, bool, type(None))):
                inner = repr(inner)
            parts.append(format(inner, spec) if isinstance(spec, str) and len(spec) < 20 else str(inner))
        return check_size("".join(parts), node.lineno)

    def _e_BinOp(self, node: ast.BinOp, scope: Scope) -> Any:
        return self.binary(node.op, self.eval(node.left, scope), self.eval(node.right, scope), node.lineno)

    def binary(self, op: ast.operator, left: Any, right: Any, line: int) -> Any:
        if isinstance(left, Tensor) or isinstance(right, Tensor):
            return self.builder.operator(TENSOR_OPS.get(type(op), type(op).__name__), left, right, line)
        if not (_is_plain(left) and _is_plain(right)):
            return Opaque("arithmetic on values not modelled")
        self._check_growth(op, left, right, line)
        fn = BINARY.get(type(op))
        if fn is None:
            raise TypeError(f"operator {type(op).__name__}")
        return check_size(fn(left, right), line)

    @staticmethod
    def _check_growth(op: ast.operator, left: Any, right: Any, line: int) -> None:
        """Refuse ``[0] * 10**9``, ``2 ** 10**9`` and ``1 << 10**9`` before computing them."""
        from .budget import MAX_INT_BITS, MAX_ITEMS
        too_big = False
        if isinstance(op, ast.Mult):
            for seq, n in ((left, right), (right, left)):
                if isinstance(seq, (str, list, tuple)) and isinstance(n, int) and len(seq) * n > MAX_ITEMS:
                    too_big = True
        elif isinstance(op, ast.Pow) and isinstance(left, int) and isinstance(right, int):
            too_big = abs(left) > 1 and right > 0 and abs(left).bit_length() * right > MAX_INT_BITS
        elif isinstance(op, ast.LShift) and isinstance(right, int):
            too_big = right > MAX_INT_BITS
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
        if not _is_plain(value):
            return Opaque("unary operation")
        return {ast.USub: operator.neg, ast.UAdd: operator.pos, ast.Invert: operator.invert}[type(node.op)](value)

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
            elif not (_is_plain(left) and _is_plain(right)):
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
            if isinstance(key, int) and self.builder.output_count(value) > 1:
                return Tensor(value.producer, value.call, key)
            return self.builder.unknown_layer("tensor[…] (slicing a tensor)", [value], {}, node.lineno)
        if isinstance(value, (list, tuple, str, range)) and isinstance(key, (int, slice)):
            return value[key]
        if isinstance(value, dict) and not isinstance(key, (list, dict, set)):
            return value[key]
        return Opaque("subscript")

    def _e_Lambda(self, node: ast.Lambda, scope: Scope) -> Function:
        return self.make_function("<lambda>", node, scope)

    def _e_ListComp(self, node: ast.ListComp, scope: Scope) -> list:
        out: list = []
        self.comprehension(node.generators, 0, Scope(scope), lambda s: out.append(self.eval(node.elt, s)))
        return check_size(out, node.lineno)

    _e_GeneratorExp = _e_ListComp

    def _e_SetComp(self, node: ast.SetComp, scope: Scope) -> set:
        return {v for v in self._e_ListComp(node, scope) if isinstance(v, (int, float, str, tuple))}

    def _e_DictComp(self, node: ast.DictComp, scope: Scope) -> dict:
        out: dict = {}

        def add(s: Scope) -> None:
            key = self.eval(node.key, s)
            out[key if isinstance(key, (int, float, str, tuple)) else repr(key)] = self.eval(node.value, s)
        self.comprehension(node.generators, 0, Scope(scope), add)
        return check_size(out, node.lineno)

    def comprehension(self, generators: list, i: int, scope: Scope, emit) -> None:
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
            model = self.builder.new_model("Sequential", node.value.id, node.lineno, implicit=True)
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
        for kind, methods in DATA_METHODS.items():
            if isinstance(value, kind) and name in methods:
                return BoundMethod(value, name)
        return Opaque(f"attribute {name}")

    def model_attribute(self, model: Model, name: str, line: int) -> Any:
        if name == "name":
            return model.name
        if name in ("layers",):
            return list(model.layers) if model.kind == "Sequential" else Opaque("layers")
        if model.kind == "Functional" and name in ("output", "outputs", "input", "inputs"):
            value = model.outputs if name.startswith("output") else model.inputs
            if name in ("output", "input") and isinstance(value, (list, tuple)) and len(value) == 1:
                return value[0]
            return value
        return BoundMethod(model, name)

    # Calls ------------------------------------------------------------------------

    def _e_Call(self, node: ast.Call, scope: Scope) -> Any:
        func = self.eval(node.func, scope)
        args = self.elements(node.args, scope, node.lineno)
        kwargs: dict = {}
        for kw in node.keywords:
            value = self.eval(kw.value, scope)
            if kw.arg is None:
                if isinstance(value, dict):
                    kwargs.update({str(k): v for k, v in value.items()})
            else:
                kwargs[kw.arg] = value
        return self.call(func, args, kwargs, node.lineno)

    def call(self, func: Any, args: list, kwargs: dict, line: int) -> Any:
        if isinstance(func, Function):
            return self.call_function(func, args, kwargs, line)
        if isinstance(func, Symbol):
            return self.builder.call_symbol(func, args, kwargs, line)
        if isinstance(func, LayerObject):
            return self.builder.call_layer(func, args, kwargs, line)
        if isinstance(func, Model):
            return self.builder.call_model(func, args, kwargs, line)
        if isinstance(func, UserClass):
            return self.builder.instantiate_class(func, args, kwargs, line)
        if isinstance(func, BoundMethod):
            return self.call_method(func, args, kwargs, line)
        return self.builder.unknown_layer(getattr(func, "what", "a value"), args, kwargs, line)

    def call_method(self, method: BoundMethod, args: list, kwargs: dict, line: int) -> Any:
        target, name = method.target, method.name
        if target is None:
            return self.call_builtin(name, args, kwargs, line)
        if isinstance(target, Model):
            if name == "add" and target.kind == "Sequential":
                for arg in args[:1]:
                    self.builder.add(target, arg, line)
                return None
            if name in SILENT_CALLS or name in MODEL_SKIPPED:
                self.messages.skip(line, name)
                return Opaque(f"result of {name}")
            self.messages.skip(line, f"{target.name}.{name}")
            return Opaque(f"result of {name}")
        if isinstance(target, Tensor):
            if name == "get_shape":
                return self.builder.shape_of(target, line)
            return self.builder.unknown_layer(f"tensor.{name}", [target, *args], kwargs, line)
        if isinstance(target, LayerObject):
            self.messages.skip(line, f"{target.name}.{name}")
            return Opaque(f"result of {name}")
        if not all(_is_plain(a) or isinstance(a, (Tensor, LayerObject, Model, Symbol, Opaque, Function))
                   for a in args):
            return Opaque(name)
        return call_method(target, name, args, kwargs, line)

    def call_builtin(self, name: str, args: list, kwargs: dict, line: int) -> Any:
        if name == "print":
            self.messages.skip(line, "print")
            return None
        if name == "isinstance":
            return Opaque("isinstance")
        if name == "map" and len(args) == 2:
            items = self.iterate(args[1], line) or []
            return [self.call(args[0], [item], {}, line) for item in items]
        if name == "filter" and len(args) == 2:
            items = self.iterate(args[1], line) or []
            return [item for item in items if self.truth(self.call(args[0], [item], {}, line), line)]
        if name == "pow":
            return self.binary(ast.Pow(), *args[:2], line) if len(args) == 2 else Opaque("pow")
        if name == "len" and args and isinstance(args[0], Tensor):
            shape = self.builder.shape_of(args[0], line)
            return shape[0] if isinstance(shape, tuple) else Opaque("len")
        fn = BUILTINS[name]
        if not all(_is_plain(a) for a in (*args, *kwargs.values())):
            if name in ("list", "tuple") and len(args) == 1 and isinstance(args[0], (Tensor, Model)):
                return Opaque(name)
            flat = [a for a in args if not _is_plain(a)]
            if name in ("list", "tuple", "reversed", "sorted") and len(args) == 1:
                return fn(args[0]) if isinstance(args[0], (list, tuple)) else Opaque(name)
            if name in ("enumerate", "zip", "len", "max", "min") and not any(isinstance(a, Opaque) for a in flat):
                return fn(*args, **kwargs)
            return Opaque(f"result of {name}")
        return check_size(fn(*args, **kwargs), line)

    # Functions ------------------------------------------------------------------

    def make_function(self, name: str, node: Any, scope: Scope) -> Function:
        a = node.args
        defaults = [self.eval(d, scope) for d in a.defaults]
        kw_defaults = {arg.arg: self.eval(d, scope) for arg, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None}
        return Function(name, node, defaults, kw_defaults, {"scope": scope}, node.lineno)

    def call_function(self, fn: Function, args: list, kwargs: dict, line: int) -> Any:
        if self.depth >= MAX_CALL_DEPTH:
            raise LimitExceeded(f"line {line}: calls nest more than {MAX_CALL_DEPTH} deep (endless recursion?); "
                                "the import stopped there")
        fn.called = True
        scope = Scope(fn.closure["scope"])
        self.bind(fn, args, kwargs, scope, line)
        self.depth += 1
        try:
            if isinstance(fn.node, ast.Lambda):
                return self.eval(fn.node.body, scope)
            self.block(fn.node.body, scope)
            return None
        except Return as ret:
            return ret.value
        except (Break, Continue):
            return None
        finally:
            self.depth -= 1

    def bind(self, fn: Function, args: list, kwargs: dict, scope: Scope, line: int) -> None:
        a = fn.node.args
        positional = [*a.posonlyargs, *a.args]
        first_default = len(positional) - len(fn.defaults)
        kwargs = dict(kwargs)
        for i, param in enumerate(positional):
            if i < len(args):
                scope.vars[param.arg] = args[i]
            elif param.arg in kwargs:
                scope.vars[param.arg] = kwargs.pop(param.arg)
            elif i >= first_default:
                scope.vars[param.arg] = fn.defaults[i - first_default]
            else:
                self.messages.warn(line, f"{fn.name}() called without its argument {param.arg!r}; "
                                         "it is unknown")
                scope.vars[param.arg] = Opaque(f"missing argument {param.arg}")
        if a.vararg is not None:
            scope.vars[a.vararg.arg] = tuple(args[len(positional):])
        for param in a.kwonlyargs:
            scope.vars[param.arg] = kwargs.pop(param.arg, fn.kw_defaults.get(param.arg))
        if a.kwarg is not None:
            scope.vars[a.kwarg.arg] = kwargs

    def has_defaults(self, fn: Function) -> bool:
        a = fn.node.args
        return len(a.defaults) == len(a.posonlyargs) + len(a.args)
