"""A layer call's Python arguments → the layer's config by Keras 3's names.

Positional arguments take the names of the catalog's Keras signature order
(``designer.layers`` ``get_spec(cls).args``); Keras 2 spellings are renamed
with the file importer's table (`designer.export._import_config.KERAS2_RENAMES`)
and warned about; ``input_shape=``/``input_dim=``/``batch_input_shape=`` are
taken out as the declared input. Values become plain JSON-like data.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from designer.layers import get_spec

from .._import_config import KERAS2_RENAMES
from .budget import short_repr
from .keras_names import ACTIVATIONS, classify
from .messages import Messages
from .values import Function, LayerObject, Symbol

INPUT_SIGNATURE = ("shape", "batch_size", "dtype", "sparse", "ragged", "batch_shape", "name")
"""``keras.Input``'s positional order."""

DECLARING = ("input_shape", "input_dim", "batch_input_shape", "batch_size")

KERAS1_RENAMES = {
    "border_mode": "padding", "subsample": "strides", "init": "kernel_initializer", "output_dim": "units",
    "nb_filter": "filters", "W_regularizer": "kernel_regularizer", "b_regularizer": "bias_regularizer",
    "W_constraint": "kernel_constraint", "b_constraint": "bias_constraint", "bias": "use_bias", "p": "rate",
    "pool_length": "pool_size", "filter_length": "kernel_size", "subsample_length": "strides",
}
"""Keras 1 argument names Keras 3 refuses, with the name it uses (for a class that has that argument)."""

STRIDES_BY_POSITION = ("Conv1D", "Conv2D", "Conv3D", "SeparableConv2D", "Conv2DTranspose")


def plain(value: Any, line: int, messages: Messages, where: str) -> Any:
    """``value`` as config data: tuples → lists, ``tf.nn.relu`` → ``"relu"``, a layer → its config."""
    if isinstance(value, (list, tuple)):
        return [plain(v, line, messages, where) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v, line, messages, where) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, Symbol):
        kind = classify(value.path)
        if kind.kind == "activation":
            return kind.detail
        if value.last in ACTIVATIONS or value.last.startswith("float") or value.last.startswith("int"):
            return value.last
        messages.warn(line, f"{where}: the value {value.path} is not understood; it was left out")
        return None
    if isinstance(value, LayerObject):
        return {"class_name": value.class_name, "config": dict(value.config)}
    if isinstance(value, Function):
        messages.warn(line, f"{where}: a Python function passed as an argument was not run; it was left out")
        return None
    messages.warn(line, f"{where}: a value the importer does not model ({short_repr(value)}); it was left out")
    return None


def declared_shape(kwargs: dict[str, Any], line: int, messages: Messages, cls: str, own: tuple[Any, ...] = ()) -> list[Any] | None:
    """The batch shape a layer declares with Keras 2 arguments (removed from ``kwargs``), or None.

    ``own`` lists the class's own arguments (``Embedding(input_dim=…)`` is not a declaration).
    """
    found = [k for k in DECLARING if k in kwargs and kwargs[k] is not None and k not in own]
    if "input_dim" in own and "input_dim" in kwargs:
        found = [k for k in found if k != "input_dim"]
        if not found:
            return None
    if not found or found == ["batch_size"]:
        kwargs.pop("batch_size", None)
        return None
    batch = kwargs.pop("batch_size", None)
    if "batch_input_shape" in kwargs and kwargs["batch_input_shape"] is not None:
        shape = list(kwargs.pop("batch_input_shape"))
        messages.warn(line, f"{cls}(batch_input_shape=…) fails in Keras 3: start the model with "
                            f"keras.Input(batch_shape={tuple(shape)!r})")
        for key in DECLARING:
            kwargs.pop(key, None)
        return shape
    elif "input_shape" in kwargs and kwargs["input_shape"] is not None:
        raw = kwargs.pop("input_shape")
        shape = [batch, *(raw if isinstance(raw, (list, tuple)) else [raw])]
        spelling = f"keras.Input(shape={tuple(shape[1:])!r})"
    else:
        shape = [batch, kwargs.pop("input_dim")]
        spelling = f"keras.Input(shape={tuple(shape[1:])!r})"
    for key in DECLARING:
        if key not in own:
            kwargs.pop(key, None)
    messages.warn(line, f"{cls}({found[0]}=…): Keras 3 deprecates declaring the input on a layer; "
                        f"start the model with {spelling} instead")
    return shape


@cache
def _own_declaring(cls: str) -> tuple[str, ...]:
    """Arguments named like a declaration that are the class's own (``Embedding(input_dim=…)``)."""
    spec = get_spec(cls)
    return tuple(a.name for a in spec.args if a.name in DECLARING and a.required) if spec is not None else ()


def layer_config(cls: str, args: list[Any], kwargs: dict[str, Any], line: int, messages: Messages) -> tuple[dict[str, Any], list[Any] | None]:
    """``(config, declared batch shape)`` of ``cls(*args, **kwargs)``."""
    spec = get_spec(cls)
    kwargs = dict(kwargs)
    declared = declared_shape(kwargs, line, messages, cls, _own_declaring(cls))
    config: dict[str, Any] = {}
    names = [a.name for a in spec.args] if spec is not None else []
    if cls == "InputLayer":
        names = list(INPUT_SIGNATURE)
    for i, value in enumerate(args):
        if i < len(names):
            config[names[i]] = value
        elif spec is not None:
            messages.warn(line, f"{cls} takes at most {len(names)} positional arguments; "
                                f"the extra value {short_repr(value)} was left out")
        else:
            config.setdefault("args", []).append(value)
    if cls in STRIDES_BY_POSITION and len(args) >= 3 and all(isinstance(a, int) for a in args[1:3]):
        messages.warn(line, f"{cls}({', '.join(short_repr(a) for a in args[:3])}, …): Keras 1 read the numbers after the "
                            f"filters as the kernel's rows and columns; Keras 3 reads the third as strides="
                            f"{args[2]!r}. Write {cls}({short_repr(args[0])}, ({args[1]!r}, {args[2]!r})) for a "
                            f"{args[1]}×{args[2]} kernel")
    renames = KERAS2_RENAMES.get(cls, {})
    for key, value in kwargs.items():
        if key in renames:
            messages.warn(line, f"{cls}({key}=…) is the Keras 2 spelling; Keras 3 calls it {renames[key]}=")
            key = renames[key]
        elif key in KERAS1_RENAMES and spec is not None and KERAS1_RENAMES[key] in spec.arg_index \
                and key not in spec.arg_index:
            messages.warn(line, f"{cls}({key}=…) is the Keras 1 spelling and fails in Keras 3: use "
                                f"{KERAS1_RENAMES[key]}=")
            key = KERAS1_RENAMES[key]
        if key in config:
            messages.warn(line, f"{cls}: {key} given twice; the keyword value was kept")
        config[key] = value
    out = {k: plain(v, line, messages, f"{cls}({k}=…)") for k, v in config.items()}
    if out.get("name") is None:
        out.pop("name", None)
    return out, declared


def input_config(args: list[Any], kwargs: dict[str, Any], line: int, messages: Messages) -> dict[str, Any]:
    """The InputLayer config of ``keras.Input(*args, **kwargs)`` (``batch_shape`` with the batch axis)."""
    config = dict(zip(INPUT_SIGNATURE, args))
    config.update(kwargs)
    for old, new in (("batch_input_shape", "batch_shape"), ("input_shape", "shape")):
        if old in config:
            messages.warn(line, f"InputLayer({old}=…) is the Keras 2 spelling; Keras 3 calls it {new}=")
            config[new] = config.pop(old)
    shape, batch_shape = config.pop("shape", None), config.pop("batch_shape", None)
    if batch_shape is None:
        dims = list(shape) if isinstance(shape, (list, tuple)) else ([shape] if shape is not None else [])
        batch_shape = [config.pop("batch_size", None), *dims]
    else:
        config.pop("batch_size", None)
    out = {"batch_shape": plain(list(batch_shape), line, messages, "Input(shape=…)")}
    for key in ("name", "dtype", "sparse"):
        value = config.get(key)
        if value is not None and value is not False:
            out[key] = plain(value, line, messages, f"Input({key}=…)")
    if out.get("dtype") == "float32":
        del out["dtype"]
    return out
