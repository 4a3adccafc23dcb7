"""What Keras calls in the source do to the graph: layers, inputs, models, merges, operations.

The interpreter hands every call of a library name, a layer, a model or a
tensor method to a `Builder`, which records it in the `Graph` exactly as
Keras 3 would build it, warns where Keras 3 would refuse the spelling, and
skips (with its line) whatever does not build a model.
"""

from __future__ import annotations

from typing import Any

from designer.layers import get_spec

from . import tf1
from .arguments import input_config, layer_config, plain
from .graph import BUILT_SUBLAYERS, Graph, flat_tensors
from .keras_names import classify, normalize
from .messages import Messages
from .op_calls import OperationCalls
from .operations import KERAS_ACTIVATIONS
from .values import InputObject, KeywordTensors, LayerObject, Model, Opaque, Symbol, Tensor, UserClass

OPERATORS = {"Add": "+", "Subtract": "-", "Multiply": "*", "TrueDivide": "/"}
TENSOR_KWARGS = ("inputs", "query", "value", "key", "sequences")
"""Keyword arguments that carry a layer's input tensors."""


class Builder(OperationCalls):
    """Builds the graph of one source; ``models`` lists every model created, in order."""

    def __init__(self, graph: Graph, messages: Messages):
        self.graph = graph
        self.messages = messages
        self.models: list[Model] = []
        self.nested: set[int] = set()
        self.inputs: list[InputObject] = []
        self.layer_calls: list[Tensor] = []
        self.subclassed_models: list[UserClass] = []
        self._named: dict[str, tuple[LayerObject | InputObject, int]] = {}

    # Construction ------------------------------------------------------------

    def new_layer(self, cls: str, args: list[Any], kwargs: dict[str, Any], line: int, known: bool = True) -> LayerObject:
        config, declared = layer_config(cls, args, kwargs, line, self.messages)
        self._name(config, cls, line)
        layer = LayerObject(cls, config, line, known, declared=declared)
        return self.graph.register(layer)

    def new_input(self, config: dict[str, Any], line: int) -> InputObject:
        self._name(config, "InputLayer", line)
        obj = self.graph.register(InputObject(config, line))
        self.claim_name(obj, line)
        self.inputs.append(obj)
        return obj

    def _name(self, config: dict[str, Any], cls: str, line: int) -> None:
        """Keras's automatic name when none is given."""
        if not isinstance(config.get("name"), str) or not config["name"]:
            config["name"] = self.graph.auto_name(cls)

    def claim_name(self, obj: LayerObject | InputObject, line: int) -> None:
        """Make ``obj``'s name unique among the layers used in models, with a warning when it was taken.

        Keras 3 refuses a model whose layers share a name (a layer only wrapped by another, as in
        ``Bidirectional(LSTM(name=…))``, is not one of them); the design keeps both under distinct names.
        """
        name = obj.config["name"]
        owner = self._named.get(name)
        if owner is None or owner[0] is obj:
            self._named.setdefault(name, (obj, line))
            return
        n = 1
        while f"{name}_{n}" in self._named:
            n += 1
        obj.config["name"] = f"{name}_{n}"
        self._named[obj.config["name"]] = (obj, line)
        self.messages.warn(line, f"the name {name!r} is already used by the layer of line {owner[1]}; Keras 3 "
                                 f"refuses a model whose layers share a name, so this one is {obj.config['name']!r} "
                                 "in the design")

    def new_model(self, kind: str, name: Any, line: int) -> Model:
        name = name if isinstance(name, str) else self.graph.auto_name("Sequential" if kind == "Sequential"
                                                                       else "Functional")
        model = self.graph.register(Model(kind, name, line))
        self.models.append(model)
        return model

    def unknown_layer(self, what: str, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        """A call the importer does not understand: an unknown layer if it takes tensors, else skipped."""
        tensors = flat_tensors([args, kwargs])
        if not tensors:
            self.messages.skip(line, what)
            return Opaque(f"result of {what}")
        last = what.rsplit(".", 1)[-1]
        cls = last if last.isidentifier() else "Unknown"
        self.messages.warn(line, f"{what}(…) on a tensor is not understood; it became a layer of unknown class "
                                 f"{cls!r}, and shapes after it are unknown")
        layer = self.new_layer(cls, [], {}, line, known=False)
        return self.call_layer(layer, [tensors], {}, line)

    # Calls of library names ----------------------------------------------------

    def call_symbol(self, sym: Symbol, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        kind = classify(sym.path)
        handler = getattr(self, f"_sym_{kind.kind}")
        return handler(kind.detail, sym, args, kwargs, line)

    def _sym_layer(self, cls: str, sym: Symbol, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        if cls == "InputLayer":
            return self.new_input(input_config(args, kwargs, line, self.messages), line)
        if cls == "Lambda":  # its function is never run; the file importer notes the layer
            bound = dict(zip(("function", "output_shape"), args))
            bound.update(kwargs)
            config = {k: bound[k] for k in ("name", "output_shape") if bound.get(k) is not None}
            return self.new_layer(cls, [], config, line)
        known = get_spec(cls) is not None
        if not known:
            self.messages.warn(line, f"{normalize(sym.path)} is not in the designer's catalog: it became an "
                                     "unknown layer")
        return self.new_layer(cls, args, kwargs, line, known=known)

    def _sym_input(self, _detail: str, sym: Symbol, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        return Tensor(self.new_input(input_config(args, kwargs, line, self.messages), line))

    def _sym_placeholder(self, _detail: str, sym: Symbol, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        bound = dict(zip(("dtype", "shape", "name"), args))
        bound.update(kwargs)
        shape = bound.get("shape")
        if not isinstance(shape, (list, tuple)):
            self.messages.warn(line, "tf.placeholder without a shape: the input shape is unknown")
            shape = [None]
        config = {"batch_shape": plain(list(shape), line, self.messages, "tf.placeholder(shape=…)")}
        if isinstance(bound.get("name"), str):
            config["name"] = bound["name"]
        self.messages.warn(line, f"tf.placeholder is TensorFlow 1; Keras 3 spells it "
                                 f"keras.Input(batch_shape={tuple(shape)!r})")
        return Tensor(self.new_input(config, line))

    def _sym_sequential(self, _detail: str, sym: Symbol, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        bound = dict(zip(("layers", "trainable", "name"), args))
        bound.update(kwargs)
        model = self.new_model("Sequential", bound.get("name"), line)
        for layer in bound.get("layers") or []:
            self.add(model, layer, line)
        return model

    def _sym_model(self, _detail: str, sym: Symbol, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        kwargs = dict(kwargs)
        for old, new in (("input", "inputs"), ("output", "outputs")):
            if old in kwargs:
                self.messages.warn(line, f"Model({old}=…) is the Keras 1 spelling and fails in Keras 3: "
                                         f"use Model({new}=…)")
                kwargs.setdefault(new, kwargs.pop(old))
        bound = dict(zip(("inputs", "outputs", "name"), args))
        bound.update(kwargs)
        outputs = bound.get("outputs")
        if not flat_tensors(outputs):
            self.messages.warn(line, "Model(…) without output tensors the importer could follow; skipped")
            return Opaque("model")
        model = self.new_model("Functional", bound.get("name"), line)
        model.outputs = outputs
        model.inputs = bound.get("inputs")
        if not flat_tensors(model.inputs):
            producers, _ = self.graph._reachable(flat_tensors(outputs))
            model.inputs = [Tensor(p) for p in self.inputs if id(p) in producers]
        return model

    def _sym_merge(self, cls: str, sym: Symbol, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        inputs = args[0] if args else kwargs.pop("inputs", None)
        layer = self.new_layer(cls, list(args[1:]), {k: v for k, v in kwargs.items() if k != "inputs"}, line)
        return self.call_layer(layer, [inputs], {}, line)

    def _sym_tf1_layer(self, name: str, sym: Symbol, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        mapped = tf1.layer_function(name, args, kwargs)
        if mapped is None:
            return self.unknown_layer(sym.path, args, kwargs, line)
        cls, inputs, layer_kwargs = mapped
        self.messages.group(line, f"{normalize(sym.path)} is TensorFlow 1; Keras 3 spells it "
                                  f"keras.layers.{cls}(…)(inputs)")
        return self.call_layer(self.new_layer(cls, [], layer_kwargs, line), [inputs], {}, line)

    def _sym_operator(self, op: str, sym: Symbol, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        """``keras.ops.add(a, b)``: the operation ``a + b`` records."""
        bound = [*args, *kwargs.values()]
        if len(bound) != 2 or not flat_tensors(bound):
            return self.unknown_layer(normalize(sym.path), args, kwargs, line)
        return self.operator(op, bound[0], bound[1], line)

    def _sym_tf_operator(self, op: str, sym: Symbol, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        """``tf.add(a, b)`` on Keras tensors: Keras 3 refuses TensorFlow functions there; read as ``a + b``."""
        if flat_tensors([args, kwargs]):
            self.messages.group(line, f"{normalize(sym.path)} on a Keras tensor fails in Keras 3: use "
                                      f"keras.ops.{sym.last} (read here as that operation)")
        return self._sym_operator(op, sym, args, kwargs, line)

    def _sym_activation(self, name: str, sym: Symbol, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        if not flat_tensors(args[:1]):
            return sym  # used as a value: activation=tf.nn.relu
        if normalize(sym.path).startswith("tf."):
            self.messages.group(line, f"{normalize(sym.path)}(x) on a Keras tensor fails in Keras 3: use "
                                      f"keras.layers.Activation({name!r})(x) (read here as that layer)")
        elif name == "linear":
            return args[0]  # keras.activations.linear(x) is x itself
        elif name in KERAS_ACTIVATIONS:
            return self.activation_function(name, args, kwargs, line)
        layer = self.new_layer("Activation", [name], {}, line)
        return self.call_layer(layer, [args[0]], {}, line)

    def _sym_resize(self, _detail: str, sym: Symbol, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        images, size, interpolation = tf1.resize_size(args, kwargs)
        if not (isinstance(size, (list, tuple)) and len(size) == 2):
            return self.unknown_layer(sym.path, args, kwargs, line)
        self.messages.group(line, f"{normalize(sym.path)} is TensorFlow; Keras 3 spells it "
                                  "keras.layers.Resizing(height, width)(images)")
        layer = self.new_layer("Resizing", [size[0], size[1]], {"interpolation": interpolation}, line)
        return self.call_layer(layer, [images], {}, line)

    def _sym_object(self, kind: str, sym: Symbol, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        cls = sym.last
        if not args and not kwargs:
            return cls
        config = dict(kwargs)
        if args and cls.lower() in ("l1", "l2"):
            config[cls.lower()] = args[0]
        elif args:
            config["value" if cls.lower() == "constant" else "args"] = list(args)
        return {"class_name": {"l1": "L1", "l2": "L2", "l1_l2": "L1L2"}.get(cls, cls), "config": config}

    def _sym_application(self, name: str, sym: Symbol, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        """``keras.applications.VGG16(…)``: a model whose layers the designer cannot see, as one unknown layer.

        Its input is ``input_tensor`` or an Input of ``input_shape``; ``base.output``,
        ``base.input`` and ``base(x)`` work, and the layers after it open with unknown shapes.
        """
        self.messages.warn(line, f"{normalize(sym.path)}(…) is a whole pretrained architecture; it became one layer "
                                 f"of unknown class {name!r}, and shapes after it are unknown")
        tensor = kwargs.get("input_tensor")
        if not isinstance(tensor, Tensor):
            shape = kwargs.get("input_shape")
            dims = list(shape) if isinstance(shape, (list, tuple)) else [None, None, 3]
            tensor = Tensor(self.new_input({"batch_shape": plain([None, *dims], line, self.messages, name)}, line))
        layer = self.new_layer(name, [], {}, line, known=False)
        model = self.new_model("Functional", layer.name, line)
        model.inputs, model.outputs, model.stands_for = [tensor], [self.call_layer(layer, [tensor], {}, line)], layer
        self.nested.add(id(model))
        return model

    def _sym_optimizer(self, name: str, sym: Symbol, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        for old, new in (("lr", "learning_rate"), ("decay", "learning_rate=keras.optimizers.schedules…")):
            if old in kwargs:
                self.messages.warn(line, f"{name}({old}=…) fails in Keras 3: use {name}({new}=…)")
        self.messages.skip(line, name)
        return Opaque(f"optimizer {name}")

    def _sym_shape(self, _detail: str, sym: Symbol, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        self._keras2_backend(sym, "x.shape", line)
        tensor = args[0] if args else None
        return self.shape_of(tensor, line) if isinstance(tensor, Tensor) else Opaque("shape")

    def _sym_skip(self, _detail: str, sym: Symbol, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        return self.unknown_layer(normalize(sym.path), args, kwargs, line)

    def _keras2_backend(self, sym: Symbol, instead: str, line: int) -> None:
        """Tell a Keras 2 ``keras.backend`` function Keras 3 no longer has (``K.int_shape``, ``K.concatenate``)."""
        path = normalize(sym.path)
        if path.startswith("keras.backend."):
            self.messages.group(line, f"{path} is Keras 2 and fails in Keras 3 (its keras.backend has no "
                                      f"{sym.last}): use {instead}")

    def _sym_training(self, _detail: str, sym: Symbol, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        self.messages.skip(line, normalize(sym.path))
        return Opaque(f"result of {sym.path}")

    # Layers, models and tensors ----------------------------------------------

    def call_layer(self, layer: LayerObject, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        """``layer(inputs)``: a recorded call and its output tensor."""
        operands: list[Any] = flat_tensors(args) + [t for k in TENSOR_KWARGS if k in kwargs
                                                    for t in flat_tensors(kwargs[k])]
        if not operands:
            self.messages.skip(line, f"{layer.name}(…) called on data, not on a tensor")
            return Opaque(f"result of {layer.name}")
        keywords = KeywordTensors({k: v for k, v in kwargs.items() if k not in TENSOR_KWARGS and flat_tensors(v)})
        if keywords:
            operands.append(keywords)
        self.claim_name(layer, line)
        k = self.graph.call(layer, operands)
        tensor = Tensor(layer, k, 0)
        self.layer_calls.append(tensor)
        return tensor

    def call_model(self, model: Model, args: list[Any], kwargs: dict[str, Any], line: int) -> Any:
        if model.stands_for is not None:
            return self.call_layer(model.stands_for, args, kwargs, line)
        operands = flat_tensors(args) + flat_tensors(kwargs.get("inputs"))
        if not operands:
            self.messages.skip(line, f"{model.name}(…) called on data, not on a tensor")
            return Opaque(f"result of {model.name}")
        self.nested.add(id(model))
        k = self.graph.call(model, operands)
        count = len(flat_tensors(model.outputs)) if model.kind == "Functional" else 1
        if count > 1:
            return [Tensor(model, k, i) for i in range(count)]
        tensor = Tensor(model, k, 0)
        self.layer_calls.append(tensor)
        return tensor

    def add(self, model: Model, item: Any, line: int) -> None:
        """``model.add(item)`` on a Sequential model."""
        if isinstance(item, Tensor) and isinstance(item.producer, InputObject):
            item = item.producer
        if isinstance(item, InputObject):
            if model.layers or model.input is not None:
                self.messages.warn(line, f"{model.name}.add(Input…) after the first layer is ignored")
            else:
                model.input = item
            return
        if isinstance(item, Model):
            self.nested.add(id(item))
            if not model.layers and model.input is None:
                model.input = self._nested_input(item, line)
        elif isinstance(item, LayerObject):
            self.claim_name(item, line)
            if not model.layers and model.input is None and item.declared is not None:
                model.input = self.new_input({"batch_shape": item.declared}, line)
        else:
            self.messages.warn(line, f"{model.name}.add(…) of something that is not a layer; skipped")
            return
        model.layers.append(item)

    def build_sequential(self, model: Model, batch_shape: Any, line: int) -> None:
        """``model.build((None, 784))``: the input shape of a Sequential that did not declare one."""
        if model.input is not None or not isinstance(batch_shape, (list, tuple)):
            return
        model.input = self.new_input({"batch_shape": plain(list(batch_shape), line, self.messages, "build(…)")}, line)

    def sequential_graph(self, model: Model, line: int) -> bool:
        """Give a Sequential its graph (``model.input``, ``model.output``, each layer's ``output``), as Keras does.

        Its layers are called in order from its input, once; False when it has no input shape to start from.
        """
        if model.outputs is not None:
            return True
        if model.input is None or not all(isinstance(layer, LayerObject) for layer in model.layers):
            return False
        tensor: Any = Tensor(model.input)
        for layer in model.layers:
            tensor = self.call_layer(layer, [tensor], {}, line)
        model.inputs, model.outputs = [Tensor(model.input)], [tensor]
        self.nested.add(id(model))  # a model built from its layers' tensors replaces it
        return True

    def _nested_input(self, inner: Model, line: int) -> InputObject | None:
        """The input a Sequential takes from a first layer that is a model with a known input shape."""
        if inner.kind == "Sequential" and inner.input is not None:
            return self.new_input({"batch_shape": list(inner.input.config["batch_shape"])}, line)
        return None

    def shape_of(self, tensor: Tensor, line: int) -> Any:
        """``tensor.shape`` from the engine: a tuple with ``None`` for unknown sizes, or Opaque."""
        if isinstance(tensor.producer, InputObject):
            return tuple(tensor.producer.config["batch_shape"])
        shapes = self.graph.shapes(tensor)
        if shapes is None or tensor.index >= len(shapes) or shapes[tensor.index] is None:
            self.messages.warn(line, "the shape of a tensor read here is unknown (its layer is invalid or "
                                     "unknown); what depends on it was left out")
            return Opaque("unknown shape")
        return tuple(shapes[tensor.index])

    def output_count(self, tensor: Tensor) -> int:
        shapes = self.graph.shapes(tensor) if not isinstance(tensor.producer, InputObject) else None
        return len(shapes) if shapes else 1

    def operator(self, op: str, left: Any, right: Any, line: int, name_as: str | None = None) -> Any:
        """``left <op> right`` with a tensor: a Keras 3 operation (``Add``, ``Multiply``…) as Keras records it.

        ``name_as`` names it as another operation Keras would record (``-x`` is ``negative``).
        """
        if op not in OPERATORS:
            return self.unknown_layer(f"operator {op}", [left, right], {}, line)
        operands = []
        for value in (left, right):
            if isinstance(value, Tensor) or (isinstance(value, (int, float)) and not isinstance(value, bool)):
                operands.append(value)
            else:
                return self.unknown_layer(f"operator {OPERATORS[op]}", [left, right], {}, line)
        name = self.graph.auto_name(name_as or op)
        layer = self.graph.register(LayerObject(op, {"name": name}, line, is_op=True))
        k = self.graph.call(layer, operands)
        tensor = Tensor(layer, k, 0)
        self.layer_calls.append(tensor)
        return tensor

    def instantiate_class(self, cls: UserClass, args: list[Any], kwargs: dict[str, Any], line: int) -> LayerObject:
        if any(base.rsplit(".", 1)[-1] in ("Model", "Sequential") for base in cls.bases):
            self.subclassed_models.append(cls)
        self.messages.warn(line, f"{cls.name} is a class defined in the code (a subclassed layer or model); "
                                 "it is never run: it became a layer of unknown class, and shapes after it are "
                                 "unknown")
        layer = self.new_layer(cls.name, [], {}, line, known=False)
        for constructed in cls.constructs:  # Keras names them when __init__ runs, after the layer itself
            self.graph.auto_name(constructed)
        layer.builds = tuple(s for c in cls.constructs for s in BUILT_SUBLAYERS.get(c, ()))
        if cls.operates:
            self.messages.warn(line, f"{cls.name}.call applies operations (keras.ops, a + b…), which Keras names "
                                     "as it runs call(); it is never run here, so the automatic names of later "
                                     "operations of those kinds may differ from Keras's")
        if not cls.constructs_exactly:
            self.messages.warn(line, f"{cls.name}.__init__ creates layers in loops or conditions, which are never "
                                     "run: Keras's automatic names of later layers may differ from the design's")
        return layer
