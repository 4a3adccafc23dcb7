"""Audio preprocessing: MelSpectrogram (keras/src/layers/preprocessing/mel_spectrogram.py).

The shape is Keras's ``compute_output_shape``: ``(batch, num_mel_bins, frames)``
with ``frames = (samples + sequence_stride + 1) // sequence_stride``; a rank-1
input is one signal without a batch axis. No weights.

STFTSpectrogram is not here: constructing it needs SciPy (``scipy.signal``),
which the environment Keras is checked against does not have, so no
differential test could hold it.
"""

from __future__ import annotations

from .common import layer_args
from .registry import register
from .shapes import fmt_shape
from .spec import Arg, ArgumentError, LayerError, LayerSpec


def _frames(n, stride):
    if n is None:
        return None
    if stride == 0:
        raise ArgumentError("sequence_stride", "`sequence_stride` must not be 0 (frames are samples / stride)")
    return (n + stride + 1) // stride


def _mel_shape(cfg, inputs):
    (x,) = inputs
    stride, length, fft = cfg["sequence_stride"], cfg["sequence_length"], cfg["fft_length"]
    if length is not None and fft < length:
        raise ArgumentError("fft_length", f"`fft_length` ({fft}) must be at least `sequence_length` ({length})")
    if not x:
        raise LayerError(f"needs audio samples, but its input is {fmt_shape(x)}", "give (batch, samples)")
    if len(x) == 1:
        return (cfg["num_mel_bins"], _frames(x[0], stride))
    return (x[0], cfg["num_mel_bins"], _frames(x[1], stride))


MEL_SPECTROGRAM = LayerSpec(
    class_name="MelSpectrogram", family="Preprocessing",
    doc="Turns audio samples into a mel spectrogram: num_mel_bins × frames per signal.",
    args=layer_args(
        Arg("fft_length", "int", 2048, doc="Samples per FFT."),
        Arg("sequence_stride", "int", 512, shape_affecting=True, card="always",
            doc="Samples between frames: frames = (samples + stride + 1) // stride."),
        Arg("sequence_length", "int", None, nullable=True, doc="Window length; null means fft_length."),
        Arg("window", "any", "hann"),
        Arg("sampling_rate", "int", 16000),
        Arg("num_mel_bins", "int", 128, minimum=0, shape_affecting=True, card="always", doc="Mel bands."),
        Arg("min_freq", "float", 20.0), Arg("max_freq", "float", None, nullable=True),
        Arg("power_to_db", "bool", True), Arg("top_db", "float", 80.0), Arg("mag_exp", "float", 2.0),
        Arg("min_power", "float", 1e-10), Arg("ref_power", "float", 1.0),
    ),
    output_shape=_mel_shape, explainer="mel_spectrogram")

register(MEL_SPECTROGRAM)
