"""The engine, the document and the catalog never import TensorFlow or Qt."""

import subprocess
import sys

CODE = """
import sys
import designer.layers, designer.model, designer.engine, designer.engine.summary, designer.cli
from designer.cli import main
main(["check", sys.argv[1]])
heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras', 'PySide6', 'shiboken6', 'numpy'))
print('HEAVY:', heavy)
"""


def test_engine_model_catalog_and_check_stay_light(tmp_path):
    from pathlib import Path

    sample = Path(__file__).resolve().parent.parent / "samples" / "unet.json"
    proc = subprocess.run([sys.executable, "-c", CODE, str(sample)], capture_output=True, text=True, timeout=60)
    assert "HEAVY: []" in proc.stdout, proc.stdout + proc.stderr
