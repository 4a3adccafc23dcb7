"""Text and categorical preprocessing against Keras: every output_mode that changes a shape, and the refusals."""

import pytest

from keras_oracle import assert_agrees, assert_design_agrees
from designer.model import Document, LayerNode, Source

pytestmark = pytest.mark.keras

N = None
SHAPES = [(N,), (N, 5), (N, 5, 2), (N, N), (N, 5, 1)]
VOCAB = ["a", "b", "c"]
IDS = [1, 2, 3]


def _lookups():
    for name, vocab in (("StringLookup", VOCAB), ("IntegerLookup", IDS)):
        for mode in ("int", "one_hot", "multi_hot", "count", "tf_idf"):
            extra = {"idf_weights": [1.0, 1.0, 1.0]} if mode == "tf_idf" else {}
            for shape in SHAPES:
                yield name, {"vocabulary": vocab, "output_mode": mode, **extra}, [shape]
        yield name, {}, [(N, 5)]
        yield name, {"output_mode": "one_hot"}, [(N, 5)]
        yield name, {"max_tokens": 10, "output_mode": "multi_hot"}, [(N, 5)]
        yield name, {"max_tokens": 10, "output_mode": "multi_hot", "pad_to_max_tokens": True}, [(N, 5)]
        yield name, {"vocabulary": vocab, "output_mode": "one_hot", "num_oov_indices": 2}, [(N, 5)]
        yield name, {"vocabulary": vocab[:2], "output_mode": "one_hot", "mask_token": vocab[2]}, [(N, 5)]
        yield name, {"max_tokens": 1}, [(N, 5)]
        yield name, {"pad_to_max_tokens": True}, [(N, 5)]
        yield name, {"num_oov_indices": -1}, [(N, 5)]
        yield name, {"invert": True, "output_mode": "one_hot"}, [(N, 5)]
        yield name, {"sparse": True}, [(N, 5)]
        yield name, {"idf_weights": [1.0], "vocabulary": vocab[:1]}, [(N, 5)]
        yield name, {"vocabulary": vocab, "output_mode": "tf_idf"}, [(N, 5)]
        yield name, {"vocabulary": vocab, "max_tokens": 3}, [(N, 5)]
        yield name, {"output_mode": "binary"}, [(N, 5)]


def _text():
    name = "TextVectorization"
    for mode in ("int", "multi_hot", "count"):
        for shape in SHAPES:
            yield name, {"max_tokens": 20, "output_mode": mode}, [shape]
            yield name, {"max_tokens": 20, "output_mode": mode, "split": None}, [shape]
    for shape in SHAPES:
        yield name, {"vocabulary": ["a", "b"], "idf_weights": [1.0, 1.0], "output_mode": "tf_idf"}, [shape]
        yield name, {"output_sequence_length": 7}, [shape]
    yield name, {"max_tokens": 20, "output_mode": "multi_hot", "pad_to_max_tokens": True}, [(N,)]
    yield name, {"vocabulary": ["a", "b"], "output_mode": "count"}, [(N,)]
    yield name, {"output_mode": "count", "output_sequence_length": 7}, [(N,)]
    yield name, {"output_mode": "one_hot"}, [(N,)]
    yield name, {"max_tokens": 1}, [(N,)]


def _encodings():
    for mode in ("one_hot", "multi_hot", "count"):
        for shape in [*SHAPES, (N, 5, 2, 3)]:
            yield "CategoryEncoding", {"num_tokens": 6, "output_mode": mode}, [shape]
            yield "Hashing", {"num_bins": 4, "output_mode": mode}, [shape]
            yield "Discretization", {"bin_boundaries": [0.0, 1.0, 2.0], "output_mode": mode}, [shape]
    for shape in SHAPES:
        yield "Hashing", {"num_bins": 4}, [shape]
        yield "Discretization", {"bin_boundaries": [0.0, 1.0]}, [shape]
    yield "CategoryEncoding", {}, [(N, 5)]
    yield "CategoryEncoding", {"num_tokens": 0}, [(N, 5)]
    yield "CategoryEncoding", {"num_tokens": 3, "output_mode": "int"}, [(N, 5)]
    yield "Hashing", {"num_bins": 0}, [(N, 5)]
    yield "Hashing", {"num_bins": 4, "sparse": True}, [(N, 5)]
    yield "Hashing", {"num_bins": 4, "output_mode": "tf_idf"}, [(N, 5)]
    yield "Discretization", {}, [(N, 5)]
    yield "Discretization", {"num_bins": 4, "output_mode": "one_hot"}, [(N, 5)]
    yield "Discretization", {"num_bins": -1}, [(N, 5)]
    yield "Discretization", {"num_bins": 3, "bin_boundaries": [0.0]}, [(N, 5)]
    yield "Discretization", {"bin_boundaries": [0.0], "sparse": True}, [(N, 5)]


CASES = [*_lookups(), *_text(), *_encodings()]


@pytest.mark.parametrize("class_name,config,inputs", CASES)
def test_categorical_table(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)


def test_string_inputs_through_the_input_layer_dtype():
    """The text-classification tutorial's front: string Input → TextVectorization → Embedding."""
    doc = Document("text", [
        LayerNode("text", "InputLayer", {"shape": [], "dtype": "string"}),
        LayerNode("vectorize", "TextVectorization", {"max_tokens": 100, "output_sequence_length": 12},
                  (Source("text"),)),
        LayerNode("embed", "Embedding", {"input_dim": 100, "output_dim": 8}, (Source("vectorize"),)),
        LayerNode("ids", "InputLayer", {"shape": [3], "dtype": "string"}),
        LayerNode("lookup", "StringLookup", {"vocabulary": ["x", "y"], "output_mode": "multi_hot"}, (Source("ids"),)),
    ])
    inference = assert_design_agrees(doc)
    assert inference["embed"].outputs == [(None, 12, 8)] and inference["lookup"].outputs == [(None, 3)]


MORE = [
    ("StringLookup", {"vocabulary": VOCAB, "output_mode": "binary"}, [(N, 5)]),
    ("StringLookup", {"vocabulary": VOCAB, "mask_token": "", "output_mode": "int"}, [(N, 5)]),
    ("TextVectorization", {"max_tokens": 20, "output_mode": "binary"}, [(N,)]),
    ("TextVectorization", {"vocabulary": ["a", "b"], "output_mode": "one_hot"}, [(N,)]),
    ("TextVectorization", {"vocabulary": ["a", "b"], "output_mode": "multi_hot", "split": None}, [(N, 1)]),
]


@pytest.mark.parametrize("class_name,config,inputs", MORE)
def test_categorical_more(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)
