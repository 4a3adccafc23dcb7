"""At run time too: `check`, `explain` and every engine/export module load without TensorFlow, Qt or numpy.

The static contract (`test_import_contract.py`) reads every import statement; this runs the commands and imports
every module of the engine side and of `designer.export` (but the build worker, which runs in the build's child
process) in one fresh interpreter and lists the heavy modules that got loaded.
"""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CODE = """
import importlib, pathlib, sys
import designer
from designer.cli import main
for path in (sys.argv[1],):
    for command in (["check", path], ["explain", path], ["summary", path]):
        try:
            main(command)
        except SystemExit:
            pass
root = pathlib.Path(designer.__file__).parent
for side in ("layers", "model", "engine", "export"):
    for path in sorted((root / side).rglob("*.py")):
        parts = path.relative_to(root.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if name != "designer.export.build_worker":
            importlib.import_module(name)
heavy = sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras', 'PySide6', 'shiboken6', 'numpy'))
print('HEAVY:', heavy)
"""


def test_commands_and_every_engine_and_export_module_stay_light():
    sample = ROOT / "designer" / "samples" / "unet.json"
    proc = subprocess.run([sys.executable, "-c", CODE, str(sample)], capture_output=True, text=True, timeout=120,
                          cwd=ROOT)
    assert "HEAVY: []" in proc.stdout, proc.stdout[-3000:] + proc.stderr[-3000:]
