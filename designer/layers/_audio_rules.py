"""The ``window`` of STFTSpectrogram and MelSpectrogram, and their FFT lengths, as Keras treats them.

STFTSpectrogram (and its `keras.initializers.STFT` kernels) hands a window
name to ``scipy.signal.get_window``: its constructor refuses a name SciPy does
not know, or one SciPy cannot use without parameters (``kaiser``); ``build``
refuses any other value but null or a list of ``frame_length`` numbers.

MelSpectrogram checks nothing while a model is built (its shape comes from
``compute_output_shape``), but on data (`mel_caveats`): ``ops.stft`` refuses
a window name other than ``hann`` or ``hamming`` and a list whose length is
not ``sequence_length``; it transforms the last axis (the symbolic shape
reads the samples on axis 1), reflect-padding it by ``fft_length // 2``,
which needs more samples than that; and 0 mel bins leave ``power_to_db``
an empty maximum.
"""

from __future__ import annotations

from typing import Any

from .shapes import fmt_shape
from .spec import ArgumentError, Config, Shape

SCIPY_WINDOWS = (
    "bart", "barthann", "bartlett", "bkh", "black", "blackharr", "blackman", "blackmanharris", "blk", "bman", "bmn",
    "bohman", "box", "boxcar", "brt", "brthan", "bth", "cosine", "exponential", "flat", "flattop", "flt",
    "halfcosine", "ham", "hamm", "hamming", "han", "hann", "lanczos", "nut", "nutl", "nuttall", "ones", "par",
    "parz", "parzen", "poisson", "rect", "rectangular", "sinc", "taylor", "taylorwin", "tri", "triang", "triangle",
    "tuk", "tukey",
)
"""Names ``scipy.signal.get_window`` (SciPy 1.17) takes without parameters; a test compares them with SciPy."""
SCIPY_WINDOWS_WITH_PARAMETERS = (
    "cheb", "chebwin", "dpss", "gauss", "gaussian", "general cosine", "general gauss", "general gaussian",
    "general hamming", "general_cosine", "general_gauss", "general_gaussian", "general_hamming", "ggs", "gss",
    "kaiser", "kaiser bessel derived", "kaiser_bessel_derived", "kbd", "ksr",
)
"""Names SciPy knows but refuses without parameters, which Keras cannot pass (only a name)."""
MEL_WINDOWS = ("hann", "hamming")


def _scipy_name(name: str) -> str:
    """The window's name without the ``_symmetric``/``_periodic`` suffix SciPy strips first."""
    for suffix in ("_symmetric", "_periodic"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def _numbers(value: Any, length: int) -> bool:
    return (isinstance(value, (list, tuple)) and len(value) == length
            and all(isinstance(v, (int, float)) for v in value))


def check_stft_window(cfg: Config) -> None:
    """STFTSpectrogram's ``window``: a SciPy window name, null, or ``frame_length`` numbers."""
    window, length = cfg["window"], cfg["frame_length"]
    if window is None:
        return
    if isinstance(window, str):
        name = _scipy_name(window)
        if name in SCIPY_WINDOWS:
            return
        if name in SCIPY_WINDOWS_WITH_PARAMETERS:
            raise ArgumentError("window", f"window {window!r} needs parameters, and Keras passes SciPy only its name",
                                f"give the window's {length} values as a list, or a window such as 'hann'")
        raise ArgumentError("window", f"unknown window {window!r} (SciPy's get_window does not know it)",
                            "use e.g. 'hann', 'hamming', 'blackman' or 'tukey' (names are lower-case)")
    if not _numbers(window, length):
        raise ArgumentError("window", f"`window` must be a window name, null, or a list of frame_length ({length}) "
                                      f"numbers; received {_short(window)}")


def _short(value: Any) -> str:
    if isinstance(value, (list, tuple)):
        return f"a list of {len(value)} values"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def stft_fft_caveats(cfg: Config) -> list[tuple[str, str]]:
    """An ``fft_length`` Keras warns about (not a power of two); an odd one is used as ``fft_length − 1``."""
    fft = cfg["fft_length"]
    if fft is None or fft < 1 or fft & (fft - 1) == 0:
        return []
    if fft % 2:
        return [("stft_odd_fft_length", (
            f"fft_length {fft} is odd: Keras's kernels are those of an FFT of {fft - 1} (bin k is k/{fft - 1} "
            f"cycles per sample), so the output is not the spectrum numpy.fft.rfft(n={fft}) gives; Keras also warns "
            "that fft_length is recommended to be a power of two"))]
    return [("stft_fft_length", (
        f"Keras warns that fft_length is recommended to be a power of two (received {fft}); the spectrum is "
        "still exact (the layer convolves, it runs no FFT)"))]


def _mel_window_caveats(cfg: Config) -> list[tuple[str, str]]:
    """A window MelSpectrogram builds with but whose ``ops.stft`` fails on data."""
    window = cfg["window"]
    length = cfg["sequence_length"] or cfg["fft_length"]
    if window is None or window in MEL_WINDOWS or (not isinstance(window, str) and _numbers(window, length)):
        return []
    want = f"'hann', 'hamming', null or a list of sequence_length ({length}) numbers"
    return [("mel_window", (
        f"window {_short(window)} builds in Keras (model.summary() shows it) but predict() and fit() fail on it: "
        f"MelSpectrogram's STFT takes {want}"))]


def _mel_frames(n: int, stride: int) -> int:
    return (n + stride + 1) // stride


def _mel_data_caveats(cfg: Config, x: Shape) -> list[tuple[str, str]]:
    """The last axis is what Keras transforms on data: another shape from rank 3 on, a failure when too short."""
    bins, fft, stride = cfg["num_mel_bins"], cfg["fft_length"], cfg["sequence_stride"]
    n = x[-1] if x else None
    if len(x) >= 3:
        real = None if n is None else (*x[:-1], bins, _mel_frames(n, stride))
        what = "fails" if n is not None and n <= fft // 2 else (
            f"gives {fmt_shape(real)}" if real else "gives (…, num_mel_bins, frames of the last axis)")
        return [("mel_rank", (
            f"on the rank-{len(x)} input {fmt_shape(x)} Keras's symbolic shape (what model.summary() shows and the "
            f"engine agrees with) reads the samples on axis 1, but on data MelSpectrogram transforms the last "
            f"axis, so predict() {what}; give it (batch, samples) audio, e.g. Reshape or Flatten first"))]
    caveats = []
    if n is not None and n <= fft // 2:
        caveats.append(("mel_short_signal", (
            f"{n} samples are too few for fft_length {fft}: Keras builds it, but predict() and fit() fail, as the "
            f"STFT reflect-pads each signal by fft_length // 2 = {fft // 2}, which needs more samples than that")))
    if bins == 0 and cfg["power_to_db"]:
        caveats.append(("mel_no_bins", (
            "num_mel_bins=0 builds in Keras, but predict() and fit() fail: power_to_db takes the maximum of an "
            "empty spectrogram; give it mel bins (or set power_to_db to false)")))
    return caveats


def mel_caveats(cfg: Config, x: Shape) -> list[tuple[str, str]]:
    """What MelSpectrogram does on data that its symbolic shape does not say (see the module's docstring)."""
    return [*_mel_window_caveats(cfg), *_mel_data_caveats(cfg, x)]
