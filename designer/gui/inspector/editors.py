"""One editor widget per argument kind (`designer.layers.spec.Arg.kind`).

Every editor shows a stored value with `show_value` (without emitting) and
emits ``committed(value)`` when the user enters one, or ``failed(message)``
when its text cannot be read. Editors do not check ranges or apply anything:
the form row validates with `normalize_value` and applies through the controller.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLineEdit, QSpinBox, QWidget

from designer.layers.args import ACTIVATIONS, CONSTRAINTS, INITIALIZERS, REGULARIZERS
from designer.layers.spec import Arg

from .parsing import TextError, format_json, format_value, parse_int_list, parse_json, parse_named, parse_shape
from .widgets import INT_LIMIT, FloatSpinBox, guard_wheel, narrow

NAMES = {"activation": ACTIVATIONS, "initializer": INITIALIZERS, "regularizer": REGULARIZERS,
         "constraint": CONSTRAINTS}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def can_store_none(arg: Arg) -> bool:
    """None can be chosen wherever Keras accepts it (stored as null when it is not the default)."""
    return arg.nullable or arg.kind == "any"


class ArgEditor(QWidget):
    """Base of the editors: a row of widgets, ``committed``/``failed`` signals."""

    committed = Signal(object)
    failed = Signal(str)

    def __init__(self, arg: Arg, parent: QWidget | None = None):
        super().__init__(parent)
        self.arg = arg
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(0, 0, 0, 0)
        self.layout_.setSpacing(4)

    def show_value(self, value: Any, present: bool) -> None:
        """Show ``value`` (the stored value, or Keras's default when not ``present``)."""
        raise NotImplementedError

    def _none_box(self) -> QCheckBox | None:
        """A "None" check box for a nullable number or tuple (None unchecks into a value)."""
        if not can_store_none(self.arg):
            return None
        box = QCheckBox("None", self)
        box.setToolTip("No value: Keras's default behaviour")
        self.layout_.addWidget(box)
        return box


class NumberEditor(ArgEditor):
    """``int`` (QSpinBox) or ``float`` (FloatSpinBox); nullable ones get a "None" box.

    The spin box accepts any number so that an impossible one reaches the
    validation and gets a message instead of being silently clamped. Typed
    text commits on Enter or focus out (no half-typed values reach the
    design); the arrows and the wheel commit each step.
    """

    def __init__(self, arg: Arg, parent: QWidget | None = None):
        super().__init__(arg, parent)
        self.is_float = arg.kind == "float"
        if self.is_float:
            self.spin = FloatSpinBox(self)
        else:
            self.spin = QSpinBox(self)
            self.spin.setRange(-INT_LIMIT, INT_LIMIT)
        guard_wheel(self.spin)
        # its size hint would fit a 19-digit number (the range): let the narrow dock shrink it to a few digits
        self.spin.setMinimumWidth(self.spin.fontMetrics().horizontalAdvance("0" * 6) + 30)
        self.spin.setAccelerated(True)
        self.spin.setKeyboardTracking(False)
        self.layout_.addWidget(self.spin, 1)
        self.none = self._none_box()
        self.spin.valueChanged.connect(self._emit)
        self.spin.editingFinished.connect(self._on_finished)
        if self.none is not None:
            self.none.toggled.connect(self._on_none)

    def show_value(self, value: Any, present: bool) -> None:
        number = value if _is_int(value) or (self.is_float and isinstance(value, float)) else None
        if self.none is not None:
            self.none.blockSignals(True)
            self.none.setChecked(value is None)
            self.none.blockSignals(False)
        self.spin.setEnabled(not (value is None and self.none is not None))
        self.spin.blockSignals(True)
        if number is None:
            self.spin.clear()
        elif self.spin.value() != number or not self.spin.text():
            self.spin.setValue(number)
        self.spin.blockSignals(False)

    def _emit(self, value) -> None:
        self.committed.emit(float(value) if self.is_float else int(value))

    def _on_finished(self) -> None:
        if self.spin.text().strip() and self.spin.isEnabled():
            self._emit(self.spin.value())

    def _on_none(self, checked: bool) -> None:
        self.spin.setEnabled(not checked)
        if checked:
            self.committed.emit(None)
        else:
            start = self.arg.minimum if self.arg.minimum is not None else 0
            self.spin.blockSignals(True)
            self.spin.setValue(max(self.spin.value(), start))
            self.spin.blockSignals(False)
            self._emit(self.spin.value())


class BoolEditor(ArgEditor):
    """A check box; a nullable one has a third state, None."""

    def __init__(self, arg: Arg, parent: QWidget | None = None):
        super().__init__(arg, parent)
        self.box = QCheckBox(self)
        self.box.setTristate(can_store_none(arg))
        self.layout_.addWidget(self.box)
        self.layout_.addStretch(1)
        self.box.stateChanged.connect(self._on_state)

    def show_value(self, value: Any, present: bool) -> None:
        self.box.blockSignals(True)
        if value is None and self.box.isTristate():
            self.box.setCheckState(Qt.CheckState.PartiallyChecked)
        else:
            self.box.setChecked(bool(value))
        self.box.setText("None" if self.box.checkState() == Qt.CheckState.PartiallyChecked else "")
        self.box.blockSignals(False)

    def _on_state(self, _state) -> None:
        state = self.box.checkState()
        self.box.setText("None" if state == Qt.CheckState.PartiallyChecked else "")
        self.committed.emit(None if state == Qt.CheckState.PartiallyChecked else state == Qt.CheckState.Checked)


class ChoiceEditor(ArgEditor):
    """A combo box of the allowed strings (+ None where storable); Keras's default is marked."""

    def __init__(self, arg: Arg, parent: QWidget | None = None):
        super().__init__(arg, parent)
        self.combo = narrow(QComboBox(self))
        options = ([None] if can_store_none(arg) else []) + list(arg.choices)
        for option in options:
            label = "None" if option is None else option
            self.combo.addItem(label + (" (default)" if option == arg.default else ""), option)
        self.layout_.addWidget(self.combo, 1)
        self.combo.currentIndexChanged.connect(self._on_index)

    def show_value(self, value: Any, present: bool) -> None:
        wanted = value.lower() if isinstance(value, str) and not self.arg.case_sensitive else value
        index = self.combo.findData(wanted)
        self.combo.blockSignals(True)
        self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)

    def _on_index(self, index: int) -> None:
        if index >= 0:
            self.committed.emit(self.combo.itemData(index))


class NamedEditor(ArgEditor):
    """An editable combo of Keras's names (activations, initializers…); also takes a JSON object."""

    def __init__(self, arg: Arg, parent: QWidget | None = None):
        super().__init__(arg, parent)
        self.combo = narrow(QComboBox(self))
        self.combo.setEditable(True)
        self.combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        if can_store_none(arg):
            self.combo.addItem("None")
        self.combo.addItems(list(NAMES[arg.kind]))
        self.combo.completer().setCaseSensitivity(Qt.CaseSensitivity.CaseSensitive)  # `Zeros` is not `zeros`
        self.combo.lineEdit().setPlaceholderText("None")
        self.layout_.addWidget(self.combo, 1)
        self.combo.activated.connect(lambda _i: self._commit())
        self.combo.lineEdit().editingFinished.connect(self._commit)

    def show_value(self, value: Any, present: bool) -> None:
        text = "None" if value is None and can_store_none(self.arg) else format_value(value)
        if text != self.combo.currentText():
            self.combo.blockSignals(True)
            self.combo.setCurrentText(text)
            self.combo.blockSignals(False)

    def _commit(self) -> None:
        try:
            value = parse_named(self.combo.currentText())
        except TextError as exc:
            self.failed.emit(str(exc))
            return
        self.committed.emit(value)


class TupleEditor(ArgEditor):
    """``ints`` with a known length: one small spin box per axis (+ None where storable)."""

    def __init__(self, arg: Arg, parent: QWidget | None = None):
        super().__init__(arg, parent)
        self.spins: list[QSpinBox] = []
        for i in range(arg.length or 1):
            spin = QSpinBox(self)
            spin.setRange(-INT_LIMIT, INT_LIMIT)
            spin.setMinimumWidth(48)
            spin.setKeyboardTracking(False)
            guard_wheel(spin)
            spin.valueChanged.connect(lambda _v, i=i: self._on_edit(i))
            spin.editingFinished.connect(lambda i=i: self._on_finished(i))
            self.layout_.addWidget(spin, 1)
            self.spins.append(spin)
        self.none = self._none_box()
        if self.none is not None:
            self.none.toggled.connect(self._on_none)

    def show_value(self, value: Any, present: bool) -> None:
        n = len(self.spins)
        if _is_int(value):
            values = [value] * n
        elif isinstance(value, (list, tuple)) and len(value) == n and all(_is_int(v) for v in value):
            values = list(value)
        else:
            values = [None] * n
        if self.none is not None:
            self.none.blockSignals(True)
            self.none.setChecked(value is None)
            self.none.blockSignals(False)
        for spin, v in zip(self.spins, values):
            spin.blockSignals(True)
            spin.setEnabled(not (value is None and self.none is not None))
            if v is None:
                spin.clear()
            elif spin.value() != v or not spin.text():
                spin.setValue(v)
            spin.blockSignals(False)

    def values(self) -> list[int]:
        return [s.value() for s in self.spins]

    def _on_edit(self, index: int) -> None:
        """An edit of one axis; empty axes (a required value not given yet) take the same number."""
        typed = self.spins[index].value()
        for spin in self.spins:
            if not spin.text().strip():
                spin.blockSignals(True)
                spin.setValue(typed)
                spin.blockSignals(False)
        self.committed.emit(self.values())

    def _on_finished(self, index: int) -> None:
        if self.spins[index].text().strip() and self.spins[index].isEnabled():
            self._on_edit(index)

    def _on_none(self, checked: bool) -> None:
        for spin in self.spins:
            spin.setEnabled(not checked)
        if checked:
            self.committed.emit(None)
        else:
            start = int(self.arg.minimum) if self.arg.minimum is not None else 1
            for spin in self.spins:
                spin.blockSignals(True)
                spin.setValue(max(spin.value(), start))
                spin.blockSignals(False)
            self.committed.emit(self.values())


class TextEditor(ArgEditor):
    """A line edit read by a parser: ``str``, ``shape``, ``axis``, ``any`` (JSON), ``ints`` without a length.

    It commits when editing finishes (Enter or focus out); empty text means Keras's default.
    """

    PARSERS: dict[str, tuple[Callable[[str], Any], Callable[[Any], str], str]] = {
        "str": (lambda t: t or None, lambda v: v if isinstance(v, str) else format_json(v), ""),
        "shape": (parse_shape, format_value, "e.g. 28, 28, 1"),
        "axis": (parse_int_list, format_value, "e.g. -1 or 1, 2"),
        "ints": (parse_int_list, format_value, "e.g. 3 or 3, 3"),
        "any": (parse_json, format_json, "JSON"),
    }

    def __init__(self, arg: Arg, parent: QWidget | None = None):
        super().__init__(arg, parent)
        self.parse, self.format, example = self.PARSERS.get(arg.kind, self.PARSERS["any"])
        self.edit = QLineEdit(self)
        if arg.required:
            placeholder = f"required — {example}" if example else "required"
        elif arg.default is None:
            placeholder = f"None — {example}" if example else "None"
        else:
            placeholder = f"{self.format(arg.default)} (default)"
        self.edit.setPlaceholderText(placeholder)
        self.layout_.addWidget(self.edit, 1)
        self.edit.editingFinished.connect(self._commit)

    def show_value(self, value: Any, present: bool) -> None:
        text = self.format(value) if present else ""
        if text != self.edit.text():
            self.edit.setText(text)
        self.edit.setModified(False)

    def _commit(self) -> None:
        if not self.edit.isModified():
            return
        text = self.edit.text()
        try:
            value = self.parse(text.strip() if self.arg.kind != "str" else text)
        except TextError as exc:
            self.failed.emit(str(exc))
            return
        self.committed.emit(value)


def make_editor(arg: Arg, owner: str, parent: QWidget | None = None) -> ArgEditor:
    """The editor for ``arg`` of the layer class ``owner`` (nested layers need to know it)."""
    if arg.kind in ("int", "float"):
        return NumberEditor(arg, parent)
    if arg.kind == "bool":
        return BoolEditor(arg, parent)
    if arg.kind == "choice":
        return ChoiceEditor(arg, parent)
    if arg.kind in NAMES:
        return NamedEditor(arg, parent)
    if arg.kind == "ints" and arg.length:
        return TupleEditor(arg, parent)
    if arg.kind == "layer":
        from .nested import LayerEditor

        return LayerEditor(arg, owner, parent)
    return TextEditor(arg, parent)
