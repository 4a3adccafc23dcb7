"""STFTSpectrogram's and MelSpectrogram's ``window`` and ``fft_length`` against Keras (and SciPy, which Keras asks).

STFTSpectrogram refuses what SciPy's ``get_window`` refuses by name, and any
other window but null or ``frame_length`` numbers: the table checks each
against Keras. MelSpectrogram builds with any window but fails on data with
most: the engine accepts them as Keras does and warns exactly when Keras's
``predict`` fails. An ``fft_length`` that is not a power of two makes Keras
warn, and an odd one gives the spectrum of ``fft_length − 1``: the engine's
warnings say so exactly when Keras warns and when the output differs from
``numpy.fft.rfft``. MelSpectrogram's other surprises on data (a rank-3 input,
a signal shorter than half the FFT, no mel bins) are warned of exactly when
Keras's real output fails or differs from its symbolic shape.
"""

import warnings

import pytest

from designer.engine import infer_document
from designer.engine.explain import explain_design
from designer.layers._audio_rules import SCIPY_WINDOWS, SCIPY_WINDOWS_WITH_PARAMETERS
from designer.model import Document, LayerNode, Source
from keras_oracle import assert_agrees

pytestmark = pytest.mark.keras

N = None
STFT = "STFTSpectrogram"
ONES = [1.0] * 16


def stft(window, **config):
    return (STFT, {"frame_length": 16, "window": window, **config}, [(N, 100, 1)])


CASES = [stft(name) for name in SCIPY_WINDOWS] + [
    stft("hann_periodic"), stft("tukey_symmetric"), stft("hann_periodic_symmetric"), stft("kaiser_periodic"),
    *(stft(name) for name in SCIPY_WINDOWS_WITH_PARAMETERS),
    stft("Hann"), stft("HAMMING"), stft("bogus"), stft(""), stft(None), stft(None, mode="stft"),
    stft(ONES), stft([1] * 16), stft([True] * 16), stft([True, *ONES[1:]]), stft(ONES[:15]), stft(ONES + [1.0]),
    stft([]), stft(3), stft(3.5), stft(True), stft(["tukey", 0.5]), stft(["tukey"]), stft([ONES]),
    stft({"a": 1}), stft([*ONES[:8], *["a"] * 8]), stft([None] * 16), stft([*ONES[:15], None]),
    stft(ONES, mode="real"), stft(ONES[:15], mode="imag"), stft("bogus", mode="real", padding="same"),
    stft("hann", periodic=True), stft("tukey", periodic=True, scaling=None),
    (STFT, {"frame_length": 4, "window": [0.5, 1, 1, 0.5], "frame_step": 2}, [(N, 20, 2)]),
    (STFT, {"frame_length": 4, "window": "bogus"}, [(N, 20)]),
    (STFT, {"frame_length": 4, "window": [1.0] * 3}, [(N, 20)]),
]


@pytest.mark.parametrize("class_name,config,inputs", CASES)
def test_stft_window_table(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)


def test_window_names_are_scipys():
    """Every name SciPy's window table holds: usable without parameters exactly when the engine lists it so."""
    import scipy.signal
    from scipy.signal.windows import _windows

    names = set(_windows._WIN_FUNCS)
    assert names == set(SCIPY_WINDOWS) | set(SCIPY_WINDOWS_WITH_PARAMETERS)
    for name in names:
        try:
            scipy.signal.get_window(name, 1)
            plain = True
        except ValueError:
            plain = False
        assert plain == (name in SCIPY_WINDOWS), name


def _warnings(class_name, config, shape):
    doc = Document("audio", [LayerNode("x", "InputLayer", {"shape": list(shape)}),
                             LayerNode("layer", class_name, config, (Source("x"),))])
    inference = infer_document(doc)
    assert inference["layer"].error is None, inference["layer"].error
    (e,) = [e for e in explain_design(doc, inference, with_fixes=False) if e.id == "layer"]
    return {w.kind for w in e.warnings}


@pytest.mark.parametrize("fft_length", [None, 16, 32, 17, 18, 24, 33, 300, 301])
def test_stft_fft_length_warnings_say_what_keras_does(fft_length):
    import numpy as np

    from keras_oracle import keras

    config = {"frame_length": 16, "fft_length": fft_length, "window": None, "mode": "real"}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        layer = keras.layers.STFTSpectrogram(**config)
    keras_warns = any("power of two" in str(w.message) for w in caught)
    signal = np.random.default_rng(0).random((1, 16, 1)).astype("float32")
    out = np.asarray(layer(signal))[0, 0]
    exact = np.allclose(out, np.fft.rfft(signal[0, :, 0], n=fft_length or 16).real, atol=1e-4)
    kinds = _warnings(STFT, config, (100, 1))
    assert bool(kinds & {"stft_fft_length", "stft_odd_fft_length"}) == keras_warns
    assert ("stft_odd_fft_length" in kinds) == (not exact)


MEL_WINDOWS = ["hann", "hamming", None, "blackman", "Hann", [1.0] * 64, [1.0] * 63, 3, ["hann"]]


@pytest.mark.parametrize("window", MEL_WINDOWS)
def test_mel_window_builds_as_in_keras_and_warns_exactly_when_predict_fails(window):
    import numpy as np

    from keras_oracle import keras

    config = {"fft_length": 64, "sequence_stride": 32, "sequence_length": 64, "num_mel_bins": 8, "window": window}
    assert_agrees("MelSpectrogram", config, [(N, 256)])
    x = keras.Input((256,))
    model = keras.Model(x, keras.layers.MelSpectrogram(**config)(x))
    try:
        model.predict(np.zeros((1, 256), "float32"), verbose=0)
        runs = True
    except Exception:  # ops.stft's ValueError, or TF's own error for an array it cannot convert
        runs = False
    assert ("mel_window" in _warnings("MelSpectrogram", config, (256,))) == (not runs)


MEL_DATA = [
    ((16000,), {}), ((1025,), {}), ((1024,), {}), ((1000,), {}), ((None,), {}), ((16000, 1), {}), ((3, 4000), {}),
    ((2, 3, 4000), {}), ((4000, 3), {}), ((3, None), {}), ((257,), {"fft_length": 512, "sequence_stride": 128}),
    ((256,), {"fft_length": 512, "sequence_stride": 128}), ((301,), {"fft_length": 301, "sequence_stride": 100}),
    ((150,), {"fft_length": 301, "sequence_stride": 100}), ((16000,), {"num_mel_bins": 0}),
    ((16000,), {"num_mel_bins": 0, "power_to_db": False}), ((16000,), {"window": "blackman"}),
]


@pytest.mark.parametrize("shape,config", MEL_DATA)
def test_mel_warns_exactly_when_keras_fails_or_differs_on_data(shape, config):
    import numpy as np

    from keras_oracle import keras

    assert_agrees("MelSpectrogram", config, [(N, *shape)])
    layer = keras.layers.MelSpectrogram(**config)
    symbolic = tuple(layer(keras.Input(batch_shape=(N, *shape))).shape)
    data = np.random.default_rng(0).random((2, *(s or 3000 for s in shape))).astype("float32")
    try:
        real = np.asarray(layer(data)).shape
    except Exception:  # TF's MirrorPad or reduce-max error inside the STFT
        real = None
    differs = real is None or len(real) != len(symbolic) or any(
        s is not None and r != s for r, s in zip(real, symbolic))
    doc = Document("mel", [LayerNode("x", "InputLayer", {"shape": list(shape)}),
                           LayerNode("layer", "MelSpectrogram", config, (Source("x"),))])
    inference = infer_document(doc)
    (e,) = [e for e in explain_design(doc, inference, with_fixes=False) if e.id == "layer"]
    warned = [w for w in e.warnings if w.kind.startswith("mel_")]
    assert bool(warned) == differs, (real, symbolic, warned)
    if real is not None and differs and None not in shape:
        assert "(None, " + ", ".join(str(d) for d in real[1:]) + ")" in warned[0].message, warned[0].message
