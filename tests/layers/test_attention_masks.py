"""Masks passed by keyword to MultiHeadAttention and GroupQueryAttention, against real Keras.

Keras builds every one of these models (so does the engine: no error); the oracle is ``predict()`` on real data:
the engine warns exactly when it fails, and says when Keras ignores the mask (MultiHeadAttention's query_mask).
"""

from __future__ import annotations

import numpy as np
import pytest

from designer.engine import infer_document
from designer.engine.explain import detect_warnings
from designer.model import Document, LayerNode, Source
from designer.model.calls import CallArgs

pytestmark = pytest.mark.keras

T, S, BATCH = 10, 12, 2
MHA = ("MultiHeadAttention", {"num_heads": 2, "key_dim": 8})
GQA = ("GroupQueryAttention", {"head_dim": 8, "num_query_heads": 4, "num_key_value_heads": 2})
MASK_KINDS = ("attention_mask_shape", "query_mask_shape", "value_mask_shape", "key_mask_shape", "query_mask_ignored")

MASK_CASES = [
    (layer, key, shape)
    for layer in (MHA, GQA)
    for key, shape in [
        ("attention_mask", (T, S)), ("attention_mask", (S, T)), ("attention_mask", (1, S)), ("attention_mask", (T, 1)),
        ("attention_mask", (S,)), ("attention_mask", (T,)), ("attention_mask", (T, S, 1)),
        ("attention_mask", (2, T, S)), ("attention_mask", (4, T, S)), ("attention_mask", (1, T, S)),
        ("query_mask", (T,)), ("query_mask", (S,)), ("value_mask", (S,)), ("value_mask", (T,)),
        ("key_mask", (S,)), ("key_mask", (T,)),
    ]
]


def _design(layer, key: str, mask: tuple) -> Document:
    class_name, config = layer
    return Document("masked", [
        LayerNode("q", "InputLayer", {"shape": [T, 16]}),
        LayerNode("v", "InputLayer", {"shape": [S, 16]}),
        LayerNode("m", "InputLayer", {"shape": list(mask)}),
        LayerNode("att", class_name, config, (Source("q"), Source("v"), Source("m")),
                  call=CallArgs(((key, (2,)),))),
    ])


def _keras_predict_fails(layer, key: str, mask: tuple) -> bool:
    import keras

    class_name, config = layer
    q, v, m = keras.Input((T, 16)), keras.Input((S, 16)), keras.Input(mask)
    out = getattr(keras.layers, class_name)(**config)(q, v, **{key: m})
    model = keras.Model([q, v, m], out)
    try:
        model.predict([np.zeros((BATCH, T, 16)), np.zeros((BATCH, S, 16)), np.ones((BATCH, *mask))], verbose=0)
    except Exception:  # noqa: BLE001 - any failure of Keras's own predict is what is compared
        return True
    return False


@pytest.mark.parametrize("layer,key,mask", MASK_CASES, ids=[f"{c[0][0]}-{c[1]}-{'x'.join(map(str, c[2]))}" for c in MASK_CASES])
def test_mask_warnings_agree_with_keras_predict(layer, key, mask):
    doc = _design(layer, key, mask)
    inference = infer_document(doc)
    assert inference["att"].valid, "Keras builds every one of these models"
    kinds = {w.kind for w in detect_warnings(doc, inference) if w.layer_id == "att" and w.kind in MASK_KINDS}
    ignored = layer is MHA and key == "query_mask"
    if ignored:
        assert kinds == {"query_mask_ignored"}
        return
    assert bool(kinds) == _keras_predict_fails(layer, key, mask), kinds


def test_multi_head_attention_really_ignores_a_query_mask_passed_by_keyword():
    """The 'ignored' warning is Keras's behaviour: an all-False query_mask changes nothing in the output."""
    import keras

    q, v, m = keras.Input((T, 16)), keras.Input((S, 16)), keras.Input((T,))
    layer = keras.layers.MultiHeadAttention(**MHA[1])
    model = keras.Model([q, v, m], layer(q, v, query_mask=m))
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(BATCH, T, 16)), rng.normal(size=(BATCH, S, 16))
    with_ones = model.predict([x, y, np.ones((BATCH, T))], verbose=0)
    with_zeros = model.predict([x, y, np.zeros((BATCH, T))], verbose=0)
    assert np.allclose(with_ones, with_zeros)


@pytest.mark.parametrize("flash", [True, False, None])
def test_multi_head_attention_flash_attention_warns_exactly_when_predict_fails(flash):
    import keras

    from designer.engine.explain import explain_design

    config = {**MHA[1], "flash_attention": flash}
    q, v = keras.Input((T, 16)), keras.Input((S, 16))
    model = keras.Model([q, v], keras.layers.MultiHeadAttention(**config)(q, v))
    try:
        model.predict([np.zeros((BATCH, T, 16)), np.zeros((BATCH, S, 16))], verbose=0)
        runs = True
    except Exception:  # noqa: BLE001 - any failure of Keras's own predict is what is compared
        runs = False
    doc = Document("flash", [LayerNode("q", "InputLayer", {"shape": [T, 16]}),
                             LayerNode("v", "InputLayer", {"shape": [S, 16]}),
                             LayerNode("att", MHA[0], config, (Source("q"), Source("v")))])
    (e,) = [e for e in explain_design(doc, infer_document(doc), with_fixes=False) if e.id == "att"]
    assert any(w.kind == "flash_attention" for w in e.warnings) == (not runs), e.warnings
