"""TensorFlow 1 functions as the Keras 3 layers that compute the same.

``tf.layers.conv2d(inputs, filters, kernel_size, …)`` is ``Conv2D(filters,
kernel_size, …)(inputs)``; ``tf.nn.relu(x)`` is ``Activation('relu')(x)``;
``tf.image.resize_images(x, (h, w))`` is ``Resizing(h, w)(x)``. Each table
gives a function's positional order (``tf.reshape``, ``tf.concat`` and the
like are read as the ``keras.ops`` they are: `operations`).
"""

from __future__ import annotations

from typing import Any

_CONV = ("inputs", "filters", "kernel_size", "strides", "padding", "data_format", "dilation_rate", "activation",
         "use_bias", "kernel_initializer", "bias_initializer")
_DECONV = ("inputs", "filters", "kernel_size", "strides", "padding", "data_format", "activation", "use_bias")
_POOL = ("inputs", "pool_size", "strides", "padding", "data_format")

LAYER_FUNCTIONS: dict[str, tuple[str, tuple[str, ...], dict[str, Any]]] = {
    "conv1d": ("Conv1D", _CONV, {}), "conv2d": ("Conv2D", _CONV, {}), "conv3d": ("Conv3D", _CONV, {}),
    "conv2d_transpose": ("Conv2DTranspose", _DECONV, {}), "conv3d_transpose": ("Conv3DTranspose", _DECONV, {}),
    "separable_conv1d": ("SeparableConv1D", _CONV, {}), "separable_conv2d": ("SeparableConv2D", _CONV, {}),
    "dense": ("Dense", ("inputs", "units", "activation", "use_bias", "kernel_initializer", "bias_initializer"), {}),
    "max_pooling1d": ("MaxPooling1D", _POOL, {}), "max_pooling2d": ("MaxPooling2D", _POOL, {}),
    "max_pooling3d": ("MaxPooling3D", _POOL, {}), "average_pooling1d": ("AveragePooling1D", _POOL, {}),
    "average_pooling2d": ("AveragePooling2D", _POOL, {}), "average_pooling3d": ("AveragePooling3D", _POOL, {}),
    "dropout": ("Dropout", ("inputs", "rate", "noise_shape", "seed", "training"), {"rate": 0.5}),
    "flatten": ("Flatten", ("inputs", "data_format"), {}),
    "batch_normalization": ("BatchNormalization", ("inputs", "axis", "momentum", "epsilon", "center", "scale"),
                            {}),
}
"""``tf.layers.<function>`` → (Keras 3 class, TF1 positional order, TF1 defaults Keras 3 lacks)."""

RESIZE_METHODS = {"NEAREST_NEIGHBOR": "nearest", "BILINEAR": "bilinear", "BICUBIC": "bicubic", "AREA": "area"}
"""``tf.image.ResizeMethod`` members by Keras's interpolation names."""

CALL_ONLY = ("inputs", "training", "reuse")
"""TF1 arguments of the call, not of the layer (``reuse`` has no Keras meaning)."""


def layer_function(name: str, args: list[Any], kwargs: dict[str, Any]) -> tuple[str, object, dict[str, Any]] | None:
    """``(class_name, inputs, layer kwargs)`` for ``tf.layers.<name>(*args, **kwargs)``, or None if unknown."""
    entry = LAYER_FUNCTIONS.get(name)
    if entry is None:
        return None
    cls, order, defaults = entry
    bound = dict(zip(order, args))
    bound.update(kwargs)
    inputs = bound.get("inputs")
    layer_kwargs = {**defaults, **{k: v for k, v in bound.items() if k not in CALL_ONLY}}
    return cls, inputs, layer_kwargs


def resize_size(args: list[Any], kwargs: dict[str, Any]) -> tuple[object, object, str]:
    """``(images, (height, width), interpolation)`` of ``tf.image.resize_images(images, size, method)``.

    ``method`` may be a string or a name such as ``tf.image.ResizeMethod.NEAREST_NEIGHBOR`` (its ``last`` part).
    """
    bound = dict(zip(("images", "size", "method"), args))
    bound.update(kwargs)
    method = bound.get("method")
    name = method if isinstance(method, str) else getattr(method, "last", None)
    interpolation = RESIZE_METHODS.get(name, name.lower()) if isinstance(name, str) else "bilinear"
    return bound.get("images"), bound.get("size"), interpolation
