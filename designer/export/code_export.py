"""Export a design to a runnable tf.keras module, written as a person would write it.

The module defines ``build_model()`` returning the ``keras.Model`` (a
``keras.Sequential`` when the design is one chain from one input, the
functional API otherwise) and prints ``model.summary()`` when run. Every layer
keeps its name and every argument that differs from Keras's default; required
arguments are positional (``layers.Conv2D(32, (3, 3), ...)``). Values from the
design are written with `pycode.literal`, never pasted as text.
"""

from __future__ import annotations

from typing import Any

from designer import __version__
from designer.engine import ModelInference, infer_document
from designer.engine.layer_infer import keras3_name
from designer.layers import get_spec
from designer.layers.args import normalize_value
from designer.layers.spec import ArgumentError, LayerSpec
from designer.model import Document, LayerNode, topological_order
from designer.model.sharing import calls_by_name

from .placeholders import PlaceholderError, needs_placeholder, placeholder_expression, placeholder_source
from .pycode import call, check_source, identifier, literal

TUPLE_KINDS = ("ints", "shape")
INPUT_ARGS = ("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape", "name", "optional")


class ExportError(ValueError):
    """The design cannot be exported; the message says why."""


def _class_ref(class_name: str) -> str:
    if not isinstance(class_name, str) or not class_name.isidentifier():
        raise ExportError(f"{class_name!r} is not a Keras class name")
    spec = get_spec(class_name)
    if spec is not None and spec.keras_path != "keras.layers":
        # keras.applications' own layers (LayerScale…): no public name, so import the module that defines them
        return f'__import__("{spec.keras_path}", fromlist=["{class_name}"]).{class_name}'
    return f"layers.{class_name}"


def _is_default(arg, value: Any) -> bool:
    try:
        return normalize_value(arg, value) == normalize_value(arg, arg.default)
    except ArgumentError:
        return False


def layer_expression(class_name: str, config: dict, indent: int, prefix: int = 0, suffix: int = 0) -> str:
    """``layers.Conv2D(32, (3, 3), padding="same", name="conv1")`` for one layer config."""
    spec: LayerSpec | None = get_spec(class_name)
    args, kwargs = [], []
    known = spec.arg_index if spec else {}
    positional = True
    for arg in spec.args if spec else ():
        if arg.name not in config:
            if arg.required:
                positional = False
            continue
        value = config[arg.name]
        if arg.name != "name" and _is_default(arg, value):
            positional = positional and not arg.required
            continue
        text = _value(arg.kind, value, indent)
        if arg.required and positional:
            args.append(text)
        else:
            positional = False
            kwargs.append((arg.name, text))
    for key, value in config.items():
        if key not in known:
            if not isinstance(key, str) or not key.isidentifier():
                raise ExportError(f"{key!r} is not an argument name")
            kwargs.append((key, literal(value)))
    name_first = [kv for kv in kwargs if kv[0] != "name"] + [kv for kv in kwargs if kv[0] == "name"]
    return call(_class_ref(class_name), args, name_first, indent, prefix, suffix)


def _value(kind: str, value: Any, indent: int) -> str:
    if kind in ("layer", "layers") and isinstance(value, dict) and "class_name" in value:
        return layer_expression(value["class_name"], dict(value.get("config", {})), indent + 4)
    if kind == "layers" and isinstance(value, (list, tuple)):
        return "[" + ", ".join(_value("layer", v, indent) for v in value) + "]"
    return literal(value, tuples=kind in TUPLE_KINDS)


def input_expression(node: LayerNode, indent: int, prefix: int = 0) -> str:
    """``keras.Input(shape=(28, 28, 1), name="input")``."""
    kwargs = []
    for key in INPUT_ARGS:
        if key == "name":
            continue
        value = node.config.get(key)
        if value is None or (key == "optional" and value is False):
            continue
        kwargs.append((key, literal(value, tuples=key in ("shape", "batch_shape"))))
    kwargs.append(("name", literal(keras3_name(node.name))))
    return call("keras.Input", [], kwargs, indent, prefix)


def _named_config(node: LayerNode) -> dict:
    """The node's config with its name always set, so Keras keeps the designer's names."""
    return {**node.config, "name": keras3_name(node.name)}


def keyword_arguments(node: LayerNode, ref) -> str:
    """``, initial_state=[h, c], use_causal_mask=True``: the call's keyword arguments (`designer.model.calls`)."""
    if node.call is None:
        return ""
    parts = []
    for key, positions in node.call.tensors:
        tensors = [ref(node.inbound[i]) for i in positions]
        parts.append(f"{key}=[{', '.join(tensors)}]" if key == "initial_state" or len(tensors) > 1
                     else f"{key}={tensors[0]}")
    parts += [f"{key}={literal(value)}" for key, value in node.call.values]
    return "".join(f", {p}" for p in parts)


def is_sequential(doc: Document, order: list[str], inference: ModelInference) -> bool:
    """One input, then a chain where every layer feeds only the next one."""
    if not order or doc.layer(order[0]).class_name != "InputLayer":
        return False
    names = set()
    for i, layer_id in enumerate(order):
        node = doc.layer(layer_id)
        if node.name in names:
            return False
        names.add(node.name)
        r = inference.layers.get(layer_id)
        if r is not None and r.outputs is not None and len(r.outputs) != 1:
            return False
        if i == 0:
            continue
        if node.class_name == "InputLayer" or len(node.inbound) != 1 or node.call is not None:
            return False
        if node.inbound[0].layer != order[i - 1] or node.inbound[0].index != 0:
            return False
        if len(doc.consumers(order[i - 1])) != 1:
            return False
    return [s.layer for s in doc.outputs()] == [order[-1]]


def _expression(node: LayerNode, inference: ModelInference, indent: int, prefix: int = 0, suffix: int = 0) -> str:
    """The constructor call of one layer: the catalog's class, or the placeholder of a class outside it."""
    if needs_placeholder(node):
        try:
            return placeholder_expression(node, inference.layers.get(node.id), keras3_name(node.name), indent,
                                          prefix, suffix)
        except PlaceholderError as exc:
            raise ExportError(str(exc)) from None
    return layer_expression(node.class_name, _named_config(node), indent, prefix, suffix)


def _sequential_body(doc: Document, order: list[str], inference: ModelInference) -> list[str]:
    lines = ["    model = keras.Sequential(", "        ["]
    for layer_id in order:
        node = doc.layer(layer_id)
        if node.class_name == "InputLayer":
            expr = input_expression(node, 12)
        else:
            expr = _expression(node, inference, 12, suffix=1)
        lines.append(f"            {expr},")
    lines += ["        ],", f"        name={literal(doc.name)},", "    )", "    return model"]
    return lines


def _functional_body(doc: Document, order: list[str], inference: ModelInference) -> list[str]:
    taken: set[str] = set()
    var: dict[str, str] = {}
    shared: dict[str, str] = {}
    calls = calls_by_name(doc, order)
    lines: list[str] = []
    inputs: list[str] = []

    def ref(src) -> str:
        base = var[src.layer]
        multi = inference.layers.get(src.layer)
        if src.index or (multi is not None and multi.outputs is not None and len(multi.outputs) > 1):
            return f"{base}[{src.index}]"
        return base

    for layer_id in order:
        node = doc.layer(layer_id)
        v = identifier(node.id, taken)
        var[layer_id] = v
        if node.class_name == "InputLayer":
            lines.append(f"    {v} = {input_expression(node, 4, len(v) + 3)}")
            inputs.append(v)
            continue
        spec = get_spec(node.class_name)
        taken = node.call.tensor_positions() if node.call is not None else set()
        sources = [ref(s) for i, s in enumerate(node.inbound) if i not in taken]
        if spec is not None and spec.call == "positional":
            arguments = ", ".join(sources)
        elif spec is not None and spec.call == "list" or (spec is None and len(sources) > 1):
            arguments = "[" + ", ".join(sources) + "]"
        else:
            arguments = ", ".join(sources)
        arguments += keyword_arguments(node, ref)
        if len(calls[node.name]) > 1:
            if node.name not in shared:
                layer_var = identifier(node.name + "_layer", taken)
                shared[node.name] = layer_var
                expr = _expression(node, inference, 4, len(layer_var) + 3)
                lines.append(f"    {layer_var} = {expr}")
            lines.append(f"    {v} = {shared[node.name]}({arguments})")
            continue
        expr = _expression(node, inference, 4, len(v) + 3, len(arguments) + 2)
        lines.append(f"    {v} = {expr}({arguments})")
    outputs = [ref(s) for s in doc.outputs()]
    ins = inputs[0] if len(inputs) == 1 else "[" + ", ".join(inputs) + "]"
    outs = outputs[0] if len(outputs) == 1 else "[" + ", ".join(outputs) + "]"
    model = call("keras.Model", [], [("inputs", ins), ("outputs", outs), ("name", literal(doc.name))], 4, 7)
    lines.append(f"    return {model}")
    return lines


def export_code(doc: Document, force: bool = False, inference: ModelInference | None = None) -> str:
    """The Python module for ``doc``; raises `ExportError` when a layer is invalid, unless ``force``."""
    inference = inference or infer_document(doc)
    if not inference.valid and not force:
        problems = inference.invalid() or [r for r in inference.results() if not r.valid]
        details = "; ".join(r.error or r.name for r in problems[:3])
        more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
        raise ExportError(f"the design has invalid layers, so its code would not run: {details}{more}")
    order = topological_order(doc)
    if not order:
        raise ExportError("the design has no layers")
    if not any(doc.layer(i).class_name == "InputLayer" for i in order):
        raise ExportError("the design has no InputLayer")
    if is_sequential(doc, order, inference):
        body = _sequential_body(doc, order, inference)
    else:
        body = _functional_body(doc, order, inference)
    source = "\n".join([
        f'"""A Keras model exported by keras-designer {__version__}.',
        "",
        "Run this file to build the model and print its summary.",
        '"""',
        "",
        "from tensorflow import keras",
        "from tensorflow.keras import layers",
        "",
        "",
        *placeholder_source([doc.layer(i) for i in order]),
        *([""] * 2 * any(needs_placeholder(doc.layer(i)) for i in order)),
        "def build_model():",
        '    """Build the model (untrained) and return it."""',
        *body,
        "",
        "",
        'if __name__ == "__main__":',
        "    build_model().summary()",
        "",
    ])
    check_source(source)
    return source
