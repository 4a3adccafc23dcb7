"""Reading and writing design files: every bad file gets a clear error."""

import json
import os

import pytest

from designer.model import (
    Document, DocumentError, LayerNode, Source, document_to_dict, dumps_document, load_document, parse_document,
    save_document,
)

GOOD = {
    "format": "keras-designer", "version": 1, "name": "tiny",
    "layers": [
        {"id": "dense", "class_name": "Dense", "config": {"units": 3}, "inbound": ["input"], "position": [0, 120]},
        {"id": "input", "class_name": "InputLayer", "config": {"shape": [4]}, "inbound": [], "position": [0, 0]},
    ],
    "outputs": ["dense"],
}


def test_layers_may_come_in_any_order_and_round_trip(tmp_path):
    doc = parse_document(json.dumps(GOOD))
    assert [n.id for n in doc] == ["dense", "input"]
    path = tmp_path / "tiny.json"
    save_document(doc, path)
    again = load_document(path)
    assert document_to_dict(again) == document_to_dict(doc)
    assert json.loads(path.read_text()) == GOOD


def test_multi_output_source_and_default_outputs():
    data = {**GOOD, "layers": [
        {"id": "input", "class_name": "InputLayer", "config": {"shape": [5, 3]}, "inbound": []},
        {"id": "lstm", "class_name": "LSTM", "config": {"units": 2, "return_state": True}, "inbound": ["input"]},
        {"id": "d", "class_name": "Dense", "config": {"units": 1}, "inbound": [["lstm", 1]]},
    ]}
    del data["outputs"]
    doc = parse_document(json.dumps(data))
    assert doc.layer("d").inbound == (Source("lstm", 1),)
    assert doc.outputs() == [Source("d")]
    assert document_to_dict(doc)["layers"][2]["inbound"] == [["lstm", 1]]


@pytest.mark.parametrize("text,message", [
    ("{not json", "not valid JSON"),
    ("[1, 2]", "not a JSON object"),
    (json.dumps({"format": "other", "version": 1}), "not a keras-designer design"),
    (json.dumps({"class_name": "Sequential", "config": {}}), "use import"),
    (json.dumps({**GOOD, "version": 2}), "newer keras-designer"),
    (json.dumps({**GOOD, "version": "1"}), "no valid version"),
    (json.dumps({**GOOD, "layers": "x"}), "no \"layers\" list"),
    (json.dumps({**GOOD, "layers": GOOD["layers"] + [GOOD["layers"][0]]}), "two layers have the id 'dense'"),
    (json.dumps({**GOOD, "layers": [{**GOOD["layers"][0], "inbound": ["nowhere"]}, GOOD["layers"][1]]}),
     "'nowhere', which does not exist"),
    (json.dumps({**GOOD, "layers": [{"id": "a", "class_name": "Dense", "inbound": ["b"]},
                                    {"id": "b", "class_name": "Dense", "inbound": ["a"]}]}), "cycle"),
    (json.dumps({**GOOD, "layers": [{"id": "a", "class_name": "Dense", "inbound": ["a"]}]}), "cycle"),
    (json.dumps({**GOOD, "layers": [{"id": "", "class_name": "Dense"}]}), "has no id"),
    (json.dumps({**GOOD, "layers": [{"id": "a"}]}), "no class_name"),
    (json.dumps({**GOOD, "layers": [{"id": "a", "class_name": "Dense", "config": [1]}]}), "config must be an object"),
    (json.dumps({**GOOD, "layers": [{"id": "a", "class_name": "Dense", "inbounds": []}]}), "unknown key 'inbounds'"),
    (json.dumps({**GOOD, "layers": [{"id": "a", "class_name": "Dense", "inbound": [["x", -1]]}]}), "not a source"),
    (json.dumps({**GOOD, "layers": [{"id": "a", "class_name": "Dense", "position": [0, "x"]}]}), "position"),
    (json.dumps({**GOOD, "outputs": ["ghost"]}), "'ghost' is not a layer"),
    ("[" * 100000 + "]" * 100000, "nests too deeply"),
])
def test_bad_documents_get_clear_errors(text, message):
    with pytest.raises(DocumentError, match=None) as info:
        parse_document(text)
    assert message in str(info.value)


def test_unreadable_files(tmp_path):
    with pytest.raises(DocumentError, match="does not exist"):
        load_document(tmp_path / "missing.json")
    with pytest.raises(DocumentError, match="folder"):
        load_document(tmp_path)
    binary = tmp_path / "image.json"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\xff\xfe")
    with pytest.raises(DocumentError, match="not a text file"):
        load_document(binary)


def test_odd_names_and_unicode_survive(tmp_path):
    doc = Document("модель \"x\"\n", [LayerNode("in'put", "InputLayer", {"shape": [3], "name": "x\"); import os#"})])
    path = tmp_path / "odd.json"
    save_document(doc, path)
    assert document_to_dict(load_document(path)) == document_to_dict(doc)


def test_failed_save_leaves_previous_file_intact(tmp_path, monkeypatch):
    path = tmp_path / "keep.json"
    save_document(parse_document(json.dumps(GOOD)), path)
    before = path.read_bytes()
    doc = parse_document(json.dumps(GOOD))
    real_fsync = os.fsync

    def failing_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError):
        save_document(doc, path)
    monkeypatch.setattr(os, "fsync", real_fsync)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["keep.json"]


def test_dumps_is_one_line_per_layer():
    text = dumps_document(parse_document(json.dumps(GOOD)))
    assert text.count("\n") == 10
    assert json.loads(text) == GOOD
