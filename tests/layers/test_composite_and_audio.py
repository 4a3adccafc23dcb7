"""SpectralNormalization, Pipeline, HashedCrossing and MelSpectrogram against Keras."""

import pytest

from keras_oracle import assert_agrees

pytestmark = pytest.mark.keras

N = None


def L(class_name, **config):
    return {"class_name": class_name, "config": config}


CASES = [
    # SpectralNormalization: the wrapped layer plus a non-trainable vector u of its kernel's last size
    ("SpectralNormalization", {"layer": L("Dense", units=4)}, [(N, 3)]),
    ("SpectralNormalization", {"layer": L("Conv2D", filters=4, kernel_size=3)}, [(N, 8, 8, 3)]),
    ("SpectralNormalization", {"layer": L("Conv2DTranspose", filters=4, kernel_size=3)}, [(N, 8, 8, 3)]),
    ("SpectralNormalization", {"layer": L("Embedding", input_dim=10, output_dim=4)}, [(N, 3)]),
    ("SpectralNormalization", {"layer": L("DepthwiseConv2D", kernel_size=3, depth_multiplier=2)}, [(N, 8, 8, 3)]),
    ("SpectralNormalization", {"layer": L("EinsumDense", equation="ab,bc->ac", output_shape=5)}, [(N, 3)]),
    ("SpectralNormalization", {"layer": L("SeparableConv2D", filters=4, kernel_size=3)}, [(N, 8, 8, 3)]),
    ("SpectralNormalization", {"layer": L("BatchNormalization")}, [(N, 3)]),
    ("SpectralNormalization", {"layer": L("LSTM", units=4)}, [(N, 5, 3)]),
    ("SpectralNormalization", {"layer": L("Dense", units=4), "power_iterations": 0}, [(N, 3)]),
    ("SpectralNormalization", {"layer": L("Dense", units=4)}, [(N, N)]),
    ("SpectralNormalization", {"layer": L("Dense", units=4), "trainable": False}, [(N, 3)]),
    ("SpectralNormalization", {"layer": L("Dense", units=4, trainable=False)}, [(N, 3)]),
    # Pipeline: its layers one after the other
    ("Pipeline", {"layers": [L("RandomFlip"), L("RandomRotation", factor=0.1)]}, [(N, 8, 8, 3)]),
    ("Pipeline", {"layers": [L("RandomCrop", height=4, width=4), L("RandomFlip")]}, [(N, 8, 8, 3)]),
    ("Pipeline", {"layers": [L("Dense", units=4), L("Dense", units=2)]}, [(N, 3)]),
    ("Pipeline", {"layers": [L("Dense", units=4), L("Conv2D", filters=2, kernel_size=3)]}, [(N, 3)]),
    ("Pipeline", {"layers": []}, [(N, 3)]),
    # HashedCrossing: two scalar features per sample
    ("HashedCrossing", {"num_bins": 5}, [(N,), (N,)]),
    ("HashedCrossing", {"num_bins": 5}, [(N, 1), (N, 1)]),
    ("HashedCrossing", {"num_bins": 5, "output_mode": "one_hot"}, [(N,), (N,)]),
    ("HashedCrossing", {"num_bins": 5, "output_mode": "one_hot"}, [(N, 1), (N, 1)]),
    ("HashedCrossing", {"num_bins": 5}, [(N, 2), (N, 2)]),
    ("HashedCrossing", {"num_bins": 5}, [(N, 1), (N,)]),
    ("HashedCrossing", {"num_bins": 5}, [(N, 1, 1), (N, 1, 1)]),
    ("HashedCrossing", {"num_bins": 5, "output_mode": "multi_hot"}, [(N,), (N,)]),
    ("HashedCrossing", {}, [(N,), (N,)]),
    # MelSpectrogram: (batch, num_mel_bins, frames)
    ("MelSpectrogram", {}, [(N, 16000)]),
    ("MelSpectrogram", {}, [(16000,)]),
    ("MelSpectrogram", {}, [(N, 16000, 1)]),
    ("MelSpectrogram", {"sequence_stride": 160, "num_mel_bins": 40}, [(N, 16000)]),
    ("MelSpectrogram", {}, [(N, N)]),
    ("MelSpectrogram", {"fft_length": 256, "sequence_length": 512}, [(N, 16000)]),
]


@pytest.mark.parametrize("class_name,config,inputs", CASES)
def test_composite_and_audio_table(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)
