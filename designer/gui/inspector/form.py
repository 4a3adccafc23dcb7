"""The argument form of one layer: a row per argument, key arguments first, the rest folded away.

A row validates what its editor produced with `normalize_value` and refuses
an impossible value with a message under the field; an accepted value goes to
the form's ``commit(name, value)`` (``edits.RESET``: back to Keras's default). `refresh`
shows a config without touching rows whose stored value did not change, so a
field being typed in keeps its focus and text.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QToolButton, QWidget

from designer.layers.args import normalize_value
from designer.layers.spec import Arg, ArgumentError, LayerSpec
from designer.model import edits

from ..theme import error_style, muted_style
from .editors import ArgEditor, make_editor
from .parsing import format_json

Commit = Callable[[str, Any], None]
_UNSHOWN = object()
HEADER_ARGS = {"name"}
"""Arguments edited elsewhere (the panel's header edits the name)."""


def is_key_arg(arg: Arg) -> bool:
    """Shown before "More arguments": changes a shape or a count, has no default, or is the activation."""
    return arg.shape_affecting or arg.required or arg.name == "activation"


def _default_text(arg: Arg) -> str:
    if arg.required:
        return "Keras has no default: a value is required."
    return f"Keras's default: {format_json(arg.default) or 'None'}"


class ArgRow:
    """Label, editor, reset button (or a "default" tag) and a message line for one argument."""

    def __init__(self, form: "ArgumentForm", arg: Arg, owner: str, known: bool = True):
        self.form = form
        self.arg = arg
        self.known = known
        self.label = QLabel(arg.name.replace("_", "_\u200b"), form)  # long names may wrap after "_"
        self.label.setWordWrap(True)
        tip = (arg.doc + "\n" if arg.doc else "") + (_default_text(arg) if known else "")
        self.label.setToolTip(tip.strip())
        self.editor: ArgEditor = make_editor(arg, owner, form)
        self.editor.setToolTip(self.label.toolTip())
        self.reset = QToolButton(form)
        self.reset.setText("↺")
        self.reset.setAutoRaise(True)
        self.reset.setToolTip(f"Remove `{arg.name}` from the config: {_default_text(arg)}")
        self.default_tag = QLabel("default", form)
        self.default_tag.setStyleSheet(muted_style() + " font-size: 8pt;")
        self.default_tag.setToolTip("Not set: Keras's default applies")
        self.message = QLabel(form)
        self.message.setWordWrap(True)
        self.message.setStyleSheet(error_style())
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.hide()
        self._shown: Any = _UNSHOWN
        self._config: Mapping[str, Any] = {}
        self.editor.committed.connect(self._on_committed)
        self.editor.failed.connect(lambda text: self.show_message(f"✗ {text} (not applied)"))
        self.reset.clicked.connect(lambda: self.form.commit(self.arg.name, edits.RESET))

    def widgets(self) -> list[QWidget]:
        return [self.label, self.editor, self.reset, self.default_tag, self.message]

    @property
    def present(self) -> bool:
        return self.arg.name in self._config

    def refresh(self, config: Mapping[str, Any]) -> None:
        """Show the stored value (or the default); untouched when it did not change."""
        self._config = config
        shown = (self.present, config.get(self.arg.name))
        if shown == self._shown:
            return
        self._shown = shown
        value = config[self.arg.name] if self.present else self.arg.default
        self.editor.show_value(value, self.present)
        self.reset.setVisible(self.present and self.form.visible(self))
        self.default_tag.setVisible(not self.present and self.form.visible(self))
        self.reset.setEnabled(self.present)
        font = self.label.font()
        font.setBold(self.present)
        self.label.setFont(font)
        self.show_message(self.stored_problem())

    def stored_problem(self) -> str:
        """What is wrong with the stored value, or ``""``."""
        if not self.known:
            return f"✗ {self.form.class_name} has no argument `{self.arg.name}`; ↺ removes it"
        if not self.present:
            return "Required: Keras has no default for it" if self.arg.required else ""
        try:
            normalize_value(self.arg, self._config[self.arg.name])
        except ArgumentError as exc:
            return f"✗ {exc}"
        return ""

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text) and self.form.visible(self))

    def _effective(self) -> Any:
        value = self._config.get(self.arg.name, self.arg.default)
        try:
            return normalize_value(self.arg, value)
        except ArgumentError:
            return _UNSHOWN

    def _on_committed(self, value: Any) -> None:
        try:
            normalised = normalize_value(self.arg, value)
        except ArgumentError as exc:
            self.show_message(f"✗ {exc} (not applied)")
            return
        if (value is None and not self.present and self.arg.default is None) or normalised == self._effective():
            self.show_message(self.stored_problem())
            return
        self.show_message("")
        self.form.commit(self.arg.name, value)


class ArgumentForm(QWidget):
    """Rows for a layer's arguments in one grid, with a "More arguments" fold.

    ``spec`` None (a class the catalog does not know) shows every config key as
    JSON. ``key_only`` (nested layers) shows the key arguments alone.
    """

    def __init__(self, spec: LayerSpec | None, class_name: str, config: Mapping[str, Any], commit: Commit,
                 key_only: bool = False, expanded: bool = False, parent: QWidget | None = None):
        super().__init__(parent)
        self.spec = spec
        self.class_name = class_name
        self.commit = commit
        self.expanded = expanded
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(6)
        self.grid.setVerticalSpacing(3)
        self.grid.setColumnStretch(1, 1)
        self.rows: dict[str, ArgRow] = {}
        self.more_rows: set[str] = set()
        self.more_button: QToolButton | None = None
        self.unknown = self._unknown_keys(config)
        args = list(spec.args) if spec is not None else []
        key = [a for a in args if is_key_arg(a) and a.name not in HEADER_ARGS]
        rest = [a for a in args if not is_key_arg(a) and a.name not in HEADER_ARGS]
        extras = [Arg(k, "any", doc="Not an argument of this class.") for k in self.unknown]
        for arg in key:
            self._add_row(arg)
        for arg in extras:
            self._add_row(arg, known=spec is None)
        if rest and not key_only:
            self.more_button = QToolButton(self)
            self.more_button.setCheckable(True)
            self.more_button.setAutoRaise(True)
            self.more_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
            self.more_button.setText(f"More arguments ({len(rest)})")
            self.more_button.toggled.connect(self.set_expanded)
            self.grid.addWidget(self.more_button, self.grid.rowCount(), 0, 1, 3)
            for arg in rest:
                self._add_row(arg)
                self.more_rows.add(arg.name)
        if not self.rows:
            self.grid.addWidget(QLabel("No arguments.", self), 0, 0, 1, 3)
        self.refresh(config)
        self.set_expanded(expanded)

    def _unknown_keys(self, config: Mapping[str, Any]) -> list[str]:
        index = self.spec.arg_index if self.spec is not None else {}
        return [k for k in config if k not in index and k not in HEADER_ARGS]

    def _add_row(self, arg: Arg, known: bool = True) -> None:
        row = ArgRow(self, arg, self.class_name, known)
        r = self.grid.rowCount()
        self.grid.addWidget(row.label, r, 0, Qt.AlignmentFlag.AlignVCenter)
        self.grid.addWidget(row.reset, r, 2)
        self.grid.addWidget(row.default_tag, r, 2)
        if arg.kind == "layer" or (arg.length or 0) >= 3:  # a nested form, or 3 spin boxes: below the label
            self.grid.addWidget(row.editor, r + 1, 0, 1, 3)
            self.grid.addWidget(row.message, r + 2, 0, 1, 3)
        else:
            self.grid.addWidget(row.editor, r, 1)
            self.grid.addWidget(row.message, r + 1, 1, 1, 2)
        self.rows[arg.name] = row

    def visible(self, row: ArgRow) -> bool:
        """Whether a row is shown (rows under "More arguments" hide while folded)."""
        return self.expanded or row.arg.name not in self.more_rows

    def set_expanded(self, expanded: bool) -> None:
        """Unfold or fold "More arguments"."""
        self.expanded = expanded
        if self.more_button is not None:
            self.more_button.blockSignals(True)
            self.more_button.setChecked(expanded)
            self.more_button.blockSignals(False)
            self.more_button.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        for name in self.more_rows:
            row = self.rows[name]
            for widget in (row.label, row.editor):
                widget.setVisible(expanded)
            row.reset.setVisible(expanded and row.present)
            row.default_tag.setVisible(expanded and not row.present)
            row.message.setVisible(expanded and bool(row.message.text()))

    def needs_rebuild(self, config: Mapping[str, Any]) -> bool:
        """Whether ``config`` has a different set of unknown keys than the rows show."""
        return self._unknown_keys(config) != self.unknown

    def refresh(self, config: Mapping[str, Any]) -> None:
        for row in self.rows.values():
            row.refresh(config)

    def row(self, name: str) -> ArgRow:
        return self.rows[name]
