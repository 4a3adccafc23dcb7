"""Preprocessing layers: Rescaling, Resizing, CenterCrop, Normalization
(keras/src/layers/preprocessing).

Resizing and CenterCrop follow Keras's own `compute_output_shape` to the
letter: a 4-D input is a batch of images; any other rank is taken as ONE
image without a batch axis, so the first two axes (channels last) become
height and width, batch axis included. The Normalization layer's rules live
in `_normalization_rules`.
"""

from __future__ import annotations

from ._normalization_rules import normalization_params, normalization_shape
from .common import layer_args, same_shape
from .normalization import normalization_macs
from .registry import register
from .shapes import fmt_shape
from .spec import Arg, LayerError, LayerSpec

RESIZE_INTERPOLATIONS = ("bilinear", "nearest", "lanczos3", "lanczos5", "bicubic", "area")
"""What the TensorFlow backend's `image.resize` accepts."""


def _data_format() -> Arg:
    return Arg("data_format", "choice", None, choices=("channels_last", "channels_first"), nullable=True,
               shape_affecting=True, doc="Where the channels are: last (default) or first.")


def _target_size_args() -> tuple[Arg, ...]:
    return (
        Arg("height", "int", None, minimum=0, shape_affecting=True, doc="Height of the output images.", start=32),
        Arg("width", "int", None, minimum=0, shape_affecting=True, doc="Width of the output images.", start=32),
    )


# Rescaling ----------------------------------------------------------------

def _is_numbers(value) -> bool:
    """A number, or a (nested) list of numbers: what Keras can multiply by."""
    if isinstance(value, (list, tuple)):
        return all(_is_numbers(v) for v in value)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _rescaling_shape(cfg, inputs):
    if cfg["scale"] is None:
        raise LayerError("needs a value for `scale` (Keras has no default for it)", "e.g. 1/255 for pixels 0…255")
    for name in ("scale", "offset"):
        if not _is_numbers(cfg[name]):
            raise LayerError(
                f"`{name}` must be a number or a list of numbers (one per channel); received {cfg[name]!r}"
            )
    return same_shape(cfg, inputs)


RESCALING = LayerSpec(
    class_name="Rescaling",
    family="Preprocessing",
    doc="Computes x·scale + offset, e.g. scale=1/255 maps pixels 0…255 to 0…1.",
    args=layer_args(
        Arg("scale", "any", None, doc="Factor (or one factor per channel) applied to the input."),
        Arg("offset", "any", 0.0, doc="Value (or one value per channel) added after scaling."),
    ),
    output_shape=_rescaling_shape,
)


# Resizing, CenterCrop -----------------------------------------------------

def _image_axes(ndim: int, data_format: str | None) -> tuple[int, int]:
    """Indices Keras overwrites with (height, width) for an input of rank ``ndim``."""
    first = 1 if ndim == 4 else 0
    if data_format == "channels_first":
        first += 1
    return first, first + 1


def _with_target_size(cfg, x):
    """The input shape with height and width replaced, as Keras's `compute_output_shape`."""
    h_axis, w_axis = _image_axes(len(x), cfg["data_format"])
    if w_axis >= len(x):
        raise LayerError(
            f"expects a 4-D batch of images (or one 3-D image), but its input {fmt_shape(x)} "
            f"has only {len(x)} {'axis' if len(x) == 1 else 'axes'}",
            "add a Reshape before it to give the input height, width and channel axes",
        )
    out = list(x)
    out[h_axis], out[w_axis] = cfg["height"], cfg["width"]
    return tuple(out)


def _resizing_shape(cfg, inputs):
    return _with_target_size(cfg, inputs[0])


RESIZING = LayerSpec(
    class_name="Resizing",
    family="Preprocessing",
    doc="Resizes images to height × width (optionally keeping the aspect ratio by cropping or padding).",
    args=layer_args(
        *_target_size_args(),
        Arg("interpolation", "choice", "bilinear", choices=RESIZE_INTERPOLATIONS,
            doc="How new pixels are computed from the old ones."),
        Arg("crop_to_aspect_ratio", "bool", False, doc="Crop to the target aspect ratio before resizing."),
        Arg("pad_to_aspect_ratio", "bool", False, doc="Pad to the target aspect ratio before resizing."),
        Arg("fill_mode", "choice", "constant", choices=("constant",), doc="How padding is filled."),
        Arg("fill_value", "float", 0.0, doc="Value of the padding pixels."),
        Arg("antialias", "bool", False, doc="Smooth before downsampling to avoid aliasing."),
        _data_format(),
    ),
    output_shape=_resizing_shape,
    explainer="resize",
)


def _center_crop_shape(cfg, inputs):
    (x,) = inputs
    if len(x) not in (3, 4):
        raise LayerError(
            f"expects a 4-D batch of images (batch, height, width, channels) or one 3-D image, "
            f"but its input {fmt_shape(x)} has {len(x)} axes",
            "add a Reshape before it" if len(x) < 3 else "use it on images, not on other tensors",
        )
    return _with_target_size(cfg, x)


CENTER_CROP = LayerSpec(
    class_name="CenterCrop",
    family="Preprocessing",
    doc="Keeps the central height × width window of images (smaller images are resized up first).",
    args=layer_args(*_target_size_args(), _data_format()),
    output_shape=_center_crop_shape,
    explainer="resize",
)


# Normalization ------------------------------------------------------------

NORMALIZATION = LayerSpec(
    class_name="Normalization",
    family="Preprocessing",
    doc="Standardises features to (x − mean) / √variance, with statistics given or learned by adapt().",
    args=layer_args(
        Arg("axis", "axis", -1, nullable=True, shape_affecting=True,
            doc="Axis (or axes) with their own mean and variance; null for one scalar mean."),
        Arg("mean", "any", None, shape_affecting=True,
            doc="Fixed mean (number or list); with it, no weights are created and adapt() is not needed."),
        Arg("variance", "any", None, shape_affecting=True, doc="Fixed variance, same shape as mean."),
        Arg("invert", "bool", False, doc="Undo a normalisation instead: x·√variance + mean."),
    ),
    output_shape=normalization_shape,
    params=normalization_params,
    macs=normalization_macs,
)

register(RESCALING, RESIZING, CENTER_CROP, NORMALIZATION)
