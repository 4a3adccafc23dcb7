"""Keras layer configs → design configs (part of `designer.export.keras_import`).

A Keras config lists every constructor argument, serialized; a design config
keeps only the arguments the catalog knows (``spec.arg_index``) whose value
differs from Keras's default, in plain JSON:

- initializers, regularizers and constraints become a name (``"glorot_uniform"``)
  when their config is the default one, else ``{"class_name", "config"}``;
- dtype policies become their name, and ``"float32"`` is omitted;
- activation ``"linear"`` is omitted where the default is no activation;
- a wrapped layer (Bidirectional, TimeDistributed) is mapped the same way;
- ``InputLayer``'s ``batch_shape [None, ...]`` becomes ``shape``.

A class outside the catalog keeps its config (values decoded, no Python code).
Python code in a config (a Lambda's function) is dropped, never decoded.
"""

from __future__ import annotations

import math
from typing import Any, Mapping

from designer.layers import get_spec
from designer.layers.args import CONSTRAINTS, INITIALIZERS, REGULARIZERS, normalize_value
from designer.layers.spec import Arg, ArgumentError

OBJECT_NAMES = {"initializer": INITIALIZERS, "regularizer": REGULARIZERS, "constraint": CONSTRAINTS}

ALIASES = {
    "uniform": "randomuniform", "normal": "randomnormal", "zero": "zeros", "one": "ones",
    "identityinitializer": "identity", "orthogonalinitializer": "orthogonal", "stftinitializer": "stft",
}
"""Keras's alternative names of one object, by canonical name (lower case, no underscores)."""

_VARIANCE = {"seed": None, "input_axes": None, "output_axes": None}
DEFAULT_CONFIGS: Mapping[str, Mapping[str, Any]] = {
    "glorotuniform": _VARIANCE, "glorotnormal": _VARIANCE, "heuniform": _VARIANCE, "henormal": _VARIANCE,
    "lecununiform": _VARIANCE, "lecunnormal": _VARIANCE,
    "variancescaling": {"scale": 1.0, "mode": "fan_in", "distribution": "truncated_normal", **_VARIANCE},
    "randomnormal": {"mean": 0.0, "stddev": 0.05, "seed": None},
    "truncatednormal": {"mean": 0.0, "stddev": 0.05, "seed": None},
    "randomuniform": {"minval": -0.05, "maxval": 0.05, "seed": None},
    "orthogonal": {"gain": 1.0, "seed": None}, "identity": {"gain": 1.0}, "constant": {"value": 0.0},
    "l1": {"l1": 0.01}, "l2": {"l2": 0.01}, "l1l2": {"l1": 0.0, "l2": 0.0},
    "orthogonalregularizer": {"factor": 0.01, "mode": "rows"},
    "maxnorm": {"max_value": 2.0, "axis": 0}, "unitnorm": {"axis": 0},
    "minmaxnorm": {"min_value": 0.0, "max_value": 1.0, "rate": 1.0, "axis": 0},
}
"""The config Keras gives each object built without arguments (``keras.initializers.L2()`` …)."""

KERAS2_RENAMES = {"LeakyReLU": {"alpha": "negative_slope"}}
"""Arguments Keras 3 renamed, by class: ``{old: new}``."""

DECLARED_INPUT_KEYS = ("batch_input_shape", "batch_shape", "input_shape")
"""A first layer's declared input shape: it becomes the design's InputLayer, not an argument."""

UNSERIALIZE_VALUES = ("__numpy__", "__tensor__", "__bytes__")


class Notes:
    """What an import changed or could not keep: plain lines and grouped lists, in order, no repeats.

    ``group(topic, item)`` collects items under one line, ``"<topic>: a, b, c"``,
    so 18 identical conversions make one note, not 18.
    """

    SHOWN = 8

    def __init__(self) -> None:
        self._entries: dict[str, dict[str, None] | None] = {}
        self._dropped: dict[str, dict[str, None]] = {}

    def add(self, line: str) -> None:
        self._entries.setdefault(line, None)

    def group(self, topic: str, item: str) -> None:
        items = self._entries.setdefault(topic, {})
        if items is not None:
            items[item] = None

    def dropped(self, class_name: str, arg: str) -> None:
        self._dropped.setdefault(class_name, {})[arg] = None

    def lines(self) -> list[str]:
        out = []
        for topic, items in self._entries.items():
            if items is None:
                out.append(topic)
                continue
            names = list(items)
            shown = ", ".join(names[:self.SHOWN])
            more = f"… ({len(names)} in all)" if len(names) > self.SHOWN else ""
            out.append(f"{topic}: {shown}{more}")
        if self._dropped:
            parts = [f"{cls} ({', '.join(args)})" for cls, args in sorted(self._dropped.items())]
            out.append("arguments the designer does not know were dropped: " + "; ".join(parts))
        return out


def canonical(name: str) -> str:
    """One spelling per Keras object: ``GlorotUniform``, ``glorot_uniform`` → ``glorotuniform``."""
    key = name.replace("_", "").lower()
    return ALIASES.get(key, key)


def _spellings(kind: str) -> dict[str, str]:
    """Canonical name → the catalog's preferred spelling (snake case where Keras has one), per kind."""
    table = _SPELLINGS.get(kind)
    if table is None:
        table = {}
        for name in OBJECT_NAMES[kind]:
            key = canonical(name)
            if key not in table or (name == name.lower() and table[key] != table[key].lower()):
                table[key] = name
        _SPELLINGS[kind] = table
    return table


_SPELLINGS: dict[str, dict[str, str]] = {}


def _plain_name(kind: str, class_name: str) -> str:
    """The catalog's spelling of an object class: snake case where Keras has one."""
    return _spellings(kind).get(canonical(class_name), class_name)


def _is_default_config(class_name: str, config: Any) -> bool:
    if config is None:
        return True
    if not isinstance(config, dict):
        return False
    defaults = DEFAULT_CONFIGS.get(canonical(class_name), {})
    return all(_same(value, defaults.get(key)) for key, value in config.items())


def _same(value: Any, default: Any) -> bool:
    """Equal, floats to float32 precision (Keras 2 and ``L1()`` record ``0.01`` as 0.009999999776…)."""
    if isinstance(value, float) and isinstance(default, (int, float)) and not isinstance(default, bool):
        return math.isclose(value, default, rel_tol=1e-6)
    return value == default


def decode_value(value: Any, notes: Notes, where: str) -> Any:
    """A config value with Keras's serialization wrappers removed (numpy arrays → lists…).

    Serialized Python code (``__lambda__``) is replaced by None and noted; its
    bytes are never decoded.
    """
    if isinstance(value, list):
        return [decode_value(v, notes, where) for v in value]
    if not isinstance(value, dict):
        return value
    class_name = value.get("class_name")
    if class_name == "__lambda__":
        notes.group("Python code (a lambda) in a config was dropped unread, never run", where)
        return None
    if class_name in UNSERIALIZE_VALUES and isinstance(value.get("config"), dict):
        return value["config"].get("value")
    if isinstance(class_name, str) and "config" in value:
        return {"class_name": class_name, "config": decode_value(value["config"], notes, where)}
    return {k: decode_value(v, notes, where) for k, v in value.items()}


def _dtype(value: Any) -> Any:
    """A dtype or dtype policy as its name; None for Keras's default float32."""
    if isinstance(value, dict):
        inner = value.get("config")
        name = inner.get("name") if isinstance(inner, dict) else None
        value = name if isinstance(name, str) else value
    return None if value == "float32" else value


class ConfigMapper:
    """Maps one Keras layer config at a time; records what it drops in ``notes``."""

    def __init__(self, notes: Notes):
        self.notes = notes

    def map(self, class_name: str, config: Mapping[str, Any], where: str) -> dict[str, Any]:
        """The design config of a layer of ``class_name`` (``where`` names it in notes)."""
        config = dict(config) if isinstance(config, Mapping) else {}
        spec = get_spec(class_name)
        if class_name == "Lambda":
            return self._lambda(config, where)
        if spec is None:
            return self._unknown(class_name, config, where)
        if class_name == "InputLayer":
            config = self._input(config)
        renames = KERAS2_RENAMES.get(class_name, {})
        out: dict[str, Any] = {}
        for key, raw in config.items():
            key = renames.get(key, key)
            arg = spec.arg_index.get(key)
            if arg is None:
                if raw is not None and raw is not False and key not in DECLARED_INPUT_KEYS:
                    self.notes.dropped(class_name, key)
                continue
            value = self._value(arg, decode_value(raw, self.notes, where), where)
            if not self._is_default(arg, value):
                out[key] = value
        if class_name == "Bidirectional":
            self._drop_mirrored_backward_layer(out)
        self._drop_strides_equal_to_pool_size(spec, out)
        return out

    # Special classes ------------------------------------------------------

    @staticmethod
    def _input(config: dict) -> dict:
        """``batch_shape``/``batch_input_shape`` with an open batch axis → ``shape``."""
        config = dict(config)
        batch_shape = config.pop("batch_input_shape", None)
        if batch_shape is not None and config.get("batch_shape") is None:
            config["batch_shape"] = batch_shape
        batch_shape = config.get("batch_shape")
        if isinstance(batch_shape, list) and batch_shape and batch_shape[0] is None and config.get("shape") is None:
            config["shape"] = batch_shape[1:]
            del config["batch_shape"]
        for flag in ("sparse", "ragged"):
            if config.get(flag) is False:
                del config[flag]
        return config

    def _lambda(self, config: dict, where: str) -> dict:
        self.notes.group("Lambda layers: their Python code was dropped unread (never run)", where)
        out = {}
        if isinstance(config.get("name"), str):
            out["name"] = config["name"]
        shape = config.get("output_shape")
        if isinstance(shape, list) and all(d is None or type(d) is int for d in shape):
            out["output_shape"] = shape
        return out

    def _unknown(self, class_name: str, config: dict, where: str) -> dict:
        self.notes.group(f"{class_name} is not in the designer's catalog: kept as is (its code is never run)",
                         where)
        out = {}
        for key, raw in config.items():
            value = _dtype(raw) if key == "dtype" else decode_value(raw, self.notes, where)
            if key == "dtype" and value is None or key == "trainable" and value is True:
                continue
            out[key] = value
        return out

    @staticmethod
    def _drop_strides_equal_to_pool_size(spec, out: dict) -> None:
        """Keras records pooling ``strides=None`` as the pool size; the design leaves it implicit."""
        strides, pool = spec.arg_index.get("strides"), spec.arg_index.get("pool_size")
        if strides is None or pool is None or strides.default is not None or "strides" not in out:
            return
        try:
            pool_size = normalize_value(pool, out.get("pool_size", pool.default))
            if normalize_value(strides, out["strides"]) == pool_size:
                del out["strides"]
        except (ArgumentError, TypeError, ValueError):
            pass

    def _drop_mirrored_backward_layer(self, out: dict) -> None:
        """Keras records the backward copy Bidirectional makes itself; the design leaves it implicit."""
        forward, backward = out.get("layer"), out.get("backward_layer")
        if isinstance(forward, dict) and isinstance(forward.get("config"), dict):
            name = forward["config"].get("name")
            if isinstance(name, str) and name.startswith("forward_"):
                forward["config"]["name"] = name[len("forward_"):]
        if not (isinstance(forward, dict) and isinstance(backward, dict)):
            return
        if backward.get("class_name") != forward.get("class_name"):
            return
        strip = ("name", "go_backwards")
        f_cfg = {k: v for k, v in forward.get("config", {}).items() if k not in strip}
        b_cfg = {k: v for k, v in backward.get("config", {}).items() if k not in strip}
        if f_cfg == b_cfg and backward.get("config", {}).get("go_backwards", False) != forward.get(
                "config", {}).get("go_backwards", False):
            del out["backward_layer"]

    # Values ---------------------------------------------------------------

    def _value(self, arg: Arg, value: Any, where: str) -> Any:
        if arg.name == "dtype":
            return _dtype(value)
        if arg.kind in OBJECT_NAMES and isinstance(value, dict) and isinstance(value.get("class_name"), str):
            if _is_default_config(value["class_name"], value.get("config")):
                return _plain_name(arg.kind, value["class_name"])
            return {"class_name": value["class_name"], "config": value.get("config") or {}}
        if arg.kind == "layer" and isinstance(value, dict) and isinstance(value.get("class_name"), str):
            nested = value["class_name"]
            return {"class_name": nested, "config": self.map(nested, value.get("config") or {}, where)}
        if arg.kind == "int" and isinstance(value, list) and len(value) == 1:
            return value[0]  # Keras 2 records BatchNormalization's axis as [3]
        if arg.kind == "axis" and isinstance(arg.default, int) and isinstance(value, list) and len(value) == 1:
            return value[0]  # LayerNormalization records axis=-1 as [-1]: the same axis
        return value

    @staticmethod
    def _is_default(arg: Arg, value: Any) -> bool:
        if arg.required:
            return False
        default = arg.default
        if arg.kind == "activation" and default is None and value in ("linear", None):
            return True
        if arg.name == "data_format" and default is None and value == "channels_last":
            return True  # Keras's default, keras.config.image_data_format(), unless configured otherwise
        if arg.kind in OBJECT_NAMES and isinstance(value, str) and isinstance(default, str):
            return canonical(value) == canonical(default)
        if value == default:
            return True
        if arg.name == "name":
            return False
        try:
            return normalize_value(arg, value) == normalize_value(arg, default)
        except (ArgumentError, TypeError, ValueError):
            return False

