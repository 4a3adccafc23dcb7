"""GroupQueryAttention against Keras: projections' weights, the three inputs' checks, construction refusals,
and warnings exactly where Keras builds the layer but fails on data."""

import pytest

from keras_oracle import assert_agrees

pytestmark = pytest.mark.keras

N = None
GQA = "GroupQueryAttention"


def gqa(inputs, **config):
    return (GQA, {"head_dim": 4, "num_query_heads": 4, "num_key_value_heads": 2, **config}, inputs)


CASES = [
    gqa([(N, 5, 16), (N, 7, 16)]),
    gqa([(N, 5, 16), (N, 5, 16)], use_bias=False),
    gqa([(N, 5, 16), (N, 7, 16), (N, 7, 8)]),
    gqa([(N, 5, 16), (N, 7, 16), (N, 6, 8)]),
    gqa([(N, 5, 16), (N, 7, 12)]),
    gqa([(N, N, 16), (N, N, 16)]),
    gqa([(N, 5, N), (N, 7, 16)]),
    gqa([(N, 5, 16), (N, 7, N)]),
    gqa([(N, 16), (N, 16)]),
    gqa([(N, 2, 5, 16), (N, 2, 7, 16)]),
    gqa([(N, 5, 16), (N, 7, 16)], use_gate=True),
    gqa([(N, 5, 16), (N, 7, 16)], num_query_heads=3),
    gqa([(N, 5, 16), (N, 7, 16)], num_key_value_heads=4),
    gqa([(N, 5, 16), (N, 7, 16)], sliding_window=3),
    gqa([(N, 5, 16), (N, 7, 16)], sliding_window=0),
    gqa([(N, 5, 16), (N, 7, 16)], dropout=0.1),
    gqa([(N, 5, 16), (N, 7, 16)], flash_attention=True, dropout=0.1),
    gqa([(N, 5, 16), (N, 7, 16)], trainable=False),
    (GQA, {"head_dim": 4, "num_query_heads": 4}, [(N, 5, 16), (N, 7, 16)]),
    gqa([(N, N, 1), (N, N, 1)], head_dim=1, num_query_heads=0, num_key_value_heads=1),  # found by the fuzz
    gqa([(N, 5, 8), (N, 7, 8)], num_query_heads=0, use_gate=True),
    gqa([(N, 5, 8), (N, 7, 8)], num_query_heads=0, use_bias=False),
    gqa([(N, 5, 8), (N, 7, 8)], num_query_heads=0, num_key_value_heads=0),
    gqa([(N, 5, 8), (N, 7, 8)], num_query_heads=-2, num_key_value_heads=1),
    gqa([(N, 5, 8), (N, 7, 8)], head_dim=0),
]


@pytest.mark.parametrize("class_name,config,inputs", CASES)
def test_gqa_table(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)


DATA = [
    ({"num_query_heads": 0}, [(5, 8), (7, 8)]), ({}, [(5, 8), (7, 8)]), ({}, [(None, 8), (None, 8)]),
    ({}, [(2, 5, 8), (2, 7, 8)]), ({}, [(2, 5, 8), (7, 8)]), ({}, [(5, 8), (2, 7, 8)]),
    ({"use_gate": True}, [(5, 8), (7, 8), (7, 4)]), ({"flash_attention": True}, [(5, 8), (7, 8)]),
    ({"flash_attention": False}, [(5, 8), (7, 8)]), ({"flash_attention": True}, [(2, 5, 8), (2, 7, 8)]),
    ({"num_query_heads": 0, "flash_attention": True, "use_bias": False}, [(5, 8), (7, 8)]),
]


@pytest.mark.parametrize("config,shapes", DATA)
def test_gqa_warns_exactly_when_keras_builds_it_but_fails_on_data(config, shapes):
    import numpy as np

    from designer.engine import infer_document
    from designer.engine.explain import explain_design
    from designer.model import Document, LayerNode, Source
    from keras_oracle import keras

    config = {"head_dim": 2, "num_query_heads": 2, "num_key_value_heads": 1, **config}
    xs = [keras.Input(s) for s in shapes]
    model = keras.Model(xs, keras.layers.GroupQueryAttention(**config)(*xs))
    try:
        model.predict([np.ones((1, *(d or 6 for d in s))) for s in shapes], verbose=0)
        runs = True
    except Exception:  # what Keras raises differs by path (a ValueError or a TF graph error)
        runs = False
    names = [f"x{i}" for i in range(len(shapes))]
    doc = Document("gqa", [*(LayerNode(n, "InputLayer", {"shape": list(s)}) for n, s in zip(names, shapes)),
                           LayerNode("layer", GQA, config, tuple(Source(n) for n in names))])
    inference = infer_document(doc)
    assert inference["layer"].outputs == [tuple(model.output.shape)]
    (e,) = [e for e in explain_design(doc, inference, with_fixes=False) if e.id == "layer"]
    assert any(w.kind.startswith("gqa_") or w.kind == "flash_attention" for w in e.warnings) == (not runs), e.warnings
