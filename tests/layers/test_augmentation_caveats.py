"""Augmentation layers Keras builds but that fail, or surprise, on real images: the engine warns exactly then.

Each test runs the Keras layer on real data (inference, or training as fit()
does) and compares what happens with the warnings the engine gives for the
same layer in a design: refused ranks, a rank-3 input read as one image, and
channel counts the colour operations cannot convert.
"""

import numpy as np
import pytest

from designer.engine import infer_document
from designer.engine.explain import explain_design
from designer.layers import all_specs
from designer.model import Document, LayerNode, Source
import keras_oracle
from keras_oracle import keras_kwargs

pytestmark = pytest.mark.keras

CF = "channels_first"
REQUIRED = {"RandomRotation": {"factor": 0.1}, "RandomZoom": {"height_factor": 0.1},
            "RandomTranslation": {"height_factor": 0.1, "width_factor": 0.1}, "RandomContrast": {"factor": 0.2},
            "RandomBrightness": {"factor": 0.2}, "RandomCrop": {"height": 2, "width": 3},
            "RandomColorDegeneration": {"factor": 0.5}, "RandomHue": {"factor": 0.5},
            "RandomSaturation": {"factor": 0.5}, "RandomSharpness": {"factor": 0.5},
            "RandomPosterization": {"factor": 4}}
AUGMENTATION = sorted(s.class_name for s in all_specs() if s.family == "Augmentation")


def _warnings(class_name, config, shape):
    """The engine's warning kinds for the layer on a (None, *shape) input, or None when it refuses the layer."""
    doc = Document("aug", [LayerNode("x", "InputLayer", {"shape": list(shape)}),
                           LayerNode("layer", class_name, config, (Source("x"),))])
    inference = infer_document(doc)
    if inference["layer"].error is not None:
        return None
    (e,) = [e for e in explain_design(doc, inference, with_fixes=False) if e.id == "layer"]
    return {w.kind for w in e.warnings}


def _runs(class_name, config, data, training, tries=1):
    """Whether the Keras layer runs on ``data`` every one of ``tries`` times."""
    for _ in range(tries):
        layer = getattr(keras_oracle.keras.layers, class_name)(**keras_kwargs(class_name, config))
        try:
            layer(data, training=training)
        except Exception:  # Keras's ValueError, or TF's own error inside a colour conversion
            return False
    return True


@pytest.mark.parametrize("class_name", AUGMENTATION)
@pytest.mark.parametrize("shape", [(8,), (3, 6, 8, 3), (6, 8, 3)], ids=["rank2", "rank5", "rank4"])
def test_rank_warning_exactly_when_keras_fails_on_data(class_name, shape):
    config = REQUIRED.get(class_name, {})
    kinds = _warnings(class_name, config, shape)
    if kinds is None:  # refused while building, as Keras does (the tables check that)
        return
    data = np.random.default_rng(0).random((4, *shape)).astype("float32") * 255
    assert ("augment_rank" in kinds) == (not _runs(class_name, config, data, training=False))


CHANNELS = [
    ("RandomHue", {"factor": 0.5}), ("RandomSaturation", {"factor": 0.5}), ("RandomGrayscale", {"factor": 1.0}),
    ("RandAugment", {}), ("AugMix", {}), ("AugMix", {"all_ops": False}),
    ("RandomColorJitter", {"saturation_factor": 0.2}), ("RandomColorJitter", {"hue_factor": 0.2}),
    ("RandomColorJitter", {"brightness_factor": 0.2, "contrast_factor": 0.2}), ("RandomInvert", {}),
]


@pytest.mark.parametrize("class_name,config", CHANNELS)
@pytest.mark.parametrize("channels", [1, 2, 3, 4])
@pytest.mark.parametrize("data_format", [None, CF])
def test_channel_warning_exactly_when_training_fails(class_name, config, channels, data_format):
    config = {**config, **({"data_format": data_format} if data_format else {})}
    shape = (channels, 8, 8) if data_format == CF else (8, 8, channels)
    data = np.random.default_rng(0).random((4, *shape)).astype("float32") * 255
    warned = "augment_channels" in _warnings(class_name, config, shape)
    # AugMix picks its operations at random (about half of its runs fail on 2 or 4 channels): look harder for the
    # failure the engine predicts, and a few times for one it does not
    tries = (20 if warned else 3) if class_name == "AugMix" else 1
    assert _runs(class_name, config, data, training=False)
    assert warned == (not _runs(class_name, config, data, training=True, tries=tries))


@pytest.mark.parametrize("shape", [(8, 8), (8, 8, 1)], ids=["no_channel_axis", "channel_axis"])
def test_rank3_warning_exactly_when_keras_gives_the_whole_batch_one_change(shape):
    """RandomFlip on 16 distinct samples: flipped one by one in a batch, all or none when read as one image."""
    data = np.random.default_rng(0).random((16, *shape)).astype("float32")
    layer = keras_oracle.keras.layers.RandomFlip("horizontal_and_vertical", seed=3)
    one_change = True
    for _ in range(6):
        out = np.asarray(layer(data, training=True))
        changed = [not np.array_equal(o, d) for o, d in zip(out, data)]
        one_change &= len(set(changed)) == 1
    assert ("augment_unbatched" in _warnings("RandomFlip", {}, shape)) == one_change


JUNK = [0, 1, -1, 1.5, 2.0, True, None, "a", [1, 2], [2]]
DATA_ARGS = [("RandAugment", "num_ops", JUNK), ("AugMix", "num_chains", JUNK), ("AugMix", "chain_depth", JUNK),
             ("AugMix", "alpha", JUNK), ("MixUp", "alpha", JUNK), ("Equalization", "bins", JUNK),
             ("ContrastLimitedAdaptiveHistogramEqualization", "clip_limit", JUNK),
             ("ContrastLimitedAdaptiveHistogramEqualization", "tile_grid_size",
              [(3, 3), (1, 1), (0, 4), (-1, -1), (2.5, 2.5), (2.0, 2.0), (True, True), [4, 4], (3, 3, 3), 8, None]),
             ("ContrastLimitedAdaptiveHistogramEqualization", "value_range",
              [(0, 1), (1, 0), (0, 255.0), (True, 2), ("a", "b"), (0, 1, 2), 5, (5, 5)])]
FILLS = [None, "a", [1, 2, 3], [1, 2], 2, 2.5, True, [[1, 2, 3]]]
RANGES = [None, "a", 5, [0], [0, 1, 2], [1, 0], [0.0, 1.5], [True, False], [None, 1], [0, "a"], ["a", "b"]]
DATA_ARGS += [(c, "fill_value", FILLS) for c in ("RandomRotation", "RandomZoom", "RandomTranslation", "RandomShear",
                                                 "RandomPerspective", "RandomElasticTransform", "RandomErasing")]
DATA_ARGS += [(c, "value_range", RANGES) for c in ("RandomContrast", "RandomHue", "RandomInvert", "RandomGaussianBlur",
                                                   "RandomElasticTransform", "RandomErasing")]
JITTER = [{}, {"contrast_factor": 0.3}, {"hue_factor": 0.3}]


@pytest.mark.parametrize("class_name,arg,value",
                         [(c, a, v) for c, a, values in DATA_ARGS for v in values])
def test_free_argument_warning_exactly_when_keras_fails_on_data(class_name, arg, value):
    """Arguments Keras stores unchecked: the model builds, and the engine warns exactly when data fails.

    (A CLAHE tile grid far larger than the image also fails on data; the engine does not say so.)
    """
    config = {**REQUIRED.get(class_name, {}), arg: value}
    data = np.random.default_rng(0).random((4, 8, 8, 3)).astype("float32") * 255
    kinds = _warnings(class_name, config, (8, 8, 3))
    fails = not (_runs(class_name, config, data, training=False) and _runs(class_name, config, data, training=True))
    assert ("augment_data_arg" in kinds) == fails


@pytest.mark.parametrize("size", [(4, 5), (8, 8), (10, 12), (0, 5), (5, 0)])
@pytest.mark.parametrize("shape,data_format", [((8, 8, 3), None), ((None, None, 3), None), ((3, 8, 8), CF)])
def test_random_crop_warns_exactly_when_inference_differs_from_the_summary(size, shape, data_format):
    """Keras 3.15 crops only while training; predict() returns the images whole (and fails on a 0 size)."""
    config = {"height": size[0], "width": size[1], **({"data_format": data_format} if data_format else {})}
    layer = keras_oracle.keras.layers.RandomCrop(**config)
    symbolic = tuple(layer(keras_oracle.keras.Input(shape)).shape)[1:]
    data = np.zeros((2, *(s or 9 for s in shape)), "float32")  # unknown sizes: images of a size no crop has
    try:
        real = np.asarray(layer(data, training=False)).shape[1:]
    except Exception:  # ZeroDivisionError computing the centre crop
        real = None
    differs = real is None or any(s is not None and r != s for r, s in zip(real, symbolic)) or (
        None in symbolic and tuple(real) != tuple(s or 9 for s in symbolic))
    assert ("crop_inference" in _warnings("RandomCrop", config, shape)) == differs, (real, symbolic)


@pytest.mark.parametrize("factors", JITTER)
@pytest.mark.parametrize("value_range", RANGES)
def test_color_jitter_value_range_warning_exactly_when_training_fails(factors, value_range):
    config = {**factors, "value_range": value_range}
    data = np.random.default_rng(0).random((4, 8, 8, 3)).astype("float32") * 255
    kinds = _warnings("RandomColorJitter", config, (8, 8, 3))
    if kinds is None:  # refused while building, as Keras does (the tables check that)
        return
    assert ("augment_data_arg" in kinds) == (not _runs("RandomColorJitter", config, data, training=True))
