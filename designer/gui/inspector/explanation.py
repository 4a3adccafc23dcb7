"""The inspector's "Why this shape" section: the selected layer's explanation, diagnosis, fixes and warnings.

Everything shown comes from `designer.engine.explain.explain_layer` for the
one layer shown (never for the whole design): the rule behind each output axis
with the layer's numbers (monospace), the parameter count as a sum, what each
``None`` means, its cost; for an invalid layer the diagnosis; its warnings in
amber. Each fix is a button that hands the fix's `Edit` to `controller.apply`
(one undo step).

The explanation itself is cheap and shown at once. Fixes re-run the engine on
copies of the design (up to a few hundred milliseconds on a large one), so
they are looked for only when the layer is invalid or has warnings, after the
event loop is idle, and, after an edit, once typing pauses (`FIX_DELAY_MS`).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QTextDocument
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from designer.engine.explain import Fix, LayerExplanation, explain_layer
from designer.engine.summary import readable_bytes

from ..theme import colors, fix_button_style, frame_style, muted_style

VALID_TAIL = " — the whole design is then valid"
"""How a fix's label ends when the engine found the whole design valid after it."""
FIX_DELAY_MS = 250
"""After an edit, fixes are looked for once no other edit came for this long."""


def _mono_family() -> str:
    return QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont).family()


def _is_shape_change(line: str) -> bool:
    """``(None, 2, 2, 8) → ✗`` or ``(None, 7, 7, 8) → (None, 3, 3, 8)``."""
    return line.lstrip().startswith(("(", "[")) and "→" in line[:200]


def line_html(line: str, mono: str) -> str:
    """A rule line with its arithmetic in ``mono``: each ``: ``-separated part holding `` = `` (``height:
    floor((7 − 2) / 2) + 1 = 3``, ``… count: out = floor((in − pool) / stride) + 1``), or the whole of a shape
    change; the sentences around stay in the normal font."""
    if _is_shape_change(line):
        return monospace(html.escape(line, quote=False), mono)
    parts = [html.escape(part, quote=False) for part in line.split(": ")]
    return ": ".join(monospace(part, mono) if " = " in part else part for part in parts)


def paragraph(text: str, style: str = "") -> str:
    """A rich-text paragraph with a little space under it (``style`` adds CSS)."""
    return f"<p style='margin-top:0; margin-bottom:3px; {style}'>{text}</p>"


def monospace(text: str, mono: str) -> str:
    return f"<span style=\"font-family:'{mono}'\">{text}</span>"


def lines_html(lines: list[str], mono: str) -> str:
    """One paragraph per line: formulas in ``mono``, sentences in the normal font; indented lines stay indented."""
    rows = []
    for line in lines:
        indent = len(line) - len(line.lstrip(" "))
        text = line_html(line.strip(), mono)
        rows.append(paragraph(text, f"margin-left:{6 * indent}px;" if indent else ""))
    return "".join(rows)


def params_html(params: str, mono: str) -> str:
    """``(3·3·16 + 1)·32 = 4,640`` in ``mono``, then its reading in the normal font."""
    at = params.find(" = ")
    cut = params.find(": ", at) if at >= 0 else -1
    if cut < 0:
        return html.escape(params, quote=False)
    formula, reading = params[:cut], params[cut + 2:]
    return (monospace(html.escape(formula, quote=False), mono)
            + f"<br><span style='color:{colors().muted}'>{html.escape(reading, quote=False)}</span>")


class FixButton(QPushButton):
    """A button for one `Fix`, its label word-wrapped (labels are sentences with the numbers)."""

    def __init__(self, fix: Fix, parent: QWidget | None = None):
        super().__init__(parent)
        self.fix = fix
        self.setObjectName(f"fix_{fix.kind}")
        self.setStyleSheet(fix_button_style())
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setToolTip(f"{fix.label}\n(one step: Ctrl+Z undoes it)")
        self.setAccessibleName(fix.label)
        label, valid = fix.label, ""
        if label.endswith(VALID_TAIL):
            label = label[:-len(VALID_TAIL)]
            valid = f"<br><span style='color:{colors().ok_text}'>✓ the whole design is then valid</span>"
        self.label = QLabel(f"<b>Fix:</b> {html.escape(label, quote=False)}{valid}", self)
        self.label.setWordWrap(True)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 5, 8, 5)
        layout.addWidget(self.label)
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self.label.heightForWidth(width - 16) + 10


class ExplanationSection(QWidget):
    """Why the shown layer has its shape (or none), with fix buttons; `show_layer` follows the controller.

    ``shown`` is emitted each time another explanation (or none) is shown.
    """

    shown = Signal()

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.layer_id: str | None = None
        self.explanation: LayerExplanation | None = None
        self.fix_buttons: list[FixButton] = []
        self._warning_messages: list[str] = []
        self._warning_frames: list[QFrame] = []
        self._mono = _mono_family()
        self._stale = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._find_fixes)
        self._pending_for = None
        controller.warnings_changed.connect(self._on_warnings)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.title = QLabel("Why this shape", self)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.body = self._label()
        self.diagnosis_frame = QFrame(self)
        self.diagnosis_frame.setObjectName("diagnosis")
        self.diagnosis_frame.setStyleSheet(frame_style("diagnosis", "error"))
        self.diagnosis = self._label(self.diagnosis_frame)
        inner = QVBoxLayout(self.diagnosis_frame)
        inner.setContentsMargins(8, 6, 8, 6)
        inner.addWidget(self.diagnosis)
        self.fixes_box = QVBoxLayout()
        self.fixes_box.setSpacing(4)
        self.warnings_box = QVBoxLayout()
        self.warnings_box.setSpacing(6)
        self.go_to = QPushButton(self)
        self.go_to.clicked.connect(self._go_to_blocker)
        self.go_to.hide()
        for widget in (self.title, self.body, self.diagnosis_frame):
            layout.addWidget(widget)
        layout.addWidget(self.go_to, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(self.fixes_box)
        layout.addLayout(self.warnings_box)

    def _label(self, parent: QWidget | None = None) -> QLabel:
        label = QLabel(parent or self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        return label

    def restyle(self) -> None:
        """Take the current theme's colours (the next `show_layer` repaints the text and the fix buttons)."""
        for frame in self._warning_frames:
            frame.setStyleSheet(frame_style("warning", "warning"))
            frame.message.setStyleSheet(f"color: {colors().warning_text}; background: transparent; border: none;")
        self.diagnosis_frame.setStyleSheet(frame_style("diagnosis", "error"))
        self.layer_id = None

    # Following the inspector ------------------------------------------------

    def show_layer(self, layer_id: str | None, edited: bool = False) -> None:
        """Explain ``layer_id`` now (without fixes); fixes follow when the event loop is idle.

        ``edited``: shown again after an edit, so fixes wait until typing pauses.
        """
        self._timer.stop()
        self.layer_id = layer_id
        if layer_id is None or self.controller.node(layer_id) is None:
            self._stale = False
            self._show(None)
            return
        page = self.parentWidget()
        if page is not None and not page.isVisible():
            self._stale = True  # a hidden inspector (another dock tab in front) catches up when shown
            self.show()
            return
        self._stale = False
        explanation = explain_layer(self.controller.document, self.controller.inference, layer_id, with_fixes=False,
                                    found=self.controller.warnings())
        self._show(explanation)
        if self._may_have_fixes(explanation):
            self._pending_for = (self.controller.inference, layer_id)
            self._timer.start(FIX_DELAY_MS if edited else 0)

    def _on_warnings(self) -> None:
        """The design's warnings arrived after an edit (a large design): show the layer again if its own changed."""
        if self.layer_id is None or self.explanation is None:
            return
        now = [w.message for w in self.controller.warnings().get(self.layer_id, ())]
        if now != [w.message for w in self.explanation.warnings]:
            self.show_layer(self.layer_id, edited=True)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if self._stale:
            self.show_layer(self.layer_id)

    def _may_have_fixes(self, e: LayerExplanation) -> bool:
        result = self.controller.result(e.id)
        return bool(e.warnings) or (not e.valid and result is not None and result.blocked_by is None)

    def _find_fixes(self) -> None:
        """Explain again with fixes, if the design and the layer are still those the search was planned for."""
        pending, self._pending_for = self._pending_for, None
        inference, layer_id = self.controller.inference, self.layer_id
        if pending is None or pending[0] is not inference or pending[1] != layer_id \
                or layer_id is None or self.controller.node(layer_id) is None:
            return
        self._show(explain_layer(self.controller.document, inference, layer_id, found=self.controller.warnings()))

    @property
    def fixes_pending(self) -> bool:
        return self._timer.isActive()

    # Showing ----------------------------------------------------------------

    def _show(self, e: LayerExplanation | None) -> None:
        self.explanation = e
        if e is None:
            self.hide()
            self._set_fixes([], [])
            self.shown.emit()
            return
        self.show()
        mono = self._mono
        result = self.controller.result(e.id)
        blocker = result.blocked_by if result is not None else None
        self.body.setVisible(e.valid)
        self.diagnosis_frame.setVisible(not e.valid)
        self.diagnosis_frame.setStyleSheet(frame_style("diagnosis", "blocked" if blocker is not None else "error"))
        if e.valid:
            first, *rest = e.lines or [""]
            notes = "".join(paragraph(html.escape(n, quote=False), muted_style()) for n in e.none_notes)
            self.body.setText(paragraph(monospace(f"<b>{html.escape(first, quote=False)}</b>", mono))
                              + lines_html(rest, mono) + notes
                              + paragraph("<b>Params:</b> " + params_html(e.params, mono), "margin-top:6px;")
                              + paragraph(html.escape(_cost_text(e), quote=False), f"margin-top:4px; {muted_style()}"))
        else:
            # the engine's message is the inspector's error line just above: not said twice
            lines = [line for line in e.diagnosis if not line.startswith("Keras would refuse it:")]
            self.diagnosis.setText(lines_html(lines, mono))
        self.go_to.setVisible(blocker is not None)
        if blocker is not None:
            name = self.controller.result(blocker).name if self.controller.result(blocker) else blocker
            self.go_to.setText(f"Show {name}, the layer to fix")
            self.go_to.setProperty("blocker", blocker)
        warning_fixes = {id(f) for w in e.warnings for f in w.fixes}
        self._set_fixes([f for f in e.fixes if id(f) not in warning_fixes], e.warnings)
        self.shown.emit()

    def _set_fixes(self, fixes: list[Fix], warnings) -> None:
        """Show the fix buttons and the warnings.

        Warning frames are kept and reused (hidden when not needed): a warning
        that comes and goes as an argument is toggled costs no widget creation.
        """
        for old in self.fix_buttons:
            (self.fixes_box if old.parentWidget() is self else old.parentWidget().layout()).removeWidget(old)
            old.hide()
            old.deleteLater()
        self.fix_buttons = []
        messages = [w.message for w in warnings]
        if messages != self._warning_messages:
            while len(self._warning_frames) < len(messages):
                frame = self._warning_frame()
                self._warning_frames.append(frame)
                self.warnings_box.addWidget(frame)
            for i, frame in enumerate(self._warning_frames):
                if i < len(messages):
                    frame.message.setText(f"⚠ {html.escape(messages[i], quote=False)}")
                frame.setVisible(i < len(messages))
            self._warning_messages = messages
        for fix in fixes:
            self.fixes_box.addWidget(self._button(fix))
        for frame, w in zip(self._warning_frames, warnings):
            for fix in w.fixes:
                frame.layout().addWidget(self._button(fix, frame))

    def _warning_frame(self) -> QFrame:
        frame = QFrame(self)
        frame.setObjectName("warning")
        frame.setStyleSheet(frame_style("warning", "warning"))
        inner = QVBoxLayout(frame)
        inner.setContentsMargins(8, 6, 8, 6)
        inner.setSpacing(4)
        frame.message = self._label(frame)
        frame.message.setObjectName("warning_message")
        frame.message.setStyleSheet(f"color: {colors().warning_text}; background: transparent; border: none;")
        inner.addWidget(frame.message)
        return frame

    def _button(self, fix: Fix, parent: QWidget | None = None) -> FixButton:
        button = FixButton(fix, parent or self)
        button.clicked.connect(lambda _=False, f=fix: self._apply(f))
        self.fix_buttons.append(button)
        return button

    def problem_widget(self) -> QWidget | None:
        """Where the shown layer's problem is told: its diagnosis, else its first warning (None: no problem)."""
        if self.explanation is None:
            return None
        if not self.explanation.valid:
            return self.diagnosis_frame
        shown = [f for f in self._warning_frames if not f.isHidden()]
        return shown[0] if shown else None

    def warning_messages(self) -> list[str]:
        return [w.message for w in self.explanation.warnings] if self.explanation else []

    def text(self) -> str:
        """Everything the section says, as plain text (for tests and copying)."""
        labels = (self.body, self.diagnosis)
        parts = [label.text() for label in labels if label.isVisibleTo(self)]
        parts += [f"⚠ {m}" for m in self.warning_messages()]
        parts += [b.fix.label for b in self.fix_buttons]
        document = QTextDocument()
        document.setHtml("<br>".join(parts))
        return document.toPlainText()

    # Acting -----------------------------------------------------------------

    def _apply(self, fix: Fix) -> None:
        """Apply the fix as one undo step (the controller says why if the design changed meanwhile)."""
        self.controller.apply(fix.edit)

    def _go_to_blocker(self) -> None:
        blocker = self.go_to.property("blocker")
        if blocker:
            self.controller.select([blocker])


def _cost_text(e: LayerExplanation) -> str:
    c = e.cost
    memory = "unknown" if c.activation_bytes is None else \
        f"{readable_bytes(c.activation_bytes)} ({c.activation_bytes // 4:,} values × 4 bytes)"
    return f"Cost for one sample: {c.rule}; activations {memory}"
