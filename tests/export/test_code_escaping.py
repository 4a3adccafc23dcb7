"""Exported code keeps every string of a design a string (no TensorFlow needed to check it).

The design's names, strings and keys are data: `pycode.literal` writes them as escaped literals, and class names and
unknown argument names that are not Python identifiers are refused even with ``force``, so no design can place code
in the exported module.
"""

from __future__ import annotations

import ast

import pytest
from hypothesis import given, settings, strategies as st

from designer.export.code_export import ExportError, export_code, layer_expression
from designer.export.pycode import literal
from designer.model import Document, LayerNode, Source
from designer.model.recorded import Declared

HOSTILE = [
    'x"); import os; os.system("echo PWNED > pwned.txt")#',
    "x'); import os; os.system('id')#",
    'a"""b\'\'\'c',
    "line\nbreak\r\nand\ttab",
    "back\\slash\\",
    "\\\"",
    "nul\x00byte",
    "\u2028\u2029 separators",
    "{braces} %s $x",
    "é ü 漢字 🙂",
    "\udcff lone surrogate",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_literal_reads_back_as_the_same_string_and_nothing_else(text):
    source = literal(text)
    tree = ast.parse(source, mode="eval")
    assert isinstance(tree.body, ast.Constant) and tree.body.value == text


@settings(max_examples=300, deadline=None)
@given(st.recursive(st.none() | st.booleans() | st.integers() | st.text(),
                    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
                    max_leaves=12))
def test_any_json_value_round_trips_through_literal(value):
    assert ast.literal_eval(literal(value)) == value


def _constants(tree: ast.AST) -> set:
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)}


def test_hostile_names_stay_names_in_the_exported_module():
    doc = Document('evil"""name\'\'\'\n', [
        LayerNode("in", "InputLayer", {"shape": [4], "name": "in\n'\"\\"}),
        LayerNode("d", "Dense", {"units": 2, "name": HOSTILE[0]}, (Source("in"),)),
        LayerNode("e", "Dense", {"units": 2, "name": HOSTILE[1]}, (Source("d"),)),
    ])
    tree = ast.parse(export_code(doc))
    calls = [n.func for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert not any(isinstance(f, ast.Attribute) and f.attr == "system" for f in calls)
    assert not any(isinstance(n, (ast.Import, ast.ImportFrom)) and any(a.name == "os" for a in n.names)
                   for n in ast.walk(tree))
    assert {HOSTILE[0], HOSTILE[1], "in\n'\"\\"} <= _constants(tree)


INJECTED_CLASS = 'Dense(2)\nimport os; os.system("echo PWNED")\nx = layers.Dense'
INJECTED_KEY = 'units=2); __import__("os").system("echo PWNED"); (x'


def test_a_class_name_that_is_not_an_identifier_is_refused():
    with pytest.raises(ExportError, match="not a Keras class name"):
        layer_expression(INJECTED_CLASS, {}, 4)


def test_an_argument_name_that_is_not_an_identifier_is_refused():
    with pytest.raises(ExportError, match="not an argument name"):
        layer_expression("Dense", {"units": 2, INJECTED_KEY: 1}, 4)


def _injected_anywhere(source: str) -> bool:
    tree = ast.parse(source)
    return any(isinstance(n, ast.Attribute) and n.attr == "system" for n in ast.walk(tree)) or any(
        isinstance(n, (ast.Import, ast.ImportFrom)) and any(a.name == "os" for a in n.names) for n in ast.walk(tree))


@pytest.mark.parametrize("class_name, config", [
    (INJECTED_CLASS, {}),
    ("Dense", {"units": 2, INJECTED_KEY: 1}),
])
def test_forced_export_never_writes_injected_code(class_name, config):
    """With ``force`` (invalid or unknown layers allowed), a design either is refused or stays data in the code."""
    doc = Document("d", [
        LayerNode("in", "InputLayer", {"shape": [4]}),
        LayerNode("x", class_name, config, (Source("in"),), declared=Declared(output_shape="same", params=(0, 0))),
    ])
    try:
        source = export_code(doc, force=True)
    except ExportError:
        return
    assert not _injected_anywhere(source)
