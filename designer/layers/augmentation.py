"""Image augmentation layers (keras/src/layers/preprocessing/image_preprocessing).

While a model is built, every augmentation layer returns its input's shape,
except RandomCrop (height and width set by the layer) and
RandomColorDegeneration (rank-3 or rank-4 RGB images only). They have no
weights. Arguments follow each class's ``__init__``; ``factor`` is checked as
`BaseImagePreprocessingLayer._set_factor` checks it (a number, or a list of two
numbers, within the class's bounds) where the class uses that rule.
"""

from __future__ import annotations

from .common import layer_args, same_shape
from .registry import register
from .shapes import fmt_shape
from .spec import Arg, ArgumentError, LayerError, LayerSpec

FAMILY = "Augmentation"
VALUE_RANGE = (0, 255)


def _data_format() -> Arg:
    return Arg("data_format", "choice", None, choices=("channels_last", "channels_first"), nullable=True,
               shape_affecting=True, doc="Where the channels are: last (default) or first.")


def _seed() -> Arg:
    return Arg("seed", "int", None, nullable=True, doc="Random seed, for reproducible runs.")


def _any(name: str, default, doc: str = "", **extra) -> Arg:
    return Arg(name, "any", default, doc=doc, **extra)


def _value_range() -> Arg:
    return _any("value_range", VALUE_RANGE, "The range of the pixel values, e.g. [0, 255] or [0, 1].")


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def check_factor(name: str, value, bounds: tuple[float, float], nullable: bool = False,
                 open_low: bool = False) -> None:
    """A number in ``bounds`` (``open_low``: above the lower one), or a list of two numbers reaching into them."""
    lo, hi = bounds
    if value is None and nullable:
        return
    ok = (_is_number(value) and (lo < value if open_low else lo <= value) and value <= hi) or (
        isinstance(value, (list, tuple)) and len(value) == 2 and all(_is_number(v) for v in value)
        and not (value[0] > hi or value[1] < lo))
    if not ok:
        raise ArgumentError(name, f"`{name}` must be a number (or a list of two numbers) in the range "
                                  f"{'(' if open_low else '['}{lo:g}, {hi:g}]; received {name}={value!r}")


def _checked(factors: dict[str, tuple[float, float]], rule=same_shape):
    """A shape rule that first checks the named factor arguments against their bounds."""

    def output_shape(cfg, inputs):
        for name, bounds in factors.items():
            check_factor(name, cfg[name], bounds[:2], "nullable" in bounds, "open_low" in bounds)
        return rule(cfg, inputs)

    return output_shape


def _augment(class_name: str, doc: str, args: tuple[Arg, ...], factors: dict | None = None,
             rule=same_shape) -> LayerSpec:
    return LayerSpec(class_name=class_name, family=FAMILY, doc=doc, args=layer_args(*args),
                     output_shape=_checked(factors or {}, rule))


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


SPECS = [
    _augment("RandomFlip", "Flips images at random, horizontally and/or vertically, while training.", (
        Arg("mode", "str", "horizontal_and_vertical", card="always",
            doc="'horizontal', 'vertical' or 'horizontal_and_vertical'."),
        _seed(), _data_format())),
    _augment("RandomRotation", "Rotates images by a random angle (a fraction of a full turn) while training.", (
        _any("factor", None, "Fraction of 2π, e.g. 0.1 for up to ±36°; or [lower, upper].", start=0.1, card="value"),
        Arg("fill_mode", "str", "reflect"), Arg("interpolation", "str", "bilinear"), _seed(),
        _any("fill_value", 0.0), _data_format()), {"factor": (-1, 1)}),
    _augment("RandomZoom", "Zooms images in or out at random while training.", (
        _any("height_factor", None, "Fraction of the height, e.g. 0.2 (or [lower, upper]).", start=0.1),
        _any("width_factor", None, "Fraction of the width; null keeps the aspect ratio."),
        Arg("fill_mode", "str", "reflect"), Arg("interpolation", "str", "bilinear"), _seed(),
        _any("fill_value", 0.0), _data_format()), {"height_factor": (-1, 1, "open_low"),
                                      "width_factor": (-1, 1, "nullable", "open_low")}),
    _augment("RandomTranslation", "Shifts images by a random fraction of their size while training.", (
        _any("height_factor", None, "Fraction of the height, e.g. 0.1 (or [lower, upper]).", start=0.1),
        _any("width_factor", None, "Fraction of the width, e.g. 0.1 (or [lower, upper]).", start=0.1),
        Arg("fill_mode", "str", "reflect"), Arg("interpolation", "str", "bilinear"), _seed(),
        _any("fill_value", 0.0), _data_format()), {"height_factor": (-1, 1), "width_factor": (-1, 1)}),
    _augment("RandomContrast", "Changes the contrast of images by a random factor while training.", (
        _any("factor", None, "Up to this fraction, e.g. 0.2 (or [lower, upper]).", start=0.2, card="value"),
        _value_range(), _seed()), {"factor": (0, 1)}),
    _augment("RandomBrightness", "Changes the brightness of images by a random amount while training.", (
        _any("factor", None, "Fraction of the value range, e.g. 0.2 (or [lower, upper]).", start=0.2,
             card="value"),
        _value_range(), _seed()), {"factor": (-1, 1)}),
    LayerSpec(class_name="RandomCrop", family=FAMILY,
              doc="Crops a random height × width window of each image while training (the centre at inference).",
              args=layer_args(
                  Arg("height", "int", None, minimum=0, shape_affecting=True, start=32, doc="Height of the crop."),
                  Arg("width", "int", None, minimum=0, shape_affecting=True, start=32, doc="Width of the crop."),
                  _seed(), _data_format()),
              output_shape=_crop_shape, explainer="resize"),
    _augment("RandomColorDegeneration", "Blends images with their grayscale version by a random factor.", (
        _any("factor", None, "Up to this fraction, e.g. 0.5 (or [lower, upper]).", start=0.5, card="value"),
        _value_range(), _data_format(), _seed()), {"factor": (-1, 1)}, _rgb_shape),
    _augment("RandomColorJitter", "Changes brightness, contrast, saturation and hue at random.", (
        _value_range(), _any("brightness_factor", None), _any("contrast_factor", None),
        _any("saturation_factor", None), _any("hue_factor", None), _seed(), _data_format())),
    _augment("RandomGrayscale", "Turns images to grayscale with probability factor (keeping the channels).", (
        Arg("factor", "float", 0.5, minimum=0, maximum=1, doc="Probability of turning an image grey."),
        _data_format(), _seed())),
    _augment("RandomHue", "Shifts the hue of images by a random amount.", (
        _any("factor", None, "Up to this fraction of a turn of the hue, e.g. 0.5.", start=0.5, card="value"),
        _value_range(), _data_format(), _seed()), {"factor": (0, 1)}),
    _augment("RandomSaturation", "Changes the saturation of images by a random factor.", (
        _any("factor", None, "e.g. 0.5 (or [lower, upper]).", start=0.5, card="value"),
        _value_range(), _data_format(), _seed()), {"factor": (-1, 1)}),
    _augment("RandomSharpness", "Changes the sharpness of images by a random factor.", (
        _any("factor", None, "e.g. 0.5 (or [lower, upper]).", start=0.5, card="value"),
        _value_range(), _data_format(), _seed()), {"factor": (0, 1)}),
    _augment("RandomPosterization", "Reduces the bits per colour channel to a random number.", (
        _any("factor", None, "Bits to keep, 1 to 8.", start=4, card="value"),
        _value_range(), _data_format(), _seed()), {"factor": (1, 8)}),
    _augment("RandomInvert", "Inverts images with probability factor.", (
        _any("factor", 1.0), _value_range(), _seed(), _data_format()), {"factor": (0, 1)}),
    _augment("RandomShear", "Shears images by a random amount along x and/or y.", (
        _any("x_factor", 0.0), _any("y_factor", 0.0), Arg("interpolation", "str", "bilinear"),
        Arg("fill_mode", "str", "reflect"), _any("fill_value", 0.0), _data_format(), _seed())),
    _augment("RandomPerspective", "Warps the perspective of images at random.", (
        _any("factor", 1.0), _any("scale", 1.0), Arg("interpolation", "str", "bilinear"),
        _any("fill_value", 0.0), _seed(), _data_format()), {"factor": (0, 1)}),
    _augment("RandomElasticTransform", "Distorts images with a random elastic deformation.", (
        _any("factor", 1.0), _any("scale", 1.0), Arg("interpolation", "str", "bilinear"),
        Arg("fill_mode", "str", "reflect"), _any("fill_value", 0.0), _value_range(), _seed(), _data_format()),
        {"factor": (0, 1)}),
    _augment("RandomErasing", "Erases random rectangles of images (fills them) while training.", (
        _any("factor", 1.0), _any("scale", (0.02, 0.33)), _any("fill_value", None), _value_range(), _seed(),
        _data_format()), {"factor": (0, 1)}),
    _augment("RandomGaussianBlur", "Blurs images with a random Gaussian kernel.", (
        _any("factor", 1.0), _any("kernel_size", 3), _any("sigma", 1.0), _value_range(), _data_format(),
        _seed()), {"factor": (0, 1)}),
    _augment("Solarization", "Inverts pixel values above a random threshold (and may add a random amount).", (
        _any("addition_factor", 0.0), _any("threshold_factor", 0.0), _value_range(), _seed())),
    _augment("AutoContrast", "Stretches each image's values to the full value range.", (_value_range(),)),
    _augment("Equalization", "Equalises the histogram of each image's channels.", (
        _value_range(), _any("bins", 256), _data_format())),
    _augment("ContrastLimitedAdaptiveHistogramEqualization",
             "CLAHE: equalises histograms tile by tile, with clipped contrast.", (
                 _value_range(), _any("clip_limit", 4.0), _any("tile_grid_size", (8, 8)), _data_format())),
    _augment("MixUp", "Blends pairs of images (and their labels) of a batch while training.", (
        _any("alpha", 0.2), _data_format(), _seed())),
    _augment("CutMix", "Pastes a patch of one image of the batch onto another while training.", (
        _any("factor", 1.0), _seed(), _data_format()), {"factor": (0, 1)}),
    _augment("AugMix", "Mixes several chains of random augmentations of each image.", (
        _value_range(), _any("num_chains", 3), _any("chain_depth", 3), _any("factor", 0.3), _any("alpha", 1.0),
        Arg("all_ops", "bool", True), Arg("interpolation", "str", "bilinear"), _seed(), _data_format()),
        {"factor": (0, 1)}),
    _augment("RandAugment", "Applies num_ops random augmentations of strength factor to each image.", (
        _value_range(), _any("num_ops", 2), _any("factor", 0.5), Arg("interpolation", "str", "bilinear"), _seed(),
        _data_format()), {"factor": (0, 1)}),
]

register(*SPECS)
