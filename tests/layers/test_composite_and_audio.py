"""SpectralNormalization, Pipeline, HashedCrossing, MelSpectrogram and STFTSpectrogram against Keras."""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

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
    # STFTSpectrogram: a real and an imaginary kernel frame_length × (fft_length // 2 + 1), strided over time
    ("STFTSpectrogram", {}, [(N, 16000, 1)]),
    ("STFTSpectrogram", {"frame_length": 256, "frame_step": 128, "fft_length": 512}, [(N, 1600, 2)]),
    ("STFTSpectrogram", {"padding": "same", "frame_step": 100}, [(N, 1601, 3)]),
    ("STFTSpectrogram", {"mode": "stft", "frame_length": 64}, [(N, 1000, 2)]),
    ("STFTSpectrogram", {"mode": "real", "frame_length": 50}, [(N, 1000, 1)]),
    ("STFTSpectrogram", {"mode": "imag", "frame_length": 64, "trainable": False}, [(N, 1000, 1)]),
    ("STFTSpectrogram", {"expand_dims": True, "frame_length": 64}, [(N, 1000, 3)]),
    ("STFTSpectrogram", {"expand_dims": True, "data_format": "channels_first", "mode": "stft", "frame_length": 64},
     [(N, 3, 1000)]),
    ("STFTSpectrogram", {"data_format": "channels_first", "frame_length": 64}, [(N, 2, 1000)]),
    ("STFTSpectrogram", {"frame_length": 64}, [(N, N, 2)]),
    ("STFTSpectrogram", {"frame_length": 64}, [(N, 1000, N)]),
    ("STFTSpectrogram", {"frame_length": 64}, [(N, 1000)]),
    ("STFTSpectrogram", {}, [(N, 100, 1)]),
    ("STFTSpectrogram", {"frame_length": 64, "frame_step": 65}, [(N, 1000, 1)]),
    ("STFTSpectrogram", {"frame_length": 64, "frame_step": 0}, [(N, 1000, 1)]),
    ("STFTSpectrogram", {"frame_length": 64, "fft_length": 32}, [(N, 1000, 1)]),
    ("STFTSpectrogram", {"frame_length": 1}, [(N, 1000, 1)]),
    ("STFTSpectrogram", {"frame_length": 0}, [(N, 1000, 1)]),
    ("STFTSpectrogram", {"mode": "power"}, [(N, 16000, 1)]),
    ("STFTSpectrogram", {"padding": "SAME"}, [(N, 16000, 1)]),
    ("STFTSpectrogram", {"scaling": None, "frame_length": 64}, [(N, 1000, 1)]),
    ("STFTSpectrogram", {"scaling": "power"}, [(N, 16000, 1)]),
]


@pytest.mark.parametrize("class_name,config,inputs", CASES)
def test_composite_and_audio_table(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)


_maybe = st.one_of(st.none(), st.integers(1, 60))


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(config=st.fixed_dictionaries({
    "mode": st.sampled_from(["log", "magnitude", "psd", "real", "imag", "angle", "stft"]),
    "frame_length": st.integers(-1, 16), "frame_step": st.one_of(st.none(), st.integers(-1, 18)),
    "fft_length": st.one_of(st.none(), st.integers(0, 40)), "padding": st.sampled_from(["valid", "same"]),
    "expand_dims": st.booleans(), "data_format": st.sampled_from([None, "channels_last", "channels_first"]),
    "trainable": st.booleans()}),
    inputs=st.one_of(st.tuples(st.tuples(st.none(), _maybe, _maybe)), st.tuples(st.tuples(_maybe, _maybe, _maybe)))
    .map(list))
def test_stft_spectrogram_small_frames_agree_with_keras(config, inputs):
    """Frames short enough that most signals hold some: the catalog-wide fuzz mostly draws refused ones."""
    assert_agrees("STFTSpectrogram", config, inputs)
