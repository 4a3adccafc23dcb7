"""The README's "Fit all" screenshots at 1366×768: ``python benchmarks/canvas_screenshots.py [OUT_DIR]``.

Opens the denoiser and the U-Net samples as they are, and imports ResNet50
(``keras.applications.ResNet50(weights=None).to_json()``, made by TensorFlow in
a child process; set ``KERAS_DESIGNER_RESNET50_JSON`` to an existing file to skip
that), each in a 1366×768 window, presses "Fit all" and saves the window.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

MAKE_RESNET50 = """
import os, sys
os.environ["TF_CPP_MIN_LOG_LEVEL"] = "3"
import keras
open(sys.argv[1], "w").write(keras.applications.ResNet50(weights=None).to_json())
"""
SIZE = (1366, 768)


def shoot(window, out: Path) -> float:
    from designer.gui.app import application

    app = application()
    for _ in range(3):
        app.processEvents()
    window.canvas.fit_all()
    for _ in range(3):
        app.processEvents()
    if not window.grab().save(str(out)):
        raise OSError(f"cannot write {out}")
    return window.canvas.zoom


def main() -> None:
    out_dir = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "resources"
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["KERAS_DESIGNER_DATA_DIR"] = os.path.join(tmp, "appdata")
        resnet = os.environ.get("KERAS_DESIGNER_RESNET50_JSON")
        if not resnet:
            resnet = os.path.join(tmp, "resnet50.json")
            subprocess.run([sys.executable, "-c", MAKE_RESNET50, resnet], check=True, capture_output=True)
        from designer.gui.app import application, create_window

        application()
        for name, source in (("denoiser", "denoiser.json"), ("unet", "unet.json"), ("resnet50", None)):
            window = create_window(str(ROOT / "designer" / "samples" / source) if source else None)
            window.resize(*SIZE)
            window.show()
            if source is None:
                window.files.import_model(resnet)
            out = out_dir / f"fit-all-{name}.png"
            zoom = shoot(window, out)
            print(f"{out}: {len(window.controller.document)} layers, zoom {zoom:.0%}")
            window.controller.undo_stack.setClean()
            window.files.shutdown()
            window.close()


if __name__ == "__main__":
    main()
