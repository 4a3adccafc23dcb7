"""Where Keras accepts an argument but does not do what it says: the engine agrees with Keras's totals and warns.

``trainable=False`` passed to the constructor of ConvLSTM, Bidirectional,
TimeDistributed or MultiHeadAttention does not freeze their weights: they live
in sub-layers made afterwards, so ``model.trainable_weights`` (what
``model.summary()`` and ``fit()`` use) still holds them.
"""

import pytest

from designer.engine import infer_document
from designer.engine.explain import explain_design
from designer.model import Document, LayerNode, Source

pytestmark = pytest.mark.keras

L = lambda class_name, **config: {"class_name": class_name, "config": config}  # noqa: E731

IGNORED = [
    ("ConvLSTM2D", {"filters": 2, "kernel_size": 3}, (5, 8, 8, 3)),
    ("ConvLSTM1D", {"filters": 2, "kernel_size": 3}, (5, 8, 3)),
    ("Bidirectional", {"layer": L("LSTM", units=4)}, (5, 3)),
    ("TimeDistributed", {"layer": L("Dense", units=4)}, (5, 3)),
    ("MultiHeadAttention", {"num_heads": 2, "key_dim": 4}, (5, 8)),
    ("LSTM", {"units": 4}, (5, 3)),
    ("Dense", {"units": 4}, (3,)),
]


def _design(class_name, config, shape):
    nodes = [LayerNode("input", "InputLayer", {"shape": list(shape)})]
    sources = (Source("input"), Source("input")) if class_name == "MultiHeadAttention" else (Source("input"),)
    nodes.append(LayerNode("layer", class_name, {**config, "trainable": False}, sources))
    return Document("quirk", nodes)


def _keras_model_counts(class_name, config, shape):
    import numpy as np

    from keras_oracle import keras, keras_kwargs

    layer = getattr(keras.layers, class_name)(**keras_kwargs(class_name, {**config, "trainable": False}))
    x = keras.Input(shape)
    model = keras.Model(x, layer(x, x) if class_name == "MultiHeadAttention" else layer(x))
    size = lambda ws: int(sum(np.prod(w.shape) for w in ws))  # noqa: E731
    return size(model.trainable_weights), size(model.non_trainable_weights)


@pytest.mark.parametrize("class_name,config,shape", IGNORED, ids=[c[0] for c in IGNORED])
def test_trainable_false_counts_as_keras_model_counts_and_warns_where_ignored(class_name, config, shape):
    doc = _design(class_name, config, shape)
    inference = infer_document(doc)
    params = inference["layer"].params
    assert (params.trainable, params.non_trainable) == _keras_model_counts(class_name, config, shape)
    (e,) = [e for e in explain_design(doc, inference, with_fixes=False) if e.id == "layer"]
    warned = [w for w in e.warnings if w.kind == "trainable_ignored"]
    assert bool(warned) == bool(params.trainable), e.warnings
    if warned:
        assert "layer.trainable = False after building" in warned[0].message
        assert "still trainable" in e.params


ELLIPSIS = [("...b,bc->...c", 7, (None, 2, 3, 5), True), ("...b,bc->...c", 7, (None, 2, 3, 4, 5), True),
            ("...b,bc->...c", 7, (None, 3, 5), False), ("abc,cd->abd", [None, 7], (None, 3, 5), False)]


@pytest.mark.parametrize("equation,output_shape,shape,warned", ELLIPSIS)
def test_einsum_ellipsis_agrees_with_keras_symbolic_shape_and_warns_when_predict_differs(
        equation, output_shape, shape, warned):
    import numpy as np

    from keras_oracle import keras

    layer = keras.layers.EinsumDense(equation, output_shape=output_shape)
    symbolic = tuple(layer(keras.Input(batch_shape=shape)).shape)
    real = tuple(layer(np.zeros((1, *shape[1:]), "float32")).shape)
    doc = Document("einsum", [LayerNode("input", "InputLayer", {"batch_shape": list(shape)}),
                              LayerNode("layer", "EinsumDense", {"equation": equation, "output_shape": output_shape},
                                        (Source("input"),))])
    inference = infer_document(doc)
    assert inference["layer"].outputs == [symbolic]
    (e,) = [e for e in explain_design(doc, inference, with_fixes=False) if e.id == "layer"]
    differs = len(real) != len(symbolic) or any(s is not None and r != s for r, s in zip(real[1:], symbolic[1:]))
    assert any(w.kind == "einsum_ellipsis" for w in e.warnings) == warned == differs
