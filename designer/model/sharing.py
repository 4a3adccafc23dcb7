"""Which nodes of a design are one shared Keras layer: the one place that knows it.

A Keras layer called several times (shared weights) is one node per call in a design. Nodes with the same
``name``, class and config are calls of one layer: Keras counts its weights once, at the first call, and the
exported code builds it once and calls it on each input. Two nodes with the same name that differ in class or config
are a name clash, which Keras refuses.

Editing one call of a shared layer edits the layer, so every call (`shared_calls`) changes together;
`unshare` gives one call its own name (and so its own weights) instead.
"""

from __future__ import annotations

from typing import Iterable

from .document import Document, LayerNode


def same_layer(a: LayerNode, b: LayerNode) -> bool:
    """Whether two nodes are calls of one Keras layer: same name, class and config."""
    return a.name == b.name and a.class_name == b.class_name and dict(a.config) == dict(b.config)


def name_clash(a: LayerNode, b: LayerNode) -> bool:
    """Two different layers that Keras would refuse to put in one model: one name, another class or config.

    Two inputs with one name always clash: an InputLayer is never called twice."""
    return a.name == b.name and (a.class_name == "InputLayer" or not same_layer(a, b))


def calls_by_name(doc: Document, order: Iterable[str] | None = None) -> dict[str, list[str]]:
    """Node ids per layer name, in ``order`` (the document's order by default)."""
    calls: dict[str, list[str]] = {}
    for layer_id in doc.ids() if order is None else order:
        calls.setdefault(doc.layer(layer_id).name, []).append(layer_id)
    return calls


def shared_calls(doc: Document, layer_id: str) -> list[str]:
    """Every call of the layer that node ``layer_id`` is a call of, in document order (itself included)."""
    node = doc.layer(layer_id)
    name = node.name
    return [i for i in doc.ids() if i == layer_id or (doc.layer(i).name == name and same_layer(doc.layer(i), node))]


def is_shared(doc: Document, layer_id: str) -> bool:
    """Whether the node is one of several calls of one layer."""
    return len(shared_calls(doc, layer_id)) > 1


def fresh_name(doc: Document, base: str) -> str:
    """A layer name no node of ``doc`` uses: ``base_2``, ``base_3``…"""
    taken = {node.name for node in doc}
    n = 2
    while f"{base}_{n}" in taken:
        n += 1
    return f"{base}_{n}"
