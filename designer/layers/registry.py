"""The catalog's registry: layer specs keyed by their Keras class name."""

from __future__ import annotations

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

_SPECS: dict[str, LayerSpec] = {}


def register(*specs: LayerSpec) -> None:
    """Add specs to the catalog; a class name may be registered once only."""
    for spec in specs:
        if spec.class_name in _SPECS:
            raise ValueError(f"layer class {spec.class_name!r} is already registered")
        if spec.family not in FAMILIES:
            raise ValueError(f"{spec.class_name}: unknown family {spec.family!r}")
        _SPECS[spec.class_name] = spec


def get_spec(class_name: str) -> LayerSpec | None:
    """The spec of a Keras class, or None when the catalog does not know it."""
    return _SPECS.get(class_name)


def all_specs() -> list[LayerSpec]:
    """Every spec, grouped by family in palette order, then by class name."""
    order = {f: i for i, f in enumerate(FAMILIES)}
    return sorted(_SPECS.values(), key=lambda s: (order[s.family], s.class_name))
