"""Parameter counts from a weights file's metadata (part of `designer.export.keras_import`).

A ``.keras`` archive holds ``model.weights.h5``; an ``.h5`` model file holds
``model_weights``. Both store every weight as an HDF5 dataset whose *shape*
is metadata: its size is known without reading a single value, and no value
is ever read here. The counts are keyed by the layer's path (``layer``, or
``model/layer`` inside a nested model) as the importer names layers:

- ``.keras`` (Keras 3 saving): ``layers/<key>/vars`` carries the layer's name
  in its ``name`` attribute; everything under ``layers/<key>`` (its variables
  and those of the layers it owns) is the layer's; a nested model's layers sit
  under ``layers/<key>/layers/…``;
- ``.h5`` (Keras 3 legacy and tf.keras): ``model_weights/<layer name>/…``.

Only floating-point datasets are counted (Keras counts weights, not integer
states such as a seed generator's). Counts are ``(trainable, non_trainable)``:
a batch normalization's moving statistics are non-trainable (by their name in
an ``.h5``; in a ``.keras``, by the four variables of a sublayer Keras named
``batch_normalization…``), every other weight trainable. Any failure gives an
empty mapping: the counts are a bonus, never a reason to refuse a file.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

MAX_NESTING = 16


NON_TRAINABLE = ("moving_mean", "moving_variance")
"""Weight names Keras never trains (batch normalization's statistics)."""


def _size(obj) -> tuple[int, int]:
    """``(trainable, non_trainable)`` sizes of the floating-point datasets under an HDF5 group (shapes only)."""
    import h5py

    counts = [0, 0]
    statistics: set[str] = set()

    def visit(name, item):
        if isinstance(item, h5py.Group) and item.name.endswith("/vars"):
            label = item.attrs.get("name")
            label = label.decode("utf-8", "replace") if isinstance(label, bytes) else label
            if isinstance(label, str) and label.startswith("batch_normalization") and len(item) == 4:
                statistics.update((f"{name}/2", f"{name}/3"))  # gamma, beta, moving_mean, moving_variance
        if isinstance(item, h5py.Dataset) and item.dtype.kind == "f" and item.shape is not None:
            n = 1
            for d in item.shape:
                n *= d
            frozen = name in statistics or name.rsplit("/", 1)[-1].split(":")[0] in NON_TRAINABLE
            counts[frozen] += n

    obj.visititems(visit)
    return counts[0], counts[1]


def _keras3_layers(group, prefix: tuple[str, ...], out: dict[str, tuple[int, int]], depth: int = 0) -> None:
    layers = group.get("layers") if depth <= MAX_NESTING else None
    if layers is None or not hasattr(layers, "keys"):
        return
    for key in layers.keys():
        child = layers[key]
        if not hasattr(child, "keys"):
            continue
        variables = child.get("vars")
        name = variables.attrs.get("name") if variables is not None else None
        if isinstance(name, bytes):
            name = name.decode("utf-8", "replace")
        if not isinstance(name, str) or not name:
            continue
        path = (*prefix, name)
        out["/".join(path)] = _size(child)
        _keras3_layers(child, path, out, depth + 1)


def keras_archive_weights(path: Path) -> dict[str, tuple[int, int]]:
    """Parameter count per layer path from a ``.keras`` archive's ``model.weights.h5`` (metadata only)."""
    try:
        import h5py

        with zipfile.ZipFile(path) as archive:
            if "model.weights.h5" not in archive.namelist():
                return {}
            with archive.open("model.weights.h5") as fh, h5py.File(fh, "r") as f:
                out: dict[str, tuple[int, int]] = {}
                _keras3_layers(f, (), out)
                return out
    except Exception:  # a bonus: a damaged or unusual weights file only means no counts
        return {}


def h5_weights(path: Path) -> dict[str, tuple[int, int]]:
    """Parameter count per top-level layer name from an ``.h5`` model file (metadata only)."""
    try:
        import h5py

        with h5py.File(path, "r") as f:
            weights = f.get("model_weights")
            if weights is None or not hasattr(weights, "keys"):
                return {}
            return {key: _size(weights[key]) for key in weights.keys() if hasattr(weights[key], "keys")}
    except Exception:  # a bonus: a damaged or unusual weights file only means no counts
        return {}
