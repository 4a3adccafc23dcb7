"""The design file, format v1: reading with clear errors, writing atomically.

```json
{"format": "keras-designer", "version": 1, "name": "denoiser",
 "layers": [{"id": "input", "class_name": "InputLayer", "config": {"shape": [28, 28, 1]},
             "inbound": [], "position": [0, 0]}, ...],
 "outputs": ["conv1"]}
```
An inbound entry is a layer id, or ``[id, index]`` for output ``index`` of a
multi-output layer. ``position`` and ``outputs`` are optional. Layer configs are
not checked here (a wrong argument makes that layer invalid, not the file
unreadable); the structure is.
"""

from __future__ import annotations

import json
import re
import os
from typing import Any

from .atomic import atomic_write_text
from .safe_read import MAX_READ_BYTES, load_json, read_limited
from .document import Document, DocumentError, LayerNode, Source
from .limits import MAX_LAYERS as MAX_LAYERS  # re-exported: the importers read it here
from .limits import check_layer_count, check_position
from .calls import parse_call
from .recorded import parse_declared, parse_recorded

FORMAT = "keras-designer"
VERSION = 1
MAX_FILE_BYTES = MAX_READ_BYTES
LAYER_KEYS = ("id", "class_name", "config", "inbound", "position", "recorded", "declared", "call")
TOP_KEYS = ("format", "version", "name", "layers", "outputs", "groups")


def _source(value: Any, where: str) -> Source:
    if isinstance(value, str) and value:
        return Source(value)
    if (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and value[0]
            and isinstance(value[1], int) and not isinstance(value[1], bool) and value[1] >= 0):
        return Source(value[0], value[1])
    raise DocumentError(f"{where}: {value!r} is not a source (a layer id, or [id, output index])")


def _position(value: Any, where: str) -> tuple[float, float] | None:
    if value is None:
        return None
    if not isinstance(value, list) or len(value) != 2:
        raise DocumentError(f"{where}: position must be [x, y] numbers, got {value!r}")
    check_position(value, where)
    return (float(value[0]), float(value[1]))


def _layer(data: Any, index: int) -> LayerNode:
    if not isinstance(data, dict):
        raise DocumentError(f"layer #{index + 1} is not an object")
    layer_id = data.get("id")
    if not isinstance(layer_id, str) or not layer_id.strip():
        raise DocumentError(f"layer #{index + 1} has no id (a non-empty string)")
    where = f"layer {layer_id!r}"
    unknown = [k for k in data if k not in LAYER_KEYS]
    if unknown:
        raise DocumentError(f"{where}: unknown key {unknown[0]!r} (a layer has {', '.join(LAYER_KEYS)})")
    class_name = data.get("class_name")
    if not isinstance(class_name, str) or not class_name:
        raise DocumentError(f"{where} has no class_name (the Keras class, e.g. \"Conv2D\")")
    config = data.get("config", {})
    if not isinstance(config, dict):
        raise DocumentError(f"{where}: config must be an object of Keras arguments")
    inbound = data.get("inbound", [])
    if not isinstance(inbound, list):
        raise DocumentError(f"{where}: inbound must be a list of sources")
    return LayerNode(
        id=layer_id,
        class_name=class_name,
        config=config,
        inbound=tuple(_source(v, where) for v in inbound),
        position=_position(data.get("position"), where),
        recorded=parse_recorded(data.get("recorded"), where),
        declared=parse_declared(data.get("declared"), where),
        call=parse_call(data.get("call"), where, len(inbound)),
    )


def document_from_dict(data: Any) -> Document:
    """Build a document from parsed JSON, or raise `DocumentError` saying what is wrong."""
    if not isinstance(data, dict):
        raise DocumentError("not a keras-designer design (the file is not a JSON object)")
    if data.get("format") != FORMAT:
        if "class_name" in data and "config" in data:
            raise DocumentError("this is a Keras model file, not a design: use import to open it")
        raise DocumentError(f"not a keras-designer design (no \"format\": \"{FORMAT}\")")
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise DocumentError(f"the design has no valid version number (got {version!r})")
    if version > VERSION:
        raise DocumentError(
            f"the design was saved by a newer keras-designer (format version {version}); "
            f"this version reads format version {VERSION}: update keras-designer to open it"
        )
    unknown = [k for k in data if k not in TOP_KEYS]
    if unknown:
        raise DocumentError(f"unknown key {unknown[0]!r} at the top of the design (expected {', '.join(TOP_KEYS)})")
    name = data.get("name", "untitled")
    if not isinstance(name, str) or not name.strip():
        raise DocumentError("the design's name must be a non-empty string")
    layers = data.get("layers")
    if not isinstance(layers, list):
        raise DocumentError("the design has no \"layers\" list")
    check_layer_count(len(layers))
    nodes = [_layer(item, i) for i, item in enumerate(layers)]
    outputs = data.get("outputs")
    if outputs is not None:
        if not isinstance(outputs, list):
            raise DocumentError("outputs must be a list of sources")
        outputs = [_source(v, "outputs") for v in outputs]
    doc = Document(name=name, layers=nodes, outputs=outputs)
    from .groups import groups_from_json  # the optional "groups" key: designer.model.groups

    groups_from_json(doc, data.get("groups"))
    return doc


def document_to_dict(doc: Document) -> dict[str, Any]:
    """The JSON form of a document, keys in the documented order."""
    layers = []
    for node in doc:
        item: dict[str, Any] = {
            "id": node.id,
            "class_name": node.class_name,
            "config": dict(node.config),
            "inbound": [s.to_json() for s in node.inbound],
        }
        if node.position is not None:
            item["position"] = [_round(node.position[0]), _round(node.position[1])]
        if node.recorded is not None:
            item["recorded"] = node.recorded.to_json()
        if node.declared is not None:
            item["declared"] = node.declared.to_json()
        if node.call is not None:
            item["call"] = node.call.to_json()
        layers.append(item)
    data: dict[str, Any] = {"format": FORMAT, "version": VERSION, "name": doc.name, "layers": layers}
    if doc.explicit_outputs is not None:
        data["outputs"] = [s.to_json() for s in doc.explicit_outputs]
    from .groups import groups_to_json

    groups = groups_to_json(doc)
    if groups is not None:
        data["groups"] = groups
    return data


def _round(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)


def parse_document(text: str) -> Document:
    """A document from JSON text."""
    data = load_json(text, "the file", "a design")
    return document_from_dict(data)


def dumps_document(doc: Document) -> str:
    """JSON text with one line per layer: readable, and diffs show one line per edited layer."""
    data = document_to_dict(doc)

    def one(value: Any) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{"]
    for key in ("format", "version", "name"):
        lines.append(f"  {one(key)}: {one(data[key])},")
    layers = [f"    {one(layer)}" for layer in data["layers"]]
    tail = [f"  {one(key)}: {one(data[key])}" for key in ("outputs", "groups") if key in data]
    lines.append('  "layers": [' + ("\n" + ",\n".join(layers) + "\n  ]" if layers else "]")
                 + ("," if tail else ""))
    if tail:
        lines.append(",\n".join(tail))
    lines.append("}")
    return escape_surrogates("\n".join(lines) + "\n")


_SURROGATE = re.compile("[\ud800-\udfff]")


def escape_surrogates(json_text: str) -> str:
    """JSON text with lone surrogates (which UTF-8 cannot encode) written as ``\\udXXX`` escapes.

    A surrogate can only sit inside a JSON string, where the escape reads back as the
    same character: a name holding one saves and reloads unchanged instead of failing.
    """
    return _SURROGATE.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


def load_document(path: str | os.PathLike) -> Document:
    """Read a design file; every failure is a `DocumentError` with a readable message."""
    try:
        raw = read_limited(path, MAX_FILE_BYTES)
    except FileNotFoundError:
        raise DocumentError("the file does not exist") from None
    except IsADirectoryError:
        raise DocumentError("it is a folder, not a design file") from None
    except OSError as exc:
        raise DocumentError(f"cannot read it: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError("it is not a text file (not UTF-8), so not a design") from None
    return parse_document(text)


def save_document(doc: Document, path: str | os.PathLike) -> None:
    """Write a design atomically: the previous file stays intact if anything fails."""
    atomic_write_text(path, dumps_document(doc))
