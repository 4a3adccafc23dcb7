"""Layers that `keras.applications` defines for its own models: LayerScale (ConvNeXt), CustomScaleLayer
(InceptionResNetV2).

Neither is in `keras.layers`; `keras_path` names the module Keras defines it
in. Their shapes follow Keras's symbolic broadcasting of the arithmetic in
their ``call`` (`keras/src/ops/operation_utils.py` ``broadcast_shapes``).
"""

from __future__ import annotations

from .common import layer_args
from .registry import register
from .shapes import broadcast
from .spec import Arg, LayerError, LayerSpec, ParamCount
from .terms import num

FAMILY = "Applications"


# LayerScale ---------------------------------------------------------------

def _layer_scale_shape(cfg, inputs):
    """``x * gamma`` with ``gamma`` of shape ``(projection_dim,)``."""
    (x,) = inputs
    if cfg["projection_dim"] < 0:
        raise LayerError(f"cannot create a scale of negative size projection_dim={cfg['projection_dim']}",
                         "use the channel count of its input")
    return broadcast(x, (cfg["projection_dim"],))


def _layer_scale_params(cfg, inputs):
    p = cfg["projection_dim"]
    return ParamCount(p, 0, lambda: f"{num(p)}: one learned scale (gamma) per channel, projection_dim = {p}")


LAYER_SCALE = LayerSpec(
    class_name="LayerScale",
    family=FAMILY,
    doc="ConvNeXt's layer scale: multiplies each channel by a learned factor (started at init_values).",
    args=layer_args(
        Arg("init_values", "float", None, doc="Starting value of every scale, e.g. 1e-6.", start=1e-6),
        Arg("projection_dim", "int", None, shape_affecting=True, doc="Number of scales: the input's channels.",
            start=32, card="value"),
    ),
    output_shape=_layer_scale_shape,
    params=_layer_scale_params,
    macs=lambda cfg, inputs, outputs: (0, "0 MACs (no multiply–adds counted for a scale)"),
    keras_path="keras.src.applications.convnext",
)


# CustomScaleLayer ----------------------------------------------------------

def _custom_scale_shape(cfg, inputs):
    """``inputs[0] + inputs[1] * scale``: the two shapes broadcast."""
    return broadcast(inputs[0], inputs[1])


CUSTOM_SCALE_LAYER = LayerSpec(
    class_name="CustomScaleLayer",
    family=FAMILY,
    doc="InceptionResNetV2's residual join: shortcut + scale × residual.",
    args=layer_args(
        Arg("scale", "float", None, shape_affecting=False, doc="Factor applied to the residual branch.",
            start=0.2, card="value"),
    ),
    output_shape=_custom_scale_shape,
    inputs=(2, 2),
    call="list",
    traits=frozenset({"merge"}),
    keras_path="keras.src.applications.inception_resnet_v2",
)

register(LAYER_SCALE, CUSTOM_SCALE_LAYER)
