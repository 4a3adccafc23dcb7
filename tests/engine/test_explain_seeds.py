"""The learner questions that started the project, answered by the explanations.

Seed 1: why does a 7×7 map pool to 3×3, why 24×24 instead of 28×28, what is
None, why "Negative dimension size". Seed 2: U-Net sizes (here at 358×358).
Seed 3: how filters, kernel size and stride give 28×28×32.
"""

import json
from pathlib import Path

from designer.engine import infer_document
from designer.engine.explain import explain_design, explain_layer
from designer.model import document_from_dict, load_document

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def explained(name):
    doc = load_document(SAMPLES / name)
    return doc, {e.id: e for e in explain_design(doc)}


def test_seven_pools_to_three_and_a_row_and_a_column_are_dropped():
    _, by_id = explained("convmodel3.json")
    e = by_id["max_pooling2d_3"]
    assert "height: floor((7 − 2) / 2) + 1 = 3" in e.explanation
    assert "width: floor((7 − 2) / 2) + 1 = 3" in e.explanation
    (warning,) = [w for w in e.warnings if w.kind == "dropped_pixels"]
    assert "max_pooling2d_3 drops 1 row and 1 column of its 7×7 input" in warning.message
    assert "The last row and the last column are never used" in warning.message
    assert [f.kind for f in warning.fixes] == ["padding_same"]


def test_the_28_to_24_autoencoder_is_warned_with_its_trail_and_a_size_that_works():
    _, by_id = explained("convmodel3.json")
    (warning,) = [w for w in by_id["conv2d_6"].warnings if w.kind == "shape_mismatch"]
    assert "output conv2d_6 is 24×24 but its input is 28×28" in warning.message
    assert "max_pooling2d_2 7×7 → max_pooling2d_3 3×3 → up_sampling2d_1 6×6" in warning.message
    assert "max_pooling2d_3 turns 7×7 into 3×3, dropping 1 row and 1 column" in warning.message
    assert [f.kind for f in warning.fixes] == ["remove_pair", "pad_end", "change_input_size"]
    fix = warning.fixes[-1]
    assert "24 and 32; multiples of 8" in fix.label


def test_denoiser_has_no_warnings_and_none_is_the_batch():
    _, by_id = explained("denoiser.json")
    assert not any(e.warnings for e in by_id.values())
    assert all(e.exact for e in by_id.values())
    assert "None on the batch axis: any number of samples" in by_id["conv2d_1"].explanation
    assert by_id["conv2d_2"].params.startswith("(3·3·32 + 1)·16 = 4,624")


def test_the_no_padding_model_fails_at_conv2d_4_with_its_cause_and_fixes():
    doc, by_id = explained("convmodel3-valid.json")
    failing = [e for e in by_id.values() if e.error and not e.error.endswith("which is invalid")]
    assert [e.id for e in failing] == ["conv2d_4"]
    e = failing[0]
    text = e.explanation
    assert "(None, 2, 2, 8) → ✗" in text
    assert "the input must be at least 3×3; it is only 2×2" in text
    assert "height: floor((2 − 3) / 1) + 1 = 0" in text
    assert "Negative dimension size caused by subtracting 3 from 2" in text
    assert "Computed output size would be zero or negative" in text
    assert "max_pooling2d_3 1×1 → up_sampling2d_1 2×2" in text
    assert "It fell below what conv2d_4 needs at max_pooling2d_3" in text
    kinds = [f.kind for f in e.fixes]
    assert {"padding_same", "smaller_kernel", "remove_layer", "change_input_size"} <= set(kinds)
    assert all(f.edit for f in e.fixes)
    assert by_id["activation_4"].explanation == "no shape: it depends on conv2d_4, which is invalid; fix conv2d_4 first"


def test_unet_at_358_suggests_352_and_368():
    data = json.loads((SAMPLES / "unet.json").read_text())
    data["layers"][0]["config"]["shape"] = [358, 358, 1]
    doc = document_from_dict(data)
    inference = infer_document(doc)
    (bad,) = inference.invalid()
    e = explain_layer(doc, inference, bad.id)
    assert bad.id == "merge7"
    assert "conv3_2: 89×89" in e.explanation and "up7: 88×88" in e.explanation
    assert "pool3 turns 89×89 into 44×44, dropping 1 row and 1 column" in e.explanation
    sizes = next(f for f in e.fixes if f.kind == "change_input_size")
    assert "from 358×358 to 352×352" in sizes.label and "352 and 368; multiples of 16" in sizes.label
    assert {"crop_skip", "pad_skip"} <= {f.kind for f in e.fixes}


def test_filters_kernel_and_stride_seed():
    _, by_id = explained("denoiser.json")
    text = by_id["conv2d_1"].explanation
    assert "height: ceil(28 / 1) = 28" in text and "channels: filters = 32" in text
    assert by_id["conv2d_1"].params.startswith("(3·3·1 + 1)·32 = 320")


def test_json_objects_have_exactly_the_documented_keys():
    _, by_id = explained("convmodel3-valid.json")
    keys = {"id", "output_shape", "explanation", "params_explanation", "error", "warnings", "fixes", "macs",
            "flops", "activation_bytes"}
    for e in by_id.values():
        data = e.to_json()
        assert set(data) == keys
        assert all(set(f) == {"kind", "label"} for f in data["fixes"])
    assert by_id["conv2d_1"].to_json()["macs"] == 26 * 26 * 3 * 3 * 1 * 32
    assert by_id["conv2d_1"].to_json()["flops"] == 2 * 26 * 26 * 3 * 3 * 1 * 32
    assert by_id["conv2d_1"].to_json()["activation_bytes"] == 26 * 26 * 32 * 4
