"""Keyword arguments of a layer call (`designer.model.calls.CallArgs`) in inference.

The tensors a layer receives by keyword are not its inputs for the catalog's
shape rule: the rule sees the positional inputs only. This module checks the
keyword tensors as Keras does (an RNN's ``initial_state``: one ``(batch, units)``
tensor per state) and applies what changes the outputs
(``return_attention_scores=True`` adds the attention scores).
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

from designer.layers import LayerError
from designer.layers.shapes import fmt_shape
from designer.model.calls import CallArgs

Shape = tuple[Any, ...]

RNN_STATES = {"LSTM": 2, "GRU": 1, "SimpleRNN": 1}
"""How many state tensors each recurrent layer takes in ``initial_state``."""

ATTENTION = ("MultiHeadAttention", "GroupQueryAttention", "GroupedQueryAttention", "Attention",
             "AdditiveAttention")
ALLOWED = {
    "initial_state": (*RNN_STATES, "Bidirectional"),
    "attention_mask": ("MultiHeadAttention", "GroupQueryAttention", "GroupedQueryAttention"),
    "query_mask": ("MultiHeadAttention", "GroupQueryAttention", "GroupedQueryAttention"),
    "value_mask": ("MultiHeadAttention", "GroupQueryAttention", "GroupedQueryAttention"),
    "key_mask": ("MultiHeadAttention", "GroupQueryAttention", "GroupedQueryAttention"),
    "return_attention_scores": ATTENTION,
    "use_causal_mask": ATTENTION,
}
"""The classes whose call takes each keyword (``mask`` and ``training``: any layer)."""


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
    for key in [k for k, _ in call.tensors] + [k for k, _ in call.values]:
        allowed = ALLOWED.get(key)
        if allowed is not None and class_name not in allowed:
            return f"{class_name}'s call takes no {key} argument"
    return None


def state_count(class_name: str, cfg: Mapping[str, Any]) -> tuple[int, Any]:
    """``(number of state tensors, units)`` of a recurrent layer or a Bidirectional one."""
    if class_name == "Bidirectional":
        inner = cfg.get("layer") or {}
        inner_class = inner.get("class_name") if isinstance(inner, Mapping) else None
        inner_cfg = inner.get("config", {}) if isinstance(inner, Mapping) else {}
        n = RNN_STATES.get(inner_class, 0) if isinstance(inner_class, str) else 0
        units = inner_cfg.get("units") if isinstance(inner_cfg, Mapping) else None
        return 2 * n, units
    return RNN_STATES.get(class_name, 0), cfg.get("units")


def apply_call(class_name: str, cfg: Mapping[str, Any], call: CallArgs | None, positional: Sequence[Shape],
               keyword: Mapping[str, list[Shape]], outputs: list[Shape]) -> list[Shape]:
    """The outputs once keyword arguments are applied; raises `LayerError` as Keras would refuse."""
    if call is None:
        return outputs
    states = keyword.get("initial_state")
    if states is not None:
        n, units = state_count(class_name, cfg)
        if len(states) != n:
            raise LayerError(f"initial_state of {class_name} needs {n} tensor{'s' if n != 1 else ''} "
                             f"(its states), but {len(states)} {'is' if len(states) == 1 else 'are'} passed "
                             "(Keras builds the model, then fails on its first call)")
        for state in states:
            if len(state) != 2 or (units is not None and state[-1] is not None and state[-1] != units):
                raise LayerError(f"initial_state of {class_name} takes tensors of shape (batch, {units}), "
                                 f"but got {fmt_shape(state)} (Keras builds the model, then fails on its "
                                 "first call)")
    if call.value("return_attention_scores"):
        outputs = [*outputs, _scores(class_name, cfg, positional)]
    return outputs


def _scores(class_name: str, cfg: Mapping[str, Any], inputs: Sequence[Shape]) -> Shape:
    """The attention scores' shape: ``(batch, heads, T, S)``, or ``(batch, Tq, Tv)`` for ``Attention``."""
    query, value = inputs[0], inputs[1] if len(inputs) > 1 else inputs[0]
    key = inputs[2] if len(inputs) > 2 else value
    if class_name in ("Attention", "AdditiveAttention"):
        return (query[0], query[1], value[1])
    if cfg.get("attention_axes") not in (None, [len(query) - 2], (len(query) - 2,)) and len(query) != 3:
        raise LayerError("return_attention_scores with attention_axes is not supported by the designer")
    heads = cfg.get("num_heads") if class_name == "MultiHeadAttention" else cfg.get("num_query_heads")
    return (query[0], heads, *query[1:-1], *key[1:-1])
