"""Core layers: InputLayer, Dense, Embedding, Masking, Identity (keras/src/layers/core)."""

from __future__ import annotations

from .common import LORA_ARGS, layer_args, lora_params, same_shape, weight_args
from .registry import register
from .shapes import require_known, require_min_ndim
from .spec import Arg, LayerError, LayerSpec


# InputLayer ---------------------------------------------------------------

def _input_shape(cfg, inputs):
    shape, batch_shape, batch_size = cfg["shape"], cfg["batch_shape"], cfg["batch_size"]
    if shape is not None and batch_shape is not None:
        raise LayerError("has both `shape` and `batch_shape`", "keep one of them")
    if batch_size is not None and batch_shape is not None:
        raise LayerError("has both `batch_size` and `batch_shape`", "keep one of them")
    if shape is None and batch_shape is None:
        raise LayerError("has no `shape`", "give the size of one sample, e.g. [28, 28, 1]")
    return tuple(batch_shape) if batch_shape is not None else (batch_size, *shape)


INPUT_LAYER = LayerSpec(
    class_name="InputLayer",
    family="Core",
    doc="The model's input: the shape of one sample, without the batch axis.",
    args=(
        Arg("shape", "shape", None, nullable=True, minimum=0, shape_affecting=True,
            doc="Size of one sample, e.g. [28, 28, 1]; null for a size left open."),
        Arg("batch_size", "int", None, nullable=True, minimum=0, shape_affecting=True),
        Arg("dtype", "any", None),
        Arg("sparse", "bool", None, nullable=True),
        Arg("ragged", "bool", None, nullable=True),
        Arg("batch_shape", "shape", None, nullable=True, minimum=0, shape_affecting=True),
        Arg("optional", "bool", False),
        Arg("name", "str", None, nullable=True),
    ),
    inputs=(0, 0),
    output_shape=_input_shape,
)


# Dense --------------------------------------------------------------------

def _dense_shape(cfg, inputs):
    (x,) = inputs
    require_min_ndim(x, 2, "an input with at least 2 axes (batch, features)")
    require_known(x[-1], "last axis (features)", x)
    return (*x[:-1], cfg["units"])


def _dense_params(cfg, inputs):
    fan_in = inputs[0][-1]
    return lora_params(fan_in, cfg["units"], cfg["lora_rank"], cfg["units"] if cfg["use_bias"] else 0)


DENSE = LayerSpec(
    class_name="Dense",
    family="Core",
    doc="Fully connected layer acting on the last axis.",
    args=layer_args(
        Arg("units", "int", None, minimum=1, shape_affecting=True, doc="Size of the output's last axis."),
        Arg("activation", "activation", None, nullable=True),
        Arg("use_bias", "bool", True, shape_affecting=True),
        *weight_args("kernel", "bias"),
        *LORA_ARGS,
    ),
    output_shape=_dense_shape,
    params=_dense_params,
)


# Embedding ----------------------------------------------------------------

def _embedding_shape(cfg, inputs):
    (x,) = inputs
    return (*x, cfg["output_dim"])


def _embedding_params(cfg, inputs):
    return lora_params(cfg["input_dim"], cfg["output_dim"], cfg["lora_rank"], 0)


EMBEDDING = LayerSpec(
    class_name="Embedding",
    family="Core",
    doc="Maps integer ids (0 … input_dim−1) to dense vectors of size output_dim.",
    args=layer_args(
        Arg("input_dim", "int", None, minimum=1, shape_affecting=True, doc="Vocabulary size."),
        Arg("output_dim", "int", None, minimum=1, shape_affecting=True, doc="Size of each vector."),
        Arg("embeddings_initializer", "initializer", "uniform"),
        Arg("embeddings_regularizer", "regularizer", None, nullable=True),
        Arg("embeddings_constraint", "constraint", None, nullable=True),
        Arg("mask_zero", "bool", False),
        Arg("weights", "any", None),
        *LORA_ARGS,
    ),
    output_shape=_embedding_shape,
    params=_embedding_params,
)


# Masking, Identity --------------------------------------------------------

MASKING = LayerSpec(
    class_name="Masking",
    family="Core",
    doc="Marks timesteps whose features all equal mask_value as skipped.",
    args=layer_args(Arg("mask_value", "float", 0.0)),
    output_shape=same_shape,
)

IDENTITY = LayerSpec(
    class_name="Identity",
    family="Core",
    doc="Returns its input unchanged.",
    args=layer_args(),
    output_shape=same_shape,
)

register(INPUT_LAYER, DENSE, EMBEDDING, MASKING, IDENTITY)
