"""Merge layers against Keras: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate, Dot."""

import pytest
from hypothesis import given, settings, strategies as st

from keras_oracle import assert_agrees

pytestmark = pytest.mark.keras

ELEMENTWISE = ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum"]

CASES = [
    # every element-wise merge: same shapes, broadcasting, unknown sizes, mismatches
    *[(name, {}, [(None, 3, 4), (None, 3, 4)]) for name in ELEMENTWISE],
    *[(name, {}, [(None, 3, 4), (None, 1, 4)]) for name in ELEMENTWISE],
    *[(name, {}, [(None, 3, 4), (None, 5, 4)]) for name in ELEMENTWISE],
    *[(name, {}, [(None, 3, None), (None, 3, 7)]) for name in ELEMENTWISE],
    *[(name, {}, [(None, 3)]) for name in ELEMENTWISE],
    *[(name, {}, [(None, 3)] * 3) for name in ELEMENTWISE],
    ("Add", {}, [(None, 3, 4), (None, 4)]),
    ("Add", {}, [(None, 3, 4), (None, 1)]),
    ("Add", {}, [(None, 3, 4), (None, 5)]),
    ("Add", {}, [(None, 4), (None, 3, 4)]),
    ("Add", {}, [(None, 1, 4), (None, 3, 1)]),
    ("Add", {}, [(None,), (None, 5)]),
    ("Add", {}, [(None, 0), (None, 1)]),
    ("Add", {}, [(None, 0), (None, 5)]),
    ("Multiply", {}, [(None, 2, 3, 4), (None, 3, 1), (None, 1, 1, 4)]),
    ("Maximum", {}, [(None, 2, None), (None, 2, 1)]),
    ("Minimum", {}, [(None, 6, 3), (None, 6, 4)]),
    ("Average", {}, [(None, 8), (None, 8), (None, 8), (None, 8)]),
    # batch sizes: the one known size wins, two different ones are refused
    ("Add", {}, [(None, 3, 4), (2, 1, None)]),
    ("Add", {}, [(3, 3, 4), (2, 1, None)]),
    ("Average", {}, [(4, 3), (4, 3)]),
    ("Add", {"trainable": False}, [(None, 3), (None, 3)]),
    # Concatenate: axis, negative axis, None, mismatches, Keras's quirks
    ("Concatenate", {}, [(None, 3, 4), (None, 3, 5)]),
    ("Concatenate", {}, [(None, 3)]),
    ("Concatenate", {"axis": 1}, [(None, 3, 4), (None, 5, 4)]),
    ("Concatenate", {"axis": 1}, [(None, 3, 4), (None, 5, 6)]),
    ("Concatenate", {"axis": -2}, [(None, 3, 4), (None, 5, 6)]),
    ("Concatenate", {"axis": -2}, [(None, 3, 4), (None, 5, 4)]),
    ("Concatenate", {"axis": -2}, [(None, 3, 4), (None, 5, None)]),
    ("Concatenate", {"axis": -1}, [(None, 3, 4), (None, 5, 2)]),
    ("Concatenate", {"axis": -1}, [(None, 3, 4), (None, None, 2)]),
    ("Concatenate", {"axis": -1}, [(None, 3, 4), (None, 3, None)]),
    ("Concatenate", {"axis": -1}, [(None, 3, None), (None, 3, 4), (None, 3, 2)]),
    ("Concatenate", {"axis": -1}, [(None, 3, 4), (None, 3, 2, 1)]),
    ("Concatenate", {"axis": -1}, [(None, 3, 1), (None, 3, 4)]),
    ("Concatenate", {"axis": -1}, [(None, 4, 4, 2), (None, 4, 4, 3), (None, 4, 4, 5)]),
    ("Concatenate", {"axis": 2}, [(None, 3, 4), (None, 3, 2, 1)]),
    ("Concatenate", {"axis": 2}, [(None, 3, 5), (None, 3)]),
    ("Concatenate", {"axis": 2}, [(None, 3, None), (None, 3)]),
    ("Concatenate", {"axis": 3}, [(None, 3, 4), (None, 3, 4)]),
    ("Concatenate", {"axis": 5}, [(None, 3)]),
    ("Concatenate", {"axis": -4}, [(None, 3, 4), (None, 3, 4)]),
    ("Concatenate", {"axis": -3}, [(None, 3, 4), (None, 3, 4)]),
    ("Concatenate", {"axis": -3}, [(2, 3, 4), (3, 3, 4)]),
    ("Concatenate", {"axis": 0}, [(2, 3), (3, 3)]),
    ("Concatenate", {"axis": -1}, [(2, 3, 4), (3, 3, 4)]),
    ("Concatenate", {"axis": [1]}, [(None, 3), (None, 3)]),
    ("Concatenate", {"axis": 1}, [(None, 3, 4), (None, 5)]),
    # Dot: int and pair axes, negative axes, exact size matching (None only matches None)
    ("Dot", {"axes": 1}, [(None, 3), (None, 3)]),
    ("Dot", {"axes": 1, "normalize": True}, [(None, 3), (None, 3)]),
    ("Dot", {"axes": 1}, [(None, 3), (None, None)]),
    ("Dot", {"axes": 1}, [(None, None), (None, None)]),
    ("Dot", {"axes": 1}, [(None, 3), (None, 4)]),
    ("Dot", {"axes": 0}, [(None, 3), (None, 3)]),
    ("Dot", {"axes": [1, 2]}, [(None, 3, 5), (None, 10, 3)]),
    ("Dot", {"axes": [2, 2]}, [(None, 3, 5), (None, 10, 5)]),
    ("Dot", {"axes": [-2, -1]}, [(None, 3, 5), (None, 10, 3)]),
    ("Dot", {"axes": [2, 0]}, [(None, 3, 5), (None, 10, 3)]),
    ("Dot", {"axes": [1, -4]}, [(None, 3, 5), (None, 10, 3)]),
    ("Dot", {"axes": [1, 2, 3]}, [(None, 3, 5), (None, 10, 3)]),
    ("Dot", {"axes": [1]}, [(None, 3, 5), (None, 10, 3)]),
    ("Dot", {"axes": -1}, [(None, 3, 5), (None, 5)]),
    ("Dot", {"axes": -1}, [(None, 4, 3, 5), (None, 2, 5)]),
    ("Dot", {"axes": 2}, [(None, 4, 3, 5), (None, 2, 3)]),
    ("Dot", {"axes": 3}, [(None, 3, 5), (None, 5)]),
    ("Dot", {"axes": -1}, [(None, 3), (None,)]),
    ("Dot", {"axes": 0}, [(None, 3), (None,)]),
    ("Dot", {"axes": 1}, [(2, 3), (3, 3)]),
    ("Dot", {"axes": 1}, [(None, 3)]),
    ("Dot", {"axes": 1}, [(None, 3)] * 3),
    ("Dot", {}, [(None, 3), (None, 3)]),
    ("Subtract", {}, [(None, 3)]),
]


@pytest.mark.parametrize("class_name,config,inputs", CASES)
def test_merging_table(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)


dim = st.one_of(st.none(), st.sampled_from([1, 1, 2, 3, 4]))
shape = st.lists(dim, min_size=0, max_size=3).map(lambda s: (None, *s))


@settings(max_examples=60, deadline=None)
@given(name=st.sampled_from(ELEMENTWISE), shapes=st.lists(shape, min_size=1, max_size=3))
def test_elementwise_broadcasting_random(name, shapes):
    if name == "Subtract":
        shapes = (shapes * 2)[:2]
    assert_agrees(name, {}, shapes)


@settings(max_examples=60, deadline=None)
@given(axis=st.integers(-4, 3), rank=st.integers(2, 4), data=st.data())
def test_concatenate_random(axis, rank, data):
    same = st.lists(st.one_of(st.none(), st.integers(1, 3)), min_size=rank - 1, max_size=rank - 1)
    base = data.draw(same)
    shapes = [(None, *base)]
    for _ in range(data.draw(st.integers(0, 2))):
        other = list(base)
        for i in range(len(other)):
            if data.draw(st.booleans()):
                other[i] = data.draw(st.one_of(st.none(), st.integers(1, 3)))
        if data.draw(st.integers(0, 5)) == 0:
            other = other[:-1]
        shapes.append((None, *other))
    assert_agrees("Concatenate", {"axis": axis}, shapes)


@settings(max_examples=60, deadline=None)
@given(axes=st.one_of(st.integers(-3, 3), st.tuples(st.integers(-4, 3), st.integers(-4, 3))),
       left=st.lists(st.one_of(st.none(), st.integers(2, 4)), min_size=0, max_size=3),
       right=st.lists(st.one_of(st.none(), st.integers(2, 4)), min_size=0, max_size=3))
def test_dot_random(axes, left, right):
    config = {"axes": list(axes) if isinstance(axes, tuple) else axes}
    assert_agrees("Dot", config, [(None, *left), (None, *right)])
