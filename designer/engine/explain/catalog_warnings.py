"""Warnings the catalog knows about a class: where Keras accepts an argument but does not do what it says.

- ``trainable_ignored``: ``trainable=False`` given to the constructor of a
  layer that keeps its weights in sub-layers (ConvLSTM, Bidirectional,
  TimeDistributed, MultiHeadAttention; the spec's ``trainable_flag_ignored``):
  Keras's model still counts them trainable and ``fit()`` changes them;
- a spec's ``caveats``: e.g. ``einsum_ellipsis``, an EinsumDense whose '...'
  covers several axes (Keras's symbolic shape and predict()'s differ);
- a spec's ``call_caveats`` on the tensors a call passes by keyword: e.g.
  ``attention_mask_shape``, a mask Keras builds with but predict() refuses.
"""

from __future__ import annotations

from designer.layers import get_spec
from designer.model import Document

from ..calls import split_inputs
from ..inference import ModelInference
from .model import DesignWarning
from .text import num


def trainable_ignored(inference: ModelInference) -> list[DesignWarning]:
    """Layers whose ``trainable=False`` Keras ignores."""
    found = []
    for r in inference.results():
        if not r.valid or not r.config or r.config.get("trainable") is not False:
            continue
        spec = get_spec(r.class_name)
        if spec is None or not spec.trainable_flag_ignored or r.params is None or not r.params.trainable:
            continue
        found.append(DesignWarning("trainable_ignored", r.id, (
            f"{r.name}: trainable=False has no effect on a {r.class_name} in Keras: its {num(r.params.trainable)} "
            "weights live in sub-layers made after the flag, so model.summary() counts them trainable and fit() "
            f"changes them. To freeze it, set {r.name}.trainable = False after building the model "
            "(for a wrapper, giving the wrapped layer trainable=False also works).")))
    return found


def spec_caveats(inference: ModelInference) -> list[DesignWarning]:
    """What a spec's ``caveats`` hook says of a valid layer (e.g. EinsumDense's '...' over several axes)."""
    found = []
    for r in inference.results():
        spec = get_spec(r.class_name) if r.valid and r.config and r.outputs else None
        if spec is None or spec.caveats is None:
            continue
        for kind, message in spec.caveats(r.config, list(r.positional_inputs), r.outputs):
            found.append(DesignWarning(kind, r.id, f"{r.name}: {message}"))
    return found


def call_caveats(doc: Document, inference: ModelInference) -> list[DesignWarning]:
    """What a spec's ``call_caveats`` hook says of the tensors a valid layer's call passes by keyword."""
    found = []
    for r in inference.results():
        if not r.keyword_inputs or not r.valid or not r.config or r.id not in doc:
            continue
        spec = get_spec(r.class_name)
        if spec is None or spec.call_caveats is None or any(s is None for s in r.inputs):
            continue
        positional, keyword = split_inputs(doc.layer(r.id).call, [s for s in r.inputs if s is not None])
        for kind, message in spec.call_caveats(r.config, positional, keyword):
            found.append(DesignWarning(kind, r.id, f"{r.name}: {message}"))
    return found


def catalog_warnings(doc: Document, inference: ModelInference) -> list[DesignWarning]:
    """Every warning a spec's own facts give, in layer order."""
    return [*trainable_ignored(inference), *spec_caveats(inference), *call_caveats(doc, inference)]
