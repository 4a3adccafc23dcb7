"""Helpers shared by diagnoses, fixes and warnings: windows, size trails, and trying an edit on a copy.

A *window* is the sliding window of a convolution or pooling layer along its
spatial axes. A *trail* is the list of spatial sizes along the first-input
path that leads to a layer, e.g. ``input 28×28 → max_pooling2d_1 14×14 → …``.
`simulate` applies an `Edit` to a copy of the design and re-runs the engine:
every fix is checked that way before it is offered.
"""

from __future__ import annotations

from typing import Any, Mapping

from designer.layers import get_spec, normalize_config
from designer.layers.spec import Shape
from designer.layers.windows import Window
from designer.model import Document, DocumentError
from designer.model.edits import Edit

from ..inference import ModelInference, infer_document
from .spatial import EXPLAINERS as SPATIAL_EXPLAINERS
from .text import MINUS, data_format, fmt_size, spatial_indices


def has_trait(class_name: str, trait: str) -> bool:
    """Whether the catalog tags the class with ``trait`` (`designer.layers.spec.TRAITS`)."""
    spec = get_spec(class_name)
    return spec is not None and trait in spec.traits


def is_input(class_name: str) -> bool:
    """A model input (the ``"input"`` trait: InputLayer)."""
    return has_trait(class_name, "input")


MAP_KINDS = frozenset(SPATIAL_EXPLAINERS) | {"flatten", "reshape", "permute"}
"""Kinds of layer that use a feature map as a map: after one of them a per-pixel Dense is plausible."""


def reads_map(class_name: str) -> bool:
    """Whether the class uses a feature map as a map (its spec's explanation kind is spatial or a reshape)."""
    spec = get_spec(class_name)
    return spec is not None and spec.explainer in MAP_KINDS


def config_of(doc: Document, layer_id: str) -> dict | None:
    """The normalised config of a layer, or None when its arguments are wrong."""
    node = doc.layer(layer_id)
    spec = get_spec(node.class_name)
    if spec is None:
        return None
    try:
        return normalize_config(spec, node.config)
    except Exception:  # a wrong argument: no window to reason about
        return None


def window(class_name: str, cfg: Mapping[str, Any] | None) -> Window | None:
    """The window of a convolution or pooling layer (its spec's ``window`` hook), None for other layers."""
    spec = get_spec(class_name)
    if cfg is None or spec is None or spec.window is None:
        return None
    return spec.window(cfg)


fmt_of = data_format


def spatial_of(shape: Shape | None, rank: int | None = None, fmt: str = "channels_last") -> tuple | None:
    """The spatial sizes of a shape (all axes between batch and channels by default)."""
    if shape is None or len(shape) < 3:
        return None
    rank = len(shape) - 2 if rank is None else rank
    return tuple(shape[a] for a in spatial_indices(len(shape), rank, fmt))


def is_downsampling(class_name: str, cfg: Mapping[str, Any] | None) -> bool:
    """A pooling layer, or a convolution with a stride above 1."""
    w = window(class_name, cfg)
    return w is not None and (w.kind == "pool" or max(w.strides) > 1)


# Trails ------------------------------------------------------------------------

def first_input_chain(doc: Document, layer_id: str) -> list[str]:
    """Ids upstream of a layer along first inputs, nearest first (the layer itself excluded)."""
    chain, seen = [], {layer_id}
    node = doc.layer(layer_id)
    while node.inbound:
        src = node.inbound[0].layer
        if src in seen:
            break
        seen.add(src)
        chain.append(src)
        node = doc.layer(src)
    return chain


def trail(doc: Document, inference: ModelInference, layer_id: str) -> list[tuple[str, tuple]]:
    """``(name, spatial sizes)`` from the input to ``layer_id``'s output, only where the size changes."""
    ids = [layer_id, *first_input_chain(doc, layer_id)]
    steps = []
    rank = None
    for i in ids:
        r = inference[i]
        if r.outputs is None:
            continue
        shape = r.outputs[0]
        if rank is None:
            rank = len(shape)
        if len(shape) != rank:
            break
        sp = spatial_of(shape, fmt=fmt_of(r.config))
        if sp is None:
            break
        steps.append((r.name, sp))
    steps.reverse()
    kept = [s for k, s in enumerate(steps) if k == 0 or s[1] != steps[k - 1][1]]
    return kept


def trail_text(steps: list[tuple[str, tuple]]) -> str:
    """``input 28×28 → conv2d_1 26×26 → …``."""
    return " → ".join(f"{name} {fmt_size(sp)}" for name, sp in steps)


def dropped(n: int | None, span: int, stride: int) -> int:
    """Rows (columns…) a 'valid' window never reaches: ``(n − span) mod stride``."""
    if n is None or n < span:
        return 0
    return (n - span) % stride


def pool_formula(n: int, span: int, stride: int) -> str:
    return f"floor(({n} {MINUS} {span}) / {stride}) + 1 = {(n - span) // stride + 1}"


# Trying edits ------------------------------------------------------------------

def clone(doc: Document) -> Document:
    """A copy of the design (nodes are immutable, so this is cheap)."""
    return Document(doc.name, list(doc), doc.explicit_outputs)


def simulate(doc: Document, edit: Edit) -> tuple[Document, ModelInference] | None:
    """The design after ``edit`` and its inference, without touching ``doc``; None if the edit is refused."""
    copy = clone(doc)
    try:
        edit.apply(copy)
    except DocumentError:
        return None
    return copy, infer_document(copy)


def own_error(inference: ModelInference, layer_id: str) -> bool:
    r = inference.layers.get(layer_id)
    return r is not None and r.error is not None and r.blocked_by is None
