"""Operations in a Keras graph (``x + 3.0``, ``keras.ops.maximum(a, b)``) as design layers.

A Functional model may apply operations that are not layers: Keras 3 records
them as ``keras.src.ops`` classes (``Add``, ``Multiply``, ``Reshape``…), tf.keras
as ``TFOpLambda`` layers. A design has layers only, so:

- an element-wise operation on two tensors becomes the merge layer of the same
  name (``Add``, ``Subtract``, ``Multiply``, ``Maximum``, ``Minimum``);
- an arithmetic operation of a tensor and a number becomes a ``Rescaling``
  layer (``x * scale + offset``), which computes exactly the same;
- any other operation is kept as ``ops.<Class>`` (Keras 3) or ``TFOpLambda``
  (tf.keras), outside the catalog: the engine flags it and leaves the shapes
  after it unknown.

Each conversion is noted.
"""

from __future__ import annotations

from designer.layers import get_spec

from ._import_config import Notes
from ._import_tensors import Ref, history3, is_number, is_ref_list, keras2_nodes, tensors3

MERGES = {"Add": "Add", "Subtract": "Subtract", "Multiply": "Multiply", "Maximum": "Maximum", "Minimum": "Minimum"}
TF_FUNCTIONS = {
    "__operators__.add": "Add", "math.add": "Add", "math.subtract": "Subtract", "math.multiply": "Multiply",
    "math.truediv": "TrueDivide", "math.divide": "TrueDivide", "math.maximum": "Maximum",
    "math.minimum": "Minimum",
}
"""tf.keras ``TFOpLambda`` functions, by the Keras 3 operation they are."""

ACTIVATION_OPS = {
    "Relu": "relu", "Relu6": "relu6", "Sigmoid": "sigmoid", "Tanh": "tanh", "Silu": "silu", "Swish": "silu",
    "Gelu": "gelu", "Elu": "elu", "Selu": "selu", "Softplus": "softplus", "Softsign": "softsign",
    "HardSigmoid": "hard_sigmoid", "HardSilu": "hard_silu", "Exp": "exponential",
    "nn.relu": "relu", "nn.relu6": "relu6", "math.sigmoid": "sigmoid", "nn.sigmoid": "sigmoid",
    "math.tanh": "tanh", "nn.tanh": "tanh", "nn.silu": "silu", "nn.swish": "silu", "nn.gelu": "gelu",
    "nn.elu": "elu", "nn.selu": "selu", "math.softplus": "softplus", "nn.softplus": "softplus",
    "math.softsign": "softsign", "nn.softsign": "softsign", "math.exp": "exponential",
}
"""Element-wise operations on one tensor (Keras 3 op classes, tf.keras functions) that an ``Activation`` computes."""

QUIET_OP_KWARGS = ("name",)


def is_keras3_op(item: dict, keras3: bool) -> bool:
    """Whether a layer entry of a Keras 3 config is an operation (not a layer).

    Keras 3 names an operation's module (``keras.src.ops.numpy``); its legacy
    (.h5) form has no module, so there an operation is recognised by a config
    without what every layer config has (``trainable``, ``dtype``) and either
    a class outside the catalog (``TrueDivide``), arguments the layer of that
    name does not take (``Reshape(newshape=…)``) or, for an element-wise class,
    operands passed separately (``add(x, 3.0)``) where the merge layer takes
    one list.
    """
    module = item.get("module")
    if isinstance(module, str):
        return module.startswith(("keras.src.ops", "keras.ops"))
    config, class_name = item.get("config"), item.get("class_name")
    if not keras3 or not isinstance(config, dict) or "trainable" in config or "dtype" in config:
        return False
    if class_name in ("InputLayer", "Lambda"):
        return False
    spec = get_spec(class_name) if isinstance(class_name, str) else None
    if spec is None:
        return True
    if any(key not in spec.arg_index for key in config):
        return True
    nodes = item.get("inbound_nodes")
    args = nodes[0].get("args") if isinstance(nodes, list) and nodes and isinstance(nodes[0], dict) else None
    return class_name in MERGES and isinstance(args, list) and len(args) >= 2


def as_layer(name: str, op: str, operands: list, notes: Notes) -> tuple[str, dict, list[list[Ref]]] | None:
    """``(class_name, config, calls)`` of the layer computing one call of ``op``, or None if none does.

    ``operands`` lists the call's arguments in order: tensors (`Ref`) and numbers.
    """
    tensors = [o for o in operands if not is_number(o)]
    numbers = [o for o in operands if is_number(o)]
    if op in ACTIVATION_OPS and len(operands) == 1 and tensors:
        notes.group(f"operations {op} were imported as Activation({ACTIVATION_OPS[op]!r}) layers", name)
        return "Activation", {"name": name, "activation": ACTIVATION_OPS[op]}, [tensors]
    if op in MERGES and len(tensors) == 2 and not numbers:
        notes.group(f"operations {op} on two tensors were imported as {MERGES[op]} layers", name)
        return MERGES[op], {"name": name}, [tensors]
    if len(tensors) == 1 and len(numbers) == 1 and len(operands) == 2:
        rescaling = _rescaling(op, float(numbers[0]), tensor_first=not is_number(operands[0]))
        if rescaling is not None:
            scale, offset = rescaling
            notes.group(f"operations {op} with the number {numbers[0]!r} were imported as "
                        f"Rescaling(scale={scale!r}, offset={offset!r}) layers, which compute the same", name)
            config = {"name": name, "scale": scale}
            if offset:
                config["offset"] = offset
            return "Rescaling", config, [tensors]
    return None


def operation_layer(name: str, class_name: str, config: dict, item: dict, keras3: bool,
                    notes: Notes) -> tuple[str, dict, list[list[Ref]]] | None:
    """``(class_name, config, calls)`` of the layer standing for an operation called once, or None.

    None for a layer, and for an operation that cannot be converted (the
    caller keeps a Keras 3 one as ``ops.<Class>``).
    """
    nodes = item.get("inbound_nodes") if isinstance(item.get("inbound_nodes"), list) else []
    if is_keras3_op(item, keras3):
        operands = _operands3(nodes[0]) if len(nodes) == 1 and isinstance(nodes[0], dict) else None
        if operands is None or class_name in ACTIVATION_OPS and any(k != "name" for k in config):
            return None
        return as_layer(name, class_name, operands, notes)
    nodes = keras2_nodes(nodes)
    function = config.get("function")
    op = TF_FUNCTIONS.get(function) if class_name == "TFOpLambda" and isinstance(function, str) else None
    if class_name == "TFOpLambda" and function in ACTIVATION_OPS:
        op = function
    if op is None or len(nodes) != 1 or not isinstance(nodes[0], list) or len(nodes[0]) != 1:
        return None
    entry = nodes[0][0]
    if not (is_ref_list(entry) and len(entry) == 4 and isinstance(entry[3], dict)):
        return None
    tensor = Ref(entry[0], entry[1], entry[2])
    if op in ACTIVATION_OPS:
        if any(v is not None for k, v in entry[3].items() if k not in QUIET_OP_KWARGS):
            return None
        return as_layer(name, op, [tensor], notes)
    y = entry[3].get("y")
    y = Ref(y[0], y[1], y[2]) if is_ref_list(y) and len(y) == 3 else y
    if not isinstance(y, Ref) and not is_number(y):
        return None
    return as_layer(name, op, [tensor, y], notes)


def _operands3(node: dict) -> list | None:
    """A Keras 3 operation call's arguments (tensors as `Ref`, numbers), or None if anything else."""
    args = node.get("args") or []
    kwargs = node.get("kwargs") or {}
    if not isinstance(args, list) or not isinstance(kwargs, dict) or any(tensors3(v) for v in kwargs.values()):
        return None
    operands = []
    for arg in args:
        ref = history3(arg)
        arg = scalar_tensor(arg)
        if ref is None and not is_number(arg):
            return None
        operands.append(ref if ref is not None else arg)
    return operands


def scalar_tensor(value):
    """A constant scalar Keras 3 stored as ``{"class_name": "__tensor__", "config": {"value": 8.0}}`` as
    its number (``x * 8.0`` in a model); anything else unchanged."""
    if isinstance(value, dict) and value.get("class_name") in ("__tensor__", "__numpy__"):
        config = value.get("config")
        number = config.get("value") if isinstance(config, dict) else None
        if is_number(number):
            return number
    return value


def _rescaling(op: str, number: float, tensor_first: bool) -> tuple[float, float] | None:
    """``(scale, offset)`` with ``op(x, number)`` (or ``op(number, x)``) = ``x * scale + offset``."""
    if op == "Add":
        return 1.0, number
    if op == "Multiply":
        return number, 0.0
    if op == "Subtract":
        return (1.0, -number) if tensor_first else (-1.0, number)
    if op in ("Divide", "TrueDivide") and tensor_first and number != 0:
        return 1.0 / number, 0.0
    return None
