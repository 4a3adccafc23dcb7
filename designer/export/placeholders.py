"""Placeholder classes in exported code for layers the designer does not know.

A custom layer (declared by the user), or a layer imported with the shapes its
file recorded, has no code in the design. The exported module defines, for
each such class, a clearly marked placeholder subclass of one base class that
builds with the layer's declared/recorded output shape(s) and parameter count,
so the model builds and ``model.summary()`` matches the design. Its outputs are
zeros (or its first input, for a layer declared "same as input"): the user
replaces the class with the real layer. A layer with no shape at all cannot be
exported, and the error says how to give it one.
"""

from __future__ import annotations

import keyword

from designer.engine import LayerResult
from designer.layers import get_spec
from designer.model import LayerNode
from designer.model.recorded import SAME

from .pycode import call, literal

BASE = "DesignerPlaceholder"

BASE_SOURCE = f'''
# ----------------------------------------------------------------------------------------------------
# PLACEHOLDERS: layers whose code is not part of the design. Each class below only reproduces the
# output shape(s) and parameter count the design declares or the imported file recorded, so the model
# builds and its summary matches; its outputs are zeros. REPLACE EACH ONE WITH THE REAL LAYER.
# ----------------------------------------------------------------------------------------------------


class {BASE}(keras.layers.Layer):
    """PLACEHOLDER base: output shapes and weights of a layer the designer does not know."""

    def __init__(self, output_shapes=None, trainable_params=0, non_trainable_params=0, **kwargs):
        super().__init__(**kwargs)
        self.output_shapes = None if output_shapes is None else [tuple(s) for s in output_shapes]
        self.trainable_params = trainable_params
        self.non_trainable_params = non_trainable_params

    def build(self, input_shape):
        if self.trainable_params:
            self.placeholder_weights = self.add_weight(
                shape=(self.trainable_params,), initializer="zeros", name="placeholder_weights")
        if self.non_trainable_params:
            self.placeholder_state = self.add_weight(
                shape=(self.non_trainable_params,), initializer="zeros", trainable=False,
                name="placeholder_state")

    def compute_output_shape(self, input_shape):
        first = input_shape[0] if isinstance(input_shape, list) else input_shape
        if self.output_shapes is None:
            return tuple(first)
        shapes = [(first[0], *s) for s in self.output_shapes]
        return shapes[0] if len(shapes) == 1 else shapes

    def call(self, inputs):
        first = keras.tree.flatten(inputs)[0]
        if self.output_shapes is None:
            return first
        batch = keras.ops.shape(first)[0]
        outputs = [keras.ops.zeros((batch, *s), dtype=first.dtype) for s in self.output_shapes]
        return outputs[0] if len(outputs) == 1 else outputs
'''


class PlaceholderError(ValueError):
    """A layer outside the catalog without any shape: it cannot be exported."""


def needs_placeholder(node: LayerNode) -> bool:
    return node.class_name != "InputLayer" and get_spec(node.class_name) is None


def class_identifier(class_name: str) -> str:
    """The placeholder's Python class name: the layer's class when it is a valid one, else a cleaned form."""
    name = "".join(c if c.isalnum() or c == "_" else "_" for c in class_name.split(">")[-1])
    if not name or name[0].isdigit() or keyword.iskeyword(name) or name == BASE:
        name = f"Custom_{name}"
    return name


def placeholder_source(nodes: list[LayerNode]) -> list[str]:
    """The base class and one marked subclass per class outside the catalog (empty when there are none)."""
    classes = sorted({class_identifier(n.class_name): n.class_name for n in nodes if needs_placeholder(n)}.items())
    if not classes:
        return []
    lines = BASE_SOURCE.strip("\n").split("\n")
    for ident, original in classes:
        lines += ["", "", f"class {ident}({BASE}):",
                  f'    """PLACEHOLDER for {original}: replace with the real layer."""']
    return lines


def placeholder_expression(node: LayerNode, result: LayerResult | None, name: str, indent: int,
                           prefix: int = 0, suffix: int = 0) -> str:
    """``Scale(output_shapes=[(8,)], trainable_params=8, name="scale")`` for one layer outside the catalog."""
    if result is None or result.outputs is None:
        raise PlaceholderError(
            f"{node.name} ({node.class_name}) is unknown to the designer and has no shape: declare it as a "
            "custom layer (its output shape and parameters) to export the design")
    declared = node.declared
    if declared is not None and declared.output_shape == SAME:
        shapes = "None"
    else:
        shapes = "[" + ", ".join(literal(tuple(s[1:])) for s in result.outputs) + "]"
    kwargs = [("output_shapes", shapes)]
    params = result.params
    if params is not None and params.trainable:
        kwargs.append(("trainable_params", str(params.trainable)))
    if params is not None and params.non_trainable:
        kwargs.append(("non_trainable_params", str(params.non_trainable)))
    kwargs.append(("name", literal(name)))
    return call(class_identifier(node.class_name), [], kwargs, indent, prefix, suffix)
