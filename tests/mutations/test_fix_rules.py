"""Fixes for an invalid layer: the largest kernel that fits (dilation counted, odd and even sizes), and their order."""

from __future__ import annotations

from pathlib import Path

import pytest

from designer.engine import infer_document
from designer.engine.explain.fixes import error_fixes
from designer.model import Document, LayerNode, Source, load_document

SAMPLES = Path(__file__).resolve().parents[2] / "designer" / "samples"


def dilated(size: int, kernel: int, dilation: int) -> Document:
    return Document("dilated", [
        LayerNode("input", "InputLayer", {"shape": [size, size + 2, 1]}),
        LayerNode("conv", "Conv2D", {"filters": 1, "kernel_size": kernel, "dilation_rate": dilation,
                                     "padding": "valid"}, (Source("input"),)),
    ])


def kernel_valid(doc: Document, kernel) -> bool:
    node = doc.layer("conv")
    doc.replace_layer(node.with_config(kernel_size=kernel))
    try:
        return infer_document(doc)["conv"].error is None
    finally:
        doc.replace_layer(node)


@pytest.mark.parametrize("size, kernel, dilation, largest", [
    (5, 7, 2, (3, 4)),    # spans 5 and 7 fit 5×7; kernel 4 would span 7 > 5
    (7, 9, 3, (3, 3)),    # (3 − 1)·3 + 1 = 7 fits 7; 9 does not fit, nor does 4 (span 10)
    (6, 7, 2, (3, 4)),    # even: span 5 fits 6, kernel 4 (span 7) does not
    (9, 11, 4, (3, 3)),
    (4, 5, 1, (4, 5)),    # no dilation: the size itself, never more than the kernel was
])
def test_smaller_kernel_is_the_largest_that_fits_with_dilation(size, kernel, dilation, largest):
    doc = dilated(size, kernel, dilation)
    inference = infer_document(doc)
    assert inference["conv"].error is not None
    fixes = {f.kind: f for f in error_fixes(doc, inference, "conv")}
    fix = fixes["smaller_kernel"]
    assert f"kernel_size {largest[0]}×{largest[1]}" in fix.label
    inverse = fix.edit.apply(doc)
    chosen = doc.layer("conv").config["kernel_size"]
    assert (tuple(chosen) if isinstance(chosen, (list, tuple)) else (chosen, chosen)) == largest
    assert infer_document(doc)["conv"].error is None
    inverse.apply(doc)
    for axis in range(2):  # one more on an axis where it shrank no longer fits: it really is the largest
        if largest[axis] < kernel:
            bigger = list(largest)
            bigger[axis] += 1
            assert not kernel_valid(doc, bigger), (largest, bigger)


def test_fixes_that_keep_the_input_size_come_first_then_those_that_make_the_design_valid():
    doc = load_document(SAMPLES / "convmodel3-valid.json")
    inference = infer_document(doc)
    fixes = error_fixes(doc, inference, "conv2d_4")
    assert [(f.kind, f.makes_valid) for f in fixes] == [
        ("padding_same", True), ("remove_layer", True), ("smaller_kernel", False), ("change_input_size", True)]
