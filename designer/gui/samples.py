"""The samples shipped in `samples/`, with their one-line descriptions."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SAMPLES_DIR = Path(__file__).resolve().parents[2] / "samples"


@dataclass(frozen=True)
class Sample:
    path: Path
    title: str
    description: str


def list_samples(folder: Path = SAMPLES_DIR) -> list[Sample]:
    """Samples in the order of `descriptions.tsv`, then any others by name."""
    descriptions: dict[str, str] = {}
    index = folder / "descriptions.tsv"
    if index.exists():
        for line in index.read_text(encoding="utf-8").splitlines():
            if "\t" in line:
                name, text = line.split("\t", 1)
                descriptions[name.strip()] = text.strip()
    files = sorted(folder.glob("*.json"), key=lambda p: (p.name not in descriptions,
                                                          list(descriptions).index(p.name)
                                                          if p.name in descriptions else 0, p.name))
    return [Sample(p, p.stem, descriptions.get(p.name, "")) for p in files]
