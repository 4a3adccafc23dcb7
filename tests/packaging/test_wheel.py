"""The package as users install it: a wheel built from the repo, installed in a fresh venv, works from there.

The wheel is built from a copy of the tracked package (so a build never writes into the checkout), installed with
``--no-deps`` into a new venv whose only other path is the test venv's site-packages (PySide6, already installed:
no download). Everything then runs with that venv's Python from a folder outside the checkout, and the test
asserts that ``designer`` was imported from the venv, not from the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_NAMES = sorted(p.name for p in (ROOT / "designer" / "samples").glob("*.json"))

OPEN_EVERY_SAMPLE = r"""
import json, sys
from PySide6.QtWidgets import QApplication, QMessageBox
import designer
from designer.gui.app import create_window

shown = []
def record(*args, **kwargs):
    shown.append(str(args[1:3]))
    return QMessageBox.Ok
for kind in ("warning", "critical", "information", "question"):
    setattr(QMessageBox, kind, staticmethod(record))

app = QApplication([])
window = create_window()
opened = {}
for action in window.files.samples_menu.actions():
    action.trigger()
    doc = window.controller.document
    opened[action.text().split(" — ")[0]] = [doc.name, len(doc), sum(window.canvas.graph.layer_item(i) is not None for i in doc.ids())]
icon = window.windowIcon()
print(json.dumps({"designer": designer.__file__, "opened": opened, "dialogs": shown,
                  "icon": not icon.isNull() and not icon.pixmap(48, 48).isNull()}))
"""


def _run(args, cwd, env=None, timeout=300):
    proc = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{args[:4]} failed ({proc.returncode}):\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}"
    return proc


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """A fresh venv with the wheel installed: (its python, its bin folder, a working folder outside the repo)."""
    base = tmp_path_factory.mktemp("wheel")
    src = base / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    shutil.copytree(ROOT / "designer", src / "designer",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    dist = base / "dist"
    _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(dist),
          str(src)], cwd=base)
    wheel = next(dist.glob("keras_designer-*.whl"))

    env_dir = base / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                     cwd=base).stdout.strip())
    # Dependencies (PySide6) come from the test venv: appended after the new venv's own site-packages.
    (site / "zz_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q",
          str(wheel)], cwd=base)
    work = base / "work"
    work.mkdir()
    return python, bin_dir, work


def _env():
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def test_wheel_holds_samples_and_resources(installed):
    python, _, work = installed
    proc = _run([str(python), "-c", (
        "import json, designer; from importlib import resources; r = resources.files('designer');"
        "print(json.dumps({'file': designer.__file__,"
        " 'samples': sorted(p.name for p in (r / 'samples').iterdir()),"
        " 'resources': sorted(p.name for p in (r / 'resources').iterdir())}))")], cwd=work, env=_env())
    found = json.loads(proc.stdout)
    assert Path(found["file"]).is_relative_to(python.parent.parent), found["file"]
    assert [n for n in found["samples"] if n.endswith(".json")] == SAMPLE_NAMES
    assert "descriptions.tsv" in found["samples"]
    assert {"keras-designer.desktop", "keras-designer.svg", "keras-designer-mime.xml"} <= set(found["resources"])


def test_installed_app_opens_every_sample_from_the_menu(installed):
    python, _, work = installed
    proc = _run([str(python), "-c", OPEN_EVERY_SAMPLE], cwd=work, env=_env(), timeout=120)
    found = json.loads(proc.stdout.strip().splitlines()[-1])
    assert Path(found["designer"]).is_relative_to(python.parent.parent)
    assert found["dialogs"] == []
    assert found["icon"], "the window icon (designer/resources/keras-designer.svg) did not load"
    assert sorted(f"{title}.json" for title in found["opened"]) == SAMPLE_NAMES
    for title, (name, layers, cards) in found["opened"].items():
        expected = json.loads((ROOT / "designer" / "samples" / f"{title}.json").read_text())
        assert (name, layers, cards) == (expected["name"], len(expected["layers"]), len(expected["layers"]))


def test_installed_command_checks_a_packaged_sample(installed):
    python, bin_dir, work = installed
    site = _run([str(python), "-c", "import designer, pathlib; print(pathlib.Path(designer.__file__).parent)"],
                cwd=work, env=_env()).stdout.strip()
    sample = Path(site) / "samples" / "denoiser.json"
    command = bin_dir / ("keras-designer.exe" if os.name == "nt" else "keras-designer")
    proc = _run([str(command), "check", str(sample), "--json"], cwd=work, env=_env())
    report = json.loads(proc.stdout)
    assert (report["name"], report["valid"], report["total_params"]) == ("denoiser", True, 8001)
