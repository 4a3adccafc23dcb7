"""Every layer class `keras.layers` exposes is in the catalog (aliases once), or known by name as foreign code."""

import inspect

import pytest

from designer.layers import get_spec
from designer.layers.registry import OUTSIDE

pytestmark = pytest.mark.keras

NOT_LAYERS = {
    "Layer": "the base class every layer derives from",
    "Wrapper": "the abstract base of Bidirectional, TimeDistributed and SpectralNormalization",
    "MaxNumBoundingBoxes": "pads bounding-box dictionaries, not tensors (out of scope, as the issue says)",
}

NOT_YET: dict[str, str] = {}
"""Classes the catalog does not have yet, and why (kept visible here)."""


def _keras_layer_classes() -> dict:
    from keras_oracle import keras

    classes: dict = {}
    for name in dir(keras.layers):
        obj = getattr(keras.layers, name)
        if inspect.isclass(obj) and issubclass(obj, keras.layers.Layer):
            classes.setdefault(obj, []).append(name)
    return classes


def test_every_keras_layer_class_is_in_the_catalog():
    missing = []
    for names in _keras_layer_classes().values():
        if any(get_spec(n) or n in OUTSIDE or n in NOT_LAYERS or n in NOT_YET for n in names):
            continue
        missing.append(names[0])
    assert not missing, f"keras.layers classes the catalog does not have: {sorted(missing)}"
    assert all(get_spec(n) is None for n in OUTSIDE), "a class known by name only is also in the catalog"


def test_the_other_names_of_each_class_are_keras_s():
    """A spec's ``aliases`` are exactly the other names ``keras.layers`` exports its class under, and its
    ``python_class`` the class's own name when that differs (the Python source importer reads both)."""
    from designer.layers import all_specs

    exported = {names[0] if get_spec(names[0]) else next((n for n in names if get_spec(n)), names[0]):
                (cls.__name__, names) for cls, names in _keras_layer_classes().items()}
    for spec in all_specs():
        if spec.class_name not in exported:
            continue
        python_name, names = exported[spec.class_name]
        assert set(spec.aliases) == set(names) - {spec.class_name}, spec.class_name
        expected = python_name if python_name != spec.class_name else None
        assert spec.python_class == expected, spec.class_name
