"""Opening Keras code people already have: Python source in, design out, nothing executed.

`import_source(text)` and `import_source_file(path)` read a script that builds
a Keras model (Sequential, ``.add`` chains, the functional API, helper
functions and loops, Keras 1/2 and TF1 spellings) with a small interpreter
(`interpreter`) that never imports, ``exec``s or calls anything from it,
within limits (`budget`), and return an `ImportResult` like the model-file
importer's, whose notes list the warnings (with line numbers) and what was
skipped.
"""

from __future__ import annotations

import os
from pathlib import Path

from designer.model import DocumentError

from ..keras_import import ImportResult
from .budget import MAX_SOURCE_CHARS
from .reader import read_source

SUFFIXES = (".py", ".pyw", ".ipy")


def import_source(text: str) -> ImportResult:
    """Import the model built by Python source ``text``."""
    return read_source(text)


def import_source_file(path: str | os.PathLike[str]) -> ImportResult:
    """Import the model built by the Python file at ``path``."""
    p = Path(path)
    try:
        if p.stat().st_size > MAX_SOURCE_CHARS * 4:
            raise DocumentError(f"{p.name} is too large to be a model script")
        raw = p.read_bytes()
    except FileNotFoundError:
        raise DocumentError("the file does not exist") from None
    except OSError as exc:
        raise DocumentError(f"cannot read it: {exc.strerror or exc}") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DocumentError(f"{p.name} is not UTF-8 text, so not Python source") from None
    return read_source(text)


def is_python_source(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` names a Python file by its suffix."""
    return str(path).lower().endswith(SUFFIXES)




def import_file(path: str | os.PathLike[str]) -> ImportResult:
    """Import a model from a Python source (by its suffix) or a Keras model file (``keras_import``)."""
    if is_python_source(path):
        return import_source_file(path)
    from ..keras_import import import_model

    return import_model(path)


__all__ = ["SUFFIXES", "import_file", "import_source", "import_source_file", "is_python_source"]
