"""Image augmentation layers (keras/src/layers/preprocessing/image_preprocessing).

While a model is built, every augmentation layer returns its input's shape,
except RandomCrop (height and width set by the layer) and
RandomColorDegeneration (rank-3 or rank-4 RGB images only). They have no
weights. Arguments follow each class's ``__init__``, and each spec's shape
rule first runs the checks its constructor makes (`_augmentation_rules`):
factors, value ranges, kernel sizes; ``fill_mode`` and ``interpolation`` are
case-sensitive choices of exactly the names the class accepts.
"""

from __future__ import annotations

from . import _augmentation_rules as rules
from ._augmentation_caveats import (combined, crop_caveats, data_args, jitter_caveats, jitter_range_caveats,
                                    needs_channels, rank_caveats)
from .common import layer_args, same_shape
from .registry import register
from .shapes import fmt_shape
from .spec import Arg, LayerError, LayerSpec

FAMILY = "Augmentation"
VALUE_RANGE = (0, 255)
AFFINE_FILL = ("reflect", "wrap", "constant", "nearest")
ELASTIC_FILL = ("constant", "nearest", "wrap", "mirror", "reflect")
INTERPOLATIONS = ("nearest", "bilinear")
FLIP_MODES = ("horizontal", "vertical", "horizontal_and_vertical")


def _data_format() -> Arg:
    return Arg("data_format", "choice", None, choices=("channels_last", "channels_first"), nullable=True,
               shape_affecting=True, doc="Where the channels are: last (default) or first.")


def _seed() -> Arg:
    return Arg("seed", "int", None, nullable=True, doc="Random seed, for reproducible runs.")


_FILL = data_args(("fill_value", "number", False))
_RANGE = data_args(("value_range", "range", False))


def _any(name: str, default, doc: str = "", **extra) -> Arg:
    return Arg(name, "any", default, doc=doc, **extra)


def _value_range() -> Arg:
    return _any("value_range", VALUE_RANGE, "The range of the pixel values, e.g. [0, 255] or [0, 1].")


def _fill_mode(choices: tuple[str, ...] = AFFINE_FILL) -> Arg:
    return Arg("fill_mode", "choice", "reflect", choices=choices, case_sensitive=True,
               doc="How points outside the image are filled.")


def _interpolation() -> Arg:
    return Arg("interpolation", "choice", "bilinear", choices=INTERPOLATIONS, case_sensitive=True)


def _checked(checks: tuple, rule=same_shape):
    """A shape rule that first makes the constructor's checks, in Keras's order."""

    def output_shape(cfg, inputs):
        for check in checks:
            check(cfg)
        return rule(cfg, inputs)

    output_shape.__doc__ = rule.__doc__
    return output_shape


def _caveats(extra=None):
    """The caveats of an augmentation layer: its input's rank (`rank_caveats`), then the class's own."""

    def caveats(cfg, inputs, outputs):
        x = tuple(inputs[0])
        return [*rank_caveats(x), *(extra(cfg, x) if extra else ())]

    return caveats


def _augment(class_name: str, doc: str, args: tuple[Arg, ...], checks: tuple = (), rule=same_shape,
             caveats=None) -> LayerSpec:
    return LayerSpec(class_name=class_name, family=FAMILY, doc=doc, args=layer_args(*args),
                     output_shape=_checked(checks, rule), caveats=_caveats(caveats))


def _flip_caveats(cfg, x):
    """A mode RandomFlip does not know: Keras accepts it and flips nothing."""
    if cfg["mode"] in FLIP_MODES:
        return []
    return [("flip_mode_unknown", (
        f"mode {cfg['mode']!r} is not 'horizontal', 'vertical' or 'horizontal_and_vertical': Keras accepts it, "
        "but the layer then never flips anything"))]


_HUE = needs_channels((3,), "hue and saturation changes")
_GREY = needs_channels((1, 3), "its grayscale conversions")


def _augmix_caveats(cfg, x):
    """AugMix's colour operations (all_ops) need 1 or 3 channels; it picks its operations at random."""
    if not cfg["all_ops"]:
        return []
    return needs_channels((1, 3), "its colour operations (all_ops)", sometimes=True)(cfg, x)


# Shape rules that are not the identity --------------------------------------

def _crop_shape(cfg, inputs):
    """Height and width replaced: axes -3, -2 (channels last) or -2, -1 (channels first)."""
    (x,) = inputs
    first = cfg["data_format"] == "channels_first"
    need = 2 if first else 3
    if len(x) < need:
        raise LayerError(f"needs an image input with at least {need} axes, but its input {fmt_shape(x)} has "
                         f"{len(x)}", "crop images: (batch, height, width, channels)")
    out = list(x)
    h, w = (-2, -1) if first else (-3, -2)
    out[h], out[w] = cfg["height"], cfg["width"]
    return tuple(out)


def _rgb_shape(cfg, inputs):
    """A rank-3 or rank-4 image with 3 channels (or an unknown channel count)."""
    (x,) = inputs
    if len(x) not in (3, 4):
        raise LayerError(f"expects images of rank 3 or 4, but its input {fmt_shape(x)} has {len(x)} axes",
                         "give it (batch, height, width, 3) images")
    c = x[-3] if cfg["data_format"] == "channels_first" else x[-1]
    if c is not None and c != 3:
        raise LayerError(f"expects RGB images with 3 channels, but its input {fmt_shape(x)} has {c}",
                         "use it on colour images only")
    return tuple(x)


R = rules


def _factor(lo, hi, name="factor"):
    return R.base_factor(name, lo, hi)


def _mixing(owner: str) -> tuple:
    """AugMix's and RandAugment's checks: their factor, then the sub-layers they make from it."""
    return (_factor(0, 1), R.sub_layer_factor("factor", owner), R.value_range())


SPECS = [
    _augment("RandomFlip", "Flips images at random, horizontally and/or vertically, while training.", (
        Arg("mode", "str", "horizontal_and_vertical", card="always",
            doc="'horizontal', 'vertical' or 'horizontal_and_vertical'."),
        _seed(), _data_format()), caveats=_flip_caveats),
    _augment("RandomRotation", "Rotates images by a random angle (a fraction of a full turn) while training.", (
        _any("factor", None, "Fraction of 2π, e.g. 0.1 for up to ±36°; or [lower, upper].", start=0.1, card="value"),
        _fill_mode(), _interpolation(), _seed(), _any("fill_value", 0.0), _data_format()),
        (R.base_factor("factor", -1, 1, falsy_is_zero=True),), caveats=_FILL),
    _augment("RandomZoom", "Zooms images in or out at random while training.", (
        _any("height_factor", None, "Fraction of the height, e.g. 0.2 (or [lower, upper]).", start=0.1),
        _any("width_factor", None, "Fraction of the width; null keeps the aspect ratio."),
        _fill_mode(), _interpolation(), _seed(), _any("fill_value", 0.0), _data_format()),
        (R.each_factor("height_factor", -1, 1, open_low=True),
         R.each_factor("width_factor", -1, 1, open_low=True, nullable=True)), caveats=_FILL),
    _augment("RandomTranslation", "Shifts images by a random fraction of their size while training.", (
        _any("height_factor", None, "Fraction of the height, e.g. 0.1 (or [lower, upper]).", start=0.1),
        _any("width_factor", None, "Fraction of the width, e.g. 0.1 (or [lower, upper]).", start=0.1),
        _fill_mode(), _interpolation(), _seed(), _any("fill_value", 0.0), _data_format()),
        (R.each_factor("height_factor", -1, 1), R.each_factor("width_factor", -1, 1)), caveats=_FILL),
    _augment("RandomContrast", "Changes the contrast of images by a random factor while training.", (
        _any("factor", None, "Up to this fraction, e.g. 0.2 (or [lower, upper]).", start=0.2, card="value"),
        _value_range(), _seed()), (_factor(0, 1),), caveats=_RANGE),
    _augment("RandomBrightness", "Changes the brightness of images by a random amount while training.", (
        _any("factor", None, "Fraction of the value range, e.g. 0.2 (or [lower, upper]).", start=0.2,
             card="value"),
        _value_range(), _seed()), (R.base_factor("factor", -1, 1, falsy_is_zero=True), R.value_range())),
    LayerSpec(class_name="RandomCrop", family=FAMILY,
              doc="Crops a random height × width window of each image while training (the centre at inference).",
              args=layer_args(
                  Arg("height", "int", None, minimum=0, shape_affecting=True, start=32, doc="Height of the crop."),
                  Arg("width", "int", None, minimum=0, shape_affecting=True, start=32, doc="Width of the crop."),
                  _seed(), _data_format()),
              output_shape=_crop_shape, explainer="resize", caveats=_caveats(crop_caveats)),
    _augment("RandomColorDegeneration", "Blends images with their grayscale version by a random factor.", (
        _any("factor", None, "Up to this fraction, e.g. 0.5 (or [lower, upper]).", start=0.5, card="value"),
        _value_range(), _data_format(), _seed()), (_factor(-1, 1), R.value_range()), _rgb_shape),
    _augment("RandomColorJitter", "Changes brightness, contrast, saturation and hue at random.", (
        _value_range(), _any("brightness_factor", None), _any("contrast_factor", None),
        _any("saturation_factor", None), _any("hue_factor", None), _seed(), _data_format()), (
        R.when_given("brightness_factor", R.base_factor("brightness_factor", -1, 1, falsy_is_zero=True),
                     R.value_range()),
        R.when_given("contrast_factor", _factor(0, 1, "contrast_factor")),
        R.when_given("saturation_factor", _factor(-1, 1, "saturation_factor"), R.value_range()),
        R.when_given("hue_factor", _factor(0, 1, "hue_factor"))),
        caveats=combined(jitter_range_caveats, jitter_caveats)),
    _augment("RandomGrayscale", "Turns images to grayscale with probability factor (keeping the channels).", (
        Arg("factor", "float", 0.5, minimum=0, maximum=1, doc="Probability of turning an image grey."),
        _data_format(), _seed()), caveats=_GREY),
    _augment("RandomHue", "Shifts the hue of images by a random amount.", (
        _any("factor", None, "Up to this fraction of a turn of the hue, e.g. 0.5.", start=0.5, card="value"),
        _value_range(), _data_format(), _seed()), (_factor(0, 1),), caveats=combined(_RANGE, _HUE)),
    _augment("RandomSaturation", "Changes the saturation of images by a random factor.", (
        _any("factor", None, "e.g. 0.5 (or [lower, upper]).", start=0.5, card="value"),
        _value_range(), _data_format(), _seed()), (_factor(-1, 1), R.value_range()), caveats=_HUE),
    _augment("RandomSharpness", "Changes the sharpness of images by a random factor.", (
        _any("factor", None, "e.g. 0.5 (or [lower, upper]).", start=0.5, card="value"),
        _value_range(), _data_format(), _seed()), (_factor(0, 1), R.value_range())),
    _augment("RandomPosterization", "Reduces the bits per colour channel to a random number.", (
        _any("factor", None, "Bits to keep, 1 to 8.", start=4, card="value"),
        _value_range(), _data_format(), _seed()), (_factor(1, 8), R.value_range())),
    _augment("RandomInvert", "Inverts images with probability factor.", (
        _any("factor", 1.0), _value_range(), _seed(), _data_format()), (_factor(0, 1),),
        caveats=data_args(("value_range", "top", False))),
    _augment("RandomShear", "Shears images by a random amount along x and/or y.", (
        _any("x_factor", 0.0), _any("y_factor", 0.0), _interpolation(), _fill_mode(), _any("fill_value", 0.0),
        _data_format(), _seed()), (R.each_factor("x_factor", 0, 1), R.each_factor("y_factor", 0, 1)), caveats=_FILL),
    _augment("RandomPerspective", "Warps the perspective of images at random.", (
        _any("factor", 1.0), _any("scale", 1.0), _interpolation(), _any("fill_value", 0.0), _seed(),
        _data_format()), (_factor(0, 1), R.number_in("scale", 0, 1)), caveats=_FILL),
    _augment("RandomElasticTransform", "Distorts images with a random elastic deformation.", (
        _any("factor", 1.0), _any("scale", 1.0), _interpolation(), _fill_mode(ELASTIC_FILL), _any("fill_value", 0.0),
        _value_range(), _seed(), _data_format()), (_factor(0, 1), _factor(0, 1, "scale")),
        caveats=data_args(("fill_value", "numeric", False), ("value_range", "range", False))),
    _augment("RandomErasing", "Erases random rectangles of images (fills them) while training.", (
        _any("factor", 1.0), _any("scale", (0.02, 0.33)), _any("fill_value", None), _value_range(), _seed(),
        _data_format()), (_factor(0, 1), _factor(0, 1, "scale")),
        caveats=data_args(("fill_value", "erase_fill", False), ("value_range", "range", False))),
    _augment("RandomGaussianBlur", "Blurs images with a random Gaussian kernel.", (
        _any("factor", 1.0), _any("kernel_size", 3), _any("sigma", 1.0), _value_range(), _data_format(),
        _seed()), (_factor(0, 1), R.odd_sizes("kernel_size"), _factor(0, 1, "sigma")), caveats=_RANGE),
    _augment("Solarization", "Inverts pixel values above a random threshold (and may add a random amount).", (
        _any("addition_factor", 0.0), _any("threshold_factor", 0.0), _value_range(), _seed()),
        (R.each_factor("addition_factor", 0, 1), R.each_factor("threshold_factor", 0, 1), R.value_range())),
    _augment("AutoContrast", "Stretches each image's values to the full value range.", (_value_range(),),
             (R.value_range(),)),
    _augment("Equalization", "Equalises the histogram of each image's channels.", (
        _value_range(), _any("bins", 256), _data_format()), (R.value_range(),),
        caveats=data_args(("bins", "int", False))),
    _augment("ContrastLimitedAdaptiveHistogramEqualization",
             "CLAHE: equalises histograms tile by tile, with clipped contrast.", (
                 _value_range(), _any("clip_limit", 4.0), _any("tile_grid_size", (8, 8)), _data_format()),
             caveats=data_args(("value_range", "pair", True), ("clip_limit", "number", True),
                               ("tile_grid_size", "tiles", True))),
    _augment("MixUp", "Blends pairs of images (and their labels) of a batch while training.", (
        _any("alpha", 0.2), _data_format(), _seed()), caveats=data_args(("alpha", "alpha", True))),
    _augment("CutMix", "Pastes a patch of one image of the batch onto another while training.", (
        _any("factor", 1.0), _seed(), _data_format()), (_factor(0, 1),)),
    _augment("AugMix", "Mixes several chains of random augmentations of each image.", (
        _value_range(), _any("num_chains", 3), _any("chain_depth", 3), _any("factor", 0.3), _any("alpha", 1.0),
        Arg("all_ops", "bool", True), _interpolation(), _seed(), _data_format()), _mixing("AugMix"),
        caveats=combined(_augmix_caveats, data_args(("num_chains", "count", False), ("chain_depth", "int", False),
                                                    ("alpha", "number", False)))),
    _augment("RandAugment", "Applies num_ops random augmentations of strength factor to each image.", (
        _value_range(), _any("num_ops", 2), _any("factor", 0.5), _interpolation(), _seed(),
        _data_format()), _mixing("RandAugment"), caveats=combined(_GREY, data_args(("num_ops", "count", False)))),
]

register(*SPECS)
