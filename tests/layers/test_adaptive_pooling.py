"""Adaptive pooling against Keras: AdaptiveAverage/MaxPooling1D/2D/3D (output size set by the layer)."""

import pytest

from keras_oracle import assert_agrees

pytestmark = pytest.mark.keras

N = None
CF = "channels_first"

CASES = [
    (f"Adaptive{mode}Pooling{r}D", config, [shape])
    for mode in ("Max", "Average")
    for r in (1, 2, 3)
    for config, shape in [
        ({"output_size": 2}, (N, *(8,) * r, 3)),
        ({"output_size": [1] * r}, (N, *(N,) * r, 3)),
        ({"output_size": 4}, (N, *(3,) * r, 5)),
        ({"output_size": 2, "data_format": CF}, (N, 3, *(8,) * r)),
        ({"output_size": [2] * (r + 1)}, (N, *(8,) * r, 3)),
        ({"output_size": 2}, (N, 8, 3)),
        ({"output_size": 2}, (N, 4, 4, 4, 4, 3)),
        ({"output_size": 0}, (N, *(8,) * r, 3)),
        ({"output_size": -1}, (N, *(8,) * r, 3)),
        ({"output_size": 2, "data_format": "nhwc"}, (N, *(8,) * r, 3)),
        ({}, (N, *(8,) * r, 3)),
        ({"output_size": 2, "trainable": False}, (4, *(8,) * r, 3)),
    ]
]


@pytest.mark.parametrize("class_name,config,inputs", CASES)
def test_adaptive_pooling_table(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)
