"""A nested model called several times whose own layers are shared: every call of every inner layer gets its own id.

Keras counts the weights of a shared layer once however often it is called, inside a nested model or not; the
import gives one design layer per call (ids ``<model>_<layer>``, ``__2``, ``__3``…) with one name and config, so the
engine counts them once too.

One layer object can also be listed by several models: the outer one and a nested one, or two nested ones. Each
listing is flattened at its own place, and every call keeps the name of the first, so Keras's count (the layer's
weights once) is the design's, and the exported code builds the layer once.
"""

from __future__ import annotations

import pytest

from designer.engine import infer_document
from designer.export.keras_import import import_model_config


def keras2_layer(class_name, config, inbound):
    return {"class_name": class_name, "name": config["name"], "config": config, "inbound_nodes": inbound}


def dense(name, units):
    return {"name": name, "trainable": True, "dtype": "float32", "units": units, "activation": "linear",
            "use_bias": True}


# tf.keras: `enc` (Dense e1 applied twice: e1(e1(x))) called twice by the outer model, whose calls count from 1.
KERAS2_TWICE_SHARED = {"class_name": "Functional", "config": {
    "name": "outer",
    "layers": [
        keras2_layer("InputLayer", {"batch_input_shape": [None, 4], "name": "x"}, []),
        {"class_name": "Functional", "name": "enc", "config": {
            "name": "enc",
            "layers": [keras2_layer("InputLayer", {"batch_input_shape": [None, 4], "name": "enc_in"}, []),
                       keras2_layer("Dense", dense("e1", 4), [[["enc_in", 0, 0, {}]], [["e1", 0, 0, {}]]])],
            "input_layers": [["enc_in", 0, 0]], "output_layers": [["e1", 1, 0]]},
         "inbound_nodes": [[["x", 0, 0, {}]], [["x", 0, 0, {}]]]},
        keras2_layer("Add", {"name": "add", "trainable": True, "dtype": "float32"},
                     [[["enc", 1, 0, {}], ["enc", 2, 0, {}]]]),
    ],
    "input_layers": [["x", 0, 0]],
    "output_layers": [["add", 0, 0]]}}


def test_keras2_nested_model_called_twice_with_a_shared_inner_layer():
    doc = import_model_config(KERAS2_TWICE_SHARED).document
    assert doc.ids() == ["x", "enc_e1", "enc_e1__2", "enc_e1__3", "enc_e1__4", "add"]
    assert [s.layer for s in doc.layer("enc_e1__2").inbound] == ["enc_e1"]
    assert [s.layer for s in doc.layer("enc_e1__4").inbound] == ["enc_e1__3"]
    assert [s.layer for s in doc.layer("add").inbound] == ["enc_e1__2", "enc_e1__4"]
    assert {doc.layer(i).config["name"] for i in doc.ids() if i.startswith("enc_e1")} == {"enc_e1"}
    inference = infer_document(doc)
    assert inference.valid
    assert inference.params.total == 4 * 4 + 4  # one Dense's weights, however often it is called


@pytest.mark.keras
def test_keras3_nested_models_called_twice_with_shared_inner_layers_agree_with_keras():
    """Real Keras models (one process builds them all): the same total parameters and output shapes."""
    import json

    from keras_oracle import keras

    layers = keras.layers
    x = keras.Input((4,))
    s = layers.Dense(4, name="s")
    inner = keras.Model(x, layers.Dense(3, name="t")(s(s(x))), name="inner")
    a = keras.Input((3,), name="a")
    chained = keras.Model(a, inner(layers.Dense(4, name="up")(inner(layers.Dense(4, name="pre")(a)))),
                          name="chained")
    x1, x2 = keras.Input((4,)), keras.Input((4,))
    s2 = layers.Dense(4, name="s2")
    pair = keras.Model([x1, x2], layers.Add(name="sum")([s2(x1), s2(x2)]), name="pair")
    p, q = keras.Input((4,), name="p"), keras.Input((4,), name="q")
    swapped = keras.Model([p, q], layers.Add(name="o")([pair([p, q]), pair([q, p])]), name="swapped")
    y = keras.Input((3,))
    mid = keras.Model(y, layers.Dense(3, name="back")(inner(layers.Dense(4, name="in4")(y))), name="mid")
    b = keras.Input((3,), name="b")
    deep = keras.Model(b, mid(mid(b)), name="deep")
    for model in (chained, swapped, deep):
        doc = import_model_config(json.loads(model.to_json())).document
        inference = infer_document(doc)
        assert inference.valid, [r.error for r in inference.invalid()]
        assert inference.params.total == model.count_params(), model.name
        outputs = [inference[s.layer].outputs[s.index] for s in doc.outputs()]
        assert outputs == [tuple(t.shape) for t in model.outputs], model.name
    ids = import_model_config(json.loads(chained.to_json())).document.ids()
    assert [i for i in ids if i.startswith("inner_s")] == ["inner_s", "inner_s__2", "inner_s__3", "inner_s__4"]


# One Keras layer object listed by several models (the outer one and a nested one, or two nested ones) ------------

@pytest.fixture(scope="module")
def shared_across(tmp_path_factory):
    from child_models import SHARED_ACROSS_MODELS, save_in_child

    folder = tmp_path_factory.mktemp("shared_across")
    return folder, save_in_child(SHARED_ACROSS_MODELS, folder)


def check_json(path) -> dict:
    import json
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "designer", "check", str(path), "--json"], capture_output=True,
                          text=True, timeout=120)
    assert proc.returncode in (0, 1), proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.keras
@pytest.mark.parametrize("name", ["outer_and_nested", "two_nested", "nested_first", "builder"])
def test_check_counts_a_layer_shared_across_a_nested_model_once_as_keras_does(shared_across, name):
    folder, truth = shared_across
    for suffix in (".keras", ".h5", ".json") if name != "builder" else (".keras",):
        report = check_json(folder / f"{name}{suffix}")
        assert report["valid"], report
        assert report["total_params"] == truth[name], (name, suffix)


@pytest.mark.keras
@pytest.mark.parametrize("suffix", [".json", ".h5"])
def test_look_alike_layers_in_a_json_config_are_read_as_one_shared_layer_and_the_import_says_so(shared_across,
                                                                                                 suffix):
    """A JSON config (or an .h5, whose weights are listed by top-level layer) cannot tell two layers with one name
    and config from one layer listed twice."""
    from designer.export.keras_import import import_model

    folder, _ = shared_across
    notes = import_model(folder / f"builder{suffix}").notes
    assert any("one shared layer" in note and "block_b/proj" in note for note in notes)


@pytest.mark.keras
@pytest.mark.parametrize("name", ["outer_and_nested", "two_nested", "nested_first"])
def test_exported_code_of_a_layer_shared_across_models_builds_with_keras_count(shared_across, name):
    from designer.export.code_export import export_code
    from designer.export.keras_import import import_model

    folder, truth = shared_across
    doc = import_model(folder / f"{name}.keras").document
    namespace: dict = {"__name__": "exported"}
    exec(compile(export_code(doc), "<exported>", "exec"), namespace)
    model = namespace["build_model"]()
    assert model.count_params() == truth[name] == infer_document(doc).params.total
    shared = [layer for layer in model.layers if len(layer._inbound_nodes) > 1]
    assert len(shared) == 1, "the exported code builds the layer once and calls it twice"
