"""The fix search of one explanation run: engine re-runs shared, remembered, and bounded by a budget.

Every fix is checked by applying its edit and running the engine again.
`FixSearch` makes that affordable on large designs:

- a trial re-infers only what the edit can change: the edited layers, the
  layers downstream of them, and (from the design's cached results) what
  those depend on; every other layer keeps the design's result;
- answers that do not depend on the failing layer (the input sizes that line
  up) are found once per run and shared (`remember`);
- the work is bounded: after `LAYER_RUN_BUDGET` layer inferences (engine runs
  weighted by the design's size) no more candidates are tried, and the
  explanations say that more fixes were not searched.
"""

from __future__ import annotations

from typing import Any, Callable, TypeVar

from designer.model import Document, DocumentError, LayerNode
from designer.model.edits import Edit

from ..inference import ModelInference, ShapeEngine, infer_document

LAYER_RUN_BUDGET = 40_000
"""Layers the trials of one run may infer in all (a trial costs the layers it re-infers; a full run the design's
size): a few seconds at most, whatever the design."""
NOT_SEARCHED = ("More fixes were not searched: the design is large and the search stopped after "
                "{runs} trial runs of the engine (fix this layer's first problems, then look again).")

T = TypeVar("T")


class FixSearch:
    """Trial runs of the engine for one design and its inference, counted against a budget."""

    def __init__(self, doc: Document, inference: ModelInference, budget: int = LAYER_RUN_BUDGET):
        self.doc, self.inference = doc, inference
        self.budget = budget
        self.cost = 0
        """Layers inferred by the trials so far."""
        self.runs = 0
        """Trials (engine runs) so far."""
        self.stopped = False
        self._engine: ShapeEngine | None = None
        self._memo: dict[Any, Any] = {}

    @property
    def exhausted(self) -> bool:
        return self.cost >= self.budget

    def _spend(self, layers: int) -> bool:
        if self.exhausted:
            self.stopped = True
            return False
        self.runs += 1
        self.cost += layers
        return True

    def simulate(self, doc: Document, edit: Edit) -> tuple[Document, ModelInference] | None:
        """The design after ``edit`` as far as it changes, and the whole design's inference after it.

        ``doc`` (the search's design) is untouched. The document returned holds the
        edited layers, those downstream of them and everything they depend on; the
        inference holds every layer of the edited design. None if the edit is
        refused or the budget is spent.
        """
        if self.exhausted:
            self.stopped = True
            return None
        overlay: dict[str, LayerNode | None] = {}
        for step in edit.steps:
            if step.kind in ("add", "replace"):
                overlay[step.new.id] = step.new
            elif step.kind == "remove":
                overlay[step.old.id] = None
        part = self._changed_part(doc, overlay)
        if part is None or not self._spend(len(part)):
            return None
        if self._engine is None:
            self._engine = ShapeEngine()
            self._engine.infer(self.doc)  # the design's results, reused by every trial
        trial = self._engine.fork().infer(part)
        layers = {i: r for i, r in self.inference.layers.items() if overlay.get(i, r) is not None}
        layers.update(trial.layers)
        order = [i for i in self.inference.order if i in layers] + [i for i in trial.order if i not in
                                                                     self.inference.layers]
        return part, ModelInference(doc.name, order, layers)

    def _changed_part(self, doc: Document, overlay: dict[str, LayerNode | None]) -> Document | None:
        """The sub-design a trial must infer: the edited layers, what follows them, and all they depend on."""
        def node(layer_id: str) -> LayerNode | None:
            return overlay[layer_id] if layer_id in overlay else doc.get(layer_id)

        added = [n for n in overlay.values() if n is not None]
        affected = {n.id for n in added}
        queue = list(affected)
        while queue:
            current = queue.pop()
            after = [c for c in (doc.consumers(current) if current in doc else ()) if c not in overlay]
            after += [n.id for n in added if any(s.layer == current for s in n.inbound)]
            for c in after:
                if c not in affected:
                    affected.add(c)
                    queue.append(c)
        needed, queue = set(affected), list(affected)
        while queue:
            found = node(queue.pop())
            if found is None:
                return None
            for s in found.inbound:
                if s.layer not in needed:
                    needed.add(s.layer)
                    queue.append(s.layer)
        ordered = [i for i in doc.ids() if i in needed] + [n.id for n in added if n.id not in doc]
        try:
            nodes = [node(i) for i in ordered]
            return Document(doc.name, [n for n in nodes if n is not None])
        except DocumentError:
            return None

    def infer(self, doc: Document) -> ModelInference | None:
        """A full engine run on another design (every layer changed, e.g. another input size); None over budget."""
        if not self._spend(len(doc)):
            return None
        return infer_document(doc)

    def remember(self, key: Any, compute: Callable[[], T]) -> T:
        """``compute()`` once per run for ``key``."""
        if key not in self._memo:
            self._memo[key] = compute()
        value: T = self._memo[key]
        return value

    def note(self) -> str | None:
        """What to tell the user when the budget stopped the search."""
        return NOT_SEARCHED.format(runs=self.runs) if self.stopped else None
