"""Normalising layer arguments, once, with the argument's name in every message.

`normalize_config` turns the raw config of a design (JSON values, arguments
omitted where Keras's default applies) into the config the shape rules read:
every argument present, ``ints`` expanded to tuples, choices lower-cased as
Keras does. Wrong types and out-of-range values raise `ArgumentError`.

The name lists below are Keras 3's own (a test compares them with
``keras.src.activations.ALL_OBJECTS_DICT`` and friends).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from .spec import Arg, ArgumentError, LayerSpec

ACTIVATIONS = (
    "celu", "elu", "exponential", "gelu", "glu", "hard_shrink", "hard_sigmoid", "hard_silu",
    "hard_swish", "hard_tanh", "leaky_relu", "linear", "log_sigmoid", "log_softmax", "mish",
    "relu", "relu6", "selu", "sigmoid", "silu", "soft_shrink", "softmax", "softplus", "softsign",
    "sparse_plus", "sparse_sigmoid", "sparsemax", "squareplus", "swish", "tanh", "tanh_shrink",
    "threshold",
)
INITIALIZERS = (
    "Constant", "GlorotNormal", "GlorotUniform", "HeNormal", "HeUniform", "Identity",
    "IdentityInitializer", "LecunNormal", "LecunUniform", "Ones", "Orthogonal",
    "OrthogonalInitializer", "RandomNormal", "RandomUniform", "STFT", "STFTInitializer",
    "TruncatedNormal", "VarianceScaling", "Zeros", "constant", "glorot_normal", "glorot_uniform",
    "he_normal", "he_uniform", "identity", "lecun_normal", "lecun_uniform", "normal", "one",
    "ones", "orthogonal", "random_normal", "random_uniform", "stft", "truncated_normal",
    "uniform", "variance_scaling", "zero", "zeros",
)
REGULARIZERS = ("L1", "L1L2", "L2", "OrthogonalRegularizer", "l1", "l1l2", "l2", "orthogonal_regularizer")
CONSTRAINTS = ("MaxNorm", "MinMaxNorm", "NonNeg", "UnitNorm", "max_norm", "min_max_norm", "non_neg", "unit_norm")

BASE_ARGS = (
    Arg("name", "str", None, nullable=True, doc="Layer name; unique in the model."),
    Arg("trainable", "bool", True, shape_affecting=True, doc="False freezes every weight."),
    Arg("dtype", "dtype", None, nullable=True, doc="Layer dtype or dtype policy, e.g. 'float32' or 'mixed_float16'."),
    Arg("autocast", "any", True, doc="Cast floating inputs to the layer's compute dtype."),
    Arg("input_shape", "any", None, doc="Legacy: the model's input shape, on a Sequential's first layer."),
    Arg("input_dim", "any", None, doc="Legacy: input_shape=(input_dim,), on a Sequential's first layer."),
)
"""Arguments every Keras layer accepts (`keras.layers.Layer.__init__`, its ``**kwargs`` included)."""

DTYPE_NAMES = (
    "float16", "float32", "float64", "bfloat16", "uint8", "uint16", "uint32", "uint64", "int16", "int32", "int64",
    "bool", "string", "complex64", "complex128", "int", "mixed_float16", "mixed_bfloat16",
)
"""Names Keras's `dtype_policies.get` turns into a policy (a test compares them with Keras)."""
DTYPE_POLICIES = ("DTypePolicy", "FloatDTypePolicy", "QuantizedDTypePolicy", "QuantizedFloat8DTypePolicy")
"""Serialised policy classes Keras's `dtype_policies.get` deserialises."""
QUANTIZED_DTYPE = ("int8", "float8", "int4")
"""Modes of quantized policy names ``<mode>_from_<policy>`` (Keras refuses int8 over float16)."""


def _type_name(value: Any) -> str:
    if value is None:
        return "None"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int):
        return "an integer"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, (list, tuple)):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


MAX_INT = 2**63 - 1
"""The largest size Keras can hold (an int64); a larger one is more memory than any computer has."""


def _check_range(arg: Arg, value: float) -> None:
    lo, hi = arg.minimum, arg.maximum
    if (lo is not None or hi is not None) and value != value:
        raise ArgumentError(arg.name, f"`{arg.name}` must be a number in range; received {arg.name}=nan")
    if _is_int(value) and abs(value) > MAX_INT:
        raise ArgumentError(arg.name, f"`{arg.name}` is a {len(str(abs(value)))}-digit integer, more than Keras "
                                      "can hold (2**63 − 1) and more memory than any computer has")
    if lo is not None and (value <= lo if arg.exclusive_minimum else value < lo):
        bound = f"greater than {lo:g}" if arg.exclusive_minimum else f"at least {lo:g}"
        raise ArgumentError(arg.name, f"`{arg.name}` must be {bound}; received {arg.name}={value!r}")
    if hi is not None and value > hi:
        raise ArgumentError(arg.name, f"`{arg.name}` must be at most {hi:g}; received {arg.name}={value!r}")


def _int(arg: Arg, value: Any) -> int:
    if not _is_int(value):
        raise ArgumentError(arg.name, f"`{arg.name}` must be an integer; received {_type_name(value)} ({value!r})")
    _check_range(arg, value)
    return value


def _float(arg: Arg, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ArgumentError(arg.name, f"`{arg.name}` must be a number; received {_type_name(value)} ({value!r})")
    _check_range(arg, value)
    return value


def _bool(arg: Arg, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ArgumentError(arg.name, f"`{arg.name}` must be true or false; received {_type_name(value)} ({value!r})")
    return value


def _str(arg: Arg, value: Any) -> str:
    if not isinstance(value, str):
        raise ArgumentError(arg.name, f"`{arg.name}` must be a string; received {_type_name(value)} ({value!r})")
    return value


def _choice(arg: Arg, value: Any) -> str:
    if isinstance(value, str) and arg.case_sensitive:
        if value in arg.choices:
            return value
    elif isinstance(value, str) and value.lower() in arg.choices:
        return value.lower()
    allowed = ", ".join(repr(c) for c in arg.choices)
    raise ArgumentError(arg.name, f"`{arg.name}` must be one of {allowed}; received {value!r}")


def _ints(arg: Arg, value: Any) -> tuple[int, ...]:
    """An int or a tuple of ``arg.length`` ints, as Keras's `standardize_tuple`."""
    n = arg.length
    if _is_int(value):
        values = (value,) * (n or 1)
    elif isinstance(value, (list, tuple)) and all(_is_int(v) for v in value):
        values = tuple(value)
        if n is not None and len(values) != n:
            raise ArgumentError(
                arg.name, f"`{arg.name}` must be an integer or a list of {n} integers; received {list(value)!r}"
            )
    else:
        what = f"a list of {n} integers" if n else "a list of integers"
        raise ArgumentError(arg.name, f"`{arg.name}` must be an integer or {what}; received {value!r}")
    for v in values:
        _check_range(arg, v)
    return values


def _shape(arg: Arg, value: Any) -> tuple:
    """A list of sizes, each a positive integer or ``None`` (unknown)."""
    if not isinstance(value, (list, tuple)) or not all(v is None or _is_int(v) for v in value):
        raise ArgumentError(arg.name, f"`{arg.name}` must be a list of integers (or null for unknown); received {value!r}")
    values = tuple(value)
    for v in values:
        if v is not None:
            _check_range(arg, v)
    return values


def _axis(arg: Arg, value: Any) -> int | tuple[int, ...]:
    if _is_int(value):
        return value
    if isinstance(value, (list, tuple)) and all(_is_int(v) for v in value):
        return tuple(value)
    raise ArgumentError(arg.name, f"`{arg.name}` must be an integer or a list of integers; received {value!r}")


def _named(names: tuple[str, ...], what: str) -> Callable[[Arg, Any], Any]:
    def normalise(arg: Arg, value: Any) -> Any:
        if isinstance(value, str):
            if value not in names:
                raise ArgumentError(arg.name, f"`{arg.name}`: unknown {what} {value!r}")
            return value
        if isinstance(value, dict) and value.get("class_name") in names and _keras_module(value):
            return value
        raise ArgumentError(arg.name, f"`{arg.name}` must be the name of a Keras {what} (or its serialised "
                                      f"object, which Keras's safe mode deserialises); received {value!r}")

    return normalise


def _keras_module(value: dict) -> bool:
    """A serialised object naming no module, or one of Keras's own, with an object (or no) config."""
    module = value.get("module")
    return (module is None or (isinstance(module, str) and module.split(".")[0] == "keras")) \
        and isinstance(value.get("config", {}), dict)


def _activation(arg: Arg, value: Any) -> Any:
    if isinstance(value, dict):
        if (value.get("class_name") == "function" and value.get("config") in ACTIVATIONS
                and value.get("module") == "keras.activations"):
            return value["config"]
        raise ArgumentError(arg.name, f"`{arg.name}`: Keras's safe mode deserialises only its own activations "
                                      f"({{\"class_name\": \"function\", \"config\": NAME, \"module\": "
                                      f"\"keras.activations\"}}); received {value!r}", "use the name, e.g. 'relu'")
    if isinstance(value, str) and value not in ACTIVATIONS:
        raise ArgumentError(
            arg.name, f"`{arg.name}`: unknown activation {value!r}", "use one of " + ", ".join(ACTIVATIONS[:12]) + ", …"
        )
    return _named(ACTIVATIONS, "activation")(arg, value)


def _layer(arg: Arg, value: Any) -> dict:
    if not (isinstance(value, dict) and isinstance(value.get("class_name"), str)
            and isinstance(value.get("config", {}), dict)):
        raise ArgumentError(arg.name, f"`{arg.name}` must be a layer: {{\"class_name\": ..., \"config\": {{...}}}}")
    return {"class_name": value["class_name"], "config": dict(value.get("config", {}))}


def _any(arg: Arg, value: Any) -> Any:
    return value


def _layers(arg: Arg, value: Any) -> dict | tuple:
    """One nested layer, or a list of them (RNN's ``cell``, StackedRNNCells' ``cells``)."""
    if isinstance(value, (list, tuple)):
        return tuple(_layer(arg, v) for v in value)
    return _layer(arg, value)


def _dtype(arg: Arg, value: Any) -> Any:
    """A dtype policy name Keras can convert, or a serialised policy object."""
    if isinstance(value, dict) and value.get("class_name") in DTYPE_POLICIES and _keras_module(value):
        name = value.get("config", {}).get("name")
        if isinstance(name, str) and _dtype(arg, name) == name:
            return value
    if isinstance(value, str):
        mode, _, source = value.partition("_from_")
        quantized = mode in QUANTIZED_DTYPE and source in DTYPE_NAMES and (mode, source) != ("int8", "float16")
        if value in DTYPE_NAMES or quantized:
            return value
    raise ArgumentError(
        arg.name, f"`{arg.name}`: Keras cannot make a dtype policy of {value!r}",
        "use e.g. 'float32', 'float16', 'bfloat16', 'mixed_float16' or 'mixed_bfloat16'",
    )


NORMALISERS: Mapping[str, Callable[[Arg, Any], Any]] = {
    "int": _int,
    "float": _float,
    "bool": _bool,
    "str": _str,
    "choice": _choice,
    "ints": _ints,
    "shape": _shape,
    "axis": _axis,
    "activation": _activation,
    "initializer": _named(INITIALIZERS, "initializer"),
    "regularizer": _named(REGULARIZERS, "regularizer"),
    "constraint": _named(CONSTRAINTS, "constraint"),
    "layer": _layer,
    "layers": _layers,
    "any": _any,
    "dtype": _dtype,
}


def normalize_value(arg: Arg, value: Any) -> Any:
    """One argument's value, checked and normalised."""
    if value is None:
        if arg.nullable or arg.kind == "any":
            return None
        raise ArgumentError(arg.name, f"`{arg.name}` cannot be null")
    return NORMALISERS[arg.kind](arg, value)


_DEFAULTS: dict[int, tuple[LayerSpec, dict[str, Any], tuple[Arg, ...]]] = {}


def _normalised_defaults(spec: LayerSpec) -> tuple[dict[str, Any], tuple[Arg, ...]]:
    """A spec's defaults, normalised once, and its required arguments."""
    cached = _DEFAULTS.get(id(spec))
    if cached is None or cached[0] is not spec:
        defaults = {a.name: normalize_value(a, a.default) for a in spec.args if not a.required}
        cached = (spec, defaults, tuple(a for a in spec.args if a.required))
        _DEFAULTS[id(spec)] = cached
    return cached[1], cached[2]


def normalize_config(spec: LayerSpec, config: Mapping[str, Any]) -> dict[str, Any]:
    """The full config of a layer: every argument, defaults filled in, values checked.

    Defaults are normalised too (``kernel_size`` given as ``3`` becomes ``(3, 3)``
    for Conv2D whether it came from the file or from the default).
    """
    defaults, required = _normalised_defaults(spec)
    index = spec.arg_index
    for key in config:
        if key not in index:
            raise ArgumentError(key, f"{spec.class_name} has no argument `{key}`")
    for arg in required:
        if config.get(arg.name) is None:
            raise ArgumentError(arg.name, f"needs a value for `{arg.name}` (Keras has no default for it)")
    out = dict(defaults)
    for key, value in config.items():
        out[key] = normalize_value(index[key], value)
    return out
