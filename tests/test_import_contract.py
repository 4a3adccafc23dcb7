"""The import contract, read from the source (every import statement at any depth, and import_module("...")):

- the engine side (`designer.layers`, `designer.model`, `designer.engine`) imports no Qt, TensorFlow, Keras or
  numpy, and nothing above it (`designer.export`, `designer.gui`, `designer.cli`);
- `designer.export` never imports the app (`designer.gui`) nor Qt; only the build worker, which runs in a child
  process, imports TensorFlow;
- the app (`designer.gui`) never imports TensorFlow or Keras, not even inside a function.

A static check sees what a runtime check misses: imports inside functions and modules no test happens to import.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "designer"
QT = ("PySide6", "shiboken6")
TF = ("tensorflow", "keras", "tf_keras")
NUMERIC = ("numpy", "h5py", "scipy")
ENGINE_SIDE = ("designer.layers", "designer.model", "designer.engine")
RULES: dict[str, tuple[str, ...]] = {
    **{side: (*QT, *TF, *NUMERIC, "designer.export", "designer.gui", "designer.cli") for side in ENGINE_SIDE},
    "designer.export": (*QT, *TF, "designer.gui", "designer.cli"),
    "designer.gui": TF,
}
ALLOWED = {
    ("designer.export.build_worker", "tensorflow"),  # runs only in the build's child process
    ("designer.export.build_worker", "keras"),
}


def module_name(path: Path, package: Path = PACKAGE) -> str:
    parts = path.relative_to(package.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_names(path: Path, root: Path = PACKAGE) -> list[tuple[int, str]]:
    """``(line, absolute module name)`` of every import in the file, relative ones resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            found.append((node.lineno, prefix))
            found += [(node.lineno, f"{prefix}.{alias.name}") for alias in node.names
                      if prefix.startswith("designer")]
        elif isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant) \
                and isinstance(node.args[0].value, str):
            func = node.func
            name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
            if name in ("import_module", "__import__", "find_spec"):
                found.append((node.lineno, node.args[0].value))
    return found


def _under(name: str, prefix: str) -> bool:
    return name == prefix or name.startswith(prefix + ".")


def violations(path: Path, root: Path = PACKAGE) -> list[str]:
    module = module_name(path, root)
    forbidden = [f for side, rule in RULES.items() if _under(module, side) for f in rule]
    out = []
    for line, name in imported_names(path, root):
        for bad in forbidden:
            if _under(name, bad) and (module, bad) not in ALLOWED:
                out.append(f"{path.relative_to(root.parent)}:{line} imports {name} ({module} must not import {bad})")
    return out


SOURCES = sorted(PACKAGE.rglob("*.py"))


def test_the_contract_covers_every_module_of_the_package():
    names = {module_name(p) for p in SOURCES}
    for side in RULES:
        assert any(_under(n, side) for n in names), side
    assert "designer.engine.explain" in names and "designer.export.code_export" in names


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE.parent)))
def test_module_keeps_the_import_contract(path):
    assert violations(path) == []


def test_the_checker_sees_imports_inside_functions_relative_imports_and_import_module(tmp_path):
    """The checker itself: each way of importing a forbidden module is caught."""
    fake = tmp_path / "designer"
    (fake / "engine").mkdir(parents=True)
    (fake / "gui").mkdir()
    (fake / "engine" / "leak.py").write_text(
        "def f():\n    import numpy\n"
        "from ..gui import canvas\n"
        "from ..export.code_export import export_code\n"
        "import importlib\nimportlib.import_module('PySide6.QtCore')\n")
    (fake / "gui" / "leak.py").write_text("def build():\n    from tensorflow import keras\n")
    engine = violations(fake / "engine" / "leak.py", fake)
    gui = violations(fake / "gui" / "leak.py", fake)
    assert sorted(v.split(" imports ")[1].split(" (")[0] for v in engine) == [
        "PySide6.QtCore", "designer.export.code_export", "designer.export.code_export.export_code",
        "designer.gui", "designer.gui.canvas", "numpy"]
    assert [v.split(" imports ")[1].split(" (")[0] for v in gui] == ["tensorflow"]
