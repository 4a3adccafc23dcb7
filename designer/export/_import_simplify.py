"""Undo what Keras resolves at build time, so an imported design reads as a person wrote it.

Keras's `get_config` records some arguments after `build` filled them in from
the input shape (MultiHeadAttention's ``value_dim`` and ``attention_axes``).
Where the recorded value equals what the default resolves to for the layer's
actual inputs, the argument is dropped. Uses the engine (pure Python).
"""

from __future__ import annotations

from dataclasses import replace

from designer.engine import infer_document
from designer.model import Document, LayerNode


def _mha(node: LayerNode, inputs: tuple) -> LayerNode:
    config = dict(node.config)
    if "value_dim" in config and config.get("value_dim") == config.get("key_dim"):
        del config["value_dim"]
    axes = config.get("attention_axes")
    if axes is not None and inputs and inputs[0] is not None:
        rank = len(inputs[0])
        wanted = [axes] if isinstance(axes, int) else list(axes)
        if wanted == list(range(1, rank - 1)):
            del config["attention_axes"]
    return node if config == dict(node.config) else replace(node, config=config)


SIMPLIFIERS = {"MultiHeadAttention": _mha}


def simplify_resolved_arguments(doc: Document) -> Document:
    """A copy of ``doc`` without build-resolved arguments that equal their defaults."""
    if not any(node.class_name in SIMPLIFIERS for node in doc):
        return doc
    inference = infer_document(doc)
    nodes = []
    for node in doc:
        simplify = SIMPLIFIERS.get(node.class_name)
        result = inference.layers.get(node.id)
        nodes.append(simplify(node, result.inputs) if simplify and result else node)
    return Document(doc.name, nodes, doc.explicit_outputs)
