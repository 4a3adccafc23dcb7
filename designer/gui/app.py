"""Starting the app: the QApplication, the main window, an optional file and screenshot."""

from __future__ import annotations

import sys
import time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

SCREENSHOT_SIZE = (1400, 900)
SCREENSHOT_MIN_ZOOM = 0.6


def application() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("keras-designer")
        app.setOrganizationName("keras-designer")
    return app


def create_window(path: str | None = None):
    """A main window with its file workflows, the file opened if given."""
    from .files import FileController
    from .main_window import MainWindow
    from .resources import app_icon
    from .theme import apply_theme, saved_theme

    apply_theme(saved_theme())
    window = MainWindow()
    window.setWindowIcon(app_icon())
    window.files = FileController(window)
    if path:
        window.files.open(path)
    return window


def offer_recovery(window) -> None:
    """Offer back the unsaved work of a session that ended without closing."""
    from .recovery import pending_recoveries

    notes: list[str] = []
    works = pending_recoveries(window.files.recovery.file, notes)
    if notes:
        window.statusBar().showMessage("; ".join(notes), 15000)
    for work in works:
        when = time.strftime("%Y-%m-%d %H:%M", time.localtime(work.saved_at))
        where = f" (from {work.original_path.name})" if work.original_path else ""
        answer = QMessageBox.question(
            window, "Recover unsaved work",
            f"keras-designer closed unexpectedly while “{work.document.name}”{where} had unsaved changes "
            f"(autosaved {when}). Restore them?",
            QMessageBox.Yes | QMessageBox.Discard | QMessageBox.Ignore, QMessageBox.Yes,
        )
        if answer == QMessageBox.Yes:
            window.controller.replace_document(work.document, work.original_path)
            if work.original_path is not None:
                window.files.restored(work.original_path)
            window.controller.undo_stack.resetClean()
            window.files.recovery.save_now()
            work.discard()
            window.canvas.fit_all()
            return
        if answer == QMessageBox.Discard:
            work.discard()


def save_screenshot(window, out: str) -> None:
    """Lay the window out at 1400×900 and render it to ``out``.

    The graph is fitted in view, but never below a zoom where the cards' shapes
    can be read: a large design is shown from its top-left corner instead. The
    first invalid layer (or else the first layer after the input) is selected,
    so the inspector shows something real, and an invalid one is centred.
    """
    app = application()
    window.resize(*SCREENSHOT_SIZE)
    window.show()
    for _ in range(3):
        app.processEvents()
    results = window.controller.inference.results()
    broken = next((r.id for r in results if r.error and not r.blocked_by), None)
    chosen = broken or (results[1].id if len(results) > 1 else None)
    if chosen:
        window.controller.select([chosen])
    canvas = window.canvas
    canvas.fit_all()
    if canvas.zoom < SCREENSHOT_MIN_ZOOM:
        canvas.set_zoom(SCREENSHOT_MIN_ZOOM)
        if broken:
            canvas.center_on(broken)
        else:
            rect = canvas.graph.graph_rect()
            seen = canvas.mapToScene(canvas.viewport().rect()).boundingRect()
            canvas.centerOn(rect.left() + seen.width() / 2 - 40, rect.top() + seen.height() / 2 - 40)
    app.processEvents()
    if not window.grab().save(out):
        raise OSError(f"cannot write {out}")


def run_app(path: str | None = None, screenshot: str | None = None) -> int:
    """Open the app (with ``path`` if given); with ``screenshot``, render and exit."""
    app = application()
    window = create_window(path)
    if screenshot:
        save_screenshot(window, screenshot)
        window.files.shutdown()
        window.controller.undo_stack.setClean()
        window.close()
        return 0
    window.fit_to_screen()
    window.show()
    QTimer.singleShot(0, lambda: offer_recovery(window))
    return app.exec()


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    return run_app(args[0] if args else None)


if __name__ == "__main__":
    sys.exit(main())

