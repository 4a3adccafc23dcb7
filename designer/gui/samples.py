"""The samples shipped inside the package (`designer/samples/`), with their one-line descriptions.

They are read through :mod:`importlib.resources`, so File → Samples lists the same designs in a checkout, an
editable install and an installed wheel.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path


def samples_dir() -> Path:
    """The folder of the packaged samples (a real folder: the package is never installed zipped)."""
    return Path(str(resources.files("designer") / "samples"))


SAMPLES_DIR = samples_dir()


@dataclass(frozen=True)
class Sample:
    path: Path
    title: str
    description: str


def list_samples(folder: Path | None = None) -> list[Sample]:
    """Samples in the order of `descriptions.tsv`, then any others by name."""
    folder = samples_dir() if folder is None else folder
    descriptions: dict[str, str] = {}
    index = folder / "descriptions.tsv"
    if index.exists():
        for line in index.read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                name, text = line.split("\t", 1)
                descriptions[name.strip()] = text.strip()
    order = list(descriptions)
    files = sorted(folder.glob("*.json"), key=lambda p: (p.name not in descriptions,
                                                          order.index(p.name) if p.name in descriptions else 0,
                                                          p.name))
    return [Sample(p, p.stem, descriptions.get(p.name, "")) for p in files]
