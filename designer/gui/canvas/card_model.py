"""What a layer card says and which ports it has, from the node and the engine's result (no Qt).

Nothing here computes a shape: the shape, parameter count and error are the
engine's (`LayerResult`), the warnings the explainer's
(`designer.engine.explain.warnings_for_design`); this module only turns them
into card text.
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from designer.engine import LayerResult
from designer.engine.card import argument_summary
from designer.engine.summary import marked_shape_text
from designer.layers import get_spec
from designer.model import LayerNode
from designer.terminal import escape_controls

OK, INVALID, BLOCKED, PENDING, UNKNOWN = "ok", "invalid", "blocked", "pending", "unknown"
WARNING_TEXT = "#B54708"
"""Amber for warning lines in a card's tooltip (the canvas style's `WARNING_TEXT`)."""


@dataclass(frozen=True)
class CardText:
    """Everything a card shows; ``state`` is ok, invalid, blocked or pending (not inferred yet)."""

    title: str
    class_name: str
    family: str | None
    summary: str
    shape: str
    params: str
    state: str
    status: str
    tooltip: str
    warnings: tuple[str, ...] = ()
    """Warning messages (Keras accepts the layer, but it is probably not what was meant)."""

    @property
    def badge(self) -> str | None:
        """``"error"`` (red) for an invalid layer, ``"warning"`` (amber) for a layer with warnings, else None."""
        if self.state == INVALID:
            return "error"
        return "warning" if self.warnings else None


@dataclass(frozen=True)
class PortLayout:
    """A card's ports: ``inputs`` input ports of which the first ``connected`` are in use and the
    first ``required`` are needed (the others are optional, drawn with a +), and ``outputs`` outputs."""

    inputs: int
    connected: int
    required: int
    numbered: bool
    outputs: int
    keywords: tuple[str, ...] = ()
    """Per input port, the call keyword it is passed under (``initial_state``…), or "" when positional."""


def card_text(node: LayerNode, result: LayerResult | None, blocker_name: str | None = None,
              warnings: tuple[str, ...] = ()) -> CardText:
    """The card's text for ``node``; ``blocker_name`` names the invalid layer that blocks it, ``warnings``
    are the messages of its warnings (shown on a valid card only: a badge and amber tooltip lines).
    The title shows control characters of a name as escapes (``d\\nx``): a card title is one line."""
    title = escape_controls(node.name)
    spec = get_spec(node.class_name)
    family = "Input" if spec is not None and spec.is_input else (spec.family if spec else None)
    try:
        summary = argument_summary(node.class_name, node.config)
    except Exception:  # the summary is decoration: never break a card
        summary = ""
    if spec is None:
        summary = "not in the catalog"
    if result is None:
        return CardText(title, node.class_name, family, summary, "…", "", PENDING, "",
                        f"{node.name} ({node.class_name})")
    if result.unknown is not None:  # neutral, not an error: the designer does not know the layer
        prefix = f"{node.name}: "
        status = result.unknown[len(prefix):] if result.unknown.startswith(prefix) else result.unknown
        return CardText(title, node.class_name, family, summary, "", "", UNKNOWN, status, result.unknown)
    if result.blocked_by is not None:
        status = f"no shape: depends on {blocker_name or result.blocked_by}"
        return CardText(title, node.class_name, family, summary, "", "", BLOCKED, status,
                        result.error or status)
    if result.error is not None:
        prefix = f"{node.name}: "
        status = result.error[len(prefix):] if result.error.startswith(prefix) else result.error
        return CardText(title, node.class_name, family, summary, "", "", INVALID, status, result.error)
    shape = marked_shape_text(result)
    params = ""
    lines = [f"{node.name} ({node.class_name})", f"Output shape: {shape}", *result.notes]
    if result.params is not None:
        total = result.params.total
        params = f"{total:,} param{'s' if total != 1 else ''}"
        detail = f"Params: {total:,}"
        if result.params.non_trainable:
            detail += f" ({result.params.trainable:,} trainable, {result.params.non_trainable:,} non-trainable)"
            params += f" ({result.params.non_trainable:,} frozen)"
        lines.append(detail)
    if summary:
        lines.append(summary)
    tooltip = warning_tooltip(lines, warnings) if warnings else "\n".join(lines)
    return CardText(title, node.class_name, family, summary, shape, params, OK, "", tooltip, tuple(warnings))


def warning_tooltip(lines: list[str], warnings: tuple[str, ...]) -> str:
    """A rich-text tooltip: the card's lines, then each warning in amber (rich text wraps long messages)."""
    head = "<br>".join(html.escape(line, quote=False) for line in lines)
    tail = "".join(f"<p style='color:{WARNING_TEXT}'>⚠ {html.escape(w, quote=False)}</p>" for w in warnings)
    return f"<p>{head}</p>{tail}"


KEYWORD_TAGS = {"initial_state": "s", "mask": "m", "attention_mask": "am", "query_mask": "qm", "value_mask": "vm",
                "key_mask": "km"}
"""The short tag drawn in an input port passed under a call keyword (its tooltip names the keyword)."""


def keyword_tag(keyword: str) -> str:
    return KEYWORD_TAGS.get(keyword, keyword[:2])


def port_layout(node: LayerNode, result: LayerResult | None, used_outputs: int = 0) -> PortLayout:
    """Ports of a card: one per inbound connection and at least the spec's minimum, plus one free
    port while the layer can take more inputs; one output port per output (at least those in use).
    Inputs passed under a call keyword (`designer.model.calls`) are labelled with it."""
    spec = get_spec(node.class_name)
    connected = len(node.inbound)
    low, high = spec.inputs if spec is not None else (1, None)
    inputs = max(connected, low)
    if high != 0 and (high is None or connected < high) and inputs == connected:
        inputs += 1
    numbered = high is None or high > 1 or inputs > 1
    outputs = len(result.outputs) if result is not None and result.outputs else 1
    keywords = [""] * inputs
    for key, positions in node.call.tensors if node.call is not None else ():
        for p in positions:
            if p < inputs:
                keywords[p] = key
    return PortLayout(inputs, connected, low, numbered, max(outputs, used_outputs, 1),
                      tuple(keywords) if any(keywords) else ())


def next_free_port(node: LayerNode) -> int | None:
    """The input port a wire dropped on the card body goes to, or None when every input is taken."""
    spec = get_spec(node.class_name)
    high = spec.inputs[1] if spec is not None else None
    if high is not None and len(node.inbound) >= high:
        return None
    return len(node.inbound)


def inputs_taken_message(node: LayerNode) -> str:
    """Why a wire or a layer cannot be connected to ``node`` without choosing a port."""
    spec = get_spec(node.class_name)
    high = spec.inputs[1] if spec is not None else None
    if high == 0:
        return f"{node.name} is an input layer: it takes no input"
    n = "one input" if high == 1 else f"{high} inputs"
    return (f"{node.name} takes {n}, already connected: drop the wire on one of its input ports "
            "to replace that connection")
