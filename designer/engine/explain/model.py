"""The data an explanation is made of: lines, fixes, warnings, cost, and one layer's explanation.

Everything here is plain data. `LayerExplanation.to_json` gives the object the
``explain --json`` command prints, with exactly the documented keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

from designer.layers import get_spec
from designer.layers.spec import Dim, LayerSpec, Shape
from designer.model.edits import Edit


@dataclass(frozen=True)
class Line:
    """One line of a shape explanation.

    ``check`` is ``(output index, axis, value)``: the value the line's formula
    claims for that axis. The explainer compares it with the engine's shape, so
    an explanation never states a number the engine does not agree with.
    """

    text: str
    check: tuple[int, int, Dim] | None = None


@dataclass(frozen=True)
class Ctx:
    """What an explainer reads: the layer's class, normalised config, input and output shapes."""

    class_name: str
    cfg: Mapping[str, Any]
    inputs: tuple[Shape, ...]
    outputs: Sequence[Shape]
    name: str = ""

    @property
    def x(self) -> Shape:
        """The first input."""
        return self.inputs[0]

    @property
    def out(self) -> Shape:
        """The first output."""
        return self.outputs[0]

    @property
    def spec(self) -> LayerSpec | None:
        return get_spec(self.class_name)

    @property
    def operation(self) -> str:
        """The spec's ``operation`` (what the layer computes, e.g. ``adds``); raises if it has none, so the
        explanation falls back to plain shapes rather than a wrong word."""
        spec = self.spec
        if spec is None or not spec.operation:
            raise ValueError(f"{self.class_name} has no operation word")
        return spec.operation


OPERATION_KINDS = frozenset({"elementwise", "pooling", "global_pooling", "adaptive_pooling", "attention"})
"""Kinds of explanation (a spec's ``explainer``) whose sentence says the spec's ``operation``."""


@dataclass(frozen=True)
class Fix:
    """A concrete fix: ``kind`` (e.g. ``padding_same``), a label for a button, one undoable `Edit`.

    ``layer_id`` is the layer the fix is for; ``makes_valid`` says whether the
    whole design is valid once the edit is applied (checked by re-running the
    engine on a copy of the design).
    """

    kind: str
    label: str
    edit: Edit
    layer_id: str
    makes_valid: bool = False

    def to_json(self) -> dict:
        return {"kind": self.kind, "label": self.label}


@dataclass(frozen=True)
class DesignWarning:
    """Something Keras accepts but a learner probably did not mean (not an error)."""

    kind: str
    layer_id: str
    message: str
    fixes: tuple[Fix, ...] = ()


@dataclass(frozen=True)
class Cost:
    """Multiply–accumulates (MACs; FLOPs ≈ 2·MACs) and activation memory for one sample.

    ``macs`` and ``activation_bytes`` are None when a size they need is unknown.
    ``rule`` states the convention used for this layer, with its numbers.
    """

    macs: int | None
    activation_bytes: int | None
    rule: str = ""


@dataclass
class LayerExplanation:
    """Why a layer has its output shape and parameter count, or why it has none, and what to do."""

    id: str
    name: str
    class_name: str
    output_shape: Shape | list | None
    lines: list[str]
    params: str
    error: str | None = None
    diagnosis: list[str] = field(default_factory=list)
    none_notes: list[str] = field(default_factory=list)
    fixes: list[Fix] = field(default_factory=list)
    warnings: list[DesignWarning] = field(default_factory=list)
    cost: Cost = field(default_factory=lambda: Cost(None, None))
    exact: bool = True
    """False when an explainer's numbers disagreed with the engine and a generic text was used."""

    @property
    def valid(self) -> bool:
        return self.error is None

    @property
    def explanation(self) -> str:
        """The shape explanation (or the diagnosis of an invalid layer), one rule per line."""
        return "\n".join([*self.lines, *self.diagnosis, *self.none_notes])

    def to_json(self) -> dict:
        """The ``explain --json`` object: exactly the documented keys."""
        return {
            "id": self.id,
            "output_shape": _shape_json(self.output_shape),
            "explanation": self.explanation,
            "params_explanation": self.params,
            "error": self.error,
            "warnings": [{"kind": w.kind, "message": w.message} for w in self.warnings],
            "fixes": [f.to_json() for f in self.fixes],
            "macs": self.cost.macs,
            "flops": None if self.cost.macs is None else 2 * self.cost.macs,
            "activation_bytes": self.cost.activation_bytes,
        }


def _shape_json(shape) -> Any:
    if shape is None:
        return None
    if isinstance(shape, list):
        return [list(s) for s in shape]
    return list(shape)
