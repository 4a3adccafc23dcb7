"""Every fix kind, applied to a failing (or warned) design, gives a design the engine calls valid and Keras builds.

Each test picks the fix by kind, applies its `Edit` to the document (one
undoable step), checks the engine, then builds the whole design in TensorFlow
Keras (`assert_design_agrees`, marked ``keras``). The inverse edit restores
the original design exactly.
"""

import json
from pathlib import Path

import pytest

from designer.engine import infer_document
from designer.engine.explain import explain_design, explain_layer
from designer.model import Document, LayerNode, Source, document_from_dict, document_to_dict, load_document

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def chain(name, shape, *layers):
    """A sequential design: input, then ``(id, class, config)`` each fed by the previous one."""
    nodes = [LayerNode("input", "InputLayer", {"shape": list(shape)})]
    for layer_id, class_name, config in layers:
        nodes.append(LayerNode(layer_id, class_name, config, (Source(nodes[-1].id),)))
    return Document(name, nodes)


def skip_design(merge="Concatenate"):
    """9×9 input: a 'same' conv, then pool → up-sample (9 → 4 → 8), merged with the conv's 9×9."""
    nodes = [
        LayerNode("input", "InputLayer", {"shape": [9, 9, 1]}),
        LayerNode("conv_a", "Conv2D", {"filters": 4, "kernel_size": 3, "padding": "same"}, (Source("input"),)),
        LayerNode("pool", "MaxPooling2D", {}, (Source("conv_a"),)),
        LayerNode("up", "UpSampling2D", {}, (Source("pool"),)),
        LayerNode("merge", merge, {}, (Source("conv_a"), Source("up"))),
    ]
    return Document("skip", nodes)


def unet(size):
    data = json.loads((SAMPLES / "unet.json").read_text())
    data["layers"][0]["config"]["shape"] = [size, size, 1]
    return document_from_dict(data)


def fix_of(doc, layer_id, kind):
    explanation = explain_layer(doc, infer_document(doc), layer_id)
    fixes = [f for f in explanation.fixes if f.kind == kind]
    assert fixes, f"no {kind} fix for {layer_id}: {[(f.kind, f.label) for f in explanation.fixes]}"
    return fixes[0]


def apply_fix(doc, layer_id, kind):
    """Apply the fix; check the engine says valid and that undoing restores the design."""
    before = document_to_dict(doc)
    fix = fix_of(doc, layer_id, kind)
    inverse = fix.edit.apply(doc)
    inference = infer_document(doc)
    assert inference.valid, [r.error for r in inference.invalid()]
    assert fix.makes_valid
    undo_check = Document(doc.name, list(doc), doc.explicit_outputs)
    inverse.apply(undo_check)
    assert document_to_dict(undo_check) == before
    return fix, inference


CASES = {
    "padding_same": (lambda: load_document(SAMPLES / "convmodel3-valid.json"), "conv2d_4"),
    "smaller_kernel": (lambda: chain("k", (5, 5, 1), ("conv", "Conv2D", {"filters": 2, "kernel_size": 7}),
                                     ("flat", "Flatten", {}), ("out", "Dense", {"units": 2})), "conv"),
    "smaller_pool": (lambda: chain("p", (3, 3, 2), ("pool", "MaxPooling2D", {"pool_size": 4}),
                                   ("flat", "Flatten", {}), ("out", "Dense", {"units": 2})), "pool"),
    "remove_layer": (lambda: load_document(SAMPLES / "convmodel3-valid.json"), "conv2d_4"),
    "crop_skip": (skip_design, "merge"),
    "pad_skip": (skip_design, "merge"),
    "change_input_size": (lambda: unet(358), "merge7"),
    "replace_class": (lambda: chain("r", (16, 16, 3), ("up", "Conv1DTranspose", {"filters": 4, "kernel_size": [3],
                                                                               "strides": [2]}),
                                    ("flat", "Flatten", {}), ("out", "Dense", {"units": 2})), "up"),
}


@pytest.mark.parametrize("kind", sorted(CASES))
def test_fix_makes_the_design_valid(kind):
    make, layer_id = CASES[kind]
    doc = make()
    assert not infer_document(doc).valid
    apply_fix(doc, layer_id, kind)


@pytest.mark.keras
@pytest.mark.parametrize("kind", sorted(CASES))
def test_fixed_design_builds_in_keras(kind):
    from keras_oracle import assert_design_agrees

    make, layer_id = CASES[kind]
    doc = make()
    apply_fix(doc, layer_id, kind)
    assert assert_design_agrees(doc).valid


def test_remove_layer_names_the_pooling_where_the_size_fell_short():
    doc = load_document(SAMPLES / "convmodel3-valid.json")
    fix, _ = apply_fix(doc, "conv2d_4", "remove_layer")
    assert fix.label.startswith("Remove max_pooling2d_3 (3×3 → 1×1)")
    assert "max_pooling2d_3" not in doc and doc.layer("up_sampling2d_1").inbound == (Source("activation_3"),)


def test_smaller_window_fixes_use_the_largest_size_that_fits():
    doc = CASES["smaller_kernel"][0]()
    assert fix_of(doc, "conv", "smaller_kernel").label.startswith("Use kernel_size 5×5 in conv")
    apply_fix(doc, "conv", "smaller_kernel")
    assert doc.layer("conv").config["kernel_size"] == 5
    doc = CASES["smaller_pool"][0]()
    apply_fix(doc, "pool", "smaller_pool")
    assert doc.layer("pool").config["pool_size"] == 3


def test_dilated_kernel_shrinks_to_fit_its_span():
    doc = chain("d", (6, 6, 1), ("conv", "Conv2D", {"filters": 2, "kernel_size": 4, "dilation_rate": 2}))
    apply_fix(doc, "conv", "smaller_kernel")
    assert doc.layer("conv").config["kernel_size"] == 3  # (3 − 1)·2 + 1 = 5 ≤ 6


@pytest.mark.parametrize("kind,cropping", [("crop_skip", [[0, 1], [0, 1]]), ("pad_skip", [[0, 1], [0, 1]])])
def test_skip_alignment_inserts_the_exact_amounts(kind, cropping):
    doc = skip_design()
    fix, inference = apply_fix(doc, "merge", kind)
    added = [n for n in doc if n.class_name in ("Cropping2D", "ZeroPadding2D")]
    assert len(added) == 1
    assert added[0].config == {"cropping" if kind == "crop_skip" else "padding": cropping}
    assert inference["merge"].output_shape == ((None, 8, 8, 8) if kind == "crop_skip" else (None, 9, 9, 8))
    assert ("conv_a from 9×9 to 8×8" if kind == "crop_skip" else "up from 8×8 to 9×9") in fix.label


def test_add_skip_is_aligned_too():
    doc = skip_design("Add")
    apply_fix(doc, "merge", "crop_skip")


def test_unet_input_size_fix_lists_352_and_368_and_picks_352():
    doc = unet(358)
    fix = fix_of(doc, "merge7", "change_input_size")
    assert "352 and 368" in fix.label and "multiples of 16" in fix.label
    apply_fix(doc, "merge7", "change_input_size")
    assert doc.layer("input").config["shape"] == [352, 352, 1]
    assert infer_document(doc)["conv10"].output_shape == (None, 352, 352, 1)


# Fixes attached to warnings ------------------------------------------------------

WARNING_CASES = {
    "padding_same": (lambda: load_document(SAMPLES / "convmodel3.json"), "max_pooling2d_3", "dropped_pixels"),
    "change_input_size": (lambda: load_document(SAMPLES / "convmodel3.json"), "conv2d_6", "shape_mismatch"),
    "remove_pair": (lambda: load_document(SAMPLES / "convmodel3.json"), "conv2d_6", "shape_mismatch"),
    "pad_end": (lambda: load_document(SAMPLES / "convmodel3.json"), "conv2d_6", "shape_mismatch"),
    "channels_last_input": (lambda: chain("cf", (3, 32, 32), ("conv", "Conv2D", {"filters": 4, "kernel_size": 3}),
                                          ("gap", "GlobalAveragePooling2D", {})), "input", "channels_first_input"),
    "insert_flatten": (lambda: chain("df", (7, 7, 8), ("out", "Dense", {"units": 10})), "out", "dense_feature_map"),
}


def warned_fix(kind):
    make, layer_id, warning = WARNING_CASES[kind]
    doc = make()
    e = explain_layer(doc, infer_document(doc), layer_id)
    assert warning in [w.kind for w in e.warnings]
    fix = fix_of(doc, layer_id, kind)
    fix.edit.apply(doc)
    inference = infer_document(doc)
    assert inference.valid
    remaining = [w.kind for x in explain_design(doc, inference, with_fixes=False) for w in x.warnings
                 if x.id == layer_id or w.layer_id == layer_id]
    assert warning not in remaining
    return doc, inference


@pytest.mark.parametrize("kind", sorted(WARNING_CASES))
def test_warning_fix_removes_the_warning(kind):
    warned_fix(kind)


@pytest.mark.keras
@pytest.mark.parametrize("kind", sorted(WARNING_CASES))
def test_warning_fixed_design_builds_in_keras(kind):
    from keras_oracle import assert_design_agrees

    doc, _ = warned_fix(kind)
    assert_design_agrees(doc)


def test_autoencoder_input_size_fix_gives_back_the_input_size():
    doc, inference = warned_fix("change_input_size")
    assert doc.layer("input").config["shape"] == [32, 32, 1]
    assert inference["conv2d_6"].output_shape == (None, 32, 32, 1)


def test_replace_class_names_the_class_of_the_right_rank():
    doc = CASES["replace_class"][0]()
    fix = fix_of(doc, "up", "replace_class")
    assert "with Conv2DTranspose" in fix.label and "(None, 16, 16, 3) is 4-D" in fix.label
    fix.edit.apply(doc)
    assert doc.layer("up").class_name == "Conv2DTranspose"
    assert infer_document(doc)["up"].output_shape == (None, 33, 33, 4)


def test_fixes_for_28_to_24_keep_the_input_size_first():
    doc = load_document(SAMPLES / "convmodel3.json")
    (warning,) = [w for w in explain_layer(doc, infer_document(doc), "conv2d_6").warnings
                  if w.kind == "shape_mismatch"]
    kinds = [f.kind for f in warning.fixes]
    assert kinds == ["remove_pair", "pad_end", "change_input_size"]
    for fix in warning.fixes[:2]:
        copy = Document(doc.name, list(doc), doc.explicit_outputs)
        fix.edit.apply(copy)
        assert copy.layer("input").config["shape"] == [28, 28, 1]
        assert infer_document(copy)["conv2d_6"].output_shape == (None, 28, 28, 1)


def test_fixes_that_keep_the_input_size_come_before_changing_it():
    doc = unet(358)
    kinds = [f.kind for f in explain_layer(doc, infer_document(doc), "merge7").fixes]
    assert kinds[-1] == "change_input_size" and {"crop_skip", "pad_skip"} <= set(kinds[:-1])
