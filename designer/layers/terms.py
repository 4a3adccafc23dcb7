"""How numbers and sums of named terms are written, e.g. ``(3·3·16 + 1)·32 = 4,640``.

Parameter and MAC rules in the catalog write their sums with these helpers, so
an explanation shows the rule's own terms. The middle dot (·) joins factors,
× joins sizes; results get thousands separators (``4,640``), terms do not.
"""

from __future__ import annotations

import math
from typing import Iterable

from .spec import Dim

MINUS = "−"


def num(value: int | None) -> str:
    """A result: ``4,640``; ``None`` when unknown."""
    return "None" if value is None else f"{value:,}"


def dim(value: Dim) -> str:
    """A term inside a formula: no separators."""
    return "None" if value is None else str(value)


def product_text(values: Iterable[Dim]) -> str:
    """``7·7·8``."""
    return "·".join(dim(v) for v in values)


def plural(n: int, one: str, many: str | None = None) -> str:
    """``1 row``, ``2 rows``."""
    return f"{n} {one if n == 1 else (many or one + 's')}"


def each(n: int, what: str) -> str:
    """``each of the 32 filters`` / ``the 1 filter``."""
    return f"the {n} {what}" if n == 1 else f"each of the {n} {what}s"


def macs_product(values: list, rule: str) -> tuple[int | None, str]:
    """``(MACs, rule with numbers)`` from a list of factors; None when a factor is unknown."""
    if any(v is None for v in values):
        return None, f"{rule} (unknown: a size is None)"
    total = math.prod(values)
    return total, f"{product_text(values)} = {num(total)} MACs ({rule})"
