"""``keras.ops`` functions (and their ``tf.*`` spellings) on Keras tensors, as Keras 3 records them.

Keras 3 records ``keras.ops.reshape(x, (-1, 48))`` on a symbolic tensor as an
operation, not a layer: class ``Reshape`` of ``keras.src.ops.numpy``, named
``reshape`` from the counter layers share, config ``{"newshape": [-1, 48]}``
(the table is checked against Keras in ``tests/export/pysource/test_operations_keras.py``).
A design holds layers, so, as the model-file importer turns ``x * 2.0`` into a
``Rescaling`` (`designer.export._import_ops`), an operation becomes the catalog
layer that computes exactly the same on its input, under the operation's name
(`as_catalog_layer`):

- ``reshape(x, (-1, …))`` → ``Reshape``; ``expand_dims`` / ``squeeze`` → ``Reshape``;
- ``transpose`` keeping the batch axis first → ``Permute``;
- ``mean`` / ``max`` over every spatial axis → ``GlobalAveragePooling{1,2,3}D`` / ``GlobalMaxPooling…``;
- ``matmul`` of two rank-3 tensors → ``Dot(axes=(2, 1))``; ``softmax`` → ``Softmax``;
- ``concatenate`` over an axis other than the batch axis (its default) → ``Concatenate``;
- ``x[:, a:b]`` (and over two or three spatial axes) → ``Cropping1D/2D/3D``;
- ``keras.activations.relu`` / ``gelu`` / ``elu``…, with the arguments ``Activation`` uses → ``Activation``;
- ``keras.ops.image.resize`` of channels-last images → ``Resizing``.

An operation the file importer turns into a layer (``relu`` → ``Activation``,
``maximum`` of two tensors → ``Maximum``) stays an operation for it. Anything else is kept as Keras records
it (``ops.<Class>``, outside the catalog): the model opens, shapes after it unknown.
"""

from __future__ import annotations

from typing import Any, NamedTuple

NUMPY, NN = "keras.src.ops.numpy", "keras.src.ops.nn"


class Op(NamedTuple):
    """A ``keras.ops`` function: the class Keras records, its module, parameters in order, defaults."""

    cls: str
    module: str
    params: tuple[str, ...]
    defaults: dict[str, Any] = {}


_REDUCE = ("x", "axis", "keepdims")
OPERATIONS: dict[str, Op] = {
    "reshape": Op("Reshape", NUMPY, ("x", "newshape")),
    "transpose": Op("Transpose", NUMPY, ("x", "axes"), {"axes": None}),
    "expand_dims": Op("ExpandDims", NUMPY, ("x", "axis")),
    "squeeze": Op("Squeeze", NUMPY, ("x", "axis"), {"axis": None}),
    "mean": Op("Mean", NUMPY, _REDUCE, {"axis": None, "keepdims": False}),
    "sum": Op("Sum", NUMPY, _REDUCE, {"axis": None, "keepdims": False}),
    "max": Op("Max", NUMPY, (*_REDUCE, "initial"), {"axis": None, "keepdims": False, "initial": None}),
    "min": Op("Min", NUMPY, (*_REDUCE, "initial"), {"axis": None, "keepdims": False, "initial": None}),
    "matmul": Op("Matmul", NUMPY, ("x1", "x2")),
    "concatenate": Op("Concatenate", NUMPY, ("xs", "axis"), {"axis": 0}),
    "maximum": Op("Maximum", NUMPY, ("x1", "x2")), "minimum": Op("Minimum", NUMPY, ("x1", "x2")),
    "image.extract_patches": Op("ExtractPatches", "keras.src.ops.image", (
        "images", "size", "strides", "dilation_rate", "padding", "data_format")),
    "image.resize": Op("Resize", "keras.src.ops.image", (
        "images", "size", "interpolation", "antialias", "crop_to_aspect_ratio", "pad_to_aspect_ratio", "fill_mode",
        "fill_value", "data_format"), {"interpolation": "bilinear", "antialias": False, "crop_to_aspect_ratio": False,
                                       "pad_to_aspect_ratio": False, "fill_mode": "constant", "fill_value": 0.0,
                                       "data_format": None}),
    "split": Op("Split", NUMPY, ("x", "indices_or_sections", "axis"), {"axis": 0}),
    "stack": Op("Stack", NUMPY, ("x", "axis"), {"axis": 0}),
    "softmax": Op("Softmax", NN, ("x", "axis"), {"axis": -1}),
    "log_softmax": Op("LogSoftmax", NN, ("x", "axis"), {"axis": -1}),
    "gelu": Op("Gelu", NN, ("x", "approximate"), {"approximate": True}),
    "elu": Op("Elu", NN, ("x", "alpha"), {"alpha": 1.0}),
    "leaky_relu": Op("LeakyRelu", NN, ("x", "negative_slope"), {"negative_slope": 0.2}),
    **{name: Op(cls, NUMPY, ("x",)) for name, cls in (
        ("sqrt", "Sqrt"), ("square", "Square"), ("abs", "Absolute"), ("absolute", "Absolute"), ("log", "Log"),
        ("negative", "Negative"), ("exp", "Exp"), ("tanh", "Tanh"), ("ravel", "Ravel"))},
    **{name: Op(cls, NN, ("x",)) for name, cls in (
        ("relu", "Relu"), ("relu6", "Relu6"), ("sigmoid", "Sigmoid"), ("silu", "Silu"), ("swish", "Silu"),
        ("selu", "Selu"), ("softplus", "Softplus"), ("softsign", "Softsign"), ("hard_sigmoid", "HardSigmoid"),
        ("hard_silu", "HardSilu"), ("hard_swish", "HardSilu"))},
}
"""``keras.ops.<name>`` by the operation Keras 3 records (class, module, signature, defaults)."""

KERAS_ACTIVATIONS: dict[str, Op] = {
    **{name: op for name, op in OPERATIONS.items()
       if op.params == ("x",) and op.module == NN and op.cls != "HardSilu"},  # Keras refuses hard_silu(x)
    "tanh": OPERATIONS["tanh"], "exponential": OPERATIONS["exp"], "softmax": OPERATIONS["softmax"],
    "log_softmax": OPERATIONS["log_softmax"], "elu": OPERATIONS["elu"], "leaky_relu": OPERATIONS["leaky_relu"],
    "relu": Op("ReLU", "keras.src.activations.activations", ("x", "negative_slope", "max_value", "threshold"),
               {"negative_slope": 0.0, "max_value": None, "threshold": 0.0}),
    "gelu": Op("Gelu", NN, ("x", "approximate"), {"approximate": False}),
}
"""``keras.activations.<name>(x)`` by the operation Keras 3 records (``relu`` is its own ``ReLU`` operation;
``gelu`` is exact where ``keras.ops.gelu`` approximates)."""

ACTIVATION_EQUIVALENTS: dict[str, tuple[str, dict[str, Any]]] = {
    "ReLU": ("relu", {"negative_slope": 0.0, "max_value": None, "threshold": 0.0}),
    "Gelu": ("gelu", {"approximate": False}), "Elu": ("elu", {"alpha": 1.0}),
    "LeakyRelu": ("leaky_relu", {"negative_slope": 0.2}), "LogSoftmax": ("log_softmax", {"axis": -1}),
}
"""Operations with arguments that ``Activation(name)`` computes when the arguments are its defaults."""


class Spelling(NamedTuple):
    """Another library's function doing what a ``keras.ops`` function does: its name there, the argument
    names that differ, and its defaults where they differ from ``keras.ops``'s."""

    ops: str
    renames: dict[str, str] = {}
    defaults: dict[str, Any] = {}


_REDUCE_TF = {"input_tensor": "x", "keep_dims": "keepdims"}
TF_FUNCTIONS: dict[str, Spelling] = {
    "reshape": Spelling("reshape", {"tensor": "x", "shape": "newshape"}),
    "concat": Spelling("concatenate", {"values": "xs"}),
    "transpose": Spelling("transpose", {"a": "x", "perm": "axes"}),
    "expand_dims": Spelling("expand_dims", {"input": "x"}),
    "squeeze": Spelling("squeeze", {"input": "x"}),
    "reduce_mean": Spelling("mean", _REDUCE_TF), "reduce_sum": Spelling("sum", _REDUCE_TF),
    "reduce_max": Spelling("max", _REDUCE_TF), "reduce_min": Spelling("min", _REDUCE_TF),
    "matmul": Spelling("matmul", {"a": "x1", "b": "x2"}),
    "stack": Spelling("stack", {"values": "x"}),
    "split": Spelling("split", {"value": "x", "num_or_size_splits": "indices_or_sections"}),
    "sqrt": Spelling("sqrt"), "square": Spelling("square"), "exp": Spelling("exp"), "abs": Spelling("abs"),
}
"""``tf.<name>`` / ``tf.math.<name>`` (refused by Keras 3 on a Keras tensor) by the ``keras.ops`` function
doing the same. ``tf.split`` takes sizes where ``keras.ops.split`` takes the indices between parts."""

BACKEND_FUNCTIONS: dict[str, Spelling] = {
    "mean": Spelling("mean"), "sum": Spelling("sum"), "max": Spelling("max"), "min": Spelling("min"),
    "expand_dims": Spelling("expand_dims", defaults={"axis": -1}), "squeeze": Spelling("squeeze"),
    "reshape": Spelling("reshape", {"shape": "newshape"}),
    "permute_dimensions": Spelling("transpose", {"pattern": "axes"}),
    "stack": Spelling("stack"), "softmax": Spelling("softmax"), "relu": Spelling("relu"),
    "concatenate": Spelling("concatenate", {"tensors": "xs"}, {"axis": -1}),
    "sigmoid": Spelling("sigmoid"), "tanh": Spelling("tanh"), "exp": Spelling("exp"), "sqrt": Spelling("sqrt"),
    "square": Spelling("square"), "abs": Spelling("abs"),
}
"""Keras 2 ``keras.backend.<name>`` (``K.mean``), which Keras 3's ``keras.backend`` no longer has, by the
``keras.ops`` function doing the same."""


def bind(op: Op, args: list[Any], kwargs: dict[str, Any]) -> dict[str, Any]:
    """The call's arguments by ``op``'s parameter names, defaults filled in."""
    bound = dict(op.defaults)
    bound.update(zip(op.params, args))
    bound.update({k: v for k, v in kwargs.items() if k in op.params})
    return bound


def foreign_arguments(spelling: Spelling, args: list[Any],
                      kwargs: dict[str, Any]) -> tuple[list[Any], dict[str, Any]]:
    """A ``tf.*`` / ``keras.backend.*`` call's arguments as ``keras.ops.<spelling.ops>`` takes them."""
    op = OPERATIONS[spelling.ops]
    kwargs = {spelling.renames.get(k, k): v for k, v in kwargs.items()}
    args = list(args)
    for param, value in spelling.defaults.items():
        if param not in kwargs and op.params.index(param) >= len(args):
            kwargs[param] = value
    if spelling.ops == "split" and "num_or_size_splits" in spelling.renames:
        sizes = args[1] if len(args) > 1 else kwargs.get("indices_or_sections")
        if isinstance(sizes, (list, tuple)) and all(isinstance(s, int) for s in sizes):
            indices = [sum(sizes[:i + 1]) for i in range(len(sizes) - 1)]
            if len(args) > 1:
                args[1] = indices
            else:
                kwargs["indices_or_sections"] = indices
    return args, kwargs


def output_count(cls: str, bound: dict[str, Any]) -> int:
    """How many tensors the operation returns (``split`` several, every other one)."""
    if cls != "Split":
        return 1
    parts = bound.get("indices_or_sections")
    if isinstance(parts, int) and parts > 0:
        return parts
    return len(parts) + 1 if isinstance(parts, (list, tuple)) else 1


def _axes(value: Any, rank: int) -> tuple[int, ...] | None:
    """Axes as non-negative ints (an int or a list of them), or None."""
    items = value if isinstance(value, (list, tuple)) else [value]
    if not items or not all(isinstance(a, int) and not isinstance(a, bool) and -rank <= a < rank for a in items):
        return None
    return tuple(sorted(a % rank for a in items))


def _reshape_to(dims: list[Any]) -> tuple[str, dict[str, Any]] | None:
    """A ``Reshape`` to the non-batch ``dims`` (one unknown size as ``-1``), or None if it cannot say so."""
    if not dims or sum(1 for d in dims if d is None) > 1:
        return None
    return "Reshape", {"target_shape": [-1 if d is None else d for d in dims]}


def as_catalog_layer(cls: str, bound: dict[str, Any], shapes: list[Any]) -> tuple[str, dict[str, Any]] | None:
    """``(layer class, config)`` of the catalog layer computing operation ``cls`` on inputs of ``shapes``
    (batch axis first, None where unknown), or None when no catalog layer computes exactly the same."""
    converted = _without_shapes(cls, bound)
    if converted is not None or not shapes or any(s is None for s in shapes):
        return converted
    shape = list(shapes[0])
    rank = len(shape)
    if cls == "ExpandDims":
        axis = bound.get("axis")
        if not isinstance(axis, int) or isinstance(axis, bool) or not -rank - 1 <= axis <= rank:
            return None
        at = axis % (rank + 1)
        return _reshape_to([*shape[1:at], 1, *shape[at:]]) if at > 0 else None
    if cls == "Squeeze":
        axis = bound.get("axis")
        drop = (tuple(i for i, d in enumerate(shape) if d == 1) if axis is None else _axes(axis, rank))
        if drop is None or 0 in drop or any(shape[i] != 1 for i in drop):
            return None
        return _reshape_to([d for i, d in enumerate(shape) if i > 0 and i not in drop])
    if cls in ("Mean", "Max"):
        axes = _axes(bound.get("axis"), rank)
        if (axes != tuple(range(1, rank - 1)) or rank not in (3, 4, 5) or bound.get("initial") is not None
                or not isinstance(bound.get("keepdims"), bool)):
            return None
        pooling = "GlobalAveragePooling" if cls == "Mean" else "GlobalMaxPooling"
        return f"{pooling}{rank - 2}D", {"keepdims": bound["keepdims"]}
    if cls == "Concatenate":  # over any axis but the batch axis (keras.ops.concatenate's default)
        axis = bound.get("axis")
        if isinstance(axis, int) and not isinstance(axis, bool) and -rank <= axis < rank and axis % rank:
            return "Concatenate", {"axis": axis}
        return None
    if cls == "Matmul":
        if len(shapes) == 2 and rank == 3 and len(shapes[1]) == 3:
            return "Dot", {"axes": [2, 1]}
        return None
    if cls == "GetItem":
        return _cropping(bound.get("key"), shape)
    if cls == "Resize":
        size = bound.get("size")
        if rank == 4 and bound.get("data_format") is None and isinstance(size, (list, tuple)) and len(size) == 2:
            resizing = {k: v for k, v in bound.items() if k not in ("images", "size", "data_format")}
            return "Resizing", {"height": size[0], "width": size[1], **resizing}
        return None
    return None


def _without_shapes(cls: str, bound: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The conversions that do not depend on the input's shape."""
    if cls == "Reshape":
        new = bound.get("newshape")
        if (isinstance(new, (list, tuple)) and len(new) > 1 and new[0] in (-1, None)
                and all(isinstance(d, int) and not isinstance(d, bool) and d > 0 for d in new[1:])):
            return "Reshape", {"target_shape": list(new[1:])}
    elif cls == "Transpose":
        axes = bound.get("axes")
        if isinstance(axes, (list, tuple)) and len(axes) > 1:
            rank = len(axes)
            if _axes(axes, rank) == tuple(range(rank)) and axes[0] % rank == 0:
                return "Permute", {"dims": [a % rank for a in axes[1:]]}
    elif cls == "Softmax":
        axis = bound.get("axis")
        if isinstance(axis, int) and not isinstance(axis, bool):
            return "Softmax", {"axis": axis}
    elif cls in ACTIVATION_EQUIVALENTS:
        activation, defaults = ACTIVATION_EQUIVALENTS[cls]
        if all(bound.get(k) == v and type(bound.get(k)) is type(v) for k, v in defaults.items()):
            return "Activation", {"activation": activation}
    return None


def _cropping(key: Any, shape: list[Any]) -> tuple[str, dict[str, Any]] | None:
    """``x[:, a:b]`` (``x[:, a:b, c:d]``…) as the ``Cropping{1,2,3}D`` over the spatial axes it slices."""
    rank = len(shape)
    items = list(key) if isinstance(key, tuple) else [key]
    if items and items[-1] is Ellipsis:
        items.pop()
    if not 2 <= rank <= 5 or rank - 2 not in (1, 2, 3) or not items or len(items) > rank:
        return None
    items += [slice(None)] * (rank - len(items))
    if not all(isinstance(k, slice) and k.step in (None, 1) for k in items) or items[0] != slice(None) \
            or items[-1] != slice(None):
        return None
    crops = []
    for k, size in zip(items[1:-1], shape[1:-1]):
        if k == slice(None):
            crops.append([0, 0])
            continue
        if size is None:
            return None
        start, stop, _ = k.indices(size)
        if stop <= start:
            return None
        crops.append([start, size - stop])
    if all(c == [0, 0] for c in crops):
        return None
    return f"Cropping{rank - 2}D", {"cropping": crops[0] if rank == 3 else crops}


def serialize_key(key: Any) -> Any:
    """A subscript key as Keras writes it in a ``GetItem`` call (``__slice__``, ``__ellipsis__``)."""
    if isinstance(key, tuple):
        return [serialize_key(k) for k in key]
    if isinstance(key, slice):
        return {"class_name": "__slice__", "config": {"start": key.start, "stop": key.stop, "step": key.step}}
    if key is Ellipsis:
        return {"class_name": "__ellipsis__", "config": {}}
    return key
