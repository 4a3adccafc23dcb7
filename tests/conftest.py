"""Test setup: headless Qt, quiet TensorFlow, and a suite that runs without TensorFlow.

Without TensorFlow (the CI step in a venv without it, or ``pytest -m "not keras"`` on a machine without it), a test
module marked ``keras`` as a whole (``pytestmark = pytest.mark.keras``) is not even imported, and single tests marked
``keras`` are skipped with the reason. Everything else must import and pass without TensorFlow.
"""

import ast
import importlib.util
import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")

ROOT = Path(__file__).resolve().parent.parent
TESTS = Path(__file__).resolve().parent
DATA_DIRS = {"corpus", "seeds"}
"""Folders of Python files the importer reads as data: never imported, never on sys.path."""


def _code_folders() -> list[Path]:
    folders = {p.parent for p in TESTS.rglob("*.py") if not DATA_DIRS & set(p.relative_to(TESTS).parts)}
    return sorted(folders, key=lambda f: (len(f.parts), str(f)))


# Test modules are imported by their path (``--import-mode=importlib`` in pyproject.toml), so two test files in
# different folders may share a name; the helpers beside them (keras_oracle, canvas_support, hostile_support…)
# are found because every test folder is on sys.path, tests/ first.
for _folder in reversed(_code_folders()):
    if str(_folder) not in sys.path:
        sys.path.insert(0, str(_folder))

if os.environ.get("CI"):  # CI draws the same examples every run (a landing never depends on luck)
    from hypothesis import settings

    settings.register_profile("ci", derandomize=True, print_blob=True)
    settings.load_profile("ci")

HAVE_TENSORFLOW = importlib.util.find_spec("tensorflow") is not None and importlib.util.find_spec("keras") is not None


def _is_keras_mark(node: ast.expr) -> bool:
    """`pytest.mark.keras` (possibly inside a list or tuple of marks)."""
    if isinstance(node, (ast.List, ast.Tuple)):
        return any(_is_keras_mark(e) for e in node.elts)
    return isinstance(node, ast.Attribute) and node.attr == "keras"


def module_needs_keras(path: Path) -> bool:
    """True when the module's top level says ``pytestmark = ... pytest.mark.keras ...``."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, UnicodeDecodeError):
        return False
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "pytestmark"
                                                for t in node.targets):
            return _is_keras_mark(node.value)
    return False


def pytest_ignore_collect(collection_path: Path, config: pytest.Config) -> bool | None:
    if not HAVE_TENSORFLOW and collection_path.suffix == ".py" and collection_path.name.startswith("test_"):
        if module_needs_keras(collection_path):
            return True
    return None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if HAVE_TENSORFLOW:
        return
    skip = pytest.mark.skip(reason="needs TensorFlow, which is not installed here")
    for item in items:
        if item.get_closest_marker("keras") is not None:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _no_unanswered_message_boxes(monkeypatch):
    """A message box the test did not answer fails the test, and never blocks the run.

    A test that expects a dialog answers it itself (``monkeypatch.setattr(QMessageBox, "question", ...)``), which
    replaces this guard. An unanswered one (even one a window asks while pytest-qt closes it after the test) is
    answered Discard/Ok, recorded, and reported as a failure when the test ends: offscreen, a real modal box would
    wait forever.
    """
    try:
        from PySide6.QtWidgets import QMessageBox
    except ImportError:  # pragma: no cover - PySide6 is a dependency of the app
        yield []
        return
    shown: list = []

    def unexpected(kind, answer):
        def fake(*args, **kwargs):
            shown.append((kind, args[1:3] if len(args) > 2 else args))
            return answer
        return staticmethod(fake)

    monkeypatch.setattr(QMessageBox, "question", unexpected("question", QMessageBox.StandardButton.Discard))
    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, unexpected(kind, QMessageBox.StandardButton.Ok))
    yield shown
    if shown:
        pytest.fail(f"unexpected message box(es) no test answered: {shown}", pytrace=False)
