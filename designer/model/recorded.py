"""What a model file recorded about a layer, or what the user declared: the optional ``recorded`` and
``declared`` keys of a design layer (format v1, backward compatible: both may be absent).

```json
{"id": "sampling", "class_name": "Sampling", "config": {...}, "inbound": ["z_mean", "z_log_var"],
 "recorded": {"output_shapes": [[null, 2]], "input_shapes": [[null, 2], [null, 2]],
              "params": {"trainable": 0, "non_trainable": 0}}}
{"id": "block", "class_name": "MyBlock", "inbound": ["x"],
 "declared": {"output_shape": "same", "params": {"trainable": 4160, "non_trainable": 0}}}
```

``recorded`` is what Keras wrote when it saved the model (the shapes each call received, the sizes of the
weights); the importer fills it. ``declared`` is what a user says of a layer the designer does not know
(a "custom layer"): its output shape, including the batch axis, or ``"same"`` (the shape of its first input),
and its parameters. Every key inside is optional. Shapes keep ``null`` for unknown sizes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .document import DocumentError

Shape = tuple
SAME = "same"

OPERATION_PREFIX = "ops."
"""The class name the importers give a Keras 3 operation kept as Keras records it (``ops.GetItem``, ``ops.Mean``)."""

WEIGHTLESS = ("Lambda",)
"""Classes outside the catalog that never have weights (with every operation, `is_operation`)."""


def is_operation(class_name: str) -> bool:
    """A Keras 3 operation on tensors (``keras.ops``), not a layer: it has no weights."""
    return class_name.startswith(OPERATION_PREFIX)


def has_no_weights(class_name: str) -> bool:
    """Whether a class outside the catalog is known to have no weights (a Lambda, an operation)."""
    return class_name in WEIGHTLESS or is_operation(class_name)
"""A declared output shape equal to the layer's first input shape."""


@dataclass(frozen=True)
class Recorded:
    """Shapes and parameter counts known from outside the catalog (a file, or the user).

    ``params`` is ``(trainable, non_trainable)``; any part may be None (not known).
    """

    output_shapes: tuple[Shape, ...] | None = None
    input_shapes: tuple[Shape, ...] | None = None
    params: tuple[int, int] | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.output_shapes is not None:
            data["output_shapes"] = [list(s) for s in self.output_shapes]
        if self.input_shapes is not None:
            data["input_shapes"] = [list(s) for s in self.input_shapes]
        if self.params is not None:
            data["params"] = {"trainable": self.params[0], "non_trainable": self.params[1]}
        return data


@dataclass(frozen=True)
class Declared:
    """A custom layer's declared output shape (a shape, or ``"same"``) and parameter count."""

    output_shape: Shape | str | None = None
    params: tuple[int, int] | None = None

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {}
        if self.output_shape is not None:
            data["output_shape"] = self.output_shape if isinstance(self.output_shape, str) else list(
                self.output_shape)
        if self.params is not None:
            data["params"] = {"trainable": self.params[0], "non_trainable": self.params[1]}
        return data


def _count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _shape(value: Any, where: str) -> Shape:
    if isinstance(value, list) and all(v is None or _count(v) for v in value):
        return tuple(value)
    raise DocumentError(f"{where}: {value!r} is not a shape (a list of sizes, null for unknown)")


def _shapes(value: Any, where: str) -> tuple[Shape, ...] | None:
    if value is None:
        return None
    if not isinstance(value, list) or not value:
        raise DocumentError(f"{where}: expected a non-empty list of shapes, got {value!r}")
    return tuple(_shape(v, where) for v in value)


def _params(value: Any, where: str) -> tuple[int, int] | None:
    if value is None:
        return None
    if (isinstance(value, dict) and set(value) <= {"trainable", "non_trainable"}
            and all(_count(v) for v in value.values())):
        return (value.get("trainable", 0), value.get("non_trainable", 0))
    raise DocumentError(f"{where}: params must be {{\"trainable\": n, \"non_trainable\": m}} with counts "
                        f"of zero or more, got {value!r}")


def _object(value: Any, keys: tuple[str, ...], where: str) -> dict:
    if not isinstance(value, dict):
        raise DocumentError(f"{where} must be an object")
    unknown = [k for k in value if k not in keys]
    if unknown:
        raise DocumentError(f"{where}: unknown key {unknown[0]!r} (expected {', '.join(keys)})")
    return value


def parse_recorded(value: Any, where: str) -> Recorded | None:
    """The ``recorded`` key of a layer, or a `DocumentError` saying what is wrong."""
    if value is None:
        return None
    where = f"{where}: recorded"
    data = _object(value, ("output_shapes", "input_shapes", "params"), where)
    return Recorded(_shapes(data.get("output_shapes"), f"{where} output_shapes"),
                    _shapes(data.get("input_shapes"), f"{where} input_shapes"),
                    _params(data.get("params"), f"{where} params"))


def parse_declared(value: Any, where: str) -> Declared | None:
    """The ``declared`` key of a layer, or a `DocumentError` saying what is wrong."""
    if value is None:
        return None
    where = f"{where}: declared"
    data = _object(value, ("output_shape", "params"), where)
    shape = data.get("output_shape")
    if shape is not None and shape != SAME:
        shape = _shape(shape, f"{where} output_shape")
    return Declared(shape, _params(data.get("params"), f"{where} params"))
