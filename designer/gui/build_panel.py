"""Build & summarize: TensorFlow builds the design in a child process while the app stays responsive.

The panel exports the design, runs `designer.export.build_worker` with a
QProcess, shows progress and elapsed time, can cancel, and then shows Keras's
own `model.summary()` beside the designer's, with every difference listed.
"""

from __future__ import annotations

import os
import tempfile
import time

from PySide6.QtCore import QProcess, QProcessEnvironment, QTimer, Signal
from PySide6.QtGui import QColor, QFontDatabase, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QPlainTextEdit, QProgressBar, QPushButton, QSplitter, QVBoxLayout, QWidget,
)

from designer.engine.summary import format_summary
from designer.export.build import INSTALL_HINT, compare, parse_event, worker_command, worker_env
from designer.export.code_export import ExportError, export_code


class BuildPanel(QWidget):
    """Runs builds and shows their result. Signals: ``started()``, ``finished(str state)``, ``progress(str)``."""

    started = Signal()
    finished = Signal(str)
    progress = Signal(str)

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.process: QProcess | None = None
        self.state = "idle"
        self._buffer = ""
        self._module: str | None = None
        self._started_at = 0.0
        self._result: dict | None = None
        self._error: str | None = None
        self._snapshot = None

        self.build_button = QPushButton("Build && summarize")
        self.build_button.setToolTip("Build the model with TensorFlow in a separate process (Ctrl+B)")
        self.build_button.clicked.connect(self.start)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop the build")
        self.cancel_button.setEnabled(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(120)
        self.busy.hide()
        self.status = QLabel("Press Build & summarize to let TensorFlow check this design.")
        self.status.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.build_button)
        top.addWidget(self.cancel_button)
        top.addWidget(self.busy)
        top.addWidget(self.status, 1)

        mono = QFontDatabase.systemFont(QFontDatabase.FixedFont)
        self.keras_text = QPlainTextEdit(readOnly=True)
        self.designer_text = QPlainTextEdit(readOnly=True)
        for box in (self.keras_text, self.designer_text):
            box.setFont(mono)
            box.setLineWrapMode(QPlainTextEdit.NoWrap)
        self.keras_text.setPlaceholderText("Keras's model.summary() appears here")
        self.designer_text.setPlaceholderText("keras-designer's summary appears here")
        self.differences = QListWidget()
        self.differences.setMaximumHeight(90)
        self.differences.hide()
        split = QSplitter()
        split.addWidget(self._titled("Keras (TensorFlow)", self.keras_text))
        split.addWidget(self._titled("keras-designer", self.designer_text))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.differences)
        layout.addWidget(split, 1)

        self._clock = QTimer(self)
        self._clock.setInterval(100)
        self._clock.timeout.connect(self._tick)

    @staticmethod
    def _titled(title: str, widget: QWidget) -> QWidget:
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(f"<b>{title}</b>"))
        layout.addWidget(widget)
        return box

    # Running -------------------------------------------------------------

    def start(self) -> bool:
        """Export the design and start TensorFlow on it; False (with a message) when it cannot."""
        if self.process is not None:
            return False
        try:
            source = export_code(self.controller.document, inference=self.controller.inference)
        except ExportError as exc:
            self._finish("refused", f"Cannot build: {exc}")
            return False
        fd, self._module = tempfile.mkstemp(prefix="keras_designer_build_", suffix=".py")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(source)
        self._snapshot = (self.controller.document, self.controller.inference)
        self.designer_text.setPlainText(format_summary(*self._snapshot))
        self.keras_text.clear()
        self.differences.clear()
        self.differences.hide()
        self._buffer, self._result, self._error = "", None, None
        command = worker_command(self._module)
        process = QProcess(self)
        env = QProcessEnvironment()
        for key, value in worker_env().items():
            env.insert(key, value)
        process.setProcessEnvironment(env)
        process.setProcessChannelMode(QProcess.SeparateChannels)
        process.readyReadStandardOutput.connect(self._read)
        process.finished.connect(self._on_finished)
        process.errorOccurred.connect(self._on_error)
        self.process = process
        self.state = "running"
        self._started_at = time.monotonic()
        self.build_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.busy.show()
        self._clock.start()
        self.status.setText("Starting Python…")
        process.start(command[0], command[1:])
        self.started.emit()
        return True

    def cancel(self) -> None:
        if self.process is None:
            return
        self.state = "cancelling"
        self.process.kill()

    def elapsed(self) -> float:
        return time.monotonic() - self._started_at if self._started_at else 0.0

    def _tick(self) -> None:
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(f"Building with TensorFlow… {self.elapsed():.1f} s")

    def _read(self) -> None:
        self._buffer += bytes(self.process.readAllStandardOutput()).decode("utf-8", "replace")
        *lines, self._buffer = self._buffer.split("\n")
        for line in lines:
            event = parse_event(line)
            if event is None:
                continue
            kind = event["event"]
            if kind == "progress":
                message = str(event.get("message", ""))
                self.status.setText(f"{message[:1].upper()}{message[1:]}… ({self.elapsed():.1f} s)")
                self.progress.emit(message)
            elif kind == "missing_tf":
                self._error = INSTALL_HINT
            elif kind == "error":
                self._error = str(event.get("message", "the build failed"))
            elif kind == "result":
                self._result = event

    def _on_error(self, error) -> None:
        if error == QProcess.FailedToStart:
            self._error = f"could not start Python for the build: {self.process.errorString()}"
            self._on_finished(-1, None)

    def _on_finished(self, code, status) -> None:
        if self.process is None:
            return
        self._read()
        cancelled = self.state == "cancelling"
        self.process.deleteLater()
        self.process = None
        if self._module:
            try:
                os.unlink(self._module)
            except OSError:
                pass
            self._module = None
        took = f"{self.elapsed():.1f} s"
        if cancelled:
            self._finish("cancelled", f"Build cancelled after {took}.")
        elif self._error:
            state = "no-tensorflow" if self._error == INSTALL_HINT else "failed"
            self._finish(state, self._error)
        elif self._result is None:
            self._finish("failed", f"The build process ended without a result (exit code {code}).")
        else:
            self._show_result(took)

    def _show_result(self, took: str) -> None:
        doc, inference = self._snapshot
        self.keras_text.setPlainText(str(self._result.get("summary", "")))
        diffs = compare(doc, inference, list(self._result.get("layers", [])))
        if diffs:
            self.differences.show()
            for diff in diffs:
                self.differences.addItem(f"✗ {diff}")
                self._highlight(diff.layer)
            self._finish("different", f"Built in {took}: {len(diffs)} difference(s) between Keras and the designer.")
        else:
            n = len(self._result.get("layers", []))
            self._finish("agree", f"Built in {took}: Keras agrees with every output shape and parameter count "
                                  f"({n} layers).")

    def _highlight(self, layer_name: str) -> None:
        fmt = QTextCharFormat()
        fmt.setBackground(QColor("#fde2e1"))
        for box in (self.keras_text, self.designer_text):
            cursor = box.document().find(f"{layer_name} (")
            if not cursor.isNull():
                cursor.movePosition(QTextCursor.StartOfBlock)
                cursor.movePosition(QTextCursor.EndOfBlock, QTextCursor.KeepAnchor)
                cursor.mergeCharFormat(fmt)

    def _finish(self, state: str, message: str) -> None:
        self.state = state
        self._clock.stop()
        self.busy.hide()
        self.build_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        color = {"agree": "#1e7d32", "different": "#c0392b", "failed": "#c0392b", "refused": "#c0392b",
                 "no-tensorflow": "#b26a00"}.get(state, "#555")
        self.status.setText(f"<span style='color:{color}'>{message}</span>")
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(message, 8000)
        self.finished.emit(state)
