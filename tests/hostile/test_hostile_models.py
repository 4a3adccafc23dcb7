"""Designs the engine used to call valid but Keras refuses (or reads as something else): now refused, each refusal
checked against real Keras."""

from __future__ import annotations

import math

import pytest

from designer.engine import infer_document
from designer.engine.layer_infer import infer_layer
from designer.model import DocumentError, document_from_dict
from hostile_designs import design

LAMBDA = {"class_name": "__lambda__", "config": {"code": "x", "defaults": None, "closure": None}}
LAYER_CASES = [
    ("Dropout", {"rate": math.nan}, False),
    ("Dense", {"units": 10**30}, False),
    ("Dense", {"units": 2, "activation": LAMBDA}, False),
    ("Dense", {"units": 2, "activation": {"class_name": "function", "config": "system", "module": "os"}}, False),
    ("Dense", {"units": 2, "activation": {"class_name": "function", "config": "relu",
                                          "module": "keras.activations"}}, True),
    ("Dense", {"units": 2, "kernel_initializer": {"class_name": "Evil", "config": {}}}, False),
    ("Dense", {"units": 2, "kernel_initializer": {"class_name": "system", "config": {}, "module": "os"}}, False),
    ("Dense", {"units": 2, "kernel_initializer": {"class_name": "GlorotUniform", "config": {"seed": None}}}, True),
    ("Dense", {"units": 2, "kernel_regularizer": {"class_name": "Evil", "config": {}}}, False),
    ("Dense", {"units": 2, "kernel_regularizer": {"class_name": "L2", "config": {"l2": 0.01}}}, True),
    ("Dense", {"units": 2, "dtype": {"class_name": "Evil", "config": {"name": "float32"}}}, False),
    ("Dense", {"units": 2, "dtype": {"class_name": "DTypePolicy", "config": {"name": "float32"}}}, True),
]


@pytest.mark.parametrize("class_name, config, valid", LAYER_CASES)
def test_engine_refuses_what_keras_refuses(class_name, config, valid):
    result = infer_layer(class_name, config, [(None, 4)])
    assert (result.error is None) is valid, result.error


def test_weights_past_a_tebibyte_are_more_memory_than_exists():
    data = design()
    data["layers"][1]["config"]["units"] = 10**12
    inference = infer_document(document_from_dict(data))
    assert not inference.valid and "more than any computer has" in inference["dense"].error


@pytest.mark.keras
def test_keras_cannot_build_weights_past_a_tebibyte():
    from designer.export.build import build_design
    from designer.export.build_protocol import Outcome, outcome

    data = design()
    data["layers"][1]["config"]["units"] = 10**12
    report = build_design(document_from_dict(data), force=True)
    assert outcome(report) is Outcome.FAILED and "memory" in report.error


def test_output_index_a_layer_does_not_have_is_refused():
    inference = infer_document(document_from_dict(design(outputs=[["dense", 1]])))
    assert not inference.valid and "only 1 output" in inference["dense"].error


def test_empty_outputs_is_refused():
    with pytest.raises(DocumentError, match="at least one output"):
        document_from_dict(design(outputs=[]))


def test_two_inputs_with_one_name_are_refused():
    data = design()
    data["layers"][0]["config"] = {"name": "x", "shape": [4]}
    data["layers"].append({"id": "input2", "class_name": "InputLayer", "config": {"name": "x", "shape": [4]},
                           "inbound": []})
    data["layers"].append({"id": "add", "class_name": "Add", "config": {}, "inbound": ["input", "input2"]})
    inference = infer_document(document_from_dict(data))
    assert not inference.valid and "unique" in inference["input2"].error


@pytest.mark.keras
def test_each_refusal_is_keras_own():
    from keras_oracle import assert_agrees, keras

    for class_name, config, _ in LAYER_CASES:
        assert_agrees(class_name, config, [(None, 4)])
    a, b = keras.Input((4,), name="x"), keras.Input((4,), name="x")
    with pytest.raises(ValueError, match="unique"):
        keras.Model([a, b], keras.layers.Add()([a, b]))
    with pytest.raises(ValueError, match="cannot be empty"):
        keras.Model(a, [])
    inp = keras.Input((4,), name="inp")
    model = keras.Model(inp, keras.layers.Dense(2, name="dense")(inp))
    config = model.get_config()
    config["output_layers"] = [["dense", 0, 1]]  # output 1 of a one-output layer
    with pytest.raises(IndexError):  # Keras has no output 1 of a one-output layer
        keras.Model.from_config(config)
