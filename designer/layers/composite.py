"""Layers made of other layers: SpectralNormalization (keras/src/layers/normalization) and Pipeline
(keras/src/layers/preprocessing/pipeline.py).

SpectralNormalization wraps a layer with a ``kernel`` or ``embeddings`` weight
(the spec's ``kernel_last`` hook says its last size): the output is the wrapped
layer's, the weights are the wrapped layer's plus a non-trainable vector
``u`` of that size. Pipeline calls its layers one after the other.
"""

from __future__ import annotations

from ._rnn_wrappers import Nested, nested_layer
from .common import layer_args
from .registry import register
from .spec import Arg, ArgumentError, LayerError, LayerSpec, ParamCount
from .terms import num


# SpectralNormalization -------------------------------------------------------

def _wrapped(cfg) -> Nested:
    if cfg["power_iterations"] <= 0:
        raise ArgumentError("power_iterations", f"`power_iterations` must be greater than 0; received "
                                                f"{cfg['power_iterations']}")
    nested = nested_layer(cfg["layer"], "wrapped")
    if nested.spec.kernel_last is None:
        raise LayerError(f"wraps a layer with a `kernel` or `embeddings` weight, but {nested.class_name} has neither",
                         "wrap a Dense, Conv, Embedding or EinsumDense layer")
    return nested


def _sn_shape(cfg, inputs):
    nested = _wrapped(cfg)
    outputs = nested.outputs(inputs)
    return outputs if len(outputs) > 1 else outputs[0]


def _sn_params(cfg, inputs):
    nested = _wrapped(cfg)
    inner = nested.params(inputs)
    u = nested.spec.kernel_last(nested.cfg, list(inputs))

    def terms() -> str:
        text = f"{num(inner.total)} (the wrapped {nested.class_name}) + {u} (non-trainable vector u)"
        return f"{text} = {num(inner.total + u)}" + (f"; wrapped: {inner.terms()}" if inner.terms else "")

    return ParamCount(inner.trainable, inner.non_trainable + u, terms)


def _can_normalise(spec: LayerSpec) -> bool:
    return spec.kernel_last is not None


SPECTRAL_NORMALIZATION = LayerSpec(
    class_name="SpectralNormalization", family="Normalization",
    doc="Divides the wrapped layer's kernel by its largest singular value (stabilises GAN discriminators).",
    args=layer_args(
        Arg("layer", "layer", None, shape_affecting=True, doc="A Dense, Conv, Embedding or EinsumDense layer.",
            start={"class_name": "Dense", "config": {"units": 32}}),
        Arg("power_iterations", "int", 1, doc="Power-iteration steps per call."),
    ),
    output_shape=_sn_shape, params=_sn_params,
    macs=lambda cfg, inputs, outputs: (_wrapped(cfg).macs(inputs), "the wrapped layer's MACs"),
    nests=_can_normalise, trainable_flag_ignored=True, explainer="spectral_normalization",
)


# Pipeline --------------------------------------------------------------------

def _stages(cfg) -> list[Nested]:
    value = cfg["layers"]
    items = list(value) if isinstance(value, tuple) else [value]
    if not items:
        raise LayerError("has no layers", "give it at least one layer")
    return [nested_layer(item, f"stage {i + 1}") for i, item in enumerate(items)]


def _pipeline_shape(cfg, inputs):
    shapes = list(inputs)
    for stage in _stages(cfg):
        shapes = stage.outputs(shapes[:1])
    return shapes if len(shapes) > 1 else shapes[0]


def _pipeline_params(cfg, inputs):
    counts, shapes = [], list(inputs)
    for stage in _stages(cfg):
        counts.append((stage.class_name, stage.params(shapes[:1])))
        shapes = stage.outputs(shapes[:1])
    trainable = sum(c.trainable for _, c in counts)
    frozen = sum(c.non_trainable for _, c in counts)
    return ParamCount(trainable, frozen, lambda: " + ".join(f"{num(c.total)} ({name})" for name, c in counts)
                      + f" = {num(trainable + frozen)}")


def _pipeline_macs(cfg, inputs, outputs):
    total, shapes = 0, list(inputs)
    for stage in _stages(cfg):
        macs = stage.macs(shapes[:1])
        if macs is None:
            return None, "the stages' MACs (unknown: a size is None)"
        total += macs
        shapes = stage.outputs(shapes[:1])
    return total, f"{num(total)} MACs (its layers' MACs together)"


PIPELINE = LayerSpec(
    class_name="Pipeline", family="Preprocessing",
    doc="Applies its layers one after the other (e.g. an augmentation pipeline usable in tf.data).",
    args=(
        Arg("layers", "layers", None, shape_affecting=True, doc="The layers, first to last.",
            start=[{"class_name": "RandomFlip", "config": {}}]),
        Arg("name", "str", None, nullable=True),
    ),
    output_shape=_pipeline_shape, params=_pipeline_params,
    nests=lambda spec: not spec.is_input,
    macs=_pipeline_macs,
    explainer="pipeline",
)

register(SPECTRAL_NORMALIZATION, PIPELINE)
