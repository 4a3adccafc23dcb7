"""The importer's table of ``keras.ops`` / ``keras.activations`` functions, checked against what Keras records.

For every function the importer knows (`designer.export.pysource.operations`), Keras builds a functional
model applying it to a symbolic tensor with only its required arguments; the operation Keras records must
have the table's class and module, and its config the table's arguments with the table's defaults.
"""

from __future__ import annotations

import json

import pytest

from designer.export.pysource.operations import BACKEND_FUNCTIONS, KERAS_ACTIVATIONS, OPERATIONS, TF_FUNCTIONS, Op

pytestmark = pytest.mark.keras

TENSORS = ("x", "x1", "x2", "xs", "images")
REQUIRED = {"reshape": {"newshape": (-1, 24)}, "expand_dims": {"axis": 1}, "split": {"indices_or_sections": 2},
            "image.resize": {"size": (2, 3)}, "image.extract_patches": {"size": 2}}
"""Arguments a function cannot go without (every other argument is left to its default)."""


def _recorded(function, name: str) -> dict:
    import keras

    keras.backend.clear_session()
    x = keras.Input(shape=(4, 6, 3) if name.startswith("image.") else (4, 6))
    args = {"stack": ([x, x],), "concatenate": ([x, x],)}.get(name, (x,))
    if name in ("matmul", "maximum", "minimum"):
        other = keras.Input(shape=(6, 2) if name == "matmul" else (4, 6))
        model = keras.Model([x, other], function(x, other))
    else:
        model = keras.Model(x, function(*args, **REQUIRED.get(name, {})))
    layers = json.loads(model.to_json())["config"]["layers"]
    ops = [item for item in layers if item["class_name"] != "InputLayer"]
    assert len(ops) == 1, ops
    return ops[0]


def _check(op: Op, item: dict, name: str) -> None:
    assert (item["class_name"], item["module"]) == (op.cls, op.module), name
    config = {k: v for k, v in item["config"].items() if k != "name"}
    assert set(config) == set(op.params) - set(TENSORS), (name, config)
    for key, default in op.defaults.items():
        if key not in REQUIRED.get(name, {}):
            assert config[key] == default, (name, key, config[key])


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_keras_ops_functions_record_the_operation_of_the_table(name):
    import keras

    function = keras.ops
    for part in name.split("."):
        function = getattr(function, part)
    _check(OPERATIONS[name], _recorded(function, name), name)


@pytest.mark.parametrize("name", sorted(KERAS_ACTIVATIONS))
def test_keras_activations_on_a_tensor_record_the_operation_of_the_table(name):
    import keras

    _check(KERAS_ACTIVATIONS[name], _recorded(getattr(keras.activations, name), name), name)


@pytest.mark.parametrize("name", sorted(TF_FUNCTIONS))
def test_tensorflow_functions_read_as_keras_ops_fail_on_keras_tensors_as_the_importer_tells(name):
    import keras
    import tensorflow as tf

    x = keras.Input(shape=(4, 6))
    args = {"stack": ([x, x],), "matmul": (x, x), "reshape": (x, (-1, 24)), "split": (x, 2), "concat": ([x, x], 1),
            "expand_dims": (x, 1)}.get(name, (x,))
    with pytest.raises(ValueError, match="KerasTensor cannot be used as input to a TensorFlow function"):
        getattr(tf, name)(*args)


def test_keras2_backend_functions_are_absent_from_keras3_as_the_importer_tells():
    import keras

    assert not [name for name in BACKEND_FUNCTIONS if hasattr(keras.backend, name)]
    assert not hasattr(keras.backend, "int_shape") and not hasattr(keras.backend, "concatenate")


def test_every_other_spelling_names_a_keras_ops_function_and_its_arguments():
    for spelling in (*TF_FUNCTIONS.values(), *BACKEND_FUNCTIONS.values()):
        op = OPERATIONS[spelling.ops]
        assert set(spelling.renames.values()) | set(spelling.defaults) <= set(op.params), spelling


def _conversion_cases():
    from keras import activations, ops

    rows = slice(None), slice(1, 3)
    return [
        ("Reshape", {"newshape": (-1, 24)}, [(4, 6)], lambda x: ops.reshape(x, (-1, 24))),
        ("Transpose", {"axes": (0, 2, 1)}, [(4, 6)], lambda x: ops.transpose(x, (0, 2, 1))),
        ("ExpandDims", {"axis": -1}, [(4, 6)], lambda x: ops.expand_dims(x, -1)),
        ("Squeeze", {"axis": 1}, [(1, 6)], lambda x: ops.squeeze(x, 1)),
        ("Squeeze", {"axis": None}, [(1, 6, 1)], lambda x: ops.squeeze(x)),
        ("Mean", {"axis": 1, "keepdims": False}, [(4, 6)], lambda x: ops.mean(x, axis=1)),
        ("Mean", {"axis": (1, 2), "keepdims": True}, [(4, 5, 3)], lambda x: ops.mean(x, (1, 2), keepdims=True)),
        ("Max", {"axis": -2, "keepdims": False, "initial": None}, [(4, 6)], lambda x: ops.max(x, axis=-2)),
        ("Matmul", {}, [(4, 6), (6, 2)], lambda a, b: ops.matmul(a, b)),
        ("Concatenate", {"axis": -2}, [(4, 6), (3, 6)], lambda a, b: ops.concatenate([a, b], axis=-2)),
        ("Softmax", {"axis": 1}, [(4, 6)], lambda x: ops.softmax(x, axis=1)),
        ("GetItem", {"key": rows}, [(4, 6)], lambda x: x[rows]),
        ("GetItem", {"key": (slice(None), slice(1, -1), slice(0, 2))}, [(4, 5, 3)], lambda x: x[:, 1:-1, 0:2]),
        ("Resize", {"size": (2, 3), "interpolation": "nearest", "antialias": False, "crop_to_aspect_ratio": False,
                    "pad_to_aspect_ratio": False, "fill_mode": "constant", "fill_value": 0.0, "data_format": None},
         [(4, 6, 3)], lambda x: ops.image.resize(x, (2, 3), interpolation="nearest")),
        ("ReLU", {"negative_slope": 0.0, "max_value": None, "threshold": 0.0}, [(4, 6)], activations.relu),
        ("Gelu", {"approximate": False}, [(4, 6)], activations.gelu),
        ("Elu", {"alpha": 1.0}, [(4, 6)], activations.elu),
        ("LeakyRelu", {"negative_slope": 0.2}, [(4, 6)], activations.leaky_relu),
        ("LogSoftmax", {"axis": -1}, [(4, 6)], activations.log_softmax),
    ]


def test_each_operation_read_as_a_catalog_layer_computes_the_same_numbers_in_keras():
    """The layer `as_catalog_layer` gives for an operation, built by Keras, returns what the operation returns."""
    import keras
    import numpy as np

    from designer.export.pysource.operations import as_catalog_layer

    rng = np.random.default_rng(0)
    for cls, bound, shapes, op in _conversion_cases():
        converted = as_catalog_layer(cls, bound, [(None, *s) for s in shapes])
        assert converted is not None, cls
        layer_cls, config = converted
        layer = getattr(keras.layers, layer_cls)(**config)
        data = [rng.normal(size=(2, *s)).astype("float32") for s in shapes]
        want = keras.ops.convert_to_numpy(op(*data))
        got = keras.ops.convert_to_numpy(layer(data if len(data) > 1 else data[0]))
        assert got.shape == want.shape and np.allclose(got, want, atol=1e-5), (cls, layer_cls, config)
