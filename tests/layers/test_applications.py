"""Layers keras.applications defines for itself, against Keras: LayerScale (ConvNeXt), CustomScaleLayer
(InceptionResNetV2)."""

import pytest

from keras_oracle import assert_agrees

pytestmark = pytest.mark.keras

N = None

CASES = [
    # LayerScale: x * gamma, gamma of shape (projection_dim,), broadcast as Keras's ops do
    ("LayerScale", {"init_values": 1e-6, "projection_dim": 96}, [(N, 56, 56, 96)]),
    ("LayerScale", {"init_values": 1e-6, "projection_dim": 8}, [(N, 8)]),
    ("LayerScale", {"init_values": 0.5, "projection_dim": 8}, [(N, 5, 1)]),
    ("LayerScale", {"init_values": 0.5, "projection_dim": 1}, [(N, 5, 7)]),
    ("LayerScale", {"init_values": 0.5, "projection_dim": 8}, [(N, 5, N)]),
    ("LayerScale", {"init_values": 0.5, "projection_dim": 8}, [(N, 5, 7)]),
    ("LayerScale", {"init_values": 0.5, "projection_dim": 8}, [(N,)]),
    ("LayerScale", {"init_values": 0.5, "projection_dim": 8, "trainable": False}, [(N, 4, 8)]),
    ("LayerScale", {"init_values": 0.5, "projection_dim": -2}, [(N, 4, 8)]),
    ("LayerScale", {"init_values": 0.0, "projection_dim": 0}, [(N, N)]),
    ("LayerScale", {"init_values": 0.0, "projection_dim": 0}, [(N, 1)]),
    ("LayerScale", {"init_values": 0.0, "projection_dim": 0}, [(N, 5)]),
    ("LayerScale", {"projection_dim": 8}, [(N, 4, 8)]),
    ("LayerScale", {"init_values": 0.5}, [(N, 4, 8)]),
    # CustomScaleLayer: inputs[0] + inputs[1] * scale
    ("CustomScaleLayer", {"scale": 0.17}, [(N, 35, 35, 320), (N, 35, 35, 320)]),
    ("CustomScaleLayer", {"scale": 1.0}, [(N, 8), (N, 1)]),
    ("CustomScaleLayer", {"scale": 1.0}, [(N, 4, 8), (N, 8)]),
    ("CustomScaleLayer", {"scale": 1.0}, [(N, 4, 8), (N, 4, 7)]),
    ("CustomScaleLayer", {"scale": 1.0}, [(N, N, 8), (N, 5, 8)]),
    ("CustomScaleLayer", {}, [(N, 8), (N, 8)]),
    ("CustomScaleLayer", {"scale": 1.0}, [(N, N), (N, 0)]),
    ("CustomScaleLayer", {"scale": 1.0}, [(N, 0), (N, N)]),
    ("CustomScaleLayer", {"scale": 1.0}, [(N, 0), (N, 1)]),
]


@pytest.mark.parametrize("class_name,config,inputs", CASES)
def test_applications_table(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)
