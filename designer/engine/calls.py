"""Keyword arguments of a layer call (`designer.model.calls.CallArgs`) in inference.

The tensors a layer receives by keyword are not its inputs for the catalog's
shape rule: the rule sees the positional inputs only. This module checks the
keyword tensors as Keras does and applies what changes the outputs
(``return_attention_scores=True`` adds the attention scores). What a class's
call takes is on its spec (``call_keywords``, ``states``, ``attention_scores``).

``initial_state`` is checked by the spec's own shape rule, given the states as
more inputs after the sequence (as tf.keras records the call, and as Keras's
``compute_output_shape(sequences_shape, initial_state_shape)`` takes them): the
rules of the classes whose call takes it know how many states their cells have,
of what shape (a ConvLSTM's are feature maps), and which Keras quietly ignores.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from designer.layers import LayerError, get_spec
from designer.model.calls import CallArgs

Shape = tuple[Any, ...]

ANY_CALL = ("mask", "training")
"""Keywords every layer's call takes (``Layer.__call__``); the others are the spec's ``call_keywords``."""


def split_inputs(call: CallArgs | None, shapes: Sequence[Shape]) -> tuple[list[Shape], dict[str, list[Shape]]]:
    """The positional input shapes and, per keyword, the shapes passed under it."""
    if call is None:
        return list(shapes), {}
    taken = call.tensor_positions()
    keyword = {key: [shapes[i] for i in positions if i < len(shapes)] for key, positions in call.tensors}
    return [s for i, s in enumerate(shapes) if i not in taken], keyword


def check_keywords(class_name: str, call: CallArgs | None, inputs: int) -> str | None:
    """Why ``class_name``'s call cannot take one of the keywords (or, after an edit, names an input
    that is no longer connected), or None."""
    if call is None:
        return None
    for key, positions in call.tensors:
        missing = [p for p in positions if p >= inputs]
        if missing:
            return (f"{key} is input {missing[0] + 1} of the call, but only {inputs} "
                    f"input{'s are' if inputs != 1 else ' is'} connected")
    spec = get_spec(class_name)
    accepted = spec.call_keywords if spec is not None else frozenset()
    for key in [k for k, _ in call.tensors] + [k for k, _ in call.values]:
        if key not in ANY_CALL and key not in accepted:
            return f"{class_name}'s call takes no {key} argument"
    return None


def initial_states(class_name: str, cfg: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    """``(name, size)`` of each state ``initial_state`` takes (each ``(batch, size)``): the spec's ``states``
    when its call takes ``initial_state``, else none. ``cfg`` may be raw or normalised."""
    spec = get_spec(class_name)
    if spec is None or spec.states is None or "initial_state" not in spec.call_keywords:
        return ()
    return spec.states(cfg)


def apply_call(class_name: str, cfg: Mapping[str, Any], call: CallArgs | None, positional: Sequence[Shape],
               keyword: Mapping[str, list[Shape]], outputs: list[Shape]) -> list[Shape]:
    """The outputs once keyword arguments are applied; raises `LayerError` as Keras would refuse."""
    if call is None:
        return outputs
    spec = get_spec(class_name)
    states = keyword.get("initial_state")
    if states is not None and spec is not None:
        if not states:
            raise LayerError(f"initial_state of {class_name} is an empty list "
                             "(Keras builds the model, then fails on its first call)")
        spec.output_shape(cfg, [*positional, *states])
    if call.value("return_attention_scores"):
        if spec is None or spec.attention_scores is None:
            raise LayerError(f"{class_name}'s call takes no return_attention_scores argument")
        outputs = [*outputs, tuple(spec.attention_scores(cfg, positional))]
    return outputs
