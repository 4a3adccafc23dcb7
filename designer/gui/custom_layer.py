"""The "Custom layer" of the editor: a layer the designer does not know, declared by the user.

The user gives a class name, an output shape (one sample, without the batch axis,
or "same" as the input) and its parameters, so design work goes on past a block
that is not written yet. The layer is stored with a ``declared`` key
(`designer.model.recorded.Declared`); the engine shows its values as declared,
and exported code gives it a marked placeholder class (`designer.export.placeholders`).
Edit ▸ Custom Layer… adds one after the selection, or changes the declaration of
the selected layer when the catalog does not know it.
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QFormLayout, QLabel, QLineEdit, QSpinBox, QVBoxLayout, QWidget,
)

from designer.layers import get_spec
from designer.model import Document, LayerNode, Source
from designer.model.edits import Edit, Step, snake_case
from designer.model.recorded import SAME, Declared

from .canvas import placement

SAME_WORDS = ("same", "same as input")
MAX_PARAMS = 2_000_000_000


def parse_output_shape(text: str) -> tuple | str:
    """``"same"``, or a sample's shape such as ``"8, 8, 16"``/``"(None, 64)"`` → the shape with its batch axis.

    Raises `ValueError` with a message for anything else.
    """
    words = text.strip().lower()
    if words in SAME_WORDS:
        return SAME
    body = words.strip("()[] ")
    if not body:
        raise ValueError("give the output shape of one sample, e.g. 64 or 8, 8, 16 (or 'same')")
    dims: list[int | None] = []
    for part in body.split(","):
        part = part.strip()
        if not part and dims:
            continue  # "(64,)"
        if part in ("none", "?"):
            dims.append(None)
        elif part.isdigit() and int(part) > 0:
            dims.append(int(part))
        else:
            raise ValueError(f"{part!r} is not a size: sizes are positive whole numbers, or None when not fixed")
    return (None, *dims)


def check_class_name(name: str) -> str:
    """The class name, or `ValueError` saying why it cannot be one."""
    name = name.strip()
    if not name.isidentifier():
        raise ValueError("the class name must be a Python class name, e.g. TokenAndPositionEmbedding")
    if get_spec(name) is not None:
        raise ValueError(f"{name} is a Keras layer the designer knows: add it from the palette instead")
    return name


def declare_edit(doc: Document, layer_id: str, class_name: str, declared: Declared) -> Edit:
    """One edit setting a layer's class and declaration."""
    node = doc.layer(layer_id)
    return Edit(f"Declare custom layer {node.name}",
                [Step("replace", new=replace(node, class_name=class_name, declared=declared))])


class CustomLayerDialog(QDialog):
    """Class name, output shape and parameters of a custom layer, checked before it closes."""

    def __init__(self, parent: QWidget | None = None, class_name: str = "", declared: Declared | None = None):
        super().__init__(parent)
        self.setWindowTitle("Custom layer")
        self.class_name = QLineEdit(class_name)
        self.class_name.setPlaceholderText("e.g. TokenAndPositionEmbedding")
        shape = declared.output_shape if declared is not None else SAME
        self.shape = QLineEdit("same" if shape in (None, SAME) else ", ".join(
            "None" if d is None else str(d) for d in shape[1:]))
        self.shape.setToolTip("The output shape of one sample, without the batch axis (e.g. 8, 8, 16), "
                              "or 'same' for the shape of its input")
        params = declared.params if declared is not None and declared.params else (0, 0)
        self.trainable = QSpinBox()
        self.non_trainable = QSpinBox()
        for box, value in ((self.trainable, params[0]), (self.non_trainable, params[1])):
            box.setRange(0, MAX_PARAMS)
            box.setGroupSeparatorShown(True)
            box.setValue(value)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #B42318")
        form = QFormLayout()
        form.addRow("Class name", self.class_name)
        form.addRow("Output shape (one sample)", self.shape)
        form.addRow("Trainable params", self.trainable)
        form.addRow("Non-trainable params", self.non_trainable)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel("A layer the designer does not know: declare what it outputs, "
                                "and exported code gets a placeholder class for it."))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.result_value: tuple[str, Declared] | None = None

    def accept(self) -> None:
        try:
            name = check_class_name(self.class_name.text())
            shape = parse_output_shape(self.shape.text())
        except ValueError as exc:
            self.error.setText(str(exc))
            return
        self.result_value = (name, Declared(shape, (self.trainable.value(), self.non_trainable.value())))
        super().accept()


def declare_custom_layer(window, dialog: CustomLayerDialog | None = None) -> str | None:
    """Edit ▸ Custom Layer…: declare the selected unknown layer, or add a custom layer after the selection.

    Returns the id of the declared layer, or None when cancelled.
    """
    controller = window.controller
    selected = [i for i in controller.selection if i in controller.document]
    target = controller.document.layer(selected[0]) if len(selected) == 1 else None
    if target is not None and get_spec(target.class_name) is not None:
        target = None  # a layer the catalog knows: add a custom layer after it
    if dialog is None:
        dialog = CustomLayerDialog(window, target.class_name if target else "", target.declared if target else None)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.result_value is None:
        return None
    class_name, declared = dialog.result_value
    doc = controller.document
    if target is not None:
        return target.id if controller.apply(declare_edit(doc, target.id, class_name, declared)) else None
    scene = window.canvas.graph
    inbound: tuple[Source, ...] = ()
    if selected:
        inbound, position = (Source(selected[-1]),), placement.below(scene, selected[-1:])
    else:
        position = placement.free_spot(scene, *placement.centred_at(0.0, 0.0))
    layer_id = doc.unique_id(snake_case(class_name))
    node = LayerNode(layer_id, class_name, {}, inbound, position, declared=declared)
    if not controller.apply(Edit(f"Add custom layer {class_name}", [Step("add", new=node)])):
        return None
    controller.select([layer_id])
    return layer_id
