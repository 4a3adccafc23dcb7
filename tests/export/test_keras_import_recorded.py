"""Layers the designer does not know, in files saved by real Keras: recorded shapes and weight sizes.

A child process defines two custom layers, builds a model with them and a ``Lambda``, saves it as
``to_json()``, ``.keras`` and ``.h5`` and prints what Keras says of every layer. This process never
runs (or even has) the custom classes: it reads the files, and `check`/`summary` must show Keras's
shapes for every layer (params too where the file holds weights), marked recorded, with exit 0.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from child_models import save_in_child

pytestmark = pytest.mark.keras

ROOT = Path(__file__).resolve().parents[2]

CHILD = textwrap.dedent('''
    import json, os, sys
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    import keras
    from keras import layers

    @keras.saving.register_keras_serializable(package="demo")
    class Scale(layers.Layer):
        """One weight per feature."""
        def build(self, input_shape):
            self.w = self.add_weight(shape=(input_shape[-1],), name="w")
        def call(self, x):
            return x * self.w

    @keras.saving.register_keras_serializable(package="demo")
    class Mix(layers.Layer):
        """Two inputs concatenated and projected: owns a Dense sublayer."""
        def __init__(self, units=6, **kw):
            super().__init__(**kw)
            self.units = units
            self.proj = layers.Dense(units)
            self.norm = layers.BatchNormalization()
        def call(self, inputs):
            return self.norm(self.proj(keras.ops.concatenate(inputs, axis=-1)))
        def get_config(self):
            return {**super().get_config(), "units": self.units}

    out = sys.argv[1]
    inp = keras.Input((12, 10), name="features")
    x = layers.Dense(8, name="d1")(inp)
    s = Scale(name="scale")(x)
    cut = layers.Lambda(lambda t: t[:, :, :4], name="cut")(s)
    pooled = layers.GlobalAveragePooling1D(name="pool")(cut)
    flat = layers.Flatten(name="flat")(x)
    mixed = Mix(5, name="mix")([pooled, flat])
    y = layers.Dense(3, name="head")(mixed)
    model = keras.Model(inp, y, name="custom_demo")
    model.save(os.path.join(out, "m.keras"))
    model.save(os.path.join(out, "m.h5"))
    with open(os.path.join(out, "m.json"), "w") as fh:
        fh.write(model.to_json())
    truth = {layer.name: {"shape": list(layer.output.shape), "params": layer.count_params(),
                          "non_trainable": sum(int(w.numpy().size) for w in layer.non_trainable_weights)}
             for layer in model.layers}

    @keras.saving.register_keras_serializable(package="demo")
    class Tiny(keras.Model):
        """A subclassed model: its file has constructor arguments, no layer graph."""
        def __init__(self, units=3, **kw):
            super().__init__(**kw)
            self.units = units
            self.dense = layers.Dense(units)
        def call(self, x):
            return self.dense(x)
        def get_config(self):
            return {"units": self.units}

    tiny = Tiny()
    tiny(keras.ops.zeros((1, 4)))
    tiny.save(os.path.join(out, "subclassed.keras"))
    print(json.dumps(truth))
''')


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    folder = tmp_path_factory.mktemp("custom")
    return folder, save_in_child(CHILD, folder)


def cli(*args):
    return subprocess.run([sys.executable, "-m", "designer", *args], capture_output=True, text=True, timeout=120,
                          cwd=ROOT)


@pytest.mark.parametrize("name", ["m.json", "m.keras", "m.h5"])
def test_custom_layers_and_lambda_open_with_kerass_shapes(saved, name):
    folder, truth = saved
    proc = cli("check", str(folder / name), "--json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    data = json.loads(proc.stdout)
    layers = {layer["name"]: layer for layer in data["layers"]}
    assert set(layers) == set(truth)
    assert layers["scale"]["class_name"] == "Scale" and layers["mix"]["class_name"] == "Mix"
    for layer_name, want in truth.items():
        got = layers[layer_name]
        assert got["output_shape"] == want["shape"], layer_name
        assert got["error"] is None and got["unknown"] is None, layer_name
    assert {n for n, l in layers.items() if l["source"] == "recorded"} == {"scale", "cut", "mix"}
    assert all(l["source"] == "computed" for n, l in layers.items() if n not in ("scale", "cut", "mix"))
    if name == "m.json":  # to_json holds no weights: the custom layers' params are unknown (a Lambda has none)
        assert layers["scale"]["params"] is None and layers["mix"]["params"] is None
        assert layers["cut"]["params"] == 0
        assert data["unknown_params_layers"] == 2
    else:
        for layer_name, want in truth.items():
            assert layers[layer_name]["params"] == want["params"], layer_name
        assert data["total_params"] == sum(w["params"] for w in truth.values())
        assert data["non_trainable_params"] == sum(w["non_trainable"] for w in truth.values()) > 0
        assert data["unknown_params_layers"] == 0


def test_summary_marks_recorded_values_and_totals(saved):
    folder, truth = saved
    proc = cli("summary", str(folder / "m.json"))
    assert proc.returncode == 0, proc.stderr
    assert "scale (Scale)" in proc.stdout and "(None, 12, 8) [recorded]" in proc.stdout
    assert "Total params: at least" in proc.stdout and "(2 layers unknown)" in proc.stdout
    proc = cli("summary", str(folder / "m.keras"))
    assert proc.returncode == 0, proc.stderr
    total = sum(w["params"] for w in truth.values())
    assert f"Total params: {total:,} " in proc.stdout and "at least" not in proc.stdout


def test_weights_are_counted_from_metadata_only(saved, monkeypatch):
    """Reading a dataset's values would go through `Dataset.__getitem__`/`read_direct`: neither is used."""
    import h5py

    from designer.export.keras_import import import_model

    def refuse(*args, **kwargs):
        raise AssertionError("a weight value was read")

    monkeypatch.setattr(h5py.Dataset, "__getitem__", refuse)
    monkeypatch.setattr(h5py.Dataset, "read_direct", refuse)
    folder, truth = saved
    for name in ("m.keras", "m.h5"):
        doc = import_model(folder / name).document
        mix = truth["mix"]
        assert doc.layer("mix").recorded.params == (mix["params"] - mix["non_trainable"], mix["non_trainable"])
        assert doc.layer("scale").recorded.input_shapes == ((None, 12, 8),)


OPS_CHILD = textwrap.dedent('''
    import json, os, sys
    os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
    import keras
    from keras import layers, ops

    out = sys.argv[1]
    x = keras.Input((6, 4), name="x")
    scaled = x * ops.convert_to_tensor(8.0)
    act = ops.relu(scaled)
    cut = act[:, 1:5, :2]
    y = layers.Dense(3, name="head")(layers.Flatten(name="flat")(cut))
    model = keras.Model(x, y, name="ops_demo")
    with open(os.path.join(out, "ops.json"), "w") as fh:
        fh.write(model.to_json())
    print(json.dumps({layer.name: {"shape": list(layer.output.shape), "params": layer.count_params()}
                      for layer in model.layers}))
''')


def test_keras3_scalar_tensors_activations_and_slicing(tmp_path):
    """``x * 8.0`` with the 8.0 stored as a ``__tensor__``, ``ops.relu`` and ``x[:, 1:5, :2]`` (GetItem)."""
    from designer.engine import infer_document
    from designer.export.keras_import import import_model

    truth = save_in_child(OPS_CHILD, tmp_path)
    assert '"__tensor__"' in (tmp_path / "ops.json").read_text()
    doc = import_model(tmp_path / "ops.json").document
    classes = {node.name: node.class_name for node in doc}
    inference = infer_document(doc)
    by_name = {r.name: r for r in inference.results()}
    assert inference.valid
    for name, want in truth.items():
        assert list(by_name[name].outputs[0]) == want["shape"], name
    rescaling = next(n for n in doc if n.class_name == "Rescaling")
    assert rescaling.config["scale"] == 8.0
    assert "Activation" in classes.values()
    get_item = by_name[next(n for n, c in classes.items() if c == "ops.GetItem")]
    assert get_item.source == "recorded" and get_item.outputs == [(None, 4, 2)]


def test_a_subclassed_model_is_refused_with_how_to_resave_it(saved):
    folder, _ = saved
    proc = cli("check", str(folder / "subclassed.keras"))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "'Tiny' is a subclassed model" in proc.stderr
    assert "keras.Model(model.inputs, model.outputs)" in proc.stderr


@pytest.mark.gui
@pytest.mark.parametrize("name", ["m.json", "m.keras", "m.h5"])
def test_the_app_opens_the_files_with_recorded_cards(saved, name, qtbot, tmp_path, monkeypatch):
    from designer.gui.app import create_window
    from designer.gui.canvas.card_model import OK

    monkeypatch.setenv("KERAS_DESIGNER_DATA_DIR", str(tmp_path))
    folder, truth = saved
    window = create_window(str(folder / name))
    try:
        graph = window.canvas.graph
        for node in window.controller.document:
            card = graph.layer_item(node.id).text
            want = "(" + ", ".join("None" if d is None else str(d) for d in truth[node.name]["shape"]) + ")"
            assert card.state == OK and card.badge is None, node.name
            marked = " [recorded]" if node.name in ("scale", "cut", "mix") else ""
            assert card.shape == want + marked, node.name
        assert "all layers valid" in window.status_totals.text()
    finally:
        window.controller.undo_stack.setClean()
        window.close()
        window.deleteLater()
