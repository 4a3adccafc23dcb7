"""Audio preprocessing: MelSpectrogram and STFTSpectrogram (keras/src/layers/preprocessing/).

MelSpectrogram's shape is Keras's ``compute_output_shape``: ``(batch,
num_mel_bins, frames)`` with ``frames = (samples + sequence_stride + 1) //
sequence_stride``; a rank-1 input is one signal without a batch axis. No weights.

STFTSpectrogram is a strided 1-D convolution of every channel with a real and
an imaginary kernel of ``frame_length × 1 × (fft_length // 2 + 1)`` each (one
kernel for ``mode`` "real" or "imag"); its shape is Keras's
``compute_output_shape`` (``compute_conv_output_shape`` with
``filters = freq × channels``). Keras needs SciPy to construct it. What each
accepts as ``window``, and the FFT lengths Keras warns about, are in
`_audio_rules`.
"""

from __future__ import annotations

import math

from ._audio_rules import check_stft_window, mel_caveats, stft_fft_caveats
from .common import layer_args
from .conventions import data_format
from .registry import register
from .shapes import fmt_shape
from .spec import Arg, ArgumentError, Config, LayerError, LayerSpec, ParamCount
from .terms import macs_product, num


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
        Arg("window", "any", "hann", doc="'hann', 'hamming', null, or sequence_length numbers."),
        Arg("sampling_rate", "int", 16000),
        Arg("num_mel_bins", "int", 128, minimum=0, shape_affecting=True, card="always", doc="Mel bands."),
        Arg("min_freq", "float", 20.0), Arg("max_freq", "float", None, nullable=True),
        Arg("power_to_db", "bool", True), Arg("top_db", "float", 80.0), Arg("mag_exp", "float", 2.0),
        Arg("min_power", "float", 1e-10), Arg("ref_power", "float", 1.0),
    ),
    output_shape=_mel_shape, explainer="mel_spectrogram",
    caveats=lambda cfg, inputs, outputs: mel_caveats(cfg, tuple(inputs[0])))

register(MEL_SPECTROGRAM)


STFT_MODES = ("log", "magnitude", "psd", "real", "imag", "angle", "stft")


def stft_geometry(cfg: Config) -> tuple[int, int, int]:
    """``(frame_step, fft_length, freq)`` as Keras resolves them; refuses what its __init__/build refuse.

    ``frame_step`` None is ``frame_length // 2``; ``fft_length`` None is the
    smallest power of two ≥ ``frame_length``; ``freq = fft_length // 2 + 1``
    bins, doubled for mode "stft" (real and imaginary parts side by side).
    """
    length, step, fft = cfg["frame_length"], cfg["frame_step"], cfg["fft_length"]
    if step is not None and (step > length or step < 1):
        raise ArgumentError("frame_step", f"`frame_step` ({step}) must be a positive integer not greater than "
                            f"`frame_length` ({length})")
    if fft is not None and fft < length:
        raise ArgumentError("fft_length", f"`fft_length` ({fft}) must be at least `frame_length` ({length})")
    if length < 1:
        raise ArgumentError("frame_length", f"`frame_length` must be at least 1, not {length}")
    step = step or length // 2
    if step < 1:
        raise ArgumentError("frame_step", "`frame_step` defaults to frame_length // 2, which is 0 here",
                            "give frame_step")
    fft = fft or 2 ** int(math.ceil(math.log2(length)))
    freq = fft // 2 + 1
    return step, fft, freq * 2 if cfg["mode"] == "stft" else freq


def stft_frames(cfg: Config, n: int | None, step: int) -> int | None:
    """Frames along the time axis: valid ``(n − frame_length) // step + 1``, same ``(n − 1) // step + 1``."""
    if n is None:
        return None
    if cfg["padding"] == "same":
        return (n - 1) // step + 1
    frames = (n - cfg["frame_length"]) // step + 1
    if frames <= 0:
        raise LayerError(f"a signal of {n} samples holds no frame of frame_length {cfg['frame_length']}",
                         "give a longer signal, a shorter frame_length or padding='same'")
    return frames


def _stft_shape(cfg, inputs):
    (x,) = inputs
    step, _, freq = stft_geometry(cfg)
    check_stft_window(cfg)
    if len(x) != 3:
        raise LayerError(f"needs (batch, time, channels) audio, but its input is {fmt_shape(x)}",
                         "give a rank-3 input")
    first = data_format(cfg) == "channels_first"
    channels, n = (x[1], x[2]) if first else (x[2], x[1])
    if channels is None:
        raise LayerError("needs a known number of channels", "give the channel axis a size")
    frames = stft_frames(cfg, n, step)
    if cfg["expand_dims"]:
        return (x[0], channels, frames, freq) if first else (x[0], frames, freq, channels)
    return (x[0], channels * freq, frames) if first else (x[0], frames, channels * freq)


def _stft_kernels(cfg) -> int:
    return 1 if cfg["mode"] in ("real", "imag") else 2


def _stft_params(cfg, inputs) -> ParamCount:
    """``kernels × frame_length × (fft_length // 2 + 1)``: a real and an imaginary kernel (one for real/imag)."""
    _, fft, _ = stft_geometry(cfg)
    k, length, bins = _stft_kernels(cfg), cfg["frame_length"], fft // 2 + 1
    total = k * length * bins

    def terms() -> str:
        which = "real and imaginary kernels" if k == 2 else f"{cfg['mode']} kernel"
        return (f"{k}·{length}·{bins} = {num(total)}: {which} of frame_length {length} × "
                f"{bins} frequency bins (fft_length {fft} // 2 + 1), shared by every channel")

    return ParamCount(total, 0, terms)


def _stft_macs(cfg, inputs, outputs):
    """``kernels·channels·frames·frame_length·bins``: each kernel slides over each channel."""
    step, fft, _ = stft_geometry(cfg)
    x = inputs[0]
    first = data_format(cfg) == "channels_first"
    channels, n = (x[1], x[2]) if first else (x[2], x[1])
    return macs_product([_stft_kernels(cfg), channels, stft_frames(cfg, n, step), cfg["frame_length"],
                         fft // 2 + 1], "kernels·channels·frames·frame_length·bins")


STFT_SPECTROGRAM = LayerSpec(
    class_name="STFTSpectrogram", family="Preprocessing",
    doc="Short-time Fourier transform of each channel by convolution kernels: frames × frequency bins.",
    args=layer_args(
        Arg("mode", "choice", "log", choices=STFT_MODES, case_sensitive=True, shape_affecting=True, card="always",
            doc="log, magnitude, psd, real, imag, angle or stft (real and imaginary bins side by side)."),
        Arg("frame_length", "int", 256, shape_affecting=True, card="always", doc="Samples per frame (window)."),
        Arg("frame_step", "int", None, nullable=True, shape_affecting=True,
            doc="Samples between frames; null means frame_length // 2."),
        Arg("fft_length", "int", None, nullable=True, shape_affecting=True,
            doc="FFT size, ≥ frame_length; null means the next power of two. Bins = fft_length // 2 + 1."),
        Arg("window", "any", "hann",
            doc="A SciPy window name without parameters (hann, hamming, blackman, tukey…), null, "
                "or frame_length numbers."),
        Arg("periodic", "bool", False),
        Arg("scaling", "choice", "density", choices=("density", "spectrum"), nullable=True, case_sensitive=True),
        Arg("padding", "choice", "valid", choices=("valid", "same"), case_sensitive=True, shape_affecting=True,
            doc="'valid' (frames inside the signal) or 'same' (ceil(samples / frame_step) frames)."),
        Arg("expand_dims", "bool", False, shape_affecting=True,
            doc="Keep channels as their own axis (an image of frames × bins × channels)."),
        Arg("data_format", "choice", None, choices=("channels_last", "channels_first"), nullable=True,
            shape_affecting=True, doc="Where the channel axis is: last (default) or first after the batch."),
    ),
    output_shape=_stft_shape, params=_stft_params, macs=_stft_macs, explainer="stft_spectrogram",
    caveats=lambda cfg, inputs, outputs: stft_fft_caveats(cfg))

register(STFT_SPECTROGRAM)
