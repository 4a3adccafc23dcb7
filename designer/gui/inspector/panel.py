"""The inspector: the selected layer's name, class, input shapes, argument form, output shapes and error.

Every value shown comes from the document (`controller.node`) and the
engine's latest answer (`controller.result`); every edit goes through
`controller.apply(set_argument(...), merge_key=(layer_id, argument))`, so
typing in one field is one undo step. The form is rebuilt only when another
layer is shown; otherwise it is refreshed in place and keeps the focus.
Under it, "Why this shape" (`explanation.ExplanationSection`) explains the
layer's shape, parameters and cost, diagnoses an error and offers its fixes.

A layer's problem comes first: its error right under its name and, for an
error or warnings, a button that scrolls to the diagnosis and the fixes (on a
1366×768 screen they are two screens below, past the arguments).
"""

from __future__ import annotations

import re
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QFrame, QGridLayout, QLabel, QLineEdit, QPushButton, QScrollArea, QStackedWidget, QVBoxLayout, QWidget,
)

from designer.engine.summary import shape_text
from designer.layers import get_spec
from designer.layers.shapes import fmt_shape
from designer.model import edits

from .call_section import CallSection
from .explanation import ExplanationSection
from ..theme import blocked_style, colors, error_style, muted_style
from .form import ArgumentForm
from .sharing import SharedLayerBar



def _section(text: str, parent: QWidget) -> QLabel:
    label = QLabel(text, parent)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


def _breakable(class_name: str) -> str:
    """A class name that may wrap between its words (ContrastLimited…Equalization is wider than the dock)."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", "\u200b", class_name) if len(class_name) > 24 else class_name


class InspectorPanel(QWidget):
    """Shows and edits the one selected layer; a hint when none or several are selected."""

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.layer_id: str | None = None
        self.form: ArgumentForm | None = None
        self._node = None
        self._shown_name: str | None = None
        self._expanded = False
        self.hint = QLabel(self)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet(muted_style())
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.hint)
        self.stack.addWidget(self._build_page())
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.stack)
        controller.selection_changed.connect(self._on_selection)
        controller.inferred.connect(self._on_inferred)
        self._on_selection(controller.selection)

    # Building ------------------------------------------------------------

    def _build_page(self) -> QWidget:
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        page = QWidget(scroll)
        self.page_layout = QVBoxLayout(page)
        self.page_layout.setContentsMargins(8, 8, 8, 8)
        self.page_layout.setSpacing(6)
        self.name_edit = QLineEdit(page)
        font = QFont(self.name_edit.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.name_edit.setFont(font)
        self.name_edit.setToolTip("Layer name (Keras's `name`); empty uses the layer's id")
        self.name_edit.editingFinished.connect(self._commit_name)
        self.name_message = QLabel(page)
        self.name_message.setStyleSheet(error_style())
        self.name_message.hide()
        self.class_label = QLabel(page)
        self.class_label.setWordWrap(True)  # "MultiHeadAttention · Attention · id self_attention" is wider than the dock
        self.doc_label = QLabel(page)
        self.doc_label.setWordWrap(True)
        self.doc_label.setStyleSheet(muted_style())
        self.sharing = SharedLayerBar(self.controller, page)
        self.error_label = QLabel(page)
        self.error_label.setWordWrap(True)
        self.error_label.setMinimumWidth(1)  # a 44-letter class name in a message is cut, not the whole page
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.problem_button = QPushButton(page)
        self.problem_button.setFlat(True)
        self.problem_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.problem_button.clicked.connect(self.scroll_to_problem)
        self.problem_button.hide()
        for widget in (self.name_edit, self.name_message, self.class_label, self.doc_label, self.sharing,
                       self.error_label, self.problem_button):
            self.page_layout.addWidget(widget)
        self.inputs_title = _section("Input", page)
        self.inputs_label = QLabel(page)
        self.inputs_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.inputs_label.setWordWrap(True)
        self.page_layout.addSpacing(4)
        self.page_layout.addWidget(self.inputs_title)
        self.page_layout.addWidget(self.inputs_label)
        self.page_layout.addSpacing(4)
        self.page_layout.addWidget(_section("Arguments", page))
        self.form_slot = QVBoxLayout()
        self.page_layout.addLayout(self.form_slot)
        self.call_section = CallSection(self.controller, page)
        self.page_layout.addWidget(self.call_section)
        results = QGridLayout()
        results.setColumnStretch(1, 1)
        self.output_label = QLabel(page)
        self.params_label = QLabel(page)
        for label in (self.output_label, self.params_label):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            label.setWordWrap(True)
        results.addWidget(_section("Output", page), 0, 0)
        results.addWidget(self.output_label, 0, 1)
        results.addWidget(_section("Params", page), 1, 0)
        results.addWidget(self.params_label, 1, 1)
        self.page_layout.addSpacing(4)
        self.page_layout.addLayout(results)
        self.why = ExplanationSection(self.controller, page)
        self.why.shown.connect(self._show_problem_button)
        self.page_layout.addSpacing(4)
        self.page_layout.addWidget(self.why)
        self.page_layout.addStretch(1)
        scroll.setWidget(page)
        return scroll

    # Following the controller -------------------------------------------

    def _on_selection(self, ids: list) -> None:
        if len(ids) == 1 and self.controller.node(ids[0]) is not None:
            self.show_layer(ids[0])
        else:
            self._show_hint(len(ids))

    def _on_inferred(self) -> None:
        if self.layer_id is None:
            return
        if self.controller.node(self.layer_id) is None:
            self._show_hint(0)
            return
        self.show_layer(self.layer_id, edited=True)

    def restyle(self) -> None:
        """Take the current theme's colours: the fixed labels now, the form and explanation rebuilt."""
        self.hint.setStyleSheet(muted_style())
        self.name_message.setStyleSheet(error_style())
        self.doc_label.setStyleSheet(muted_style())
        self.why.restyle()
        shown, self._node = self.layer_id, None
        if shown is not None and self.form is not None:
            self._build_form(self.controller.node(shown), get_spec(self.controller.node(shown).class_name))
            self.show_layer(shown)

    def _show_hint(self, count: int) -> None:
        self.layer_id = None
        self._node = None
        self.why.show_layer(None)
        self.hint.setText(
            f"{count} layers selected.\nSelect a single layer to edit its arguments." if count > 1
            else "No layer selected.\nClick a layer on the canvas to see and edit its arguments."
        )
        self.stack.setCurrentIndex(0)

    def show_layer(self, layer_id: str, edited: bool = False) -> None:
        """Show ``layer_id``: rebuild the form for another layer, refresh it in place otherwise.

        ``edited``: shown again because the design changed (fixes then wait for typing to pause).
        """
        node = self.controller.node(layer_id)
        if node is None:
            self._show_hint(0)
            return
        same_layer = layer_id == self.layer_id and self.form is not None and self._node is not None
        if not (same_layer and node is self._node):
            spec = get_spec(node.class_name)
            if same_layer and self.form.class_name == node.class_name and not self.form.needs_rebuild(node.config):
                self.form.refresh(node.config)
            else:
                self._build_form(node, spec)
            self._show_header(node, spec)
        if layer_id != self.layer_id:
            self.stack.widget(1).verticalScrollBar().setValue(0)  # another layer is read from its top
        self.layer_id = layer_id
        self._node = node
        self._show_result(node)
        self.call_section.show_layer(node)
        self.sharing.show_layer(layer_id)
        self.stack.setCurrentIndex(1)
        self.why.show_layer(layer_id, edited=edited)

    def _build_form(self, node, spec) -> None:
        if self.form is not None:
            self._expanded = self.form.expanded
            self.form.hide()
            self.form.deleteLater()
        self.form = ArgumentForm(spec, node.class_name, node.config, self._commit, expanded=self._expanded,
                                 parent=self.stack.widget(1).widget())
        if self.form.more_button is not None:
            self.form.more_button.toggled.connect(self._remember_expanded)
        self.form_slot.addWidget(self.form)

    def _remember_expanded(self, expanded: bool) -> None:
        self._expanded = expanded

    def _show_header(self, node, spec) -> None:
        if not self.name_edit.hasFocus() or node.name != self._shown_name:
            self.name_edit.setText(node.name)  # a name being typed survives unrelated edits
        self._shown_name = node.name
        self.name_edit.setPlaceholderText(node.id)
        self.name_message.hide()
        family = f" · {spec.family}" if spec is not None else " · not in the catalog"
        self.class_label.setText(f"<b>{_breakable(node.class_name)}</b>{family} · id <code>{node.id}</code>")
        self.doc_label.setText(spec.doc if spec is not None else "The catalog does not know this class: its "
                               "arguments are shown as JSON; its shape is the one the model file recorded or "
                               "the one declared (Edit ▸ Custom Layer…), never computed.")
        self.doc_label.setVisible(bool(self.doc_label.text()))

    def _show_result(self, node) -> None:
        result = self.controller.result(node.id)
        self.inputs_title.setVisible(bool(node.inbound))
        self.inputs_label.setVisible(bool(node.inbound))
        lines = []
        keywords = {p: key for key, positions in node.call.tensors for p in positions} if node.call else {}
        for i, src in enumerate(node.inbound):
            shape = result.inputs[i] if result is not None and i < len(result.inputs) else None
            source = self.controller.node(src.layer)
            name = (source.name if source is not None else src.layer) + (f"[{src.index}]" if src.index else "")
            keyword = f"{keywords[i]}= " if i in keywords else ""
            lines.append(f"{keyword}<b>{'?' if shape is None else fmt_shape(shape)}</b> &nbsp;from {name}")
        self.inputs_label.setText("<br>".join(lines))
        if result is None:
            self.output_label.setText("?")
            self.params_label.setText("?")
            self.error_label.hide()
            return
        if result.outputs is not None and len(result.outputs) > 1:
            text = "<br>".join(f"<b>{fmt_shape(s)}</b> &nbsp;output {i}" for i, s in enumerate(result.outputs))
        else:
            text = f"<b>{shape_text(result)}</b>"
        if result.outputs is not None and result.source != "computed":
            text += f" &nbsp;<i>{result.source}</i>"
        self.output_label.setText(text)
        p = result.params
        params = "?" if p is None else f"{p.total:,}"
        if p is not None and p.non_trainable:
            params += f" ({p.trainable:,} trainable, {p.non_trainable:,} non-trainable)"
        self.params_label.setText(params)
        remark = result.unknown or "; ".join(result.notes)
        self.error_label.setVisible(result.error is not None or bool(remark))
        if result.error is None and remark:  # not an error: an unknown layer, a stale recorded shape
            self.error_label.setStyleSheet(blocked_style())
            self.error_label.setText(("? " if result.unknown else "⚠ ") + remark)
        if result.error is not None:
            self.error_label.setStyleSheet(blocked_style() if result.blocked_by else error_style())
            self.error_label.setText(("⚠ " if result.blocked_by else "✗ ") + result.error)

    def _show_problem_button(self) -> None:
        """"Why, and how to fix it ↓" for an invalid layer, "⚠ N warnings: … ↓" for a warned one."""
        e = self.why.explanation
        result = self.controller.result(self.layer_id) if self.layer_id else None
        if e is None or result is None or self.why.problem_widget() is None:
            self.problem_button.hide()
            return
        if not e.valid:
            text = "Why, and what to change ↓" if result.blocked_by is None else "Why it has no shape ↓"
        else:
            n = len(e.warnings)
            text = f"⚠ {n} warning{'s' if n > 1 else ''}, with {'fixes' if any(w.fixes for w in e.warnings) else 'advice'} ↓"
        color = colors().warning_text if e.valid else colors().error_text
        self.problem_button.setStyleSheet(  # the theme's colours, read again at each show (a theme switch re-shows)
            f"text-align: left; padding: 2px 0; text-decoration: underline; color: {color};")
        self.problem_button.setText(text)
        self.problem_button.setToolTip(e.warnings[0].message if e.valid and e.warnings else "")
        self.problem_button.show()

    def scroll_to_problem(self) -> None:
        """Scroll the inspector so that the diagnosis (or first warning) and its fixes start at the top."""
        target = self.why.problem_widget()
        scroll = self.stack.widget(1)
        if target is None or not isinstance(scroll, QScrollArea):
            return
        page = scroll.widget()
        scroll.widget().layout().activate()
        top = target.mapTo(page, target.rect().topLeft()).y()
        scroll.verticalScrollBar().setValue(max(0, top - 8))

    # Editing -------------------------------------------------------------

    def _commit(self, name: str, value: Any) -> None:
        if self.layer_id is None:
            return
        edit = edits.set_argument(self.controller.document, self.layer_id, name, value)
        self.controller.apply(edit, merge_key=(self.layer_id, name))

    def _commit_name(self) -> None:
        node = self.controller.node(self.layer_id) if self.layer_id else None
        if node is None:
            return
        text = self.name_edit.text().strip()
        if "/" in text:
            self.name_message.setText("✗ A Keras layer name cannot contain '/' (not applied)")
            self.name_message.show()
            return
        self.name_message.hide()
        if text == node.name or (not text and "name" not in node.config):
            self.name_edit.setText(node.name)
            return
        self._commit("name", text or None)
