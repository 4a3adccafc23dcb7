"""What an import of Python source says: warnings with line numbers, and what it skipped."""

from __future__ import annotations


class Messages:
    """Warnings (``line N: …``) in order without repeats, and skipped calls grouped by what they were.

    ``lines()`` gives the warnings, then one line per kind of skipped statement:
    ``skipped (not part of the model): compile (line 30), summary (line 31)``.
    """

    SHOWN = 10

    def __init__(self) -> None:
        self._warnings: dict[str, None] = {}
        self._grouped: dict[str, list[int]] = {}
        self._skipped: dict[str, list[int]] = {}

    def group(self, line: int, text: str) -> None:
        """A warning repeated on many lines, shown once: ``text (lines 3, 5, 9)``."""
        lines = self._grouped.setdefault(text, [])
        if line not in lines:
            lines.append(line)

    def warn(self, line: int, text: str) -> None:
        self._warnings.setdefault(f"line {line}: {text}", None)

    def skip(self, line: int, what: str) -> None:
        lines = self._skipped.setdefault(what, [])
        if line not in lines:
            lines.append(line)

    @property
    def warnings(self) -> list[str]:
        return list(self._warnings)

    @property
    def skipped(self) -> list[str]:
        """``what (line a, b)`` for each skipped kind of call, in order of first appearance."""
        return [f"{what} ({self._where(lines)})" for what, lines in self._skipped.items()]

    def _where(self, lines: list[int]) -> str:
        shown = ", ".join(str(n) for n in lines[:self.SHOWN])
        more = ", …" if len(lines) > self.SHOWN else ""
        return f"line{'s' if len(lines) > 1 else ''} {shown}{more}"

    def lines(self) -> list[str]:
        out = self.warnings + [f"{self._where(lines)}: {text}" for text, lines in self._grouped.items()]
        if self._skipped:
            out.append("skipped, not part of the model: " + "; ".join(self.skipped))
        return out
