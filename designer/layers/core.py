"""Core layers: InputLayer, Dense, Embedding, Masking, Identity (keras/src/layers/core)."""

from __future__ import annotations

from .common import layer_args, same_shape, weight_args
from .lora import LORA_ARGS, check_lora, lora_params
from .registry import register
from .shapes import fmt_size, require_known, require_min_ndim
from .spec import Arg, ArgumentError, LayerError, LayerSpec, ParamCount
from .terms import each, macs_product, num


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
    explainer="input_layer",
    traits=frozenset({"input"}),
)


# Dense --------------------------------------------------------------------

def _dense_shape(cfg, inputs):
    (x,) = inputs
    require_min_ndim(x, 2, "an input with at least 2 axes (batch, features)")
    require_known(x[-1], "last axis (features)", x)
    return (*x[:-1], cfg["units"])


def _dense_params(cfg, inputs):
    x = inputs[0]
    fan_in, units = x[-1], cfg["units"]
    bias = units if cfg["use_bias"] else 0
    if check_lora(cfg):
        return lora_params(cfg, fan_in, units, bias)

    def terms() -> str:
        shared = f", shared by all {fmt_size(x[1:-1])} positions" if len(x) > 2 else ""
        if bias:
            return (f"({fan_in} + 1)·{units} = {num((fan_in + 1) * units)}: (one weight per input + 1 bias) for "
                    f"{each(units, 'unit')}{shared}")
        return f"{fan_in}·{units} = {num(fan_in * units)} (no bias){shared}"

    return ParamCount(fan_in * units + bias, 0, terms)


def _dense_macs(cfg, inputs, outputs):
    x = inputs[0]
    return macs_product([*x[1:-1], x[-1], cfg["units"]], "positions·in·units" if len(x) > 2 else "in·units")


DENSE = LayerSpec(
    class_name="Dense",
    family="Core",
    doc="Fully connected layer acting on the last axis.",
    args=layer_args(
        Arg("units", "int", None, minimum=1, shape_affecting=True, doc="Size of the output's last axis.", start=32),
        Arg("activation", "activation", None, nullable=True, card="value"),
        Arg("use_bias", "bool", True, shape_affecting=True),
        *weight_args("kernel", "bias"),
        *LORA_ARGS,
    ),
    output_shape=_dense_shape,
    params=_dense_params,
    macs=_dense_macs,
    kernel_last=lambda cfg, inputs: cfg["units"],
    explainer="dense",
    traits=frozenset({"per_position"}),
)


# Embedding ----------------------------------------------------------------

def _embedding_shape(cfg, inputs):
    (x,) = inputs
    return (*x, cfg["output_dim"])


def _embedding_params(cfg, inputs):
    n, d = cfg["input_dim"], cfg["output_dim"]
    if check_lora(cfg, "embeddings"):
        return lora_params(cfg, n, d, 0, "embeddings")
    return ParamCount(n * d, 0, lambda: f"{n}·{d} = {num(n * d)}: one vector of {d} numbers for each of the {n} ids")


EMBEDDING = LayerSpec(
    class_name="Embedding",
    family="Core",
    doc="Maps integer ids (0 … input_dim−1) to dense vectors of size output_dim.",
    args=layer_args(
        Arg("input_dim", "int", None, minimum=1, shape_affecting=True, doc="Vocabulary size.", start=1000),
        Arg("output_dim", "int", None, minimum=1, shape_affecting=True, doc="Size of each vector.", start=64),
        Arg("embeddings_initializer", "initializer", "uniform"),
        Arg("embeddings_regularizer", "regularizer", None, nullable=True),
        Arg("embeddings_constraint", "constraint", None, nullable=True),
        Arg("mask_zero", "bool", False),
        Arg("weights", "any", None),
        *LORA_ARGS,
    ),
    output_shape=_embedding_shape,
    params=_embedding_params,
    kernel_last=lambda cfg, inputs: cfg["output_dim"],
    macs=lambda cfg, inputs, outputs: (0, "0 MACs (an embedding looks vectors up; it multiplies nothing)"),
    explainer="embedding",
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

# ReversibleEmbedding -------------------------------------------------------

def _reversible_params(cfg, inputs):
    """The embeddings, plus a separate ``output_dim × input_dim`` reverse matrix unless the weights are tied."""
    n, d = cfg["input_dim"], cfg["output_dim"]
    if check_lora(cfg, "embeddings"):
        if not cfg["tie_weights"]:
            raise ArgumentError("lora_rank", "LoRA needs tied weights here (Keras fails building the reverse matrix)",
                                "set tie_weights to true, or remove the lora_rank")
        return lora_params(cfg, n, d, 0, "embeddings")
    if cfg["tie_weights"]:
        return ParamCount(n * d, 0, lambda: f"{n}·{d} = {num(n * d)}: the embeddings, reused (transposed) to "
                                            "map vectors back to ids (tie_weights=True)")
    return ParamCount(2 * n * d, 0, lambda: f"{n}·{d} + {d}·{n} = {num(2 * n * d)}: the embeddings and a separate "
                                            "reverse matrix (tie_weights=False)")


REVERSIBLE_EMBEDDING = LayerSpec(
    class_name="ReversibleEmbedding",
    family="Core",
    doc="An Embedding that can also map vectors back to logits over the ids (reverse=True), e.g. a tied LM head.",
    args=layer_args(
        Arg("input_dim", "int", None, minimum=1, shape_affecting=True, doc="Vocabulary size.", start=1000),
        Arg("output_dim", "int", None, minimum=1, shape_affecting=True, doc="Size of each vector.", start=64),
        Arg("tie_weights", "bool", True, shape_affecting=True,
            doc="Reuse the embeddings for the reverse projection instead of a second matrix."),
        Arg("embeddings_initializer", "initializer", "uniform"),
        Arg("embeddings_regularizer", "regularizer", None, nullable=True),
        Arg("embeddings_constraint", "constraint", None, nullable=True),
        Arg("mask_zero", "bool", False),
        Arg("reverse_dtype", "any", None),
        Arg("logit_soft_cap", "any", None),
        Arg("weights", "any", None),
        *LORA_ARGS,
    ),
    output_shape=_embedding_shape,
    params=_reversible_params,
    kernel_last=lambda cfg, inputs: cfg["output_dim"],
    macs=lambda cfg, inputs, outputs: (0, "0 MACs (a forward call looks vectors up; it multiplies nothing)"),
    explainer="embedding",
)

register(INPUT_LAYER, DENSE, EMBEDDING, MASKING, IDENTITY, REVERSIBLE_EMBEDDING)
