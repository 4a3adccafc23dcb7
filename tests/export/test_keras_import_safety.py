"""Importing without TensorFlow: Lambda code never runs, bad input fails clearly, the CLI command."""

from __future__ import annotations

import base64
import json
import marshal
import subprocess
import sys
import types
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from designer.engine import infer_document
from designer.export import keras_import
from designer.export.keras_import import import_model, import_model_config
from designer.model import DocumentError, load_document


def payload(marker: Path) -> str:
    """Base64 of the marshalled code of a lambda that writes ``marker`` (as Keras's func_dump)."""
    module = compile(f"lambda x: (open({str(marker)!r}, 'w').write('ran'), x)[1]", "<payload>", "eval")
    code = next(c for c in module.co_consts if isinstance(c, types.CodeType))
    return base64.b64encode(marshal.dumps(code)).decode("ascii")


def tensor(layer: str, node: int = 0, index: int = 0) -> dict:
    return {"class_name": "__keras_tensor__", "config": {"keras_history": [layer, node, index]}}


def keras3_model(*layers: dict, outputs=("out", 0, 0)) -> dict:
    return {"module": "keras", "class_name": "Functional", "config": {
        "name": "m", "layers": [
            {"class_name": "InputLayer", "config": {"batch_shape": [None, 4], "name": "x"}, "name": "x",
             "inbound_nodes": []}, *layers],
        "input_layers": ["x", 0, 0], "output_layers": list(outputs)}}


def keras3_layer(class_name: str, name: str, config: dict, *sources: str) -> dict:
    return {"class_name": class_name, "name": name, "config": {"name": name, **config},
            "inbound_nodes": [{"args": [tensor(s) for s in sources], "kwargs": {}}]}


def lambda_models(marker: Path) -> list[dict]:
    code = payload(marker)
    keras3 = keras3_model(
        keras3_layer("Lambda", "lam", {"function": {"class_name": "__lambda__",
                                                   "config": {"code": code, "defaults": None, "closure": None}},
                                      "arguments": {}}, "x"),
        keras3_layer("Dense", "out", {"units": 2}, "lam"))
    keras2 = {"class_name": "Sequential", "config": {"name": "s", "layers": [
        {"class_name": "Lambda", "config": {"name": "lam", "batch_input_shape": [None, 4],
                                            "function": [code, None, None], "function_type": "lambda",
                                            "module": "__main__", "output_shape": None, "arguments": {}}},
        {"class_name": "Dense", "config": {"name": "out", "units": 2,
                                           "activation": {"class_name": "__lambda__", "config": {"value": code}}}},
    ]}}
    return [keras3, keras2]


def test_the_payload_would_really_run_if_decoded(tmp_path):
    """The check below is meaningful: decoding and calling this config's code writes the file."""
    control = tmp_path / "control"
    code = marshal.loads(base64.b64decode(payload(control)))
    types.FunctionType(code, {})(1)
    assert control.read_text() == "ran"


@pytest.mark.parametrize("which", [0, 1], ids=["keras3", "keras2"])
def test_lambda_code_is_never_decoded_or_run(tmp_path, which):
    marker = tmp_path / "pwned"
    path = tmp_path / "lambda.json"
    path.write_text(json.dumps(lambda_models(marker)[which]))
    result = import_model(path)
    doc = result.document
    assert doc.layer("lam").class_name == "Lambda"
    assert "function" not in doc.layer("lam").config
    assert "code" not in json.dumps([dict(n.config) for n in doc])
    inference = infer_document(doc)
    assert "Lambda is not in the designer's catalog" in inference["lam"].unknown
    assert inference["out"].outputs is None and inference.valid
    assert any("never run" in n and "lam" in n for n in result.notes), result.notes
    proc = subprocess.run([sys.executable, "-m", "designer", "import", str(path), "-o", str(tmp_path / "d.json")],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    load_document(tmp_path / "d.json")
    assert not marker.exists()


def test_unknown_layer_class_is_kept_and_flagged():
    data = keras3_model(keras3_layer("MyBlock", "blk", {"width": 7, "dtype": {
        "module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}}}, "x"),
        keras3_layer("Dense", "out", {"units": 2}, "blk"))
    result = import_model_config(data)
    assert result.document.layer("blk").config == {"name": "blk", "width": 7}
    inference = infer_document(result.document)
    assert "MyBlock is not in the designer's catalog" in inference["blk"].unknown
    assert inference["out"].unknown_from == "blk" and inference.valid


def test_layers_called_before_their_sources_in_the_file_and_long_chains():
    chain = [keras3_layer("Dense", "out", {"units": 2}, "d1499")]  # listed first, computed last
    chain += [keras3_layer("ReLU", f"d{i}", {}, f"d{i - 1}" if i else "x") for i in range(1500)]
    doc = import_model_config(keras3_model(*chain)).document
    assert len(doc) == 1502
    assert infer_document(doc)["out"].outputs == [(None, 2)]


# Bad input ---------------------------------------------------------------------

def write(tmp_path: Path, name: str, content) -> Path:
    path = tmp_path / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path


BAD_FILES = {
    "not json": ("m.json", "{broken", "not valid JSON"),
    "binary": ("m.bin", b"\x00\x01\xff\xfe", "neither JSON"),
    "json list": ("m.json", "[1, 2]", "not a Keras model config"),
    "a design": ("d.json", '{"format": "keras-designer", "version": 1, "layers": []}', "already a keras-designer"),
    "a layer": ("l.json", '{"class_name": "Dense", "config": {"units": 3}}', "one 'Dense' layer"),
    "subclassed": ("s.json", '{"class_name": "MyModel", "config": {"units": 3}}', "subclassed"),
    "no output": ("o.json", json.dumps(keras3_model(outputs=[])), "no output_layers"),
    "missing source": ("g.json", json.dumps(keras3_model(keras3_layer("Dense", "out", {"units": 2}, "ghost"))),
                       "'ghost', which is not a layer"),
    "cycle": ("c.json", json.dumps(keras3_model(keras3_layer("ReLU", "a", {}, "out"),
                                                keras3_layer("ReLU", "out", {}, "a"))), "cycle"),
    "bad zip": ("m.keras", b"PK\x03\x04garbage" * 10, "not a readable .keras"),
    "keras not zip": ("m.keras", "{}", "not a zip"),
    "bad h5": ("m.h5", b"\x89HDF\r\n\x1a\n" + b"\x00" * 300, "not a readable HDF5"),
    "h5 not hdf5": ("m.h5", "hello", "no HDF5 signature"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_input_raises_a_clear_document_error(tmp_path, case):
    name, content, message = BAD_FILES[case]
    with pytest.raises(DocumentError, match=message):
        import_model(write(tmp_path, name, content))


def test_zip_without_config_json(tmp_path):
    path = tmp_path / "m.keras"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("model.weights.h5", b"")
    with pytest.raises(DocumentError, match="without config.json"):
        import_model(path)


def test_absurd_sizes_are_refused(tmp_path, monkeypatch):
    big = tmp_path / "big.json"
    with big.open("wb") as f:
        f.truncate(keras_import.MAX_CONFIG_BYTES + 1)
    with pytest.raises(DocumentError, match="too large"):
        import_model(big)
    deep = write(tmp_path, "deep.json", "[" * 100_000 + "]" * 100_000)
    with pytest.raises(DocumentError):
        import_model(deep)
    monkeypatch.setattr(keras_import, "MAX_LAYERS", 10)
    chain = [keras3_layer("ReLU", f"d{i}", {}, f"d{i - 1}" if i else "x") for i in range(20)]
    with pytest.raises(DocumentError, match="more than 10 layers"):
        import_model_config(keras3_model(*chain, keras3_layer("ReLU", "out", {}, "d19")))


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(DocumentError, match="does not exist"):
        import_model(tmp_path / "nope.json")
    with pytest.raises(DocumentError, match="folder"):
        import_model(tmp_path)


def test_h5_without_a_model(tmp_path):
    h5py = pytest.importorskip("h5py")
    path = tmp_path / "weights.h5"
    with h5py.File(path, "w") as f:
        f.attrs["layer_names"] = [b"dense"]
    with pytest.raises(DocumentError, match="weights only"):
        import_model(path)


# Staying light, and the command line ------------------------------------------------

LIGHT = """
import sys
from designer.export.keras_import import import_model
import_model(sys.argv[1])
print('HEAVY:', sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras', 'h5py', 'PySide6')))
"""


def test_import_never_loads_tensorflow_keras_or_h5py(tmp_path):
    path = tmp_path / "m.json"
    path.write_text(json.dumps(keras3_model(keras3_layer("Dense", "out", {"units": 2}, "x"))))
    proc = subprocess.run([sys.executable, "-c", LIGHT, str(path)], capture_output=True, text=True, timeout=60)
    assert "HEAVY: []" in proc.stdout, proc.stdout + proc.stderr


def run_cli(*args):
    return subprocess.run([sys.executable, "-m", "designer", *args], capture_output=True, text=True, timeout=60)


def test_cli_import_writes_a_design_and_prints_the_notes(tmp_path):
    src = tmp_path / "m.json"
    src.write_text(json.dumps(keras3_model(keras3_layer("Dense", "out", {"units": 2, "activation": "linear"}, "x"))))
    out = tmp_path / "design.json"
    proc = run_cli("import", str(src), "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "imported the Keras 3 Functional model 'm'" in proc.stdout
    doc = load_document(out)
    assert doc.layer("out").config == {"name": "out", "units": 2}
    assert run_cli("check", str(out)).returncode == 0


def test_cli_import_of_unreadable_input_exits_2_with_one_line(tmp_path):
    src = write(tmp_path, "bad.json", "{broken")
    proc = run_cli("import", str(src), "-o", str(tmp_path / "out.json"))
    assert proc.returncode == 2 and proc.stdout == ""
    assert len(proc.stderr.strip().splitlines()) == 1 and "not valid JSON" in proc.stderr
    assert not (tmp_path / "out.json").exists()


def test_a_frozen_nested_model_freezes_its_layers():
    inner = {"module": "keras", "class_name": "Sequential", "name": "enc", "config": {
        "name": "enc", "trainable": False, "layers": [
            {"class_name": "InputLayer", "config": {"batch_shape": [None, 4], "name": "enc_in"}},
            {"class_name": "Dense", "config": {"name": "d", "units": 3, "trainable": True, "dtype": "float32"}}]},
        "inbound_nodes": [{"args": [tensor("x")], "kwargs": {}}]}
    data = keras3_model(inner, keras3_layer("Dense", "out", {"units": 2, "trainable": True}, "enc"))
    doc = keras_import.import_model_json(json.dumps(data)).document
    assert doc.layer("enc_d").config == {"name": "enc_d", "units": 3, "trainable": False}
    params = infer_document(doc).params
    assert (params.trainable, params.non_trainable) == (8, 15)


# Any damage to a valid config is an import or a DocumentError, never a crash ------------

JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 3) | st.floats(allow_nan=False) | st.sampled_from(
        ["x", "out", "lam", "Dense", "InputLayer", "__keras_tensor__", "Sequential", ""]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(
        st.sampled_from(["class_name", "config", "name", "layers", "inbound_nodes", "args", "kwargs",
                         "keras_history", "units", "batch_shape", "input_layers", "output_layers"]),
        children, max_size=4),
    max_leaves=12)


def _paths(value, prefix=()):
    yield prefix
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, child in children:
        yield from _paths(child, (*prefix, key))


def _replaced(value, path, new):
    if not path:
        return new
    copy = dict(value) if isinstance(value, dict) else list(value)
    copy[path[0]] = _replaced(value[path[0]], path[1:], new)
    return copy


KERAS3_BASE = keras3_model(keras3_layer("Dense", "d", {"units": 3}, "x"), keras3_layer("ReLU", "out", {}, "d"))
KERAS2_BASE = {"class_name": "Functional", "config": {"name": "m", "layers": [
    {"class_name": "InputLayer", "config": {"batch_input_shape": [None, 4], "name": "x"}, "name": "x",
     "inbound_nodes": []},
    {"class_name": "MultiHeadAttention", "name": "d", "config": {
        "name": "d", "num_heads": 2, "key_dim": 2, "kernel_initializer": {"class_name": "GlorotUniform",
                                                                         "config": {"seed": None}}},
     "inbound_nodes": [[["x", 0, 0, {"value": ["x", 0, 0]}]]]},
    {"class_name": "Sequential", "name": "out", "config": {"name": "out", "layers": [
        {"class_name": "Dense", "config": {"name": "e", "units": 2, "batch_input_shape": [None, 4]}}]},
     "inbound_nodes": [[["d", 0, 0, {}]]]}],
    "input_layers": [["x", 0, 0]], "output_layers": [["out", 1, 0]]}}
DAMAGE_SITES = [(base, path) for base in (KERAS3_BASE, KERAS2_BASE) for path in _paths(base)]


def test_the_undamaged_configs_import():
    assert import_model_config(KERAS3_BASE).document.ids() == ["x", "d", "out"]
    assert import_model_config(KERAS2_BASE).document.ids() == ["x", "d", "out_e"]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(DAMAGE_SITES), JSON)
def test_damaged_configs_import_or_raise_document_error(site, junk):
    base, path = site
    try:
        result = import_model_config(_replaced(base, path, junk))
    except DocumentError as exc:
        assert str(exc)
    else:
        infer_document(result.document)
