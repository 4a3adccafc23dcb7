"""Automatic layout of a design: a top-to-bottom layered (Sugiyama-style) drawing. No Qt.

`layered_layout` places every layer on a canvas in four linear-ish steps:

1. **Ranks.** A layer's rank is the length of the longest path from an input to
   it, computed once per layer in topological order (a memo, never a recursion
   that revisits merges), so every source sits above its consumers.
2. **Dummies.** An edge spanning several ranks gets one invisible waypoint per
   rank it crosses (up to a budget), so a long skip connection keeps a lane
   free beside the cards it bypasses.
3. **Order.** A few down/up barycenter sweeps reorder each rank to reduce edge
   crossings; the best ordering seen (fewest crossings) is kept.
4. **Coordinates.** Each rank is placed as close as possible to the mean x of
   its neighbours while keeping cards apart (an isotonic regression solved by
   pool-adjacent-violators, linear per rank); chains come out straight.

Spacing suits cards of about 220×90 px: ranks are `RANK_GAP` apart, neighbouring
cards `NODE_GAP` apart (centre to centre).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .graph import topological_order

if TYPE_CHECKING:
    from .document import Document

NODE_GAP = 260.0
"""Horizontal distance between the centres of two neighbouring cards."""
RANK_GAP = 130.0
"""Vertical distance between two ranks."""
LANE_GAP = 60.0
"""Distance between two long edges passing side by side through a rank.

A long edge keeps a full `NODE_GAP` from the cards of the ranks it crosses: its
endpoints then sit halfway between the lane and the chain beside it, so even a
straight line from source to consumer passes beside the cards, not behind them.
"""
SWEEPS = 4
DUMMY_BUDGET_PER_LAYER = 24
"""At most this many waypoints per layer in total; longer edges beyond it get none."""


def layered_layout(doc: "Document") -> dict[str, tuple[float, float]]:
    """``{id: (x, y)}`` for every layer: sources above consumers, no two layers at one place."""
    order = topological_order(doc)
    if len(order) != len(doc):  # a cycle: cannot happen in a loaded document
        placed = set(order)
        order += [i for i in doc.ids() if i not in placed]
    graph = _LayeredGraph(doc, order)
    graph.order_ranks()
    xs = graph.coordinates()
    return {node: (xs[node], graph.rank[node] * RANK_GAP) for node in order}


def apply_layout(doc: "Document", *, in_place: bool = False) -> "Document":
    """The design with every layer at its `layered_layout` position.

    By default a new `Document` (same layers, outputs and name) is returned and
    ``doc`` is untouched. With ``in_place=True`` the positions are set on
    ``doc`` itself through `Document.replace_layer` (one change event per moved
    layer) and ``doc`` is returned.
    """
    from .document import Document

    positions = layered_layout(doc)
    if in_place:
        for node in doc:
            x, y = positions[node.id]
            if node.position != (x, y):
                doc.replace_layer(node.with_position(x, y))
        return doc
    nodes = [node.with_position(*positions[node.id]) for node in doc]
    return Document(doc.name, nodes, doc.explicit_outputs)


class _LayeredGraph:
    """Real layers plus waypoints, by rank, with edges between adjacent ranks only."""

    def __init__(self, doc: "Document", order: list[str]):
        self.rank: dict[str, int] = {}
        for node_id in order:
            sources = [s.layer for s in doc.layer(node_id).inbound if s.layer in self.rank]
            self.rank[node_id] = 1 + max((self.rank[s] for s in sources), default=-1)
        self.real = set(order)
        self.up: dict[object, list] = {n: [] for n in order}
        self.down: dict[object, list] = {n: [] for n in order}
        self.ranks: list[list] = [[] for _ in range(max(self.rank.values(), default=-1) + 1)]
        for node_id in order:
            self.ranks[self.rank[node_id]].append(node_id)
        self._connect(doc, order)

    def _connect(self, doc: "Document", order: list[str]) -> None:
        budget = DUMMY_BUDGET_PER_LAYER * len(order)
        edges = []
        for node_id in order:
            for source in dict.fromkeys(s.layer for s in doc.layer(node_id).inbound):
                edges.append((self.rank[node_id] - self.rank[source], source, node_id))
        # Short edges get their waypoints first, so a budget overflow only drops the longest.
        for span, source, target in sorted(edges, key=lambda e: e[0]):
            if span > 1 and span - 1 <= budget:
                budget -= span - 1
                previous = source
                for r in range(self.rank[source] + 1, self.rank[target]):
                    dummy = ("dummy", source, target, r)
                    self.up[dummy], self.down[dummy] = [], []
                    self.ranks[r].append(dummy)
                    self._edge(previous, dummy)
                    previous = dummy
                self._edge(previous, target)
            else:
                self._edge(source, target)

    def _edge(self, upper, lower) -> None:
        self.down[upper].append(lower)
        self.up[lower].append(upper)

    # Ordering -------------------------------------------------------------

    def order_ranks(self) -> None:
        """Barycenter sweeps; keeps the ordering with the fewest crossings."""
        best = [list(r) for r in self.ranks]
        best_crossings = self.crossings()
        for _ in range(SWEEPS):
            for r in range(1, len(self.ranks)):
                self._sort_by_barycenter(r, self.up)
            for r in range(len(self.ranks) - 2, -1, -1):
                self._sort_by_barycenter(r, self.down)
            crossings = self.crossings()
            if crossings < best_crossings:
                best, best_crossings = [list(r) for r in self.ranks], crossings
            if crossings == 0:
                break
        self.ranks = best

    def _sort_by_barycenter(self, r: int, neighbours: dict) -> None:
        adjacent = self.ranks[r - 1] if neighbours is self.up else self.ranks[r + 1]
        index = {n: i for i, n in enumerate(adjacent)}
        keyed = []
        for i, node in enumerate(self.ranks[r]):
            linked = [index[n] for n in neighbours[node] if n in index]
            keyed.append((sum(linked) / len(linked) if linked else float(i), i, node))
        keyed.sort(key=lambda k: (k[0], k[1]))
        self.ranks[r] = [k[2] for k in keyed]

    def crossings(self) -> int:
        """Edge crossings between every pair of adjacent ranks (inversions, Fenwick tree)."""
        total = 0
        for r in range(len(self.ranks) - 1):
            lower_index = {n: i for i, n in enumerate(self.ranks[r + 1])}
            ends = []
            for node in self.ranks[r]:
                ends.extend(sorted(lower_index[n] for n in self.down[node] if n in lower_index))
            total += _inversions(ends, len(self.ranks[r + 1]))
        return total

    # Coordinates ----------------------------------------------------------

    def coordinates(self) -> dict[str, float]:
        """x of every real layer: near its neighbours' mean, cards never overlapping."""
        x: dict[object, float] = {}
        for rank in self.ranks:
            for node, value in zip(rank, _packed(rank, [0.0] * len(rank), self._separation)):
                x[node] = value
        for _ in range(2):
            for r in range(1, len(self.ranks)):
                self._place(r, self.up, x)
            for r in range(len(self.ranks) - 2, -1, -1):
                self._place(r, self.down, x)
            for r in range(1, len(self.ranks)):
                self._place(r, self.up, x)
        reals = [x[n] for n in x if n in self.real]
        left = min(reals, default=0.0)
        return {n: round(v - left, 1) for n, v in x.items() if n in self.real}

    def _place(self, r: int, neighbours: dict, x: dict) -> None:
        rank = self.ranks[r]
        wanted = []
        for node in rank:
            linked = [x[n] for n in neighbours[node] if n in x]
            wanted.append(sum(linked) / len(linked) if linked else x[node])
        for node, value in zip(rank, _packed(rank, wanted, self._separation)):
            x[node] = value

    def _separation(self, a, b) -> float:
        return NODE_GAP if a in self.real or b in self.real else LANE_GAP


def _packed(rank: list, wanted: list[float], separation) -> list[float]:
    """Positions in rank order, each as close as possible to ``wanted`` (least squares).

    Consecutive items stay at least ``separation(a, b)`` apart. With
    ``offset_i`` the minimal cumulative distance, ``y_i = x_i - offset_i`` must
    be non-decreasing: an isotonic regression of ``wanted_i - offset_i``,
    solved by pool-adjacent-violators in linear time.
    """
    offsets = [0.0]
    for a, b in zip(rank, rank[1:]):
        offsets.append(offsets[-1] + separation(a, b))
    targets = [w - o for w, o in zip(wanted, offsets)]
    blocks: list[list[float]] = []  # [mean, count]
    for t in targets:
        blocks.append([t, 1])
        while len(blocks) > 1 and blocks[-2][0] > blocks[-1][0]:
            mean, count = blocks.pop()
            prev = blocks[-1]
            prev[0] = (prev[0] * prev[1] + mean * count) / (prev[1] + count)
            prev[1] += count
    fitted = []
    for mean, count in blocks:
        fitted.extend([mean] * int(count))
    return [y + o for y, o in zip(fitted, offsets)]


def _inversions(values: list[int], size: int) -> int:
    """Pairs i < j with values[i] > values[j]."""
    tree = [0] * (size + 1)
    count = 0
    for seen, v in enumerate(values):
        i, not_greater = v + 1, 0
        while i > 0:
            not_greater += tree[i]
            i -= i & -i
        count += seen - not_greater
        i = v + 1
        while i <= size:
            tree[i] += 1
            i += i & -i
    return count
