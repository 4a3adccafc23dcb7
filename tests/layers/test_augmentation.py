"""Image augmentation layers against Keras: shapes while a model is built, and the factor checks."""

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


CASES = list(_cases()) + [
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
