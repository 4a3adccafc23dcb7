"""Rules of the wrappers `Bidirectional` and `TimeDistributed`.

Both hold a nested layer config ``{"class_name": ..., "config": {...}}``. The
nested layer's spec is looked up in the catalog at run time and its config
normalised with the catalog's own checks; its rules then give the shapes and
parameters the wrapper builds on. A nested ``trainable=False`` freezes the
nested layer's weights only, as in Keras.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Mapping, Sequence

from .args import normalize_config
from .registry import get_spec
from .shapes import fmt_shape, require_min_ndim
from .spec import ArgumentError, Config, LayerError, LayerSpec, ParamCount, Shape
from .terms import num

RECURRENT = ("SimpleRNN", "LSTM", "GRU", "ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D", "RNN")
"""Classes with ``go_backwards``/``return_sequences``/``return_state``/``stateful``: what Bidirectional wraps
(Keras builds the backward copy from the config with ``go_backwards=True`` and reads the others)."""


@dataclass(frozen=True)
class Nested:
    """A nested layer: its spec, its normalised config and where it sits."""

    spec: LayerSpec
    cfg: dict
    role: str

    @property
    def class_name(self) -> str:
        return self.spec.class_name

    def fail(self, exc: LayerError, context: str = "") -> LayerError:
        """The nested layer's refusal, told from the wrapper's side."""
        return LayerError(f"{self.role} {self.class_name}{context}: {exc.message}", exc.hint)

    def outputs(self, inputs: Sequence[Shape], context: str = "") -> list[Shape]:
        """Output shapes of the nested layer called on ``inputs``."""
        try:
            result = self.spec.output_shape(self.cfg, list(inputs))
        except LayerError as exc:
            raise self.fail(exc, context) from exc
        return [tuple(s) for s in result] if isinstance(result, list) else [tuple(result)]

    def params(self, inputs: Sequence[Shape], context: str = "") -> ParamCount:
        """Weights of the nested layer, all non-trainable when it is frozen."""
        try:
            result = self.spec.params(self.cfg, list(inputs))
        except LayerError as exc:
            raise self.fail(exc, context) from exc
        count = result if isinstance(result, ParamCount) else ParamCount(int(result))
        return count.frozen() if self.cfg.get("trainable") is False else count

    def macs(self, inputs: Sequence[Shape]) -> int | None:
        """MACs of the nested layer on ``inputs`` (0 for a layer that multiplies nothing)."""
        if self.spec.macs is None:
            return 0
        return self.spec.macs(self.cfg, list(inputs), self.outputs(inputs))[0]


def nested_layer(value: dict, role: str) -> Nested:
    """Look up and check a nested layer config (already shaped by the ``layer`` kind)."""
    class_name = value["class_name"]
    spec = get_spec(class_name)
    if spec is None:
        raise LayerError(
            f"{role} {class_name!r} is not a layer the designer knows",
            "pick a layer from the palette",
        )
    try:
        cfg = normalize_config(spec, value["config"])
    except ArgumentError as exc:
        raise LayerError(f"{role} {class_name}: {exc.message}", exc.hint) from exc
    name = cfg.get("name")
    if isinstance(name, str) and "/" in name:
        raise LayerError(f"{role} {class_name}: the name {name!r} contains '/', which Keras does not allow")
    return Nested(spec, cfg, role)


# Bidirectional ------------------------------------------------------------

def _recurrent(value: dict, role: str) -> Nested:
    nested = nested_layer(value, role)
    if nested.class_name not in RECURRENT:
        raise LayerError(
            f"can only wrap a recurrent layer ({', '.join(RECURRENT)}), "
            f"but {'the wrapped layer' if role == 'wrapped' else role} is a {nested.class_name}",
            "wrap an LSTM, GRU, SimpleRNN or an RNN of cells; to apply another layer at every time step use "
            "TimeDistributed",
        )
    return nested


def _forward_and_backward(cfg: Config) -> tuple[Nested, Nested]:
    """The two directions, checked as Bidirectional's constructor checks them."""
    forward = _recurrent(cfg["layer"], "wrapped")
    if cfg["backward_layer"] is None:
        if forward.cfg["go_backwards"]:
            raise LayerError(
                "its wrapped layer has go_backwards=True, so the backward copy it makes runs in the same direction",
                "set go_backwards=False on the wrapped layer: Bidirectional reverses the copy itself",
            )
        return forward, Nested(forward.spec, {**forward.cfg, "go_backwards": True}, "backward")
    backward = _recurrent(cfg["backward_layer"], "backward_layer")
    if forward.cfg["go_backwards"] == backward.cfg["go_backwards"]:
        raise LayerError(
            f"its layer and backward_layer both have go_backwards={forward.cfg['go_backwards']}",
            "set go_backwards=True on backward_layer and False on layer",
        )
    for attr in ("stateful", "return_sequences", "return_state"):
        if forward.cfg[attr] != backward.cfg[attr]:
            raise LayerError(
                f"its layer has {attr}={forward.cfg[attr]} but backward_layer has {attr}={backward.cfg[attr]}",
                f"give both directions the same {attr}",
            )
    return forward, backward


def _merged(merge_mode: str | None, output: Shape) -> list[Shape]:
    """The forward output after merging it with the backward one.

    Keras computes the shape from the forward layer alone: ``concat`` doubles
    the last axis, ``None`` keeps both outputs, the others keep one.
    """
    if merge_mode == "concat":
        return [(*output[:-1], output[-1] * 2)]
    if merge_mode is None:
        return [output, output]
    return [output]


def _check_initial_state(forward: Nested, backward: Nested, sequence: Shape, states: Sequence[Shape]) -> None:
    """Keras's call gives the first half of ``initial_state`` to the forward layer, the rest to the backward one."""
    half = len(states) // 2
    if half == 0:
        raise LayerError(
            f"initial_state of Bidirectional gives the first half of its tensors to the forward layer and the rest "
            f"to the backward layer, so {len(states)} leaves the forward layer none "
            "(Keras builds the model, then fails on its first call)",
            "pass the forward layer's states, then the backward layer's",
        )
    forward.outputs([sequence, *states[:half]], " (first half of initial_state)")
    backward.outputs([sequence, *states[half:]], " (second half of initial_state)")


def bidirectional_output(cfg: Config, inputs: Sequence[Shape]) -> Shape | list:
    """Merged output, then forward states and (again) forward states with return_state.

    Inputs after the sequence are the call's ``initial_state`` (`_check_initial_state`).
    """
    forward, backward = _forward_and_backward(cfg)
    sequence = inputs[0]
    forward_outputs = forward.outputs([sequence])
    backward.params([sequence])
    if forward.cfg["stateful"] and forward.cfg["return_state"]:
        raise LayerError(
            "its wrapped layer has stateful=True and return_state=True, which Keras's Bidirectional fails on "
            "when it is called (its compute_mask multiplies a generator: TypeError)",
            "set return_state=False or stateful=False on the wrapped layer",
        )
    if len(inputs) > 1:
        _check_initial_state(forward, backward, sequence, inputs[1:])
    output, states = forward_outputs[0], forward_outputs[1:]
    shapes = _merged(cfg["merge_mode"], output) + states + states
    return shapes if len(shapes) > 1 else shapes[0]


def _nested_states(value: object) -> tuple[tuple[str, object], ...]:
    """The states of a nested layer config (raw or normalised); none for a layer the catalog does not know."""
    if not isinstance(value, Mapping) or not isinstance(value.get("class_name"), str):
        return ()
    spec = get_spec(value["class_name"])
    if spec is None or spec.states is None:
        return ()
    inner_cfg = value.get("config", {})
    return spec.states(inner_cfg if isinstance(inner_cfg, Mapping) else {})


def _real_merge(merge_mode: str | None, f: Shape, b: Shape) -> list[Shape] | None:
    """What the call's merge makes of the two directions' outputs, or None where it fails."""
    if merge_mode is None:
        return [f, b]
    if f[:-1] != b[:-1]:
        return None
    if merge_mode == "concat":
        return [(*f[:-1], None if f[-1] is None or b[-1] is None else f[-1] + b[-1])]
    return [f] if b[-1] in (f[-1], 1) else None


def bidirectional_caveats(cfg: Config, inputs: Sequence[Shape], outputs: Sequence[Shape]) -> list:
    """A backward_layer whose outputs differ from the forward layer's: Keras's symbolic shapes come from the
    forward layer alone (its ``compute_output_shape``), while its call merges what each direction returns."""
    if cfg["backward_layer"] is None:
        return []
    forward, backward = _forward_and_backward(cfg)
    (f, *f_states), (b, *b_states) = forward.outputs(inputs[:1]), backward.outputs(inputs[:1])
    if f == b and f_states == b_states:
        return []
    merged = _real_merge(cfg["merge_mode"], f, b)
    real = None if merged is None else [*merged, *f_states, *b_states]
    said = ", ".join(fmt_shape(s) for s in outputs)
    if real is None:
        happens = f"so predict() fails (merge_mode={cfg['merge_mode']!r} cannot merge them)"
    elif len(real) < len(outputs):
        happens = (f"so predict() fails (the call returns the backward layer's {len(b_states)} state"
                   f"{'s' if len(b_states) != 1 else ''} after the forward layer's, not the forward's twice)")
    elif real[:len(outputs)] == list(outputs):
        return []
    else:
        happens = f"so predict() returns {', '.join(fmt_shape(s) for s in real[:len(outputs)])}"
    return [("bidirectional_backward", (
        f"its backward {backward.class_name} returns {', '.join(fmt_shape(s) for s in (b, *b_states))} where the "
        f"forward {forward.class_name} returns {', '.join(fmt_shape(s) for s in (f, *f_states))}: Keras's symbolic "
        f"shapes {said} (what model.summary() shows, and what the engine agrees with) come from the forward layer "
        f"alone, {happens}; give the backward layer the forward layer's units (filters, padding)"))]


def bidirectional_states(cfg: Config) -> tuple[tuple[str, object], ...]:
    """The forward layer's states, then the backward layer's (its ``states`` hook; raw or normalised config).

    The backward layer is the forward one's copy unless ``backward_layer`` is given.
    """
    forward = _nested_states(cfg.get("layer"))
    given = cfg.get("backward_layer")
    backward = forward if given is None else _nested_states(given)
    return (*((f"forward {name}", size) for name, size in forward),
            *((f"backward {name}", size) for name, size in backward))


def bidirectional_params(cfg: Config, inputs: Sequence[Shape]) -> ParamCount:
    """Both directions' weights."""
    forward, backward = _forward_and_backward(cfg)
    f, b = forward.params(inputs), backward.params(inputs)
    total = f + b

    def terms() -> str:
        text = f"{num(f.total)} (forward) + {num(b.total)} (backward) = {num(total.total)}"
        return text + (f"; forward: {f.terms()}" if f.terms else "")

    return ParamCount(total.trainable, total.non_trainable, terms)


def bidirectional_macs(cfg: Config, inputs: Sequence[Shape], outputs: Sequence[Shape]):
    """Both directions: twice the forward layer's cost."""
    forward, _ = _forward_and_backward(cfg)
    macs = forward.macs(inputs)
    if macs is None:
        return None, "2 directions (unknown: a size is None)"
    return 2 * macs, f"2·{num(macs)} = {num(2 * macs)} MACs (forward and backward)"


def can_wrap_recurrent(spec: LayerSpec) -> bool:
    """What Bidirectional's ``layer`` may hold."""
    return spec.class_name in RECURRENT


def can_wrap_per_step(spec: LayerSpec) -> bool:
    """What TimeDistributed's ``layer`` may hold: a layer of one input, called on one tensor."""
    return spec.inputs != (0, 0) and spec.inputs[0] <= 1 and spec.call == "single"


# TimeDistributed ----------------------------------------------------------

def _per_step_layer(cfg: Config) -> Nested:
    nested = nested_layer(cfg["layer"], "wrapped")
    spec = nested.spec
    if spec.inputs == (0, 0):
        raise LayerError(f"cannot wrap an {nested.class_name}", "wrap a layer that transforms its input")
    if spec.inputs[0] > 1 or spec.call != "single":
        raise LayerError(
            f"can only wrap a layer with one input, but {nested.class_name} takes several",
            "apply the merge after TimeDistributed instead",
        )
    return nested


def _step(inputs: Sequence[Shape]) -> tuple[Shape, str]:
    (x,) = inputs
    require_min_ndim(x, 3, "an input with at least 3 axes (batch, timesteps, ...)")
    step = (x[0], *x[2:])
    return step, f" (applied to each time step, input {fmt_shape(step)})"


def time_distributed_output(cfg: Config, inputs: Sequence[Shape]) -> Shape:
    """The wrapped layer's output on one time step, with the time axis put back."""
    nested = _per_step_layer(cfg)
    step, context = _step(inputs)
    outputs = nested.outputs([step], context)
    if len(outputs) != 1:
        raise LayerError(
            f"can only wrap a layer with one output, but the wrapped {nested.class_name} returns {len(outputs)}",
            "turn off return_state or use merge_mode other than None in the wrapped layer",
        )
    (out,) = outputs
    return (out[0], inputs[0][1], *out[1:])


def time_distributed_params(cfg: Config, inputs: Sequence[Shape]) -> ParamCount:
    """The wrapped layer's weights, shared by every time step."""
    nested = _per_step_layer(cfg)
    step, context = _step(inputs)
    count = nested.params([step], context)
    if not count.terms:
        return count
    return ParamCount(count.trainable, count.non_trainable,
                      lambda: f"{count.terms()}; one set of weights shared by all time steps")


def time_distributed_macs(cfg: Config, inputs: Sequence[Shape], outputs: Sequence[Shape]):
    """The wrapped layer's cost once per time step."""
    nested = _per_step_layer(cfg)
    step, _ = _step(inputs)
    macs, steps = nested.macs([step]), inputs[0][1]
    if macs is None or steps is None:
        return None, "steps·per-step cost (unknown: a size is None)"
    return steps * macs, f"{steps}·{num(macs)} = {num(steps * macs)} MACs (steps·per-step cost)"
