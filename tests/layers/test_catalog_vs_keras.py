"""The catalog's argument lists against Keras's own constructors and name lists.

Every named constructor argument of the Keras class must be in the catalog
entry under the same name with the same default, so the inspector, the code
exporter and the importer speak Keras's language.
"""

import inspect

import pytest

import keras_oracle
from designer.layers import all_specs, args as arg_lists
from designer.layers.args import normalize_value

pytestmark = pytest.mark.keras

SPECS = all_specs()
BASE_LAYER_ARGS = {"activity_regularizer", "trainable", "dtype", "autocast", "name", "input_shape", "input_dim"}
KWARGS_ONLY = {
    (f"Conv{rank}D", arg): "BaseConv takes LoRA arguments; Conv1D/2D/3D pass them through **kwargs"
    for rank in (1, 2, 3) for arg in ("lora_rank", "lora_alpha")
}
KWARGS_ONLY.update({("ReversibleEmbedding", arg): "passed on to Embedding through **kwargs"
                    for arg in ("weights", "lora_rank", "lora_alpha", "quantization_config")})
"""Arguments Keras accepts through ``**kwargs`` of the class and names in a base class."""
NOT_DESIGNABLE = {
    ("InputLayer", "input_tensor"): "a live tensor, which a design file cannot hold",
}


def _keras_params(class_name):
    cls = keras_oracle.layer_class(class_name)
    sig = inspect.signature(cls.__init__)
    own = {
        n: p for n, p in sig.parameters.items()
        if n != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)
    }
    takes_kwargs = any(p.kind == p.VAR_KEYWORD for p in sig.parameters.values())
    return own, takes_kwargs


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.class_name)
def test_arguments_match_keras_signature(spec):
    own, takes_kwargs = _keras_params(spec.class_name)
    ours = spec.arg_index
    missing = sorted(n for n in set(own) - set(ours) if (spec.class_name, n) not in NOT_DESIGNABLE)
    assert not missing, f"{spec.class_name}: Keras arguments missing from the catalog: {missing}"
    extra = sorted(n for n in set(ours) - set(own) - (BASE_LAYER_ARGS if takes_kwargs else set())
                   if (spec.class_name, n) not in KWARGS_ONLY)
    assert not extra, f"{spec.class_name}: catalog arguments Keras does not take: {extra}"
    for name, param in own.items():
        if name not in ours:
            continue
        arg = ours[name]
        if param.default is inspect.Parameter.empty:
            assert arg.default is None, f"{spec.class_name}.{name} is required in Keras"
            continue
        expected = param.default
        if isinstance(expected, tuple):
            expected = list(expected)
        ours_default = list(arg.default) if isinstance(arg.default, tuple) else arg.default
        assert ours_default == expected, (
            f"{spec.class_name}.{name}: catalog default {arg.default!r} != Keras default {param.default!r}"
        )


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.class_name)
def test_defaults_normalise(spec):
    """Every non-required default passes the catalog's own checks."""
    own, _ = _keras_params(spec.class_name)
    for arg in spec.args:
        if arg.name in own and own[arg.name].default is inspect.Parameter.empty:
            continue
        normalize_value(arg, arg.default)


def test_name_lists_are_keras_own():
    from keras.src import activations, constraints, initializers, regularizers

    def public(d):
        return {k for k in d if k not in ("Initializer", "initializer", "Regularizer", "regularizer",
                                          "Constraint", "constraint")}

    assert set(arg_lists.ACTIVATIONS) == public(activations.ALL_OBJECTS_DICT)
    assert set(arg_lists.INITIALIZERS) == public(initializers.ALL_OBJECTS_DICT)
    assert set(arg_lists.REGULARIZERS) == public(regularizers.ALL_OBJECTS_DICT)
    assert set(arg_lists.CONSTRAINTS) == public(constraints.ALL_OBJECTS_DICT)


@pytest.mark.parametrize("spec", SPECS, ids=lambda s: s.class_name)
def test_required_arguments_are_in_keras_positional_order(spec):
    """The exporter writes required arguments positionally, in catalog order."""
    own, _ = _keras_params(spec.class_name)
    keras_required = [n for n, p in own.items() if p.default is inspect.Parameter.empty]
    ours = [a.name for a in spec.args if a.required]
    assert ours == keras_required[:len(ours)]
    positional = [n for n, p in own.items()]
    assert positional[:len(ours)] == ours, f"{spec.class_name}: required arguments must come first in Keras's order"
