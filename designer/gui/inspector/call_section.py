"""The inspector's "Call" section: literal keyword arguments of a layer's call (`designer.model.calls`).

A check box per keyword the layer's call takes (``use_causal_mask`` and
``return_attention_scores`` for attention layers, ``training`` for dropout and
noise); ticking one is an undoable edit of the layer's ``call``. Tensor keywords
(``initial_state``, masks) are shown on the canvas's labelled ports and in the
inspector's inputs.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QCheckBox, QLabel, QVBoxLayout, QWidget

from designer.engine.calls import ATTENTION
from designer.model import LayerNode
from designer.model.calls import CallArgs
from designer.model.edits import Edit, Step

TRAINING = ("Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianDropout",
            "GaussianNoise", "AlphaDropout", "BatchNormalization")
"""Layers that behave differently in training: ``training=True`` keeps that behaviour at inference."""

TIPS = {
    "use_causal_mask": "Each position attends only to itself and earlier ones (a decoder's self-attention)",
    "return_attention_scores": "Also return the attention scores: the layer gets a second output",
    "training": "Always behave as in training (e.g. dropout at inference: Monte Carlo dropout)",
}


def call_keywords(class_name: str) -> tuple[str, ...]:
    """The literal call keywords the inspector offers for ``class_name``."""
    if class_name in ATTENTION:
        return ("use_causal_mask", "return_attention_scores")
    return ("training",) if class_name in TRAINING else ()


def set_call_value(node: LayerNode, key: str, on: bool) -> Edit:
    """An edit setting (or clearing) one literal keyword of ``node``'s call."""
    call = node.call or CallArgs()
    values = tuple((k, v) for k, v in call.values if k != key) + (((key, True),) if on else ())
    new = CallArgs(call.tensors, values) if call.tensors or values else None
    return Edit(f"{'Set' if on else 'Clear'} {key} of {node.name}", [Step("replace", new=replace(node, call=new))])


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
        self.setVisible(bool(offered))

    def _toggled(self, key: str, on: bool) -> None:
        node = self.controller.node(self.layer_id) if self.layer_id else None
        if node is not None:
            self.controller.apply(set_call_value(node, key, on))
