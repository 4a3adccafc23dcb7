"""Small widgets the inspector's editors share: a float spin box, wheel guarding, narrow combo boxes."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QWidget

INT_LIMIT = 2**31 - 1
"""Spin boxes take any 32-bit integer, so an impossible value reaches validation and gets a message."""


class WheelGuard(QObject):
    """Lets the wheel scroll the inspector instead of changing a spin box or combo it passes over.

    A guarded widget takes wheel steps only once it has the focus (clicked or tabbed into).
    """

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Wheel and isinstance(watched, QWidget) and not watched.hasFocus():
            event.ignore()
            return True  # ignored: the scroll area behind gets the wheel
        return False


_WHEEL_GUARD = WheelGuard()


def guard_wheel(widget: QWidget) -> QWidget:
    widget.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    widget.installEventFilter(_WHEEL_GUARD)
    return widget


def narrow(combo: QComboBox) -> QComboBox:
    """Let a combo box shrink below its longest entry (the inspector is a narrow dock)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(6)
    guard_wheel(combo)
    return combo


class FloatSpinBox(QDoubleSpinBox):
    """A spin box for any float: shows ``0.001`` or ``1e-05`` compactly and reads scientific notation."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setDecimals(12)
        self.setRange(-1e15, 1e15)
        self.setSingleStep(0.1)

    def textFromValue(self, value: float) -> str:
        return f"{value:.10g}"

    def valueFromText(self, text: str) -> float:
        try:
            return float(text)
        except ValueError:
            return self.value()

    def validate(self, text: str, pos: int):
        try:
            value = float(text)
            state = QValidator.State.Acceptable if math.isfinite(value) else QValidator.State.Invalid
        except ValueError:
            ok = all(c in "0123456789+-.eE" for c in text)
            state = QValidator.State.Intermediate if ok else QValidator.State.Invalid
        return state, text, pos
