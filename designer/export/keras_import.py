"""Importing an existing Keras model into a design (no TensorFlow, ever).

`import_model(path)` reads

- the JSON of ``model.to_json()`` (Keras 3, or Keras 2 / tf.keras),
- a ``.keras`` file: a zip whose ``config.json`` is read with `zipfile`
  (weights and any other member are never opened),
- an ``.h5`` file's ``model_config`` attribute (with h5py, imported only there),

and returns an `ImportResult`: a laid-out `Document` and notes saying what the
import changed or could not keep. Sequential and Functional models are read
(`designer.export._import_graph`), nested models are flattened and shared
layers give one design layer per call (`designer.export._import_flatten`),
each call of a nested model becoming a block of the design and the other
layers getting the blocks their names suggest (`groups_of`,
`designer.export._import_nesting`),
operations such as ``x + 3.0`` become the layers that compute the same
(`designer.export._import_ops`), and each layer's config keeps only the
catalog's non-default arguments (`designer.export._import_config`). Python
code in a model (Lambda layers) is dropped unread, never decoded or run.

Every failure is a `DocumentError` with a readable message.
"""

from __future__ import annotations

import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from designer.layers import get_spec
from designer.model import Document, DocumentError
from designer.model.format_v1 import FORMAT, MAX_LAYERS
from designer.model.groups import COLLAPSE_OVER, groups_of
from designer.model.layout import layered_layout
from designer.model.safe_read import MAX_READ_BYTES, check_regular, load_json, read_capped, read_limited

from ._import_config import Notes
from ._import_flatten import Flattener
from ._import_graph import is_model_config, parse_model
from ._import_nesting import import_blocks
from ._import_simplify import simplify_resolved_arguments
from ._import_weights import h5_weights, keras_archive_weights

MAX_CONFIG_BYTES = MAX_READ_BYTES
"""The largest model config read (a JSON file, a .keras config.json decompressed, an .h5 attribute's text)."""

ZIP_MAGIC = b"PK\x03\x04"
HDF5_MAGIC = b"\x89HDF\r\n\x1a\n"
HDF5_OFFSETS = (0, 512, 1024, 2048)
"""Where an HDF5 signature may sit (after an optional user block)."""


@dataclass
class ImportResult:
    """The imported design and what the import changed, dropped or could not keep."""

    document: Document
    notes: list[str] = field(default_factory=list)


def import_model(path: str | os.PathLike) -> ImportResult:
    """Import a Keras model file (``to_json`` JSON, ``.keras`` or ``.h5``) as a design."""
    p = Path(path)
    try:
        if p.is_dir():
            raise DocumentError("it is a folder (a TensorFlow SavedModel?); save the model with "
                                "model.save('model.keras') or write model.to_json() to a file and import that")
        check_regular(p)
        with p.open("rb") as fh:
            head = fh.read(HDF5_OFFSETS[-1] + len(HDF5_MAGIC))
    except FileNotFoundError:
        raise DocumentError("the file does not exist") from None
    except OSError as exc:
        raise DocumentError(f"cannot read it: {exc.strerror or exc}") from None
    weights = None
    if head.startswith(ZIP_MAGIC):
        data, source = _read_keras_zip(p), ".keras file"
        weights = keras_archive_weights(p)
    elif any(head[o:o + len(HDF5_MAGIC)] == HDF5_MAGIC for o in HDF5_OFFSETS):
        data, source = _read_h5(p), ".h5 file"
        weights = h5_weights(p)
    elif p.suffix.lower() in (".keras", ".zip"):
        raise DocumentError("it is not a .keras file (not a zip archive)")
    elif p.suffix.lower() in (".h5", ".hdf5"):
        raise DocumentError("it is not an HDF5 file (no HDF5 signature): corrupt or another format")
    else:
        data, source = _read_json_file(p), "JSON"
    return import_model_config(data, source=source, weights=weights)


def import_model_json(text: str) -> ImportResult:
    """Import the text of ``model.to_json()``."""
    return import_model_config(_parse_json(text, "the text"), source="JSON")


def import_model_config(data: Any, *, source: str = "config",
                        weights: dict[str, tuple[int, int]] | None = None) -> ImportResult:
    """Import a parsed model config: ``{"class_name": "Functional"|"Sequential"|…, "config": {...}}``.

    A bare ``model.get_config()`` dict (with ``layers``) is accepted too.
    ``weights`` gives parameter counts by layer path (`designer.export._import_weights`),
    recorded for the layers outside the catalog.
    """
    data = _model_dict(data)
    notes = Notes()
    try:
        model = parse_model(data, notes)
        flattener = Flattener(notes, MAX_LAYERS, weights)
        outputs = flattener.flatten(model)
    except RecursionError:
        raise DocumentError("the model config nests too deeply to be read") from None
    except (AttributeError, KeyError, IndexError, TypeError, ValueError) as exc:
        if isinstance(exc, DocumentError):
            raise
        raise DocumentError(f"the model config is malformed ({type(exc).__name__}: {exc})") from None
    doc = simplify_resolved_arguments(Document(model.name, flattener.nodes, outputs))
    blocks = import_blocks(flattener.nests, doc, collapsed=len(doc) > COLLAPSE_OVER)
    positions = layered_layout(doc, units={m: g.id for g in blocks if g.collapsed for m in g.members} or None)
    laid = Document(model.name, [node.with_position(*positions[node.id]) for node in doc], outputs)
    groups_of(laid).replace_all(blocks)
    version = "Keras 3" if _is_keras3(data) else "Keras 2 / tf.keras"
    summary = f"imported the {version} {model.class_name} model {model.name!r} from {source}: {len(laid)} layers"
    return ImportResult(laid, [summary, *notes.lines()])


# Readers ---------------------------------------------------------------------

def _read_json_file(p: Path) -> Any:
    try:
        raw = read_limited(p, MAX_CONFIG_BYTES, p.name)
    except OSError as exc:
        raise DocumentError(f"cannot read it: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError(f"{p.name} is neither JSON text, a .keras zip nor an .h5 file") from None
    return _parse_json(text, p.name)


def _parse_json(text: str, what: str) -> Any:
    return load_json(text, what, "a Keras model config",
                     "; expected the output of model.to_json(), a .keras or an .h5 file")


def _read_keras_zip(p: Path) -> Any:
    """``config.json`` of a .keras archive; nothing else in it is opened."""
    try:
        with zipfile.ZipFile(p) as archive:
            try:
                info = archive.getinfo("config.json")
            except KeyError:
                raise DocumentError(
                    f"{p.name} is a zip archive without config.json: not a Keras .keras model") from None
            if info.flag_bits & 0x1:
                raise DocumentError(f"{p.name}: config.json is encrypted; Keras never writes encrypted archives")
            with archive.open(info) as fh:
                raw = read_capped(fh, MAX_CONFIG_BYTES, f"{p.name}: config.json (uncompressed)")
    except DocumentError:
        raise
    except RuntimeError as exc:  # zipfile: "File is encrypted, password required"
        raise DocumentError(f"{p.name} is not a readable .keras archive ({exc})") from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError, ValueError) as exc:
        raise DocumentError(f"{p.name} is not a readable .keras archive ({exc})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError(f"{p.name}: config.json is not UTF-8 text") from None
    return _parse_json(text, f"{p.name}: config.json")


def _read_h5(p: Path) -> Any:
    """The ``model_config`` attribute of a Keras .h5 file (h5py is imported only here)."""
    try:
        import h5py
    except ImportError:
        raise DocumentError("reading .h5 files needs the h5py package (pip install h5py)") from None
    try:
        with h5py.File(p, "r") as f:
            if "model_config" not in f.attrs:
                if "layer_names" in f.attrs or "model_weights" in f:
                    raise DocumentError(f"{p.name} holds weights only (save_weights): no model to import")
                raise DocumentError(f"{p.name} is an HDF5 file without a Keras model_config: not a Keras model")
            raw = f.attrs["model_config"]
    except DocumentError:
        raise
    except Exception as exc:  # h5py raises OSError, KeyError, ValueError… on corrupt files
        raise DocumentError(f"{p.name} is not a readable HDF5 file ({type(exc).__name__}: {exc})") from None
    if hasattr(raw, "tobytes") and not isinstance(raw, (bytes, str)):
        raw = raw.tobytes()
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise DocumentError(f"{p.name}: the model config is not UTF-8 text") from None
    if not isinstance(raw, str):
        raise DocumentError(f"{p.name}: the model config is not text")
    if len(raw) > MAX_CONFIG_BYTES:
        raise DocumentError(f"{p.name}: the model config is {len(raw) / 1e6:.0f} MB of text, too large")
    return _parse_json(raw, f"{p.name}: model_config")


# Helpers ---------------------------------------------------------------------

def _model_dict(data: Any) -> dict:
    """``data`` as ``{"class_name", "config"}``, or a clear error for anything else."""
    if not isinstance(data, dict):
        raise DocumentError("not a Keras model config (expected a JSON object such as model.to_json() writes)")
    if data.get("format") == FORMAT:
        raise DocumentError("this is already a keras-designer design: open it instead of importing it")
    if "class_name" not in data and isinstance(data.get("layers"), list):
        kind = "Functional" if "input_layers" in data or "output_layers" in data else "Sequential"
        data = {"class_name": kind, "config": data}
    if is_model_config(data):
        return data
    class_name = data.get("class_name")
    if isinstance(class_name, str) and get_spec(class_name) is not None:
        raise DocumentError(f"not a Keras model: the config describes one {class_name!r} layer, "
                            "not a Sequential or Functional model")
    if isinstance(class_name, str):
        raise DocumentError(
            f"not a Keras model with a layer graph: {class_name!r} is a subclassed model (keras-hub backbones "
            "and tasks are too), whose file holds only its constructor arguments. Re-save it as a functional "
            "model, which records every layer: m = keras.Model(model.inputs, model.outputs); "
            "m.save('functional.keras')")
    raise DocumentError("not a Keras model config (no \"class_name\" and \"config\" of a model)")


def _is_keras3(data: dict) -> bool:
    """Keras 3 writes call nodes as objects and InputLayer ``batch_shape``; tf.keras (2.13+) writes
    ``module`` and ``registered_name`` too, but its call nodes are lists and its modules ``tf_keras``/
    ``keras.src.engine``."""
    module = data.get("module")
    if isinstance(module, str) and module.startswith(("tf_keras", "keras.src.engine", "keras.engine")):
        return False
    if str(data.get("keras_version", "")).startswith("2."):
        return False
    config = data.get("config")
    items = config.get("layers") if isinstance(config, dict) else config
    for item in items if isinstance(items, list) else []:
        if not isinstance(item, dict):
            continue
        nodes = item.get("inbound_nodes")
        if isinstance(nodes, list) and nodes:
            return isinstance(nodes[0], dict)
        if item.get("class_name") == "InputLayer" and isinstance(item.get("config"), dict):
            return "batch_shape" in item["config"]
    return "module" in data or "registered_name" in data
