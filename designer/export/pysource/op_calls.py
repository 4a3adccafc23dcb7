"""Operations on Keras tensors in the source: ``keras.ops.*``, their ``tf.*`` spellings, ``x[…]``.

A mixin of `designer.export.pysource.builder.Builder`. Each call records what
Keras 3 records (`operations`): the catalog layer computing the same, named as
Keras names the operation, or the operation itself; ``tf.*`` functions, which
Keras 3 refuses on its tensors, are read as the ``keras.ops`` function and told.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .._import_config import Notes
from .._import_ops import as_layer
from .._import_tensors import Ref, is_number
from .arguments import plain
from .graph import flat_tensors
from .keras_names import normalize
from .operations import (
    KERAS_ACTIVATIONS, OPERATIONS, BACKEND_FUNCTIONS, TF_FUNCTIONS, as_catalog_layer, bind, foreign_arguments, output_count,
    serialize_key,
)
from .values import LayerObject, Opaque, Symbol, Tensor

if TYPE_CHECKING:
    from .graph import Graph
    from .messages import Messages

TENSOR_PARAMS = ("x", "x1", "x2", "xs", "images")


class OperationCalls:
    """``keras.ops`` calls and tensor subscripts for the `Builder`."""

    graph: Graph
    messages: Messages
    layer_calls: list[Tensor]

    if TYPE_CHECKING:
        def new_layer(self, cls: str, args: list[Any], kwargs: dict[str, Any], line: int,
                      known: bool = True) -> LayerObject: ...

        def call_layer(self, layer: LayerObject, args: list[Any], kwargs: dict[str, Any], line: int) -> Any: ...

        def unknown_layer(self, what: str, args: list[Any], kwargs: dict[str, Any], line: int) -> Any: ...

    def _sym_op(self, name: str, sym: Symbol, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        """``keras.ops.<name>(…)``."""
        op = OPERATIONS[name]
        bound = bind(op, args, kwargs)
        operands = [bound.get(p) for p in op.params if p in TENSOR_PARAMS]
        if op.cls in ("Stack", "Concatenate") and isinstance(operands[0], (list, tuple)):
            operands = list(operands[0])
        if not flat_tensors(operands):
            self.messages.skip(line, normalize(sym.path))
            return Opaque(f"result of {sym.path}")
        if not all(isinstance(o, Tensor) or is_number(o) for o in operands):
            return self.unknown_layer(normalize(sym.path), args, kwargs, line)
        config = {k: v for k, v in bound.items() if k not in TENSOR_PARAMS}
        return self.operation(op.cls, op.module, operands, config, line, f"keras.ops.{name}")

    def activation_function(self, name: str, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        """``keras.activations.<name>(x)``: the operation Keras 3 records for it."""
        op = KERAS_ACTIVATIONS[name]
        bound = bind(op, args, kwargs)
        if not isinstance(bound.get("x"), Tensor):
            return self.unknown_layer(f"keras.activations.{name}", args, kwargs, line)
        config = {k: v for k, v in bound.items() if k != "x"}
        return self.operation(op.cls, op.module, [bound["x"]], config, line, f"keras.activations.{name}")

    def _sym_tf_op(self, name: str, sym: Symbol, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        """``tf.transpose(x, perm)`` and friends: refused by Keras 3 on a Keras tensor; read as ``keras.ops``."""
        spelling = TF_FUNCTIONS[name]
        args, kwargs = foreign_arguments(spelling, args, kwargs)
        if flat_tensors([args, kwargs]):
            self.messages.group(line, f"{normalize(sym.path)} on a Keras tensor fails in Keras 3: use "
                                      f"keras.ops.{spelling.ops} (read here as that operation)")
        return self._sym_op(spelling.ops, sym, args, kwargs, line)

    def _sym_backend_op(self, name: str, sym: Symbol, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        """Keras 2 ``K.mean(x, axis)`` and friends: Keras 3's ``keras.backend`` has none; read as ``keras.ops``."""
        spelling = BACKEND_FUNCTIONS[name]
        args, kwargs = foreign_arguments(spelling, args, kwargs)
        self.messages.group(line, f"{normalize(sym.path)} is Keras 2 and fails in Keras 3 (its keras.backend has "
                                  f"no {name}): use keras.ops.{spelling.ops} (read here as that operation)")
        return self._sym_op(spelling.ops, sym, args, kwargs, line)

    def subscript(self, tensor: Tensor, key: Any, line: int) -> Any:
        """``x[:, 0]``, ``x[..., :3]``: Keras 3's ``GetItem`` operation."""
        items = key if isinstance(key, tuple) else (key,)
        if not all(k is None or k is Ellipsis or isinstance(k, (int, slice)) and not isinstance(k, bool)
                   for k in items):
            return self.unknown_layer("tensor[…] (slicing a tensor with a value not modelled)", [tensor], {}, line)
        return self.operation("GetItem", "keras.src.ops.numpy", [tensor], {"key": key}, line, "x[…]")

    def operation(self, cls: str, module: str, operands: list[Any], config: dict[str, Any], line: int,
                  spelling: str) -> Any:
        """Record operation ``cls`` on ``operands`` (tensors and numbers): as the catalog layer computing the
        same (`operations.as_catalog_layer`), as an operation the model-file importer turns into a layer
        (`designer.export._import_ops.as_layer`: ``relu`` → Activation, ``maximum`` of two tensors → Maximum),
        or as Keras records it."""
        name = self.graph.auto_name(cls)
        tensors = [o for o in operands if isinstance(o, Tensor)]
        shapes = [self._shape(t) for t in tensors]
        converted = as_catalog_layer(cls, config, shapes) if len(tensors) == len(operands) else None
        if converted is not None:
            layer_cls, layer_config = converted
            self.messages.group(line, f"operations {spelling} were read as the {layer_cls} layers computing "
                                      "the same (named as Keras names the operation)")
            layer = self.new_layer(layer_cls, [], {**layer_config, "name": name}, line)
            return self.call_layer(layer, [tensors if len(tensors) > 1 else tensors[0]], {}, line)
        refs = [Ref(name, 0, 0) if isinstance(o, Tensor) else o for o in operands]
        if not config and as_layer(name, cls, refs, Notes()) is not None:
            return self._record(LayerObject(cls, {"name": name}, line, is_op=True, module=module), operands, 1)
        call = spelling if spelling.endswith("]") else f"{spelling}(…)"
        self.messages.warn(line, f"{call}: the designer's catalog has no layer computing this operation; "
                                 f"it is kept as Keras records it (ops.{cls}, named {name!r}), and shapes after it "
                                 "are unknown")
        if cls == "GetItem":
            operands = [operands[0], serialize_key(config.pop("key", None))]
        config = {k: plain(v, line, self.messages, f"{spelling}({k}=…)") for k, v in config.items()}
        layer = LayerObject(cls, {"name": name, **config}, line, known=False, is_op=True, module=module)
        return self._record(layer, operands, output_count(cls, config))

    def _record(self, layer: LayerObject, operands: list[Any], count: int) -> Any:
        self.graph.register(layer)
        k = self.graph.call(layer, operands)
        tensors = [Tensor(layer, k, i) for i in range(count)]
        self.layer_calls.append(tensors[0])
        return tensors if count > 1 else tensors[0]

    def _shape(self, tensor: Tensor) -> Any:
        shapes = self.graph.shapes(tensor)
        return shapes[tensor.index] if shapes is not None and tensor.index < len(shapes) else None
