"""What the catalog says about each class's call, against the signature of Keras's own ``call``.

A spec's ``call_keywords`` (the keyword arguments of `designer.model.calls` a
design may pass) and ``call_inputs`` (the names of its tensor arguments, read by
the importer) must be what Keras's ``call`` takes: a class whose call takes a
keyword the spec does not declare fails here, and so does a spec claiming one
Keras's call does not take.
"""

import inspect

import pytest

import keras_oracle
from designer.layers import all_specs
from designer.layers.spec import CALL_KEYWORDS

pytestmark = pytest.mark.keras

SPECS = all_specs()

NOT_CHECKED: dict = {}
"""Keywords Keras's call takes that the catalog does not declare: a design using them is refused."""

MAIN_INPUT_NAMES = ("inputs", "data", "x", "sequence")
"""Names of a single main tensor: the importer takes it under any of them (the spec's default ``inputs``)."""


def _call_params(class_name: str) -> list[str]:
    sig = inspect.signature(keras_oracle.layer_class(class_name).call)
    return [n for n, p in sig.parameters.items() if n != "self" and p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)]


@pytest.mark.parametrize("spec", [s for s in SPECS if not s.is_input], ids=lambda s: s.class_name)
def test_call_keywords_are_those_of_keras_call(spec):
    params = _call_params(spec.class_name)
    declared = set(spec.call_keywords)
    assert not declared - set(params), f"{spec.class_name}: Keras's call takes no {sorted(declared - set(params))}"
    keras_keywords = set(params) & set(CALL_KEYWORDS) - {"training"}
    undeclared = sorted(k for k in keras_keywords - declared if (spec.class_name, k) not in NOT_CHECKED)
    assert not undeclared, f"{spec.class_name}: Keras's call takes {undeclared}, which its spec does not declare"


@pytest.mark.parametrize("spec", [s for s in SPECS if not s.is_input], ids=lambda s: s.class_name)
def test_call_inputs_are_the_leading_arguments_of_keras_call(spec):
    params = _call_params(spec.class_name)
    if spec.call_inputs == ("inputs",):
        assert params[0] in MAIN_INPUT_NAMES, f"{spec.class_name}: Keras's call starts with {params[:3]}"
    else:
        assert tuple(params[:len(spec.call_inputs)]) == spec.call_inputs, f"{spec.class_name}: {params[:3]}"
    assert ("recurrent" in spec.traits) == (params[0] == "sequences"), spec.class_name
