"""Run every benchmark in this folder, one after the other, and print their reports."""

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    code = 0
    for script in sorted(HERE.glob("*_bench.py")):
        print(f"== {script.name}", flush=True)
        code |= subprocess.call([sys.executable, str(script)])
    sys.exit(code)
