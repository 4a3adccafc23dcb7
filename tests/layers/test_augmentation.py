"""Image augmentation layers against Keras: shapes while a model is built, and every constructor check.

Each argument Keras checks (factors, value ranges, kernel sizes, fill modes,
interpolations) is tried with values on and off each check's edges, in every
class that has it, so the table covers what each constructor refuses and
what it lets through (a boolean factor, an unsorted value range, ``[-5, 0.5]``
against a [0, 1] bound)."""

import pytest

from keras_oracle import assert_agrees
from designer.layers import all_specs

pytestmark = pytest.mark.keras

N = None
CF = "channels_first"
AUGMENTATION = [s for s in all_specs() if s.family == "Augmentation"]
REQUIRED = {"RandomRotation": {"factor": 0.1}, "RandomZoom": {"height_factor": 0.1},
            "RandomTranslation": {"height_factor": 0.1, "width_factor": 0.1}, "RandomContrast": {"factor": 0.2},
            "RandomBrightness": {"factor": 0.2}, "RandomCrop": {"height": 4, "width": 5},
            "RandomColorDegeneration": {"factor": 0.5}, "RandomHue": {"factor": 0.5},
            "RandomSaturation": {"factor": 0.5}, "RandomSharpness": {"factor": 0.5},
            "RandomPosterization": {"factor": 4}}
SHAPES = [(N, 8, 8, 3), (8, 8, 3), (N, N, N, 3), (N, 8), (N, 8, 8, 8, 3), (N, 8, 8, 1)]


def _cases():
    for spec in AUGMENTATION:
        name, base = spec.class_name, REQUIRED.get(spec.class_name, {})
        for shape in SHAPES:
            yield name, base, [shape]
        if "data_format" in spec.arg_index:
            yield name, {**base, "data_format": CF}, [(N, 3, 8, 8)]
            yield name, {**base, "data_format": "nhwc"}, [(N, 8, 8, 3)]
        if "factor" in spec.arg_index:
            for factor in (5, -0.5, [0.1, 0.2, 0.3], [0.1, 0.3], "big"):
                yield name, {**base, "factor": factor}, [(N, 8, 8, 3)]
        yield name, {**base, "trainable": False}, [(N, 8, 8, 3)]


FACTORS = ("factor", "height_factor", "width_factor", "x_factor", "y_factor", "addition_factor", "threshold_factor",
           "brightness_factor", "contrast_factor", "saturation_factor", "hue_factor", "scale", "sigma")
FACTOR_VALUES = [True, False, [], 0, 1, -1, 1.5, -0.99, [0.2], [-1, 0.5], [-0.5, 1.5], [2, 0.5], [0.5, -0.5],
                 [-5, 0.5], [0.5, 5], [0.3, 0.7], [1, 8], [0, 9], ["a", 0.5], [0.1, None], "0.5", [[0.1], [0.2]]]
ARG_VALUES = {
    "value_range": [[0, 1], [1, 0], [5, 5], [0, 1, 2], 255, "ab", ["a", "b"], [0, "a"], [None, 1], None],
    "kernel_size": [5, 2, 2.5, -3, [3, 5], [3, 4], "3", [3], 0, True],
    "fill_mode": ["constant", "wrap", "nearest", "mirror", "REFLECT", "bogus"],
    "interpolation": ["nearest", "bicubic", "NEAREST", "lanczos3"],
    "mode": ["horizontal", "vertical", "sideways"],
}


def _argument_cases():
    """Every checked argument of every class, on and off the check's edges."""
    for spec in AUGMENTATION:
        name, base = spec.class_name, REQUIRED.get(spec.class_name, {})
        for arg in spec.args:
            if arg.name in FACTORS and arg.kind == "any":
                values = FACTOR_VALUES + ([None] if arg.default is not None else [])
            else:
                values = ARG_VALUES.get(arg.name, [])
            for value in values:
                yield name, {**base, arg.name: value}, [(N, 8, 8, 3)]


JITTER = "RandomColorJitter"
CASES = list(_cases()) + list(_argument_cases()) + [
    (JITTER, {"value_range": "ab"}, [(N, 8, 8, 3)]),
    (JITTER, {"value_range": "ab", "contrast_factor": 0.2, "hue_factor": 0.2}, [(N, 8, 8, 3)]),
    (JITTER, {"value_range": "ab", "brightness_factor": 0.2}, [(N, 8, 8, 3)]),
    (JITTER, {"value_range": [0, 1, 2], "saturation_factor": 0.2}, [(N, 8, 8, 3)]),
    (JITTER, {"brightness_factor": 0.2, "contrast_factor": 0.2, "saturation_factor": 0.2, "hue_factor": 0.2},
     [(N, 8, 8, 3)]),
    ("AugMix", {"all_ops": False, "value_range": "ab"}, [(N, 8, 8, 3)]),
    ("AugMix", {"all_ops": False, "factor": [0.5, 1.5]}, [(N, 8, 8, 3)]),
    ("RandomZoom", {"height_factor": 0.2, "width_factor": -1}, [(N, 8, 8, 3)]),
    ("RandomZoom", {"height_factor": [-0.5, 1.0], "width_factor": [-1.0, 0.2]}, [(N, 8, 8, 3)]),
    ("RandomTranslation", {"height_factor": 0.1, "width_factor": None}, [(N, 8, 8, 3)]),

    ("RandomCrop", {"height": 4, "width": 5, "data_format": CF}, [(N, 8)]),
    ("RandomCrop", {"height": 4}, [(N, 8, 8, 3)]),
    ("RandomCrop", {"height": 0, "width": 5}, [(N, 8, 8, 3)]),
    ("RandomCrop", {"height": -1, "width": 5}, [(N, 8, 8, 3)]),
    ("RandomCrop", {"height": -1, "width": 0}, [(N, N, N)]),
    ("RandomZoom", {}, [(N, 8, 8, 3)]),
    ("RandomZoom", {"height_factor": 0.2, "width_factor": [-0.1, 0.3]}, [(N, 8, 8, 3)]),
    ("RandomZoom", {"height_factor": -1.0}, [(N, 8, 8, 3)]),
    ("RandomZoom", {"height_factor": 1.5}, [(N, 8, 8, 3)]),
    ("RandomTranslation", {"height_factor": 0.1}, [(N, 8, 8, 3)]),
    ("RandomTranslation", {"height_factor": 0.1, "width_factor": 2}, [(N, 8, 8, 3)]),
    ("RandomTranslation", {"height_factor": [-0.2, 0.3], "width_factor": [0.1, 0.2, 0.3]}, [(N, 8, 8, 3)]),
    ("RandomColorDegeneration", {"factor": 0.5}, [(N, 8, 8, N)]),
    ("RandomColorDegeneration", {"factor": 0.5, "data_format": CF}, [(N, 1, 8, 8)]),
]


@pytest.mark.parametrize("class_name,config,inputs", CASES)
def test_augmentation_table(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)


@pytest.mark.parametrize("mode", ["horizontal", "vertical", "horizontal_and_vertical", "sideways", "Horizontal"])
def test_random_flip_warns_exactly_when_keras_never_flips(mode):
    import numpy as np

    from designer.engine import infer_document
    from designer.engine.explain import explain_design
    from designer.model import Document, LayerNode, Source
    from keras_oracle import keras

    layer = keras.layers.RandomFlip(mode=mode, seed=1)
    images = np.arange(2 * 4 * 4 * 1, dtype="float32").reshape(2, 4, 4, 1).repeat(8, axis=0)
    flips = any(not np.array_equal(np.asarray(layer(images, training=True)), images) for _ in range(4))
    doc = Document("flip", [LayerNode("x", "InputLayer", {"shape": [4, 4, 1]}),
                            LayerNode("layer", "RandomFlip", {"mode": mode}, (Source("x"),))])
    (e,) = [e for e in explain_design(doc, infer_document(doc), with_fixes=False) if e.id == "layer"]
    assert any(w.kind == "flip_mode_unknown" for w in e.warnings) == (not flips)
