"""The inspector's "Call" section: literal keyword arguments of a layer's call (`designer.model.calls`).

A check box per literal keyword the layer's call takes (its spec's
``call_keywords``: ``use_causal_mask`` and ``return_attention_scores`` for
attention layers, ``training`` for dropout and noise); ticking one is an
undoable edit of the layer's ``call``. A layer whose call takes
``initial_state`` gets an "initial_state from" choice of the layers whose extra
outputs are states of the right number (an encoder LSTM with
``return_state=True``): the seq2seq decoder pattern. A layer whose call takes
masks (``attention_mask``, ``query_mask``… of attention layers) gets a "… from"
choice per mask of the outputs of the layers it does not feed (a padding mask
computed from the tokens). Tensor keywords are shown on the canvas's labelled
ports and in the inspector's inputs.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from designer.engine.calls import initial_states
from designer.layers import get_spec
from designer.layers.shapes import fmt_shape
from designer.model import Document, LayerNode, Source, downstream
from designer.model.calls import TENSOR_KEYWORDS, CallArgs
from designer.model.edits import Edit, Step

from .widgets import narrow

TIPS = {
    "use_causal_mask": "Each position attends only to itself and earlier ones (a decoder's self-attention)",
    "return_attention_scores": "Also return the attention scores: the layer gets a second output",
    "training": "Always behave as in training (e.g. dropout at inference: Monte Carlo dropout)",
}


def call_keywords(class_name: str) -> tuple[str, ...]:
    """The literal call keywords the inspector offers for ``class_name`` (those of `TIPS` its spec lists)."""
    spec = get_spec(class_name)
    return tuple(key for key in TIPS if key in spec.call_keywords) if spec is not None else ()


def set_call_value(node: LayerNode, key: str, on: bool) -> Edit:
    """An edit setting (or clearing) one literal keyword of ``node``'s call."""
    call = node.call or CallArgs()
    values = tuple((k, v) for k, v in call.values if k != key) + (((key, True),) if on else ())
    new = CallArgs(call.tensors, values) if call.tensors or values else None
    return Edit(f"{'Set' if on else 'Clear'} {key} of {node.name}", [Step("replace", new=replace(node, call=new))])


MASKS = tuple(key for key in TENSOR_KEYWORDS if key.endswith("_mask"))
"""The mask keywords a spec's ``call_keywords`` may list (``mask`` itself Keras passes along implicitly)."""


def keyword_from(node: LayerNode, key: str, sources: list[Source]) -> LayerNode:
    """``node`` with ``sources`` passed under the call keyword ``key`` (none: the keyword removed), replacing
    what it passed before; the other inputs keep their order."""
    call = node.call or CallArgs()
    old = {p for k, positions in call.tensors if k == key for p in positions}
    kept = [i for i in range(len(node.inbound)) if i not in old]
    moved = {old_i: new_i for new_i, old_i in enumerate(kept)}
    tensors = tuple((k, tuple(moved[p] for p in positions)) for k, positions in call.tensors if k != key)
    inbound = [node.inbound[i] for i in kept]
    if sources:
        tensors += ((key, tuple(range(len(inbound), len(inbound) + len(sources)))),)
        inbound += sources
    new_call = CallArgs(tensors, call.values) if tensors or call.values else None
    return replace(node, inbound=tuple(inbound), call=new_call)


def states_from(doc: Document, node: LayerNode, source: str | None, n: int) -> Edit:
    """An edit making outputs 1..n of ``source`` the initial state of ``node`` (None: no initial state)."""
    sources = [Source(source, i) for i in range(1, n + 1)] if source is not None else []
    text = f"Initial state of {node.name} from {doc.layer(source).name}" if source else \
        f"No initial state for {node.name}"
    return Edit(text, [Step("replace", new=keyword_from(node, "initial_state", sources))])


def mask_from(doc: Document, node: LayerNode, key: str, source: Source | None) -> Edit:
    """An edit passing output ``source`` as ``node``'s mask ``key`` (None: no such mask)."""
    if source is None:
        text = f"No {key} for {node.name}"
    else:
        text = f"{key} of {node.name} from {doc.layer(source.layer).name}" + (f"[{source.index}]" if source.index
                                                                               else "")
    return Edit(text, [Step("replace", new=keyword_from(node, key, [source] if source else []))])


def mask_sources(controller, node: LayerNode) -> list[Source]:
    """Every output of the layers ``node`` does not feed (a mask comes from before the layer), in order."""
    after = downstream(controller.document, [node.id])
    out = []
    for other in controller.document:
        result = controller.result(other.id)
        if other.id in after or result is None or not result.outputs:
            continue
        out += [Source(other.id, i) for i in range(len(result.outputs))]
    return out


def state_sources(controller, node: LayerNode, n: int) -> list[str]:
    """Layers whose outputs after the first are ``n`` states, ``node`` and what it feeds left out."""
    after = downstream(controller.document, [node.id])
    out = []
    for other in controller.document:
        result = controller.result(other.id)
        if other.id not in after and result is not None and result.outputs and len(result.outputs) == n + 1:
            out.append(other.id)
    return out


class CallSection(QWidget):
    """Check boxes for the selected layer's literal call keywords; hidden when it takes none."""

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.boxes: dict[str, QCheckBox] = {}
        self.layer_id: str | None = None
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        title = QLabel("Call", self)
        font = title.font()
        font.setBold(True)
        title.setFont(font)
        title.setToolTip("Keyword arguments of the layer's call, e.g. layer(x, use_causal_mask=True)")
        layout.addWidget(title)
        for key, tip in TIPS.items():
            box = QCheckBox(f"{key}=True", self)
            box.setToolTip(tip)
            box.toggled.connect(lambda on, k=key: self._toggled(k, on))
            layout.addWidget(box)
            self.boxes[key] = box
        row = QHBoxLayout()
        self.states_label = QLabel("initial_state from", self)
        self.states = narrow(QComboBox(self))
        self.states.setToolTip("Start the recurrence from another recurrent layer's final states "
                               "(its return_state=True outputs): the decoder of a seq2seq model")
        self.states.activated.connect(self._states_chosen)
        row.addWidget(self.states_label)
        row.addWidget(self.states, 1)
        layout.addLayout(row)
        self.masks: dict[str, QComboBox] = {}
        self.mask_labels: dict[str, QLabel] = {}
        for key in MASKS:
            mask_row = QHBoxLayout()
            label = QLabel(f"{key} from", self)
            combo = narrow(QComboBox(self))  # the inspector is a narrow dock: entries are cut, not the page
            combo.setToolTip(f"The tensor passed as {key}=… (1 = attend, 0 = masked); from a layer before this one")
            combo.activated.connect(lambda index, k=key: self._mask_chosen(k, index))
            mask_row.addWidget(label)
            mask_row.addWidget(combo, 1)
            layout.addLayout(mask_row)
            self.masks[key], self.mask_labels[key] = combo, label
        self._states_n = 0
        self.hide()

    def show_layer(self, node: LayerNode) -> None:
        self.layer_id = node.id
        offered = call_keywords(node.class_name)
        values = dict(node.call.values) if node.call is not None else {}
        for key, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(bool(values.get(key)))
            box.setVisible(key in offered)
            box.blockSignals(False)
        result = self.controller.result(node.id)
        self._states_n = len(initial_states(node.class_name, result.config if result and result.config
                                            else node.config))
        self.states_label.setVisible(bool(self._states_n))
        self.states.setVisible(bool(self._states_n))
        if self._states_n:
            self._fill_states(node)
        spec = get_spec(node.class_name)
        masks = [k for k in MASKS if spec is not None and k in spec.call_keywords]
        for key, combo in self.masks.items():
            combo.setVisible(key in masks)
            self.mask_labels[key].setVisible(key in masks)
        if masks:
            self._fill_masks(node, masks)
        self.setVisible(bool(offered) or bool(self._states_n) or bool(masks))

    def _fill_masks(self, node: LayerNode, keys: list[str]) -> None:
        choices = mask_sources(self.controller, node)
        passed = {k: node.inbound[ps[0]] for k, ps in (node.call.tensors if node.call else ())
                  if ps and ps[0] < len(node.inbound)}
        for key in keys:
            combo = self.masks[key]
            current = passed.get(key)
            shown = choices + ([current] if current is not None and current not in choices else [])
            combo.blockSignals(True)
            combo.clear()
            combo.addItem("— (none)", None)
            for source in shown:
                result = self.controller.result(source.layer)
                name = result.name if result is not None else source.layer
                outputs = result.outputs if result is not None and result.outputs else []
                shape = fmt_shape(outputs[source.index]) if source.index < len(outputs) else "?"
                combo.addItem(f"{name}{f'[{source.index}]' if source.index else ''}  {shape}", _key(source))
            combo.setCurrentIndex(combo.findData(_key(current)) if current is not None else 0)
            combo.blockSignals(False)

    def _mask_chosen(self, key: str, index: int) -> None:
        node = self.controller.node(self.layer_id) if self.layer_id else None
        if node is not None:
            data = self.masks[key].itemData(index)
            source = Source(data[0], int(data[1])) if data else None
            self.controller.apply(mask_from(self.controller.document, node, key, source))

    def _fill_states(self, node: LayerNode) -> None:
        current = None
        for key, positions in node.call.tensors if node.call is not None else ():
            if key == "initial_state" and positions and positions[0] < len(node.inbound):
                current = node.inbound[positions[0]].layer
        choices = state_sources(self.controller, node, self._states_n)
        if current is not None and current not in choices:
            choices.append(current)
        self.states.blockSignals(True)
        self.states.clear()
        self.states.addItem("— (zeros, Keras's default)", None)
        for layer_id in choices:
            self.states.addItem(self.controller.document.layer(layer_id).name, layer_id)
        self.states.setCurrentIndex(self.states.findData(current) if current is not None else 0)
        self.states.blockSignals(False)

    def _states_chosen(self, index: int) -> None:
        node = self.controller.node(self.layer_id) if self.layer_id else None
        if node is not None and self._states_n:
            source = self.states.itemData(index)
            self.controller.apply(states_from(self.controller.document, node, source, self._states_n))

    def _toggled(self, key: str, on: bool) -> None:
        node = self.controller.node(self.layer_id) if self.layer_id else None
        if node is not None:
            self.controller.apply(set_call_value(node, key, on))


def _key(source: Source) -> list:
    """A combo box item's data for ``source`` (a plain list: Qt compares it by value)."""
    return [source.layer, source.index]
