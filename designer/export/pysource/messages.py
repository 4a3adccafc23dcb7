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
        self._skipped: dict[str, list[int]] = {}

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
        out = []
        for what, lines in self._skipped.items():
            shown = ", ".join(str(n) for n in lines[:self.SHOWN])
            more = ", …" if len(lines) > self.SHOWN else ""
            out.append(f"{what} (line{'s' if len(lines) > 1 else ''} {shown}{more})")
        return out

    def lines(self) -> list[str]:
        out = self.warnings
        if self._skipped:
            out.append("skipped, not part of the model: " + "; ".join(self.skipped))
        return out
