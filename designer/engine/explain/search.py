"""The fix search of one explanation run: engine re-runs shared, remembered, and bounded by a budget.

Every fix is checked by applying its edit to a copy of the design and running
the engine again. `FixSearch` makes that affordable on large designs:

- one `ShapeEngine` is kept for the whole run, so a copy that differs from the
  design in a few layers reuses every other layer's result (only the edited
  layers and those whose inputs changed are computed again);
- answers that do not depend on the failing layer (the input sizes that line
  up) are found once per run and shared (`remember`);
- the work is bounded: after `LAYER_RUN_BUDGET` layer inferences (engine runs
  weighted by the design's size) no more candidates are tried, and the
  explanations say that more fixes were not searched.
"""

from __future__ import annotations

from typing import Callable, TypeVar

from designer.model import Document, DocumentError
from designer.model.edits import Edit

from ..inference import ModelInference, ShapeEngine, infer_document
from .paths import clone

LAYER_RUN_BUDGET = 400_000
"""Layer inferences the fixes of one run may cost (a 1,000-layer design: about 400 checked candidates)."""
MIN_RUNS = 60
"""Engine runs always allowed, however large the design (each of them is as fast as a `check`)."""
NOT_SEARCHED = ("More fixes were not searched: the design is large and the search stopped after "
                "{runs} trial runs of the engine (fix this layer's first problems, then look again).")

T = TypeVar("T")


class FixSearch:
    """Trial runs of the engine for one design and its inference, counted against a budget."""

    def __init__(self, doc: Document, inference: ModelInference, budget: int = LAYER_RUN_BUDGET):
        self.doc, self.inference = doc, inference
        self.size = max(len(doc), 1)
        self.limit = max(MIN_RUNS, budget // self.size)
        self.runs = 0
        self.stopped = False
        self._engine: ShapeEngine | None = None
        self._memo: dict = {}

    @property
    def exhausted(self) -> bool:
        return self.runs >= self.limit

    def _spend(self) -> bool:
        if self.exhausted:
            self.stopped = True
            return False
        self.runs += 1
        return True

    def simulate(self, doc: Document, edit: Edit) -> tuple[Document, ModelInference] | None:
        """The design after ``edit`` and its inference (``doc`` untouched); None if refused or over budget."""
        if not self._spend():
            return None
        copy = clone(doc)
        try:
            edit.apply(copy)
        except DocumentError:
            return None
        if self._engine is None:
            self._engine = ShapeEngine()
            self._engine.infer(self.doc)  # primes the cache with the design's own layers
        return copy, self._engine.infer(copy)

    def infer(self, doc: Document) -> ModelInference | None:
        """A full engine run on another design (every layer changed, e.g. another input size); None over budget."""
        if not self._spend():
            return None
        return infer_document(doc)

    def remember(self, key, compute: Callable[[], T]) -> T:
        """``compute()`` once per run for ``key``."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def note(self) -> str | None:
        """What to tell the user when the budget stopped the search."""
        return NOT_SEARCHED.format(runs=self.runs) if self.stopped else None
