"""Small designs written as files for hostile-input tests."""

from __future__ import annotations

import json
from pathlib import Path


def design(name: str = "tiny", layer_name: str = "dense", outputs=None, **extra) -> dict:
    """Input(4) → Dense(2) named ``layer_name``."""
    data = {"format": "keras-designer", "version": 1, "name": name, "layers": [
        {"id": "input", "class_name": "InputLayer", "config": {"shape": [4]}, "inbound": []},
        {"id": "dense", "class_name": "Dense", "config": {"name": layer_name, "units": 2}, "inbound": ["input"]},
    ]}
    if outputs is not None:
        data["outputs"] = outputs
    data.update(extra)
    return data


def write_design(path: Path, data: dict | None = None) -> Path:
    path.write_text(json.dumps(design() if data is None else data), encoding="utf-8")
    return path
