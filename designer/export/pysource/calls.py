"""Calls in the source: its own functions (run here), built-ins, methods, and Keras (to the `Builder`).

A mixin of `designer.export.pysource.interpreter.Interpreter`. A function the
source defines is run by the interpreter within the call-depth limit; a
library name is never called, only handed to the `Builder` as a `Symbol`.
"""

from __future__ import annotations

import ast
from typing import Any

from .budget import MAX_CALL_DEPTH, LimitExceeded, check_size
from .pybuiltins import BUILTINS, call_method
from .runtime import Break, Continue, Evaluation, Return, Scope, is_plain
from .values import BoundMethod, Function, LayerObject, Model, Opaque, Symbol, Tensor, UserClass

MODEL_SKIPPED = ("compile", "fit", "evaluate", "predict", "save", "save_weights", "load_weights", "summary",
                 "fit_generator", "train_on_batch", "to_json", "get_config", "count_params", "plot_model")
"""Model methods that train, use or save a model: listed as skipped by their name alone."""


class Calls(Evaluation):
    """Call evaluation for the interpreter."""

    def _e_Call(self, node: ast.Call, scope: Scope) -> Any:
        func = self.eval(node.func, scope)
        args = self.elements(node.args, scope, node.lineno)
        kwargs: dict[str, Any] = {}
        for kw in node.keywords:
            value = self.eval(kw.value, scope)
            if kw.arg is None:
                if isinstance(value, dict):
                    kwargs.update({str(k): v for k, v in value.items()})
            else:
                kwargs[kw.arg] = value
        return self.call(func, args, kwargs, node.lineno)

    def call(self, func: Any, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
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

    def call_method(self, method: BoundMethod, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        target, name = method.target, method.name
        if target is None:
            return self.call_builtin(name, args, kwargs, line)
        if isinstance(target, Model):
            if name == "add" and target.kind == "Sequential":
                for arg in args[:1]:
                    self.builder.add(target, arg, line)
                return None
            if name == "get_layer":
                return self.get_layer(target, args, kwargs, line)
            if name == "build" and target.kind == "Sequential":
                self.builder.build_sequential(target, args[0] if args else kwargs.get("input_shape"), line)
                return None
            if name in MODEL_SKIPPED:
                self.messages.skip(line, name)
                return Opaque(f"result of {name}")
            self.messages.skip(line, f"{target.name}.{name}")
            return Opaque(f"result of {name}")
        if isinstance(target, Tensor):
            if name == "get_shape":
                self.messages.group(line, "x.get_shape() is TensorFlow's; a Keras 3 tensor has none: use x.shape "
                                          "(read here as that)")
                return self.builder.shape_of(target, line)
            return self.builder.unknown_layer(f"tensor.{name}", [target, *args], kwargs, line)
        if isinstance(target, tuple) and name == "as_list":
            self.messages.group(line, "shape.as_list() is TensorFlow's; a Keras 3 tensor's shape is a tuple: use "
                                      "list(x.shape) (read here as that)")
            return list(target)
        if isinstance(target, LayerObject):
            self.messages.skip(line, f"{target.name}.{name}")
            return Opaque(f"result of {name}")
        if not all(is_plain(a) or isinstance(a, (Tensor, LayerObject, Model, Symbol, Opaque, Function))
                   for a in args):
            return Opaque(name)
        return call_method(target, name, args, kwargs, line)

    def get_layer(self, model: Model, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        """``model.get_layer(name)`` or ``get_layer(index=i)``: one of the model's layers."""
        layers = self.attribute(model, "layers", line)
        bound = dict(zip(("name", "index"), args))
        bound.update(kwargs)
        if isinstance(layers, list):
            if isinstance(bound.get("name"), str):
                found = [layer for layer in layers if getattr(layer, "name", None) == bound["name"]]
                if found:
                    return found[0]
            elif isinstance(bound.get("index"), int) and -len(layers) <= bound["index"] < len(layers):
                return layers[bound["index"]]
        self.messages.warn(line, f"{model.name}.get_layer(…): no such layer found; what uses it was left out")
        return Opaque("layer")

    def call_builtin(self, name: str, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
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
            return self.binary(ast.Pow(), args[0], args[1], line) if len(args) == 2 else Opaque("pow")
        if name == "len" and args and isinstance(args[0], Tensor):
            shape = self.builder.shape_of(args[0], line)
            return shape[0] if isinstance(shape, tuple) else Opaque("len")
        fn = BUILTINS[name]
        if fn is None:
            return Opaque(name)
        if not all(is_plain(a) for a in (*args, *kwargs.values())):
            if name in ("list", "tuple") and len(args) == 1 and isinstance(args[0], (Tensor, Model)):
                return Opaque(name)
            flat = [a for a in args if not is_plain(a)]
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

    def call_function(self, fn: Function, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
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

    def bind(self, fn: Function, args: list[Any], kwargs: dict[str, Any], scope: Scope, line: int) -> None:
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
