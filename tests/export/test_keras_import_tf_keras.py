"""Files saved by real tf.keras (Keras 2): applications with op nodes, names with '/', nested models.

One child process builds tf.keras ResNet50, MobileNetV3Small, RegNetX002, ConvNeXtTiny (weights=None)
and a transfer-learning model (``preprocess_input`` + a frozen MobileNetV2), writes each ``to_json()``
(the transfer model also as ``.h5`` and ``.keras``) and prints every layer's output shape and parameter
count as tf.keras reports them. Each file must import (no TensorFlow on our side, nothing executed) and
agree with tf.keras on every layer.
"""

from __future__ import annotations

import importlib.util
import textwrap

import pytest
from child_models import save_in_child

pytestmark = [pytest.mark.keras, pytest.mark.skipif(importlib.util.find_spec("tf_keras") is None,
                                                    reason="needs tf_keras (python dev.py test installs it)")]

CHILD = textwrap.dedent('''
    import json, os, sys
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    import tf_keras as keras

    A = keras.applications
    out = sys.argv[1]

    def transfer():
        base = A.MobileNetV2(input_shape=(96, 96, 3), include_top=False, weights=None)
        base.trainable = False
        inp = keras.Input((96, 96, 3))
        x = A.mobilenet_v2.preprocess_input(inp)
        x = base(x, training=False)
        x = keras.layers.GlobalAveragePooling2D()(x)
        x = keras.layers.Dropout(0.2)(x)
        return keras.Model(inp, keras.layers.Dense(5)(x), name="transfer")

    def shapes(layer):
        try:
            shape = layer.output_shape
        except (AttributeError, RuntimeError):
            return None
        if isinstance(shape, list) and len(shape) == 1:  # an InputLayer's is a list of one
            shape = shape[0]
        return [list(s) for s in shape] if isinstance(shape, list) else list(shape)

    def layers_of(model, prefix=""):
        out = {}
        for layer in model.layers:
            if isinstance(layer, keras.Model):
                out.update(layers_of(layer, prefix + layer.name + "_"))
            elif not (prefix and layer.__class__.__name__ == "InputLayer"):
                out[prefix + layer.name] = {"shape": shapes(layer), "params": layer.count_params()}
        return out

    def tf_ops():
        import tensorflow as tf
        inp = keras.Input((8, 8, 3), name="image")
        x = keras.layers.Conv2D(4, 3, name="conv")(inp / 255.0)
        x = tf.nn.relu(x)
        x = tf.reduce_mean(x, axis=[1, 2])
        return keras.Model(inp, keras.layers.Dense(2, name="head")(x), name="tf_ops")

    def seq2seq():
        enc_in = keras.Input((None, 7), name="encoder_inputs")
        _, h, c = keras.layers.LSTM(16, return_state=True, name="encoder")(enc_in)
        dec_in = keras.Input((None, 9), name="decoder_inputs")
        dec = keras.layers.LSTM(16, return_sequences=True, name="decoder")(dec_in, initial_state=[h, c])
        return keras.Model([enc_in, dec_in], keras.layers.Dense(9, name="head")(dec), name="seq2seq")

    makers = {"seq2seq": seq2seq, "tf_ops": tf_ops, "resnet50": lambda: A.ResNet50(weights=None),
              "mobilenetv3small": lambda: A.MobileNetV3Small(weights=None),
              "regnetx002": lambda: A.RegNetX002(weights=None),
              "convnexttiny": lambda: A.ConvNeXtTiny(weights=None),
              "transfer": transfer}
    truth = {}
    for name, make in makers.items():
        model = make()
        with open(os.path.join(out, name + ".json"), "w") as fh:
            fh.write(model.to_json())
        truth[name] = {"layers": layers_of(model), "total": model.count_params(),
                       "trainable": int(sum(keras.backend.count_params(w) for w in model.trainable_weights))}
    model.save(os.path.join(out, "transfer.h5"))
    model.save(os.path.join(out, "transfer.keras"))
    print(json.dumps(truth))
''')


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    folder = tmp_path_factory.mktemp("tf_keras")
    return folder, save_in_child(CHILD, folder, timeout=600)


def _compare(path, truth):
    from designer.engine import infer_document
    from designer.export.keras_import import import_model

    result = import_model(path)
    doc = result.document
    inference = infer_document(doc)
    assert inference.valid, [r.error for r in inference.invalid()][:3]
    assert "Keras 2 / tf.keras" in result.notes[0]
    by_name = {r.name: r for r in inference.results()}
    for name, want in truth["layers"].items():
        got = by_name.get(name)
        assert got is not None, f"{path.name}: {name} missing"
        if want["shape"] is not None:
            shape = [list(s) for s in got.outputs] if len(got.outputs) > 1 else list(got.outputs[0])
            assert shape == want["shape"], f"{path.name}: {name}"
        if got.params is not None:
            assert got.params.total == want["params"], f"{path.name}: {name}"
    return result, inference


@pytest.mark.parametrize("name", ["resnet50", "mobilenetv3small", "regnetx002", "convnexttiny", "transfer"])
def test_tf_keras_applications_import_and_agree_on_every_layer(saved, name):
    folder, truth = saved
    result, inference = _compare(folder / f"{name}.json", truth[name])
    from designer.layers import get_spec

    outside = [r for r in inference.results() if get_spec(r.class_name) is None]
    assert all(r.source == "recorded" for r in outside)
    unknown_params = {r.class_name for r in inference.results() if r.params is None}
    assert unknown_params <= {"LayerScale"}  # if outside the catalog: to_json holds no weights
    if not unknown_params:
        assert inference.params.total == truth[name]["total"]
        assert inference.params.trainable == truth[name]["trainable"]


def test_keras2_names_with_a_slash_are_kept_and_exported_as_keras3_names(saved):
    from designer.engine import infer_document
    from designer.export.code_export import export_code
    from designer.export.keras_import import import_model

    folder, _ = saved
    doc = import_model(folder / "mobilenetv3small.json").document
    assert doc.layer("Conv/BatchNorm").name == "Conv/BatchNorm"
    note = infer_document(doc)["Conv/BatchNorm"].notes[0]
    assert note == "exported as 'Conv_BatchNorm' (Keras 3 names cannot contain '/')"
    code = export_code(doc)
    assert 'name="Conv_BatchNorm"' in code and "Conv/BatchNorm" not in code


@pytest.mark.parametrize("suffix", [".h5", ".keras"])
def test_tf_keras_transfer_model_files(saved, suffix):
    folder, truth = saved
    result, inference = _compare(folder / f"transfer{suffix}", truth["transfer"])
    assert any("TrueDivide" in n and "Rescaling" in n for n in result.notes)
    assert inference.params.total == truth["transfer"]["total"]


def test_tf_functions_on_tensors(saved):
    """``x / 255.0``, ``tf.nn.relu``, ``tf.reduce_mean``: converted where a layer computes the same,
    else kept with the shape tf.keras recorded for its consumer."""
    folder, truth = saved
    result, inference = _compare(folder / "tf_ops.json", truth["tf_ops"])
    classes = {r.name: (r.class_name, r.source) for r in inference.results()}
    assert classes["tf.math.truediv"] == ("Rescaling", "computed")
    assert classes["tf.nn.relu"] == ("Activation", "computed")
    assert classes["tf.math.reduce_mean"] == ("TFOpLambda", "recorded")
    assert inference["tf.math.reduce_mean"].outputs == [(None, 4)]


def test_tf_keras_initial_state_is_a_keyword_call(saved):
    from designer.model.calls import CallArgs

    folder, truth = saved
    result, inference = _compare(folder / "seq2seq.json", truth["seq2seq"])
    decoder = result.document.layer("decoder")
    assert decoder.call == CallArgs((("initial_state", (1, 2)),))
    assert [(s.layer, s.index) for s in decoder.inbound] == [("decoder_inputs", 0), ("encoder", 1), ("encoder", 2)]
