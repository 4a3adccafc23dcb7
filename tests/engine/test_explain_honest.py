"""Honest advice: a warning only where it points at a real problem (issue 14).

Well-built networks (every keras.applications model, the ResNet-18 sample) get
no warning at all, though their stems and shortcuts drop a row on purpose; the
learner's designs that really go wrong (the 28 → 24 autoencoder, the merge
that no longer lines up, the window that falls off the map) are still warned.
"""

from pathlib import Path

import pytest

from designer.engine import infer_document
from designer.engine.explain import explain_design
from designer.model import load_document

SAMPLES = Path(__file__).resolve().parents[2] / "samples"

APPLICATIONS = ("ResNet50", "MobileNetV2", "DenseNet121", "InceptionV3", "EfficientNetB0", "NASNetMobile")
"""Stems that drop a row on purpose (ZeroPadding + 7×7 stride 2), 1×1 stride-2 shortcuts, 'valid' poolings,
inverted residuals, dense blocks and NASNet's cells; tests/layers/test_applications_models.py checks all 40
models for warnings in the same child process that checks their shapes, this test keeps the common ones quick
to run on their own."""


def warnings_of(doc):
    return [(e.id, w.kind, w.message) for e in explain_design(doc, infer_document(doc)) for w in e.warnings]


def test_the_resnet18_sample_gets_no_advice_on_its_stride_2_shortcuts():
    assert warnings_of(load_document(SAMPLES / "resnet18.json")) == []


@pytest.mark.parametrize("name,kinds", [
    ("convmodel3.json", {("max_pooling2d_3", "dropped_pixels"), ("conv2d_6", "shape_mismatch")}),
    ("convmodel3-valid.json", {("max_pooling2d_2", "dropped_pixels"), ("max_pooling2d_3", "dropped_pixels")}),
])
def test_the_seed_designs_are_still_warned(name, kinds):
    assert {(i, k) for i, k, _ in warnings_of(load_document(SAMPLES / name))} == kinds


def test_a_drop_is_warned_where_a_merge_then_fails():
    from test_explain_fixes import skip_design

    found = warnings_of(skip_design())
    assert [(i, k) for i, k, _ in found] == [("pool", "dropped_pixels")]
    assert "no longer line up" in found[0][2]


def test_the_denoiser_and_unet_stay_quiet():
    for name in ("denoiser.json", "unet.json", "vgg16.json", "lenet5.json", "mobilenetv2-block.json"):
        assert warnings_of(load_document(SAMPLES / name)) == [], name


@pytest.mark.keras
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
@pytest.mark.filterwarnings("ignore::UserWarning")
def test_no_keras_applications_model_gets_a_warning(tmp_path):
    keras = pytest.importorskip("keras")
    from export.keras_import_support import save_json

    from designer.export.keras_import import import_model

    for name in APPLICATIONS:
        model = getattr(keras.applications, name)(weights=None)
        path = save_json(model, tmp_path)
        keras.backend.clear_session()
        doc = import_model(path).document
        inference = infer_document(doc)
        assert inference.valid, name
        assert warnings_of(doc) == [], name
