"""Regularization layers: Dropout, SpatialDropout1D/2D/3D, GaussianNoise, GaussianDropout,
AlphaDropout, ActivityRegularization (keras/src/layers/regularization).

None of them has weights or changes the shape; they only act while training.
The spatial dropouts insist on the rank of their input, and, unlike the
others, do not accept Keras's generic layer keywords (``trainable``,
``activity_regularizer``): only ``name`` and ``dtype``.
"""

from __future__ import annotations

from .args import BASE_ARGS
from .common import layer_args, same_shape
from .registry import register
from .shapes import require_ndim
from .spec import Arg, LayerSpec

NAME_AND_DTYPE = tuple(a for a in BASE_ARGS if a.name in ("name", "dtype"))
"""The only generic arguments the spatial dropouts take (no ``**kwargs``)."""


def _rate(doc: str = "Fraction of the values dropped while training, from 0 to 1.") -> Arg:
    return Arg("rate", "float", None, minimum=0, maximum=1, doc=doc, start=0.5, card="always")


def _seed() -> Arg:
    return Arg("seed", "int", None, nullable=True, doc="Random seed, for reproducible runs.")


def _data_format() -> Arg:
    return Arg("data_format", "choice", None, choices=("channels_last", "channels_first"), nullable=True,
               doc="Where the channels are: last (default) or first.")


TRAINING = frozenset({"training"})
"""The call keywords of a layer that behaves differently in training (`LayerSpec.call_keywords`)."""


# Dropout, AlphaDropout ----------------------------------------------------

DROPOUT = LayerSpec(
    class_name="Dropout",
    family="Regularization",
    doc="While training, zeroes a random fraction `rate` of the values to fight overfitting.",
    args=layer_args(
        _rate(),
        Arg("noise_shape", "shape", None, nullable=True, minimum=1,
            doc="Shape of the drop mask; size 1 on an axis drops whole slices along it."),
        _seed(),
    ),
    output_shape=same_shape,
    call_keywords=TRAINING,
)

ALPHA_DROPOUT = LayerSpec(
    class_name="AlphaDropout",
    family="Regularization",
    doc="Dropout that keeps the mean and variance of its input; made for SELU networks.",
    args=layer_args(
        _rate(),
        Arg("noise_shape", "shape", None, nullable=True,
            doc="Shape of the drop mask; null entries follow the input."),
        _seed(),
    ),
    output_shape=same_shape,
    call_keywords=TRAINING,
)


# Spatial dropouts ---------------------------------------------------------

def _spatial_rule(ndim: int, what: str):
    def rule(cfg, inputs):
        (x,) = inputs
        require_ndim(x, ndim, what)
        return tuple(x)

    return rule


SPATIAL_DROPOUT_1D = LayerSpec(
    class_name="SpatialDropout1D",
    family="Regularization",
    doc="Dropout of whole channels of a sequence, for correlated neighbouring steps.",
    args=(_rate(), _seed(), *NAME_AND_DTYPE),
    output_shape=_spatial_rule(3, "a 3-D input (batch, steps, channels)"),
    call_keywords=TRAINING,
)

SPATIAL_DROPOUT_2D = LayerSpec(
    class_name="SpatialDropout2D",
    family="Regularization",
    doc="Dropout of whole feature maps of an image, for correlated neighbouring pixels.",
    args=(_rate(), _data_format(), _seed(), *NAME_AND_DTYPE),
    output_shape=_spatial_rule(4, "a 4-D input (batch, height, width, channels)"),
    call_keywords=TRAINING,
)

SPATIAL_DROPOUT_3D = LayerSpec(
    class_name="SpatialDropout3D",
    family="Regularization",
    doc="Dropout of whole feature volumes of a 3-D input, for correlated neighbouring voxels.",
    args=(_rate(), _data_format(), _seed(), *NAME_AND_DTYPE),
    output_shape=_spatial_rule(5, "a 5-D input (batch, depth, height, width, channels)"),
    call_keywords=TRAINING,
)


# Gaussian noise and dropout -----------------------------------------------

GAUSSIAN_NOISE = LayerSpec(
    class_name="GaussianNoise",
    family="Regularization",
    doc="While training, adds zero-centred Gaussian noise of standard deviation `stddev`.",
    args=layer_args(
        Arg("stddev", "float", None, minimum=0, maximum=1, doc="Standard deviation of the noise, from 0 to 1.",
            start=0.1),
        _seed(),
    ),
    output_shape=same_shape,
    call_keywords=TRAINING,
)

GAUSSIAN_DROPOUT = LayerSpec(
    class_name="GaussianDropout",
    family="Regularization",
    doc="While training, multiplies values by Gaussian noise centred on 1 (a smooth dropout).",
    args=layer_args(
        _rate("Drop probability the noise imitates, from 0 to 1."),
        _seed(),
    ),
    output_shape=same_shape,
    call_keywords=TRAINING,
)


# ActivityRegularization ---------------------------------------------------

ACTIVITY_REGULARIZATION = LayerSpec(
    class_name="ActivityRegularization",
    family="Regularization",
    doc="Passes its input through and adds an L1/L2 penalty on it to the loss.",
    args=(
        Arg("l1", "float", 0.0, minimum=0, doc="Weight of the L1 penalty."),
        Arg("l2", "float", 0.0, minimum=0, doc="Weight of the L2 penalty."),
        *BASE_ARGS,
    ),
    output_shape=same_shape,
)

register(
    DROPOUT, SPATIAL_DROPOUT_1D, SPATIAL_DROPOUT_2D, SPATIAL_DROPOUT_3D, GAUSSIAN_NOISE,
    GAUSSIAN_DROPOUT, ALPHA_DROPOUT, ACTIVITY_REGULARIZATION,
)
