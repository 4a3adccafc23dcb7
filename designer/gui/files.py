"""File workflows: new, open, recent, samples, save (atomic), save as, revert, import, export.

Nothing is lost: every save is atomic, unsaved changes prompt before they
would be discarded, and `Recovery` keeps an autosave that the next start
offers back after a crash. A file that cannot be opened shows why and leaves
the current design untouched.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from designer.model import DocumentError, load_document, save_document
from designer.model.disk_state import UNREAD, FileStamp, changed_on_disk, stamp_of

from .actions import make_action
from .controller import new_document
from .recovery import Recovery
from .samples import list_samples
from .settings import settings

if TYPE_CHECKING:
    from .main_window import MainWindow

DESIGN_FILTER = "keras-designer designs (*.json)"
KERAS_FILTER = "Keras models and code (*.json *.keras *.h5 *.hdf5 *.py)"
MAX_RECENT = 10


class FileController(QObject):
    """The File menu of one window and the workflows behind it."""

    def __init__(self, window: "MainWindow"):
        super().__init__(window)
        self.window = window
        self.controller = window.controller
        self.recovery = Recovery(self.controller, self)
        self._stamps: dict[str, FileStamp] = {}
        """What each file opened or saved here looked like then (by real path)."""
        self.actions: dict[str, QAction] = {}
        self._build_menu()
        from .code_paste import CodePaste

        self.code_paste = CodePaste(self)

    # Menu ----------------------------------------------------------------

    def _add(self, menu: QMenu, name: str, text: str, tip: str, slot, shortcut=None) -> QAction:
        action = make_action(self.window, self.window.action_set, name, text, tip, slot, shortcut)
        menu.addAction(action)
        self.actions[name] = action
        return action

    def _build_menu(self) -> None:
        bar = self.window.menuBar()
        menu = QMenu("&File", self.window)
        bar.insertMenu(bar.actions()[0] if bar.actions() else None, menu)
        self._add(menu, "new", "&New", "Start a new design", self.new, QKeySequence.New)
        self._add(menu, "open", "&Open…", "Open a design", self.open, QKeySequence.Open)
        self.recent_menu = menu.addMenu("Open &Recent")
        self.recent_menu.setToolTipsVisible(True)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        self.samples_menu = menu.addMenu("Sa&mples")
        self.samples_menu.setToolTipsVisible(True)
        self._fill_samples()
        menu.addSeparator()
        self._add(menu, "save", "&Save", "Save the design", self.save, QKeySequence.Save)
        self._add(menu, "save_as", "Save &As…", "Save the design under a new name", self.save_as, "Ctrl+Shift+S")
        self._add(menu, "revert", "Re&vert", "Discard changes and reload the saved file", self.revert)
        menu.addSeparator()
        self._add(menu, "import", "&Import Keras Model…",
                  "Open a Keras model (model.to_json() .json, .keras, .h5) or Python code building one as a design",
                  self.import_model, "Ctrl+I")
        self._add(menu, "export_code", "&Export Keras Code…", "Write the design as a runnable tf.keras Python file",
                  self.export_code, "Ctrl+E")
        self._add(menu, "export_diagram", "Export &Diagram…", "Save a picture of the whole graph (PNG or SVG)",
                  self.export_diagram)
        menu.addSeparator()
        self._add(menu, "quit", "&Quit", "Close the window", self.window.close, QKeySequence.Quit)
        self.menu = menu

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        paths = self.recent_files()
        if not paths:
            self.recent_menu.addAction("No recent files").setEnabled(False)
        for path in paths:
            action = self.recent_menu.addAction(Path(path).name)
            action.setToolTip(path)
            action.triggered.connect(lambda checked=False, p=path: self.open(p))

    def _fill_samples(self) -> None:
        for sample in list_samples():
            action = self.samples_menu.addAction(f"{sample.title} — {sample.description}")
            action.setToolTip(sample.description)
            action.triggered.connect(lambda checked=False, p=sample.path: self.open_sample(p))

    # Recent files ----------------------------------------------------------

    def recent_files(self) -> list[str]:
        value = settings().value("recent", [])
        if isinstance(value, str):
            value = [value]
        return [str(p) for p in (value or []) if Path(str(p)).exists()]

    def _remember(self, path: Path) -> None:
        paths = [str(path.resolve())] + [p for p in self.recent_files() if p != str(path.resolve())]
        store = settings()
        store.setValue("recent", paths[:MAX_RECENT])
        store.sync()

    # Workflows -------------------------------------------------------------

    def confirm_discard(self, doing: str) -> bool:
        """True when there is nothing unsaved, or the user saved or chose to discard it."""
        if not self.controller.modified:
            return True
        answer = QMessageBox.question(
            self.window, "Unsaved changes",
            f"“{self.controller.document.name}” has unsaved changes. Save them before {doing}?",
            QMessageBox.Save | QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Save,
        )
        if answer == QMessageBox.Save:
            return self.save()
        return answer == QMessageBox.Discard

    def new(self) -> bool:
        if not self.confirm_discard("starting a new design"):
            return False
        self.controller.replace_document(new_document())
        self.recovery.discard()
        return True

    def open(self, path: str | Path | None = None) -> bool:
        if not self.confirm_discard("opening another design"):
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, "Open design", self._folder(),
                                                  f"{DESIGN_FILTER};;{KERAS_FILTER};;All files (*)")
            if not path:
                return False
        path = Path(path)
        if path.suffix.lower() in (".keras", ".h5", ".hdf5", ".py"):
            return self._import(path)
        try:
            doc = load_document(path)
        except DocumentError as exc:
            if "use import" in str(exc):
                return self._import(path)
            QMessageBox.warning(self.window, "Cannot open design", f"{path.name} cannot be opened:\n\n{exc}")
            return False
        self.controller.replace_document(doc, path)
        self._stamp(path)
        self.recovery.discard()
        self._remember(path)
        self.window.canvas.fit_all()
        return True

    def open_sample(self, path: Path) -> bool:
        """Open a copy of a sample: saving asks for a new file, the sample stays as it is."""
        if not self.confirm_discard("opening a sample"):
            return False
        try:
            doc = load_document(path)
        except DocumentError as exc:
            QMessageBox.warning(self.window, "Cannot open sample", str(exc))
            return False
        self.controller.replace_document(doc, None)
        self.window.canvas.fit_all()
        return True

    def save(self) -> bool:
        if self.controller.path is None:
            return self.save_as()
        return self._write(self.controller.path)

    def save_as(self) -> bool:
        start = str(self.controller.path or Path(self._folder()) / f"{self.controller.document.name}.json")
        path, _ = QFileDialog.getSaveFileName(self.window, "Save design as", start, DESIGN_FILTER)
        if not path:
            return False
        path = Path(path)
        if path.suffix.lower() != ".json":
            path = path.with_suffix(path.suffix + ".json") if path.suffix else path.with_suffix(".json")
        return self._write(path)

    def _stamp(self, path: Path) -> None:
        """Remember what ``path`` looks like now, to notice if someone else changes it before our next save."""
        stamp = stamp_of(path)
        key = os.path.realpath(path)
        if stamp is None:
            self._stamps.pop(key, None)
        else:
            self._stamps[key] = stamp

    def restored(self, path: Path) -> None:
        """The open design was restored from a recovery file for ``path``, which this session never read."""
        self._stamps[os.path.realpath(path)] = UNREAD

    def _confirm_overwrite_changed(self, path: Path) -> bool:
        """True unless ``path`` changed on disk since it was opened or saved here and the user keeps that version."""
        stamp = self._stamps.get(os.path.realpath(path))
        if not changed_on_disk(path, stamp):
            return True
        why = ("this design was restored from a recovery file, and the file may have been changed since the work "
               "was autosaved" if stamp is UNREAD else
               "it was changed on disk since it was opened here (by another program or window)")
        answer = QMessageBox.question(
            self.window, "File changed on disk",
            f"{path.name}: {why}.\n\n"
            "Save overwrites those changes with this design; Cancel keeps the file as it is "
            "(Save As writes this design to another file).",
            QMessageBox.Save | QMessageBox.Cancel, QMessageBox.Cancel,
        )
        return answer == QMessageBox.Save

    def _write(self, path: Path) -> bool:
        if not self._confirm_overwrite_changed(path):
            return False
        try:
            save_document(self.controller.document, path)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self.window, "Cannot save",
                                f"The design was not saved to {path}:\n\n{getattr(exc, 'strerror', None) or exc}"
                                "\n\nThe previous file, if any, is unchanged; your changes are still open.")
            return False
        self._stamp(path)
        if self.controller.path != path:
            self.controller.path = path
            self.controller.path_changed.emit(str(path))
        self.controller.undo_stack.setClean()
        self.recovery.discard()
        self._remember(path)
        self.window.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    def revert(self) -> bool:
        path = self.controller.path
        if path is None or not self.controller.modified:
            return False
        answer = QMessageBox.question(self.window, "Revert",
                                      f"Discard every change since {path.name} was last saved?",
                                      QMessageBox.Discard | QMessageBox.Cancel, QMessageBox.Cancel)
        if answer != QMessageBox.Discard:
            return False
        try:
            doc = load_document(path)
        except DocumentError as exc:
            QMessageBox.warning(self.window, "Cannot revert", str(exc))
            return False
        self.controller.replace_document(doc, path)
        self._stamp(path)
        self.recovery.discard()
        return True

    def import_model(self, path: str | Path | None = None) -> bool:
        if not self.confirm_discard("importing a model"):
            return False
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self.window, "Import Keras model", self._folder(), KERAS_FILTER)
            if not path:
                return False
        return self._import(Path(path))

    def _import(self, path: Path) -> bool:
        from designer.export.pysource import import_file

        try:
            result = import_file(path)
        except DocumentError as exc:
            QMessageBox.warning(self.window, "Cannot import model", f"{path.name} cannot be imported:\n\n{exc}")
            return False
        from .canvas.navigation import imported_with_blocks

        self.controller.replace_document(imported_with_blocks(self.window.canvas, result.document), None)
        self.controller.undo_stack.resetClean()
        self.window.canvas.fit_all()
        notes = "; ".join(result.notes)
        self.window.statusBar().showMessage(f"Imported {path.name}" + (f" — {notes}" if notes else ""), 10000)
        if path.suffix.lower() == ".py":  # what the code would fail at in Keras 3, and what was skipped
            self.code_paste.show_notes(f"Opened {path.name}", result.notes)
        return True

    def export_code(self) -> bool:
        from designer.export.code_export import ExportError, export_code
        from designer.model.atomic import atomic_write_text

        try:
            source = export_code(self.controller.document, inference=self.controller.inference)
        except ExportError as exc:
            QMessageBox.warning(self.window, "Cannot export code", str(exc))
            return False
        start = str(Path(self._folder()) / f"{_stem(self.controller.document.name)}.py")
        path, _ = QFileDialog.getSaveFileName(self.window, "Export Keras code", start, "Python files (*.py)")
        if not path:
            return False
        try:
            atomic_write_text(path, source)
        except (OSError, ValueError) as exc:
            QMessageBox.warning(self.window, "Cannot export code", f"{path}: {getattr(exc, 'strerror', None) or exc}")
            return False
        self.window.statusBar().showMessage(f"Exported {path}", 5000)
        return True

    def export_diagram(self) -> bool:
        start = str(Path(self._folder()) / f"{_stem(self.controller.document.name)}.png")
        path, _ = QFileDialog.getSaveFileName(self.window, "Export diagram", start,
                                              "PNG image (*.png);;SVG drawing (*.svg)")
        if not path:
            return False
        try:
            self.window.canvas.export_image(path)
        except (OSError, RuntimeError, ValueError) as exc:
            QMessageBox.warning(self.window, "Cannot export diagram", f"{path}: {exc}")
            return False
        self.window.statusBar().showMessage(f"Exported {path}", 5000)
        return True

    def shutdown(self) -> None:
        """A normal close: the recovery file is no longer needed."""
        self.recovery.discard()
        self.recovery.stop()

    def _folder(self) -> str:
        if self.controller.path is not None:
            return str(self.controller.path.parent)
        recent = self.recent_files()
        return str(Path(recent[0]).parent) if recent else str(Path.home())


def _stem(name: str) -> str:
    cleaned = "".join(c if c.isalnum() or c in "-_" else "_" for c in name).strip("_")
    return cleaned or "model"
