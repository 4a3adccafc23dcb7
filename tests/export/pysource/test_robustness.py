"""Any mangled version of real model code opens or is refused with a `DocumentError`, never a traceback.

Every prefix of every corpus source and seed (code cut off mid-way, as pasted
snippets often are), and seeded random mutations of them (lines deleted,
repeated or swapped; tokens replaced by other values), are imported and
inferred.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from designer.engine import infer_document
from designer.export.pysource import import_source
from designer.model import DocumentError

HERE = Path(__file__).parent
SOURCES = sorted([*HERE.glob("corpus/*.py"), *HERE.glob("seeds/*.py")])
VALUES = ["0", "-1", "None", "'same'", "(2, 2)", "[]", "{}", "x", "inputs", "1e9", "10**6", "True", "lambda: 1",
          "model", "layers", "print", "x.shape", "x[0]", "(None,)", "range(3)", "*a", "**k"]


def _opens_or_refuses(text: str) -> None:
    try:
        infer_document(import_source(text).document)
    except DocumentError:
        pass


def _mutations(text: str, rng: random.Random, count: int) -> list[str]:
    lines = text.splitlines()
    tokens = list(re.finditer(r"\b\w+\b|[()\[\]]", text))
    out = []
    for _ in range(count):
        if rng.random() < 0.5 and lines:
            mutated = list(lines)
            i, j = rng.randrange(len(mutated)), rng.randrange(len(mutated))
            choice = rng.random()
            if choice < 0.4:
                del mutated[i]
            elif choice < 0.7:
                mutated.insert(i, mutated[j])
            else:
                mutated[i], mutated[j] = mutated[j], mutated[i]
            out.append("\n".join(mutated))
        elif tokens:
            m = rng.choice(tokens)
            out.append(text[:m.start()] + rng.choice(VALUES) + text[m.end():])
    return out


@pytest.mark.parametrize("source", SOURCES, ids=[s.stem for s in SOURCES])
def test_prefixes_and_mutations_of_real_code_never_raise(source):
    text = source.read_text()
    lines = text.splitlines()
    rng = random.Random(source.name)
    for variant in ["\n".join(lines[:k]) for k in range(len(lines))] + _mutations(text, rng, 25):
        _opens_or_refuses(variant)
