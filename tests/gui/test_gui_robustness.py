"""Any design a file can hold opens in the main window, and every layer can be selected and inspected."""

import pytest
from hypothesis import HealthCheck, given, settings

from design_factory import designs
from designer.model import DocumentError, document_from_dict

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def window(tmp_path_factory):
    import os

    os.environ["KERAS_DESIGNER_DATA_DIR"] = str(tmp_path_factory.mktemp("appdata"))
    from designer.gui.app import application, create_window

    application()
    win = create_window()
    win.resize(1200, 800)
    win.show()
    yield win
    win.controller.undo_stack.setClean()
    win.close()
    win.deleteLater()


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(data=designs())
def test_random_designs_open_and_every_layer_inspects(window, data):
    from PySide6.QtWidgets import QApplication

    try:
        doc = document_from_dict(data)
    except DocumentError:
        return
    window.controller.replace_document(doc)
    for layer_id in doc.ids():
        window.controller.select([layer_id])
        QApplication.processEvents()
        assert window.inspector.layer_id == layer_id
    window.canvas.fit_all()
    window.canvas.viewport().repaint()
    window.summary_dock.raise_()
    QApplication.processEvents()
