"""Build & summarize: TensorFlow builds the design in a child process while the app stays responsive.

The panel exports the design, runs `designer.export.build_worker` with a
QProcess, shows progress and elapsed time, can cancel, and then shows Keras's
own `model.summary()` beside the designer's, with every difference listed.
"""

from __future__ import annotations

import os
import signal
import time
from dataclasses import replace
from functools import partial

from PySide6.QtCore import QCoreApplication, QProcess, QProcessEnvironment, QTimer, Signal
from PySide6.QtGui import QColor, QFontDatabase, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout, QLabel, QListWidget, QPlainTextEdit, QProgressBar, QPushButton, QSplitter, QVBoxLayout, QWidget,
)

from designer.engine.summary import format_summary
from designer.export.build import (
    STDERR_NAME, describe_limits, kill_group, prepare_workspace, read_stderr_tail, remove_workspace, worker_command,
    worker_env,
)
from designer.export.build_protocol import BuildState, Outcome, outcome, reduce, report, with_stderr
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
        self._folder: str | None = None
        self._running: dict = {}
        """The folder and pid of a running build, for `_clean_up_after` when the panel is destroyed."""
        self._started_at = 0.0
        self._state = BuildState()
        self._cancelled = False
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
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self.destroyed.connect(partial(_clean_up_after, self._running))

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
        self._folder, module = prepare_workspace(source)
        self._snapshot = (self.controller.document, self.controller.inference)
        self.designer_text.setPlainText(format_summary(*self._snapshot))
        self.keras_text.clear()
        self.differences.clear()
        self.differences.hide()
        self._buffer, self._state, self._cancelled = "", BuildState(), False
        command = worker_command(module)
        process = QProcess(self)
        env = QProcessEnvironment()
        for key, value in worker_env().items():
            env.insert(key, value)
        process.setProcessEnvironment(env)
        process.setWorkingDirectory(self._folder)
        process.setStandardInputFile(QProcess.nullDevice())
        process.setStandardErrorFile(os.path.join(self._folder, STDERR_NAME))
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
        self._running.update(folder=self._folder, pid=int(process.processId()) or None)
        self.started.emit()
        return True

    def cancel(self) -> None:
        if self.process is None:
            return
        self.state = "cancelling"
        self._cancelled = True
        self._kill()

    def _kill(self) -> None:
        """Kill the child's whole process group (it leads its own), then the child itself."""
        if self.process is None:
            return
        kill_group(int(self.process.processId()) or None)
        self.process.kill()

    def shutdown(self) -> None:
        """On quit: stop a running build and remove its folder, whatever state it is in."""
        if self.process is not None:
            process, self.process = self.process, None
            process.blockSignals(True)
            kill_group(int(process.processId()) or None)
            process.kill()
            process.waitForFinished(2000)
        remove_workspace(self._folder)
        self._folder = None
        self._running.clear()

    def elapsed(self) -> float:
        return time.monotonic() - self._started_at if self._started_at else 0.0

    def _tick(self) -> None:
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(f"Building with TensorFlow… {self.elapsed():.1f} s")

    def _read(self) -> None:
        if self.process is None:
            return
        self._buffer += bytes(self.process.readAllStandardOutput()).decode("utf-8", "replace")
        *lines, self._buffer = self._buffer.split("\n")
        for line in lines:
            before, self._state = self._state, reduce(self._state, line)
            if self._state.progress is not None and self._state.progress is not before.progress:
                message = self._state.progress
                self.status.setText(f"{message[:1].upper()}{message[1:]}… ({self.elapsed():.1f} s)")
                self.progress.emit(message)

    def _on_error(self, error) -> None:
        if error == QProcess.FailedToStart and self.process is not None:
            message = f"could not start Python for the build: {self.process.errorString()}"
            self._state = replace(self._state, error=message)
            self._on_finished(-1, None)

    def _on_finished(self, code, status) -> None:
        if self.process is None:
            return
        self._read()
        crashed = status == QProcess.CrashExit
        process, self.process = self.process, None
        if process.state() != QProcess.NotRunning:
            kill_group(int(process.processId()) or None)
        process.deleteLater()
        self._state = with_stderr(self._state, read_stderr_tail(self._folder or ""))
        remove_workspace(self._folder)
        self._folder = None
        self._running.clear()
        exit_code = _exit_signal(code, crashed)
        doc, inference = self._snapshot
        rep = report(self._state, doc, inference, exit_code, cancelled=self._cancelled, limits=describe_limits())
        took = f"{self.elapsed():.1f} s"
        ending = outcome(rep)
        if ending is Outcome.CANCELLED:
            self._finish(ending.value, f"Build cancelled after {took}.")
        elif rep.error is not None:
            tail = "\n".join(rep.stderr_tail) if rep.crashed else ""
            if tail:
                self.keras_text.setPlainText(f"The build's last messages:\n{tail}")
            self._finish(ending.value, rep.error)
        else:
            self._show_result(rep, took)

    def _show_result(self, rep, took: str) -> None:
        self.keras_text.setPlainText(rep.summary)
        if rep.differences:
            self.differences.show()
            for diff in rep.differences:
                self.differences.addItem(f"✗ {diff}")
                self._highlight(diff.layer)
            self._finish("different", f"Built in {took}: {len(rep.differences)} difference(s) between Keras and "
                                      "the designer.")
        else:
            self._finish("agree", f"Built in {took}: Keras agrees with every output shape and parameter count "
                                  f"({len(rep.keras_layers)} layers).")

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


def _exit_signal(code: int, crashed: bool) -> int:
    """The exit status as `subprocess` gives it: a negative signal number for a child killed by a signal."""
    if crashed and hasattr(signal, "SIGKILL"):
        return -code if code > 0 else -int(signal.SIGKILL)
    return code


def _clean_up_after(running: dict, *_args) -> None:
    """A panel destroyed during a build (its window closed): kill the child's group, remove its folder."""
    kill_group(running.get("pid"))
    remove_workspace(running.get("folder"))
    running.clear()
