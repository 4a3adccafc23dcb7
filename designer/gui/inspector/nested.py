"""The editor of a ``layer`` argument: the wrapped layer's class and a sub-form of its key arguments.

Which classes a wrapper may hold is the catalog's (`LayerSpec.nests`); the
value is the nested ``{"class_name": ..., "config": {...}}`` the design stores.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QFrame, QVBoxLayout, QWidget

from designer.layers import all_specs, get_spec
from designer.layers.spec import Arg
from designer.model import edits

from .editors import ArgEditor, can_store_none, narrow

def nested_classes(owner: str) -> list[str]:
    """Classes a wrapper can hold, as its spec's ``nests`` rule says (any layer but an Input without one)."""
    spec = get_spec(owner)
    accepts = spec.nests if spec is not None and spec.nests is not None else (lambda s: not s.is_input)
    return [s.class_name for s in all_specs() if accepts(s)]


class LayerEditor(ArgEditor):
    """A class combo over a framed sub-form; every change emits the whole nested layer."""

    def __init__(self, arg: Arg, owner: str, parent: QWidget | None = None):
        super().__init__(arg, parent)
        column = QVBoxLayout()
        column.setSpacing(4)
        self.layout_.addLayout(column, 1)
        self.combo = narrow(QComboBox(self))
        if can_store_none(arg):
            self.combo.addItem("None", None)
        for name in nested_classes(owner):
            self.combo.addItem(name, name)
        column.addWidget(self.combo)
        self.frame = QFrame(self)
        self.frame.setFrameShape(QFrame.Shape.StyledPanel)
        self.frame_layout = QVBoxLayout(self.frame)
        self.frame_layout.setContentsMargins(6, 4, 4, 4)
        column.addWidget(self.frame)
        self.frame.hide()
        self.form = None
        self._value: dict | None = None
        self.combo.currentIndexChanged.connect(self._on_class)

    def show_value(self, value: Any, present: bool) -> None:
        from .form import ArgumentForm

        self._value = value if isinstance(value, dict) and isinstance(value.get("class_name"), str) else None
        class_name = self._value["class_name"] if self._value else None
        config = dict(self._value.get("config") or {}) if self._value else {}
        self.combo.blockSignals(True)
        if class_name is not None and self.combo.findData(class_name) < 0:
            self.combo.addItem(class_name, class_name)
        self.combo.setCurrentIndex(self.combo.findData(class_name))
        self.combo.blockSignals(False)
        if class_name is None:
            self._drop_form()
            return
        if self.form is None or self.form.class_name != class_name or self.form.needs_rebuild(config):
            self._drop_form()
            self.form = ArgumentForm(get_spec(class_name), class_name, config, self._commit_nested,
                                     key_only=True, parent=self.frame)
            self.frame_layout.addWidget(self.form)
            self.frame.show()
        else:
            self.form.refresh(config)

    def _drop_form(self) -> None:
        if self.form is not None:
            self.form.hide()
            self.form.deleteLater()
            self.form = None
        self.frame.hide()

    def _on_class(self, index: int) -> None:
        class_name = self.combo.itemData(index)
        if class_name is None:
            self.committed.emit(None)
            return
        old = dict(self._value.get("config") or {}) if self._value else {}
        spec = get_spec(class_name)
        kept = {k: v for k, v in old.items() if spec is not None and k in spec.arg_index}
        self.committed.emit({"class_name": class_name, "config": kept})

    def _commit_nested(self, name: str, value: Any) -> None:
        if not self._value:
            return
        config = dict(self._value.get("config") or {})
        spec = get_spec(str(self._value.get("class_name")))
        arg = spec.arg_index.get(name) if spec else None
        if value is edits.RESET or (value is None and (arg is None or arg.default is None)):
            config.pop(name, None)
        else:
            config[name] = value
        self.committed.emit({"class_name": self._value["class_name"], "config": config})
