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

TENSORS = ("x", "x1", "x2", "images")
REQUIRED = {"reshape": {"newshape": (-1, 24)}, "expand_dims": {"axis": 1}, "split": {"indices_or_sections": 2},
            "image.resize": {"size": (2, 3)}, "image.extract_patches": {"size": 2}}
"""Arguments a function cannot go without (every other argument is left to its default)."""


def _recorded(function, name: str) -> dict:
    import keras

    keras.backend.clear_session()
    x = keras.Input(shape=(4, 6, 3) if name.startswith("image.") else (4, 6))
    args = {"stack": ([x, x],)}.get(name, (x,))
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
    args = {"stack": ([x, x],), "matmul": (x, x), "reshape": (x, (-1, 24)), "split": (x, 2),
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
