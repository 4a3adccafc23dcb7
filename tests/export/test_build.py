"""The local build: TensorFlow in a child process, compared with the engine; cancel; no TensorFlow."""

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from designer.export.build import build_design, start_build
from designer.model import load_document

SAMPLES = Path(__file__).resolve().parents[2] / "samples"


@pytest.mark.keras
def test_build_command_prints_keras_summary_and_agrees():
    proc = subprocess.run([sys.executable, "-m", "designer", "build", str(SAMPLES / "denoiser.json")],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "Total params: 8,001" in proc.stdout
    assert "agrees with Keras on every layer" in proc.stdout
    assert "importing TensorFlow" in proc.stderr


@pytest.mark.keras
def test_build_reports_progress_and_can_be_cancelled():
    job = start_build(load_document(SAMPLES / "unet.json"))
    first = threading.Event()

    def progress(message):
        first.set()
        job.cancel()

    report = job.wait(progress)
    assert first.is_set() and report.cancelled and not report.ok
    assert job.process.returncode != 0


def test_without_tensorflow_it_says_how_to_install():
    report = build_design(load_document(SAMPLES / "denoiser.json"), python=[sys.executable, "-S"])
    assert report.tf_missing and not report.ok
    assert "keras-designer[tf]" in report.error


def test_build_command_exit_2_without_tensorflow(tmp_path):
    env = {**os.environ, "KERAS_DESIGNER_BUILD_PYTHON": f"{sys.executable} -S"}
    proc = subprocess.run([sys.executable, "-m", "designer", "build", str(SAMPLES / "denoiser.json")],
                          capture_output=True, text=True, timeout=120, env=env)
    assert proc.returncode == 2 and "keras-designer[tf]" in proc.stderr
