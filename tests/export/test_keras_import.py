"""Importing real Keras models: every layer's shape and params in the design equal Keras's.

Each model is built in TensorFlow Keras, saved as ``to_json``, ``.keras`` and
legacy ``.h5`` with the recorded shapes stripped, imported, and inferred by the
engine alone. Keras 2 / tf.keras layouts are written by hand and compared with
the same model built in Keras 3.
"""

from __future__ import annotations

import json

import pytest

keras = pytest.importorskip("keras")

from keras import layers  # noqa: E402
from keras_import_support import SAVERS, assert_import_agrees, save_json  # noqa: E402

from designer.export.keras_import import import_model  # noqa: E402

pytestmark = [pytest.mark.keras, pytest.mark.filterwarnings("ignore::DeprecationWarning:keras.*")]

ROUTES = sorted(SAVERS)


# Hand-built models ------------------------------------------------------------

def sequential_cnn():
    return keras.Sequential([
        keras.Input((28, 28, 1), name="image"),
        layers.Conv2D(8, 3, activation="relu", kernel_regularizer=keras.regularizers.L2(1e-4), name="conv"),
        layers.MaxPooling2D(name="pool"),
        layers.BatchNormalization(name="bn"),
        layers.Conv2D(4, 3, padding="same", use_bias=False, kernel_initializer="he_normal", name="conv2"),
        layers.Flatten(name="flat"),
        layers.Dropout(0.5, name="drop"),
        layers.Dense(10, activation="softmax", name="out"),
    ], name="cnn")


def shared_layers():
    a, b = keras.Input((8,), name="a"), keras.Input((8,), name="b")
    shared = layers.Dense(8, activation="relu", name="shared")
    x1, x2 = shared(a), shared(b)
    x3 = shared(layers.Add(name="add")([x1, x2]))
    merged = layers.Concatenate(name="concat")([x1, x2, x3])
    return keras.Model([a, b], layers.Dense(1, name="out")(merged), name="siamese")


def lstm_states():
    x = keras.Input((12, 5), name="x")
    seq, h, c = layers.LSTM(6, return_sequences=True, return_state=True, name="lstm")(x)
    states = layers.Concatenate(name="states")([h, c])
    head = layers.Dense(3, name="head")(states)
    per_step = layers.TimeDistributed(layers.Dense(2), name="per_step")(seq)
    both = layers.Bidirectional(layers.GRU(4), name="bigru")(seq)
    return keras.Model(x, [head, per_step, both, h], name="states")


def nested_models():
    encoder = keras.Sequential([keras.Input((10,)), layers.Dense(6, name="d1"), layers.Dense(4, name="d2")],
                               name="encoder")
    i = keras.Input((4,), name="i")
    head = keras.Model(i, layers.Dense(2, name="proj")(layers.ReLU(name="act")(i)), name="head")
    lazy = keras.Sequential([layers.Dense(3, name="p1"), layers.Dropout(0.1, name="p2")], name="lazy")
    x, y = keras.Input((10,), name="x"), keras.Input((10,), name="y")
    ex, ey = encoder(x), encoder(y)
    out = head(layers.Subtract(name="diff")([ex, ey]))
    return keras.Model([x, y], [out, lazy(ex)], name="nested")


def attention_block():
    x = keras.Input((16, 32), name="tokens")
    attn = layers.MultiHeadAttention(4, 8, name="self_attn")(x, x)
    x1 = layers.LayerNormalization(name="norm1")(layers.Add(name="res1")([x, attn]))
    cross = layers.MultiHeadAttention(2, 16, value_dim=8, name="kw_attn")(query=x1, value=x, key=x1)
    ffn = layers.Dense(32, name="ffn2")(layers.Dense(64, activation="gelu", name="ffn1")(cross))
    out = layers.LayerNormalization(name="norm2")(layers.Add(name="res2")([x1, ffn]))
    return keras.Model(x, layers.GlobalAveragePooling1D(name="pool")(out), name="transformer")


def operations():
    """Arithmetic written with operators and keras.ops: not layers, imported as equivalent layers."""
    x = keras.Input((6,), name="x")
    y = layers.Dense(6, name="d")(x)
    hard_sigmoid = layers.ReLU(6.0, name="relu6")(y + 3.0) * (1.0 / 6.0)
    z = keras.ops.maximum(hard_sigmoid, y) - keras.ops.minimum(y, x)
    return keras.Model(x, [2.0 - z / 4.0, z * y], name="operations")


def transfer_learning():
    """A whole application used as the first layer of a Sequential."""
    base = keras.applications.MobileNetV2(include_top=False, weights=None, input_shape=(96, 96, 3))
    base.trainable = False
    return keras.Sequential([base, layers.GlobalAveragePooling2D(name="gap"), layers.Dense(5, name="cls")],
                            name="transfer")


HAND_BUILT = [sequential_cnn, shared_layers, lstm_states, nested_models, attention_block, operations,
              transfer_learning]


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("build", HAND_BUILT, ids=lambda f: f.__name__)
def test_hand_built_models_import_with_keras_shapes_and_params(build, route, tmp_path):
    model = build()
    assert_import_agrees(model, SAVERS[route](model, tmp_path))


def test_shared_layer_nodes_have_one_config_and_name(tmp_path):
    doc = import_model(save_json(shared_layers(), tmp_path)).document
    calls = [doc.layer(i) for i in ("shared", "shared__2", "shared__3")]
    assert all(n.config == calls[0].config and n.config["name"] == "shared" for n in calls)
    assert [s.layer for s in doc.layer("concat").inbound] == ["shared", "shared__2", "shared__3"]


def test_multi_output_and_keyword_attention_inputs_are_wired_in_order(tmp_path):
    doc = import_model(save_json(lstm_states(), tmp_path)).document
    assert [s.to_json() for s in doc.layer("states").inbound] == [["lstm", 1], ["lstm", 2]]
    assert [s.to_json() for s in doc.explicit_outputs] == ["head", "per_step", "bigru", ["lstm", 1]]
    assert "backward_layer" not in doc.layer("bigru").config
    doc = import_model(save_json(attention_block(), tmp_path)).document
    assert [s.layer for s in doc.layer("kw_attn").inbound] == ["norm1", "tokens", "norm1"]
    assert doc.layer("self_attn").config["num_heads"] == 4


def test_nested_models_are_flattened_with_prefixed_ids(tmp_path):
    result = import_model(save_json(nested_models(), tmp_path))
    doc = result.document
    assert [s.layer for s in doc.layer("encoder_d1").inbound] == ["x"]
    assert [s.layer for s in doc.layer("encoder_d1__2").inbound] == ["y"]
    assert doc.layer("encoder_d1__2").config == doc.layer("encoder_d1").config
    assert [s.layer for s in doc.layer("head_act").inbound] == ["diff"]
    assert [s.layer for s in doc.layer("lazy_p1").inbound] == ["encoder_d2"]
    assert [s.to_json() for s in doc.explicit_outputs] == ["head_proj", "lazy_p2"]
    assert any("flattened" in n for n in result.notes)


def test_configs_keep_only_non_default_arguments(tmp_path):
    doc = import_model(save_json(sequential_cnn(), tmp_path)).document
    assert doc.layer("image").config == {"name": "image", "shape": [28, 28, 1]}
    assert doc.layer("conv").config == {
        "name": "conv", "filters": 8, "kernel_size": [3, 3], "activation": "relu",
        "kernel_regularizer": {"class_name": "L2", "config": {"l2": 0.0001}},
    }
    assert doc.layer("conv2").config["kernel_initializer"] == "he_normal"
    assert doc.layer("pool").config == {"name": "pool"}
    assert doc.layer("out").config == {"name": "out", "units": 10, "activation": "softmax"}


def test_default_object_configs_are_keras_own():
    """Every object Keras builds without arguments is recognised as its plain name."""
    from designer.export._import_config import DEFAULT_CONFIGS, _is_default_config, canonical

    modules = (keras.initializers, keras.regularizers, keras.constraints)
    classes = {canonical(n): getattr(m, n) for m in modules for n in dir(m) if n[:1].isupper()}
    for key in DEFAULT_CONFIGS:
        obj = classes[key]()
        assert _is_default_config(type(obj).__name__, obj.get_config()), (key, obj.get_config())
    assert not _is_default_config("L2", keras.regularizers.L2(0.5).get_config())
    assert not _is_default_config("HeNormal", keras.initializers.HeNormal(seed=3).get_config())


# keras.applications ------------------------------------------------------------

APPLICATIONS = ["MobileNetV2", "ResNet50", "DenseNet121", "EfficientNetB0"]
APPLICATION_ROUTES = [(name, "json") for name in APPLICATIONS] + [
    ("MobileNetV2", "keras"), ("MobileNetV2", "h5"), ("EfficientNetB0", "keras"), ("EfficientNetB0", "h5")]


@pytest.fixture(scope="module")
def applications():
    built: dict = {}

    def get(name):
        if name not in built:
            built[name] = getattr(keras.applications, name)(weights=None)
        return built[name]

    return get


@pytest.mark.parametrize("name,route", APPLICATION_ROUTES, ids=[f"{n}-{r}" for n, r in APPLICATION_ROUTES])
def test_keras_applications_import_with_full_agreement(applications, name, route, tmp_path):
    model = applications(name)
    result, inference = assert_import_agrees(model, SAVERS[route](model, tmp_path))
    assert inference.valid
    assert len(result.document) == len(model.layers)


# Keras 2 / tf.keras layouts, written by hand -------------------------------------

GLOROT = {"class_name": "GlorotUniform", "config": {"seed": None}}
ZEROS = {"class_name": "Zeros", "config": {}}
ONES = {"class_name": "Ones", "config": {}}


def keras2_dense(name, units, activation="linear", **extra):
    return {"name": name, "trainable": True, "dtype": "float32", "units": units, "activation": activation,
            "use_bias": True, "kernel_initializer": GLOROT, "bias_initializer": ZEROS, "kernel_regularizer": None,
            "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None,
            "bias_constraint": None, **extra}


KERAS2_SEQUENTIAL = {"class_name": "Sequential", "keras_version": "2.15.0", "backend": "tensorflow", "config": {
    "name": "legacy_cnn", "layers": [
        {"class_name": "Conv2D", "config": {
            "name": "conv", "trainable": True, "batch_input_shape": [None, 28, 28, 1], "dtype": "float32",
            "filters": 8, "kernel_size": [3, 3], "strides": [1, 1], "padding": "valid",
            "data_format": "channels_last", "dilation_rate": [1, 1], "groups": 1, "activation": "relu",
            "use_bias": True, "kernel_initializer": GLOROT, "bias_initializer": ZEROS, "kernel_regularizer": None,
            "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None,
            "bias_constraint": None}},
        {"class_name": "BatchNormalization", "config": {
            "name": "bn", "trainable": True, "dtype": "float32", "axis": [3], "momentum": 0.99, "epsilon": 0.001,
            "center": True, "scale": True, "beta_initializer": ZEROS, "gamma_initializer": ONES,
            "moving_mean_initializer": ZEROS, "moving_variance_initializer": ONES, "beta_regularizer": None,
            "gamma_regularizer": None, "beta_constraint": None, "gamma_constraint": None}},
        {"class_name": "LeakyReLU", "config": {"name": "leaky", "trainable": True, "dtype": "float32", "alpha": 0.2}},
        {"class_name": "MaxPooling2D", "config": {"name": "pool", "trainable": True, "dtype": "float32",
                                                  "pool_size": [2, 2], "padding": "valid", "strides": [2, 2],
                                                  "data_format": "channels_last"}},
        {"class_name": "Flatten", "config": {"name": "flat", "trainable": True, "dtype": "float32",
                                             "data_format": "channels_last"}},
        {"class_name": "Dense", "config": keras2_dense("out", 10, "softmax")},
    ]}}


def test_keras2_sequential_with_batch_input_shape(tmp_path):
    path = tmp_path / "legacy.json"
    path.write_text(json.dumps(KERAS2_SEQUENTIAL))
    model = keras.Sequential([
        keras.Input((28, 28, 1), name="conv_input"), layers.Conv2D(8, 3, activation="relu", name="conv"),
        layers.BatchNormalization(axis=3, name="bn"), layers.LeakyReLU(0.2, name="leaky"),
        layers.MaxPooling2D(name="pool"), layers.Flatten(name="flat"), layers.Dense(10, name="out"),
    ], name="legacy_cnn")
    result, _ = assert_import_agrees(model, path)
    doc = result.document
    assert doc.layer("bn").config == {"name": "bn", "axis": 3}
    assert doc.layer("leaky").config == {"name": "leaky", "negative_slope": 0.2}
    assert "Keras 2" in result.notes[0]


def keras2_layer(class_name, config, inbound):
    return {"class_name": class_name, "config": config, "name": config["name"], "inbound_nodes": inbound}


KERAS2_FUNCTIONAL = {"class_name": "Functional", "keras_version": "2.15.0", "backend": "tensorflow", "config": {
    "name": "legacy_graph",
    "layers": [
        keras2_layer("InputLayer", {"batch_input_shape": [None, 10, 16], "dtype": "float32", "sparse": False,
                                    "ragged": False, "name": "x"}, []),
        keras2_layer("MultiHeadAttention", {
            "name": "mha", "trainable": True, "dtype": "float32", "num_heads": 2, "key_dim": 8, "value_dim": 8,
            "dropout": 0.0, "use_bias": True, "output_shape": None, "attention_axes": [1],
            "kernel_initializer": GLOROT, "bias_initializer": ZEROS, "kernel_regularizer": None,
            "bias_regularizer": None, "activity_regularizer": None, "kernel_constraint": None,
            "bias_constraint": None, "query_shape": [None, 10, 16], "key_shape": [None, 10, 16],
            "value_shape": [None, 10, 16]},
            [[["x", 0, 0, {"value": ["x", 0, 0]}]]]),
        keras2_layer("Dense", keras2_dense("shared", 16), [[["mha", 0, 0, {}]], [["shared", 0, 0, {}]]]),
        keras2_layer("Add", {"name": "add", "trainable": True, "dtype": "float32"},
                     [[["shared", 0, 0, {}], ["shared", 1, 0, {}]]]),
        keras2_layer("LSTM", {
            "name": "lstm", "trainable": True, "dtype": "float32", "return_sequences": False,
            "return_state": True, "go_backwards": False, "stateful": False, "unroll": False, "time_major": False,
            "units": 4, "activation": "tanh", "recurrent_activation": "sigmoid", "use_bias": True,
            "kernel_initializer": GLOROT, "recurrent_initializer": {"class_name": "Orthogonal",
                                                                     "config": {"gain": 1.0, "seed": None}},
            "bias_initializer": ZEROS, "unit_forget_bias": True, "dropout": 0.0, "recurrent_dropout": 0.0,
            "implementation": 2}, [[["add", 0, 0, {}]]]),
        keras2_layer("Concatenate", {"name": "concat", "trainable": True, "dtype": "float32", "axis": -1},
                     [[["lstm", 0, 1, {}], ["lstm", 0, 2, {}]]]),
    ],
    "input_layers": [["x", 0, 0]],
    "output_layers": [["concat", 0, 0], ["lstm", 0, 0]]}}


def test_keras2_functional_with_inbound_node_lists(tmp_path):
    path = tmp_path / "legacy_graph.json"
    path.write_text(json.dumps(KERAS2_FUNCTIONAL))
    x = keras.Input((10, 16), name="x")
    attn = layers.MultiHeadAttention(2, 8, name="mha")(x, x)
    shared = layers.Dense(16, name="shared")
    s1 = shared(attn)
    added = layers.Add(name="add")([s1, shared(s1)])
    out, h, c = layers.LSTM(4, return_state=True, name="lstm")(added)
    model = keras.Model(x, [layers.Concatenate(name="concat")([h, c]), out], name="legacy_graph")
    result, _ = assert_import_agrees(model, path)
    doc = result.document
    assert [s.layer for s in doc.layer("mha").inbound] == ["x", "x"]
    assert [s.to_json() for s in doc.layer("concat").inbound] == [["lstm", 1], ["lstm", 2]]
    assert any("LSTM (implementation)" in n for n in result.notes), result.notes


KERAS2_OPS = {"class_name": "Functional", "config": {
    "name": "legacy_ops",
    "layers": [
        keras2_layer("InputLayer", {"batch_input_shape": [None, 4], "dtype": "float32", "name": "x"}, []),
        keras2_layer("Dense", keras2_dense("d", 4), [[["x", 0, 0, {}]]]),
        keras2_layer("TFOpLambda", {"name": "tf.__operators__.add", "trainable": True, "dtype": "float32",
                                    "function": "__operators__.add"},
                     [[["d", 0, 0, {"y": 3.0, "name": None}]]]),
        keras2_layer("TFOpLambda", {"name": "tf.math.multiply", "trainable": True, "dtype": "float32",
                                    "function": "math.multiply"},
                     [[["tf.__operators__.add", 0, 0, {"y": ["d", 0, 0], "name": None}]]]),
        keras2_layer("TFOpLambda", {"name": "tf.compat.v1.gather", "trainable": True, "dtype": "float32",
                                    "function": "compat.v1.gather"},
                     [[["tf.math.multiply", 0, 0, {"indices": 0, "name": None}]]]),
    ],
    "input_layers": [["x", 0, 0]],
    "output_layers": [["tf.math.multiply", 0, 0], ["tf.compat.v1.gather", 0, 0]]}}


def test_keras2_tf_operations_become_equivalent_layers():
    from designer.engine import infer_document
    from designer.export.keras_import import import_model_config

    result = import_model_config(KERAS2_OPS)
    doc = result.document
    assert doc.layer("tf.__operators__.add").class_name == "Rescaling"
    assert doc.layer("tf.__operators__.add").config == {"name": "tf.__operators__.add", "scale": 1.0,
                                                        "offset": 3.0}
    assert doc.layer("tf.math.multiply").class_name == "Multiply"
    assert [s.layer for s in doc.layer("tf.math.multiply").inbound] == ["tf.__operators__.add", "d"]
    inference = infer_document(doc)
    assert inference["tf.math.multiply"].outputs == [(None, 4)]
    assert "TFOpLambda is not in the designer's catalog" in inference["tf.compat.v1.gather"].unknown
    assert inference.valid


KERAS2_NESTED = {"class_name": "Functional", "config": {
    "name": "outer",
    "layers": [
        keras2_layer("InputLayer", {"batch_input_shape": [None, 8], "name": "x"}, []),
        {"class_name": "Functional", "name": "enc", "config": {
            "name": "enc",
            "layers": [keras2_layer("InputLayer", {"batch_input_shape": [None, 8], "name": "enc_in"}, []),
                       keras2_layer("Dense", keras2_dense("e1", 4), [[["enc_in", 0, 0, {}]]])],
            "input_layers": [["enc_in", 0, 0]], "output_layers": [["e1", 0, 0]]},
         "inbound_nodes": [[["x", 0, 0, {}]], [["x", 0, 0, {}]]]},
        keras2_layer("Add", {"name": "add", "trainable": True, "dtype": "float32"},
                     [[["enc", 1, 0, {}], ["enc", 2, 0, {}]]]),
        {"class_name": "Sequential", "name": "head", "config": {"name": "head", "layers": [
            {"class_name": "Dense", "config": {**keras2_dense("s1", 2), "batch_input_shape": [None, 4]}}]},
         "inbound_nodes": [[["add", 0, 0, {}]]]},
    ],
    "input_layers": [["x", 0, 0]],
    "output_layers": [["head", 1, 0], ["enc", 1, 0]]}}


def test_keras2_nested_models_count_their_own_node_first():
    """tf.keras numbers a nested model's calls from 1 (its own construction is call 0)."""
    from designer.engine import infer_document
    from designer.export.keras_import import import_model_config

    result = import_model_config(KERAS2_NESTED)
    doc = result.document
    assert [s.layer for s in doc.layer("add").inbound] == ["enc_e1", "enc_e1__2"]
    assert [s.layer for s in doc.layer("head_s1").inbound] == ["add"]
    assert [s.to_json() for s in doc.explicit_outputs] == ["head_s1", "enc_e1"]
    inference = infer_document(doc)
    assert inference.valid
    assert inference["head_s1"].outputs == [(None, 2)]
    assert (inference["enc_e1"].params.total, inference["enc_e1__2"].params.total) == (36, 0)
    assert not any("batch_input_shape" in n for n in result.notes)
