"""The main window: canvas in the middle, palette left, inspector right, summary and problems below."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QWidget

from designer.engine.summary import unknown_suffix
from designer.model import Document

from . import theme
from .actions import build_actions
from .help import build_help_menu
from .build_panel import BuildPanel
from .canvas.navigation import install as install_canvas_navigation
from .canvas.view import CanvasView
from .code_panel import CodePanel
from .controller import LAZY_WARNINGS_LAYERS, DocumentController
from .inspector.panel import InspectorPanel
from .palette import PaletteWidget
from .problems_panel import ProblemsPanel
from .settings import settings
from .summary_panel import SummaryPanel, invalid_count_text, params_total_text

if TYPE_CHECKING:
    from .files import FileController

APP_NAME = "keras-designer"
DEFAULT_SIZE = (1400, 900)
SMALL_SCREEN_DOCKS = (222, 310)
"""Widths of the palette and the inspector on a screen smaller than `DEFAULT_SIZE` (a 1366×768 laptop): the
palette shows every class name but the 44-letter ContrastLimitedAdaptiveHistogramEqualization whole."""
"""The first window's size where the screen has room (else the screen's free area)."""


class MainWindow(QMainWindow):
    """One window editing one design through its `DocumentController`."""

    def __init__(self, controller: DocumentController | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller or DocumentController()
        self.files: FileController | None = None
        """The file workflows (menus, recovery), attached by `app.create_window`; None in a bare window."""
        self.setObjectName("MainWindow")
        self.canvas = CanvasView(self.controller)
        self.setCentralWidget(self.canvas)
        self.palette_panel = PaletteWidget(self.controller)
        self.inspector = InspectorPanel(self.controller)
        self.summary = SummaryPanel(self.controller)
        self.problems = ProblemsPanel(self.controller)
        self.code = CodePanel(self.controller)
        self.build = BuildPanel(self.controller)
        self.palette_dock = self._dock("Layers", self.palette_panel, Qt.LeftDockWidgetArea)
        self.inspector_dock = self._dock("Inspector", self.inspector, Qt.RightDockWidgetArea)
        self.summary_dock = self._dock("Model summary", self.summary, Qt.BottomDockWidgetArea)
        self.problems_dock = self._dock("Problems", self.problems, Qt.BottomDockWidgetArea)
        self.build_dock = self._dock("Build", self.build, Qt.BottomDockWidgetArea)
        self.code_dock = self._dock("Code", self.code, Qt.RightDockWidgetArea)
        self.tabifyDockWidget(self.summary_dock, self.problems_dock)
        self.tabifyDockWidget(self.problems_dock, self.build_dock)
        self.tabifyDockWidget(self.inspector_dock, self.code_dock)
        self.summary_dock.raise_()
        self.inspector_dock.raise_()
        self.resizeDocks([self.palette_dock, self.inspector_dock], [230, 340], Qt.Horizontal)
        self.resizeDocks([self.summary_dock], [220], Qt.Vertical)

        self.status_totals = QLabel()
        self.statusBar().addPermanentWidget(self.status_totals)
        self.action_set = build_actions(self)
        build_help_menu(self)
        install_canvas_navigation(self)

        self.palette_panel.append_requested.connect(self.canvas.append_after_selection)
        self.problems.center_requested.connect(self.canvas.center_on)
        self.code.export_requested.connect(lambda: self.files.export_code() if self.files is not None else None)
        self.build.started.connect(lambda: (self.build_dock.show(), self.build_dock.raise_()))
        self.controller.selection_changed.connect(self._reveal_selection)
        self.controller.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._status_later = QTimer(self)
        self._status_later.setSingleShot(True)
        self._status_later.setInterval(40)
        self._status_later.timeout.connect(self._update_status)
        self.controller.inferred.connect(self._on_inferred)
        self.controller.undo_stack.cleanChanged.connect(self._update_title)
        self.controller.path_changed.connect(lambda _: self._update_title())
        self.controller.document_changed.connect(lambda _: self._update_title())
        self.controller.document_changed.connect(self._on_document_replaced)
        self._update_title()
        self._update_status()
        self.setAcceptDrops(True)

    @staticmethod
    def _dropped_file(event) -> str | None:
        """The first local design or Keras model file of a drag from the file manager."""
        mime = event.mimeData()
        if not mime.hasUrls():
            return None
        for url in mime.urls():
            path = url.toLocalFile()
            if path and path.lower().endswith((".json", ".keras", ".h5", ".hdf5", ".py")):
                return path
        return None

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self._dropped_file(event):
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        path = self._dropped_file(event)
        files = self.files
        if path and files is not None:
            event.acceptProposedAction()
            files.open(path)
        else:
            super().dropEvent(event)

    def _reveal_selection(self, ids: list) -> None:
        """A layer selected elsewhere (summary, inspector, problems) is scrolled into view on the canvas."""
        if len(ids) == 1:
            self.canvas.reveal_layer(ids[0])

    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.replace(" ", "") + "Dock")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _update_title(self) -> None:
        doc: Document = self.controller.document
        where = f" — {self.controller.path.name}" if self.controller.path else ""
        self.setWindowTitle(f"{doc.name}{where}[*] — {APP_NAME}")
        self.setWindowModified(self.controller.modified)

    def _on_inferred(self) -> None:
        """The totals in the status bar: at once, or for a large design just after the canvas showed the edit."""
        if len(self.controller.document) >= LAZY_WARNINGS_LAYERS:
            self._status_later.start()
        else:
            self._update_status()

    def _update_status(self) -> None:
        inference = self.controller.inference
        params = inference.params
        state = "all layers valid" if inference.valid else invalid_count_text(inference)
        count = len(self.controller.document)
        self.status_totals.setText(
            f"{count} layer{'s' if count != 1 else ''} · {params_total_text(params.total, inference)} params "
            f"({params.trainable:,} trainable){unknown_suffix(inference)} · {state}"
        )

    def _on_document_replaced(self, change) -> None:
        """Another design is open: a running build of the previous one stops, its results are cleared."""
        if change.kind != "reset":
            return
        build = self.build
        if build.process is not None:
            build.cancel()
        for box in (build.keras_text, build.designer_text, build.differences):
            box.clear()
        build.differences.hide()
        build.status.setText("Press Build & summarize to let TensorFlow check this design.")

    # Theme and window state ------------------------------------------------

    def set_theme(self, name: str) -> str:
        """Use theme ``name`` (system, light, dark), remember it, and repaint every view in it."""
        name = theme.apply_theme(name)
        theme.save_theme(name)
        self.canvas.restyle()
        self.inspector.restyle()
        self.problems.restyle()
        self.summary.refresh()
        self.summary.table.viewport().update()
        for action in self.action_set.by_name.values():
            if action.objectName() == f"theme_{name}":
                action.setChecked(True)
        return name

    def fit_to_screen(self) -> None:
        """The saved size and docks, or else 1400×900 shrunk to fit the screen's free area."""
        store = settings()
        geometry, state = store.value("window/geometry"), store.value("window/state")
        if geometry is not None and self.restoreGeometry(geometry):
            if state is not None:
                self.restoreState(state)
            return
        screen = self.screen() or QGuiApplication.primaryScreen()
        free = screen.availableGeometry() if screen is not None else None
        width, height = DEFAULT_SIZE
        if free is not None:
            width, height = min(width, free.width()), min(height, free.height())
            self.setGeometry(free.x() + (free.width() - width) // 2, free.y() + (free.height() - height) // 2,
                             width, height)
            if (width, height) != DEFAULT_SIZE:
                self.resizeDocks([self.palette_dock, self.inspector_dock], list(SMALL_SCREEN_DOCKS), Qt.Horizontal)
                self.resizeDocks([self.summary_dock], [170], Qt.Vertical)
        else:
            self.resize(width, height)

    def save_window_state(self) -> None:
        store = settings()
        store.setValue("window/geometry", self.saveGeometry())
        store.setValue("window/state", self.saveState())
        store.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        files = self.files
        if files is not None and not files.confirm_discard("closing"):
            event.ignore()
            return
        if files is not None:
            files.shutdown()
        self.save_window_state()
        event.accept()
