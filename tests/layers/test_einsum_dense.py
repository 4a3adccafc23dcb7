"""EinsumDense against Keras: equation forms, output_shape, bias_axes, LoRA and Keras's refusals."""

import pytest
from hypothesis import given, settings, strategies as st

from keras_oracle import assert_agrees

pytestmark = pytest.mark.keras


def case(equation, output_shape, shape, **config):
    return ("EinsumDense", {"equation": equation, "output_shape": output_shape, **config}, [shape])


CASES = [
    # the documented forms
    case("ab,bc->ac", 64, (None, 32), bias_axes="c"),
    case("ab,bc->ac", 64, (None, 32)),
    case("ab,bc->ac", [64], (None, 32), bias_axes="c"),
    case("abc,cd->abd", [None, 64], (None, 32, 128), bias_axes="d"),
    case("abc,cd->abd", [32, 64], (None, 32, 128), bias_axes="d"),
    case("abc,cd->abd", [7, 64], (None, 32, 128)),
    case("...x,xy->...y", 64, (None, 32, 128), bias_axes="y"),
    case("...x,xy->...y", 64, (None, 128), bias_axes="y"),
    case("...x,xy->...y", 64, (None, 3, 5, 8), bias_axes="y"),
    case("...x,xy->...y", 64, (None,), bias_axes="y"),
    case("ab...,bc->ac...", 64, (None, 32, 7, 5), bias_axes="c"),
    case("ab...,bc->ac...", 64, (None, 32), bias_axes="c"),
    case("ab...,bc->ac...", [4], (None, 3, 2)),
    case("0ab,bc->0ac", [4], (None, 3, 2)),
    case("...ab,bc->...ac", [5, 4], (None, 3, 2)),
    case("...ab,bc->...ac", [None, 4], (None, 7, 3, 2), bias_axes="c"),
    case("...ab,bc->...ac", [4], (3,)),
    case("...b,bc->...c", [4], (None, 3)),
    # multi-axis kernels and biases
    case("abc,cde->abde", [None, 4, 5], (None, 32, 128), bias_axes="de"),
    case("abc,cde->abde", [None, 4, 5], (None, 32, 128), bias_axes="e"),
    case("abc,cde->abde", [None, 4, 5], (None, 32, 128), bias_axes="d"),
    case("abc,cde->abde", [32, 4, 5], (None, 32, 128), bias_axes="bd"),
    case("abc,cde->abde", [None, 4, 5], (None, 32, 128), bias_axes="bd"),
    case("abc,cde->abde", [None, 4, 5], (None, 32, 128), bias_axes="x"),
    case("abc,cde->abde", [None, 4, 5], (None, 32, 128), bias_axes=""),
    case("abc,cde->abde", [7, 4, 5], (None, 32, 128)),
    case("abcd,cde->abe", [None, 6], (None, 5, 4, 3)),
    case("abc,bcd->ad", [6], (None, 5, 4), bias_axes="d"),
    case("abc,bd->acd", [4, 6], (None, 5, 4), bias_axes="cd"),
    case("abc,bd->acd", [None, 6], (None, 5, 4), bias_axes="cd"),
    case("AB,BC->AC", 4, (None, 3)),
    # Keras's quirks: ranks that do not match the equation, extra output sizes, trailing text
    case("ab,bc->ac", 64, (None, 32, 5)),
    case("ab,bc->ac", 64, (None, 32, 5), bias_axes="c"),
    case("ab,bc->ac", [64, 3], (None, 32)),
    case("ab,bc->ac", [64, None], (None, 32)),
    case("ab,bc->ac!!", 4, (None, 3)),
    # refusals
    case("abc,cd->abd", [None, 64], (None, 32)),
    case("abc,cdz->abde", [None, 4, 5], (None, 32, 128)),
    case("abc,cd->abe", [None, 4], (None, 32, 128)),
    case("ab,bc->ac", [], (None, 32)),
    case("ab,bc->ac", 64, (None, None)),
    case("ab,bc->ac", 0, (None, 3)),
    case("ab,bc->ac", -1, (None, 3)),
    case("ab,bc->ac", [-1], (None, 3)),
    case("ab,bc->ac", None, (None, 3)),
    case("ab,bc->ac", "64", (None, 3)),
    case("ab,bc->", 4, (None, 3)),
    case("ab->ac", 4, (None, 3)),
    case("a b,bc->ac", 4, (None, 3)),
    case("a...,bc->ac...", [4], (None, 3)),
    case("ab...,bc->...ac", [4], (None, 3, 2)),
    ("EinsumDense", {"output_shape": 4}, [(None, 3)]),
    # LoRA
    case("ab,bc->ac", 4, (None, 3), lora_rank=2),
    case("ab,bc->ac", 4, (None, 3), lora_rank=2, bias_axes="c", lora_alpha=4.0),
    case("ab,bc->ac", 4, (None, 3), lora_rank=0),
    case("ab,bc->ac", 4, (None, 3), lora_rank=-1),
    case("ab,bc->ac", 4, (None, 3), lora_rank=2, kernel_constraint="max_norm"),
    case("abc,cde->abde", [None, 4, 5], (None, 32, 128), lora_rank=3, bias_axes="de"),
    case("abc,cde->abde", [None, 4, 5], (None, 32, 128), lora_rank=3, trainable=False),
    case("ab,bc->ac", 4, (None, 3), activation="relu", kernel_initializer="he_normal"),
]


@pytest.mark.parametrize("class_name,config,inputs", CASES)
def test_einsum_dense_table(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)


EQUATIONS = [
    # (equation, input rank without the batch axis, number of output_shape entries, output letters)
    ("ab,bc->ac", 1, 1, "ac"), ("abc,cd->abd", 2, 2, "abd"), ("abc,cde->abde", 2, 3, "abde"),
    ("...x,xy->...y", 2, 1, "y"), ("ab...,bc->ac...", 2, 1, "ac"), ("...ab,bc->...ac", 2, 2, "ac"),
    ("abc,bd->acd", 2, 2, "acd"), ("abcd,de->abce", 3, 3, "abce"), ("ab,bcd->acd", 1, 2, "acd"),
]
size = st.sampled_from([None, 2, 3, 3])


@settings(max_examples=80, deadline=None)
@given(form=st.sampled_from(EQUATIONS), rank_change=st.sampled_from([0, 0, 0, 1, -1]),
       entries_change=st.sampled_from([0, 0, 0, 1, -1]), data=st.data(),
       lora_rank=st.one_of(st.none(), st.integers(0, 3)))
def test_einsum_dense_random(form, rank_change, entries_change, data, lora_rank):
    equation, rank, entries, letters = form
    shape = data.draw(st.lists(size, min_size=max(rank + rank_change, 0), max_size=max(rank + rank_change, 0)))
    n = max(entries + entries_change, 1)
    output_shape = data.draw(st.lists(st.sampled_from([None, 2, 3]), min_size=n, max_size=n))
    if n == 1 and data.draw(st.booleans()):
        output_shape = output_shape[0] or 4
    bias_axes = data.draw(st.one_of(st.none(), st.text(alphabet=letters + "z", min_size=1, max_size=2)))
    config = {"equation": equation, "output_shape": output_shape, "bias_axes": bias_axes, "lora_rank": lora_rank}
    assert_agrees("EinsumDense", config, [(None, *shape)])
