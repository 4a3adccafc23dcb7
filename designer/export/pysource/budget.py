"""Limits that stop a hostile or runaway source: steps, sizes, nesting and time.

The interpreter charges one step per evaluated node and checks every
collection, string and number it creates. Exceeding a limit raises
`LimitExceeded` with a message naming the line, so the import answers in a
fraction of a second instead of looping, allocating or recursing without end.
Code nested deeper than Python's own recursion limit allows to evaluate stops
with a `RecursionError`, which the reader reports the same way.
"""

from __future__ import annotations

import reprlib
import time
from typing import Any, TypeVar

T = TypeVar("T")

MAX_SOURCE_CHARS = 2_000_000
"""The largest source read (a model script is a few kilobytes)."""

MAX_STEPS = 1_000_000
"""Evaluated expression and statement nodes, over the whole import."""

MAX_ITEMS = 100_000
"""The longest list, tuple, dict, range or string the source may build."""

MAX_INT_BITS = 4_096
"""The largest integer (in bits) arithmetic may produce."""

MAX_CALL_DEPTH = 64
"""Nested calls of the source's own functions."""

MAX_SECONDS = 3.0
"""Wall-clock time for interpreting one source."""

MAX_LAYERS = 5_000
"""Layers, inputs and models one source may create (the largest Keras applications have about 1,000)."""


class LimitExceeded(Exception):
    """The source exceeded one of the import's limits; the message says which and where."""


class Budget:
    """Counts steps and watches the clock for one import."""

    def __init__(self, max_steps: int = MAX_STEPS, max_seconds: float = MAX_SECONDS):
        self.steps = 0
        self.max_steps = max_steps
        self.deadline = time.monotonic() + max_seconds
        self.max_seconds = max_seconds

    def step(self, line: int) -> None:
        """Charge one step; raise when the step or time budget is spent."""
        self.steps += 1
        if self.steps > self.max_steps:
            raise LimitExceeded(f"line {line}: the code runs more than {self.max_steps:,} steps "
                                "(an endless or enormous loop?); the import stopped there")
        if not self.steps & 0x3FF and time.monotonic() > self.deadline:
            raise LimitExceeded(f"line {line}: the import took more than {self.max_seconds:g} s "
                                "(an endless or enormous loop?); it stopped there")


def check_size(value: T, line: int) -> T:
    """``value`` unchanged, or `LimitExceeded` when it is too long or too large a number."""
    if isinstance(value, int) and not isinstance(value, bool):
        if value.bit_length() > MAX_INT_BITS:
            raise LimitExceeded(f"line {line}: a number with more than {MAX_INT_BITS:,} bits; "
                                "the import stopped there")
    elif isinstance(value, (str, list, tuple, dict, range, bytes)) and len(value) > MAX_ITEMS:
        raise LimitExceeded(f"line {line}: a {type(value).__name__} of {len(value):,} items "
                            f"(more than {MAX_ITEMS:,}); the import stopped there")
    return value


def check_text_size(value: Any, line: int) -> None:
    """Refuse to turn ``value`` into text (``str(x)``, ``f"{x}"``) when the text would be enormous.

    The structure is walked, not printed, so ``str([s] * 99_999)`` of a long ``s`` stops here.
    """
    total, stack = 0, [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            total += len(item)
        elif isinstance(item, (list, tuple, set, frozenset)):
            total += 2 + 2 * len(item)
            stack.extend(item)
        elif isinstance(item, dict):
            total += 2 + 4 * len(item)
            stack.extend(item.keys())
            stack.extend(item.values())
        else:
            total += 24
        if total > MAX_ITEMS:
            raise LimitExceeded(f"line {line}: a text of more than {MAX_ITEMS:,} characters; the import stopped there")


_SHORT = reprlib.Repr()
_SHORT.maxstring, _SHORT.maxother, _SHORT.maxlist, _SHORT.maxtuple, _SHORT.maxdict = 60, 60, 6, 6, 4
_SHORT.maxlevel = 3


def short_repr(value: Any) -> str:
    """A bounded ``repr`` for messages and keys: long strings and containers are elided."""
    return _SHORT.repr(value)
