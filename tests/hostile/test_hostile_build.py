"""The build child runs isolated: no module from the current folder, limits on memory and time, killed with its
process group, its temporary folder removed; one protocol reducer reads what it says."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from designer.export.build import build_design, start_build
from designer.export.build_protocol import BuildState, Outcome, outcome, reduce, report, with_stderr
from designer.engine import infer_document
from designer.model import document_from_dict
from hostile_designs import design, write_design
from hostile_support import ROOT, capped_child_limits, cli

PLANTED = "open({marker!r}, 'w').write('ran')\n"


def plant_tensorflow(folder: Path, marker: Path) -> None:
    """A ``tensorflow.py`` (and a package) that would create ``marker`` if imported."""
    (folder / "tensorflow.py").write_text(PLANTED.format(marker=str(marker)))
    (folder / "designer_evil").mkdir()


def test_a_tensorflow_py_in_the_current_folder_is_never_imported(tmp_path, marker):
    plant_tensorflow(tmp_path, marker)
    design_file = write_design(tmp_path / "d.json")
    env = {**os.environ, "KERAS_DESIGNER_BUILD_PYTHON": f"{sys.executable} -S", "PYTHONPATH": str(tmp_path)}
    proc = cli("build", str(design_file), cwd=tmp_path, env=env)
    # the cli helper puts the checkout on PYTHONPATH; the planted folder is the current folder
    assert not marker.exists()
    assert proc.returncode == 2 and "keras-designer[tf]" in proc.stderr


def test_pythonpath_cannot_plant_tensorflow_either(tmp_path, marker, monkeypatch):
    plant_tensorflow(tmp_path, marker)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    monkeypatch.chdir(tmp_path)
    report_ = build_design(document_from_dict(design()), python=[sys.executable, "-S"])
    assert not marker.exists() and report_.tf_missing


def test_the_child_runs_in_a_temporary_folder_that_is_removed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    job = start_build(document_from_dict(design()), python=[sys.executable, "-S"])
    folder = Path(job.folder)
    assert folder.is_dir() and folder != tmp_path and (folder / "exported_model.py").exists()
    job.wait()
    assert not folder.exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.keras  # the child must be busy importing TensorFlow when the limit hits
@pytest.mark.keras
def test_time_limit_stops_the_child_and_says_so(monkeypatch):
    monkeypatch.setenv("KERAS_DESIGNER_BUILD_TIMEOUT", "1")
    started = time.monotonic()
    job = start_build(document_from_dict(design()))
    rep = job.wait()
    assert time.monotonic() - started < 30
    assert outcome(rep) is Outcome.FAILED and "time limit" in rep.error and rep.crashed
    assert not Path(job.folder).exists()


@pytest.mark.keras
def test_a_model_larger_than_memory_fails_cleanly_under_the_default_limit(tmp_path):
    huge = design()
    huge["layers"][1]["config"]["units"] = 10**9  # 16 GB of kernel
    rep = build_design(document_from_dict(huge))
    assert outcome(rep) is Outcome.FAILED and "memory" in rep.error


def test_reducer_folds_events_and_keeps_the_stderr_tail():
    doc = document_from_dict(design())
    state = BuildState()
    for line in ['{"event": "progress", "message": "importing TensorFlow"}', "noise", "{not json",
                 '{"event": 5}', '{"event": "error", "message": "ValueError: no"}']:
        state = reduce(state, line)
    assert state.progress == "importing TensorFlow" and state.error == "ValueError: no"
    state = with_stderr(state, "\n".join(f"line {i}" for i in range(100)))
    assert state.stderr_tail[-1] == "line 99" and len(state.stderr_tail) == 20
    rep = report(state, doc, infer_document(doc), 1)
    assert outcome(rep) is Outcome.FAILED and rep.error == "ValueError: no" and not rep.crashed
    killed = report(BuildState(), doc, infer_document(doc), -int(signal.SIGKILL), limits="8 MB")
    assert killed.crashed and "memory limit (8 MB)" in killed.error
    missing = report(reduce(BuildState(), '{"event": "missing_tf"}'), doc, infer_document(doc), 2)
    assert outcome(missing) is Outcome.NO_TENSORFLOW


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(p) for p in text.split()]


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_terminating_the_build_command_kills_its_worker_and_folder(tmp_path, sig):
    design_file = write_design(tmp_path / "d.json")
    slow = tmp_path / "slowpython"
    slow.write_text(f"#!/bin/sh\nexec {sys.executable} -c 'import time; time.sleep(60)' \"$@\"\n")
    slow.chmod(0o755)
    env = {**os.environ, "PYTHONPATH": ROOT, "KERAS_DESIGNER_BUILD_PYTHON": str(slow)}
    proc = subprocess.Popen([sys.executable, "-m", "designer", "build", str(design_file)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            preexec_fn=capped_child_limits())
    try:
        deadline = time.monotonic() + 20
        workers = []
        while time.monotonic() < deadline and not workers:
            workers = _children(proc.pid)
            time.sleep(0.1)
        assert workers, "the build command started no worker"
        worker = workers[0]
        folder = os.readlink(f"/proc/{worker}/cwd")
        time.sleep(0.3)
        proc.send_signal(sig)
        proc.wait(timeout=60)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and _alive(worker):
            time.sleep(0.1)
        assert not _alive(worker)
        assert not os.path.exists(folder) and "keras_designer_build_" in folder
        assert proc.returncode == 130 and "Traceback" not in proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()


def test_app_build_ignores_a_planted_tensorflow_and_cleans_up(qtbot, tmp_path, marker, monkeypatch):
    from designer.gui.build_panel import BuildPanel
    from designer.gui.controller import DocumentController as Controller

    plant_tensorflow(tmp_path, marker)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PYTHONPATH", str(tmp_path))
    monkeypatch.setenv("KERAS_DESIGNER_BUILD_PYTHON", f"{sys.executable} -S")
    controller = Controller()
    controller.replace_document(document_from_dict(design()))
    panel = BuildPanel(controller)
    qtbot.addWidget(panel)
    with qtbot.waitSignal(panel.finished, timeout=60_000) as blocker:
        assert panel.start()
        folder = panel._folder
        assert Path(folder).is_dir()
    assert blocker.args == ["no-tensorflow"] and not marker.exists()
    assert not Path(folder).exists()


def test_app_quit_during_a_build_kills_it_and_removes_its_folder(qtbot, tmp_path, monkeypatch):
    from designer.gui.build_panel import BuildPanel
    from designer.gui.controller import DocumentController as Controller

    slow = tmp_path / "slowpython"
    slow.write_text(f"#!/bin/sh\nexec {sys.executable} -c 'import time; time.sleep(60)' \"$@\"\n")
    slow.chmod(0o755)
    monkeypatch.setenv("KERAS_DESIGNER_BUILD_PYTHON", str(slow))
    controller = Controller()
    controller.replace_document(document_from_dict(design()))
    panel = BuildPanel(controller)
    qtbot.addWidget(panel)
    assert panel.start()
    qtbot.waitUntil(lambda: panel.process is not None and panel.process.processId() > 0, timeout=10_000)
    pid, folder = int(panel.process.processId()), panel._folder
    panel.shutdown()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(pid):
        time.sleep(0.1)
    assert not _alive(pid) and not Path(folder).exists()
