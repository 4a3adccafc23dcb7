"""The source importer imports neither Qt, TensorFlow, Keras nor numpy, and never imports what the code names."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

PROBE = """
import sys
from designer.export.pysource import import_source_file
result = import_source_file(sys.argv[1])
assert len(result.document) == 39, len(result.document)
loaded = sorted(m for m in ("PySide6", "tensorflow", "keras", "numpy", "h5py") if m in sys.modules)
print(",".join(loaded) or "none")
"""


def test_reading_a_keras_script_loads_no_library_it_names():
    seed = ROOT / "tests" / "export" / "pysource" / "seeds" / "unet.py"  # names keras, keras.optimizers, tf
    done = subprocess.run([sys.executable, "-c", PROBE, str(seed)], capture_output=True, text=True, timeout=120,
                          cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "none"
