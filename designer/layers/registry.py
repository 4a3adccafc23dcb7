"""The catalog's registry: layer specs keyed by their Keras class name."""

from __future__ import annotations

import importlib

from .spec import LayerSpec

FAMILIES = (
    "Core", "Convolution", "Pooling", "Reshaping", "Normalization", "Regularization",
    "Activation", "Merge", "Recurrent", "Attention", "Preprocessing", "Augmentation", "Applications",
)
"""Palette groups, in the order the palette shows them."""

OUTSIDE = {
    "Lambda": "runs a Python function of the model's author",
    "TFSMLayer": "wraps a TensorFlow SavedModel",
    "TorchModuleWrapper": "wraps a PyTorch module",
    "JaxLayer": "wraps a JAX function",
    "FlaxLayer": "wraps a Flax module",
}
"""Keras classes known by name only: they run foreign code, which the designer never runs, so their shapes
come from the file (recorded) or the author (a Lambda's ``output_shape``, a declared shape): see
`designer.engine.outside`."""

MODULES = (
    "core", "convolutional", "pooling", "reshaping", "activations", "normalization", "merging", "regularization",
    "einsum_dense", "rnn", "attention", "preprocessing", "categorical", "augmentation", "applications",
    "rnn_cells", "audio", "composite",
)
"""The family modules of the catalog, the most used first: `get_spec` imports them in this order as needed."""

_SPECS: dict[str, LayerSpec] = {}
_PENDING = list(MODULES)


def register(*specs: LayerSpec) -> None:
    """Add specs to the catalog; a class name may be registered once only."""
    for spec in specs:
        if spec.class_name in _SPECS:
            raise ValueError(f"layer class {spec.class_name!r} is already registered")
        if spec.family not in FAMILIES:
            raise ValueError(f"{spec.class_name}: unknown family {spec.family!r}")
        _SPECS[spec.class_name] = spec


def _load_next() -> bool:
    """Import the next family module not imported yet (it registers its specs); False when none is left."""
    if not _PENDING:
        return False
    importlib.import_module(f"{__package__}.{_PENDING.pop(0)}")
    return True


def get_spec(class_name: str) -> LayerSpec | None:
    """The spec of a Keras class, or None when the catalog does not know it.

    Family modules are imported on first need, in `MODULES` order, so a
    process that meets only common layers never loads the rare families.
    """
    spec = _SPECS.get(class_name)
    while spec is None and _load_next():
        spec = _SPECS.get(class_name)
    return spec


def all_specs() -> list[LayerSpec]:
    """Every spec, grouped by family in palette order, then by class name."""
    while _load_next():
        pass
    order = {f: i for i, f in enumerate(FAMILIES)}
    return sorted(_SPECS.values(), key=lambda s: (order[s.family], s.class_name))
