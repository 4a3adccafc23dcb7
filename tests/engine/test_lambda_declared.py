"""A Lambda's declared ``output_shape`` against Keras: the first input's batch size and the declared shape, with one
input or several (Keras's ``compute_output_shape`` takes the batch of the first flattened input shape)."""

from __future__ import annotations

import pytest

from designer.engine import infer_document
from designer.model import Document, LayerNode, Source

pytestmark = pytest.mark.keras

CASES = [
    ([(None, 4)], [2]),
    ([(None, 4), (None, 4)], [2]),
    ([(3, 4), (None, 4)], [2]),
    ([(None, 4), (3, 4)], [5, 6]),
    ([(None, 4, 7), (None, 4)], [None, 3]),
]


@pytest.mark.parametrize("inputs,output_shape", CASES)
def test_lambda_output_shape_agrees_with_keras(inputs, output_shape):
    import keras

    xs = [keras.Input(batch_shape=s) for s in inputs]
    out = keras.layers.Lambda(lambda t: t, output_shape=tuple(output_shape))(xs if len(xs) > 1 else xs[0])
    names = [f"x{i}" for i in range(len(inputs))]
    doc = Document("lambda", [
        *(LayerNode(n, "InputLayer", {"batch_shape": list(s)}) for n, s in zip(names, inputs)),
        LayerNode("lam", "Lambda", {"output_shape": output_shape}, tuple(Source(n) for n in names)),
    ])
    result = infer_document(doc)["lam"]
    assert result.source == "declared" and result.outputs == [tuple(out.shape)]
