"""Automatic layout of a design: a layered (Sugiyama-style) drawing, top-to-bottom or left-to-right. No Qt.

`layered_layout` places every layer on a canvas in five linear-ish steps:

1. **Ranks.** A layer's rank is the length of the longest path from an input to
   it, computed once per layer in topological order (a memo, never a recursion
   that revisits merges), so every source comes before its consumers.
2. **Dummies.** An edge spanning several ranks gets one invisible waypoint per
   rank it crosses (up to a budget), so a long skip connection keeps a lane
   of its own beside the cards it bypasses, `LANE_GAP` from the next lane.
3. **Order.** A few down/up barycenter sweeps reorder each rank to reduce edge
   crossings; the best ordering seen (fewest crossings) is kept.
4. **Coordinates.** Each rank is placed as close as possible to the mean
   position of its neighbours while keeping cards apart (an isotonic
   regression solved by pool-adjacent-violators, linear per rank); chains come
   out straight, and a skip edge's lane hugs the chain it bypasses.
5. **Folding** (only when ``fit`` gives the window's size): a long, narrow
   drawing is cut into several columns (rows when left-to-right) side by side,
   so it fills the window at a readable zoom. Cuts are made only where every
   edge crossing the cut leaves one layer, so a residual block or a U-Net skip
   is never split; the number of columns is the one that gives the largest zoom.

``direction`` is ``"TB"`` (inputs at the top, ports on the cards' top and
bottom) or ``"LR"`` (inputs on the left). ``units`` lays a collapsed block out
as one card: every layer mapped to the same unit shares its place, and the
unit's members get an inner layout of their own starting there (shown when
the block is expanded).

Spacing suits cards of about 224×92 px (`CARD_SIZE`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Hashable, Mapping

from .graph import topological_order

if TYPE_CHECKING:
    from .document import Document

CARD_SIZE = (224.0, 92.0)
"""Width and height of a card (the canvas's `style.CARD_W`, `style.CARD_H`)."""
NODE_GAP = 260.0
"""Top-to-bottom: horizontal distance between the left edges of two neighbouring cards."""
RANK_GAP = 130.0
"""Top-to-bottom: vertical distance between two ranks."""
LANE_GAP = 60.0
"""Top-to-bottom: distance between two long edges passing side by side through a rank.

A long edge keeps a full `NODE_GAP` from the cards of the ranks it crosses: its
endpoints then sit halfway between the lane and the chain beside it, so even a
straight line from source to consumer passes beside the cards, not behind them.
"""
SWEEPS = 4
DUMMY_BUDGET_PER_LAYER = 24
"""At most this many waypoints per layer in total; longer edges beyond it get none."""
INNER_SWEEP_LIMIT = 24
"""The hidden layers of a collapsed block larger than this are laid out without crossing reduction (they are laid
out again, fully, when the block is expanded)."""
FIT_MARGIN = 80.0
"""What "Fit all" adds around the drawing (scene units), counted when choosing the number of folds."""
MAX_FOLDS = 16
READABLE_ZOOM = 0.45
"""When no fold at a clean cut reaches this zoom, folds may cut through skip connections..."""
FORCED_GAIN = 1.5
FORCED_MAX_RANKS = 400
"""...if that shows the drawing at least this much larger (the skips then run between the columns)."""
BALANCE = 0.6
"""A fold is used only when each column holds at least this share of its even part of the ranks."""


@dataclass(frozen=True)
class Spacing:
    """Distances for one direction: ``node`` between neighbours in a rank, ``rank`` between ranks,
    ``lane`` between long edges, ``fold`` extra room between two folded columns (rows)."""

    node: float
    rank: float
    lane: float
    fold: float


SPACING = {
    "TB": Spacing(node=NODE_GAP, rank=RANK_GAP, lane=LANE_GAP, fold=110.0),
    "LR": Spacing(node=CARD_SIZE[1] + 40.0, rank=CARD_SIZE[0] + 80.0, lane=30.0, fold=70.0),
}
DIRECTIONS = tuple(SPACING)


def layered_layout(doc: "Document", direction: str = "TB", fit: tuple[float, float] | None = None,
                   units: Mapping[str, Hashable] | None = None) -> dict[str, tuple[float, float]]:
    """``{id: (x, y)}`` (a card's top-left) for every layer.

    Without ``fit`` every source is above (left of) its consumers and no two
    layers of the same unit share a place. ``fit`` is the window's size in
    pixels at 100% zoom: the drawing is folded to be read there at the largest zoom.
    """
    if direction not in SPACING:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}, got {direction!r}")
    space = SPACING[direction]
    order = topological_order(doc)
    if len(order) != len(doc):  # a cycle: cannot happen in a loaded document
        placed = set(order)
        order += [i for i in doc.ids() if i not in placed]
    unit_of = {i: (units.get(i, i) if units else i) for i in order}
    keys, sources = _quotient(doc, order, unit_of)
    across, rank = _arrange(keys, sources, space)
    if fit is not None:
        across, rank = _fold(across, rank, sources, space, direction, fit)
    positions: dict[str, tuple[float, float]] = {}
    inner = _inner_layouts(doc, order, unit_of, space) if units else {}
    for layer_id in order:
        key = unit_of[layer_id]
        a, r = across[key], rank[key] * space.rank
        da, dr = inner.get(layer_id, (0.0, 0.0))
        a, r = round(a + da, 1), round(r + dr, 1)
        positions[layer_id] = (a, r) if direction == "TB" else (r, a)
    return positions


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


def _quotient(doc: "Document", order: list[str], unit_of: dict) -> tuple[list, dict]:
    """Units in topological order of their first member, and each unit's distinct source units."""
    keys = list(dict.fromkeys(unit_of[i] for i in order))
    sources: dict = {k: {} for k in keys}
    for layer_id in order:
        key = unit_of[layer_id]
        for src in doc.layer(layer_id).inbound:
            other = unit_of.get(src.layer)
            if other is not None and other != key:
                sources[key][other] = None
    return keys, {k: list(v) for k, v in sources.items()}


def _arrange(keys: list, sources: dict, space: Spacing, ranks: dict | None = None,
             sweeps: bool = True) -> tuple[dict, dict]:
    """Across coordinate and rank of every key of a layered graph (``ranks`` given, or longest paths);
    without ``sweeps``, ranks keep their first order (no crossing reduction)."""
    graph = _LayeredGraph(keys, sources, space, ranks)
    if sweeps:
        graph.order_ranks()
    return graph.coordinates(), graph.rank


def _inner_layouts(doc: "Document", order: list[str], unit_of: dict, space: Spacing) -> dict:
    """Offsets (across, along) of each member of a multi-layer unit from the unit's place."""
    members: dict = {}
    for layer_id in order:
        if unit_of[layer_id] != layer_id:
            members.setdefault(unit_of[layer_id], []).append(layer_id)
    offsets = {}
    for group in members.values():
        offsets.update(_inner(doc, group, space, sweeps=len(group) <= INNER_SWEEP_LIMIT))
    return offsets


def _inner(doc: "Document", group: list[str], space: Spacing, sweeps: bool = True) -> dict:
    """Offsets (across, along) of the layers ``group`` (in topological order) laid out on their own."""
    inside = set(group)
    sources = {i: [s.layer for s in doc.layer(i).inbound if s.layer in inside] for i in group}
    across, rank = _arrange(group, sources, space, sweeps=sweeps)
    return {i: (across[i], rank[i] * space.rank) for i in group}


def inner_layout(doc: "Document", ids, direction: str = "TB") -> dict[str, tuple[float, float]]:
    """``{id: (dx, dy)}``: the layers ``ids`` laid out on their own (edges to other layers ignored), as offsets
    from the top-left of their drawing (the smallest offsets are 0). An expanded block's layers, for one."""
    if direction not in SPACING:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}, got {direction!r}")
    wanted = set(ids)
    group = [i for i in topological_order(doc) if i in wanted]
    offsets = _inner(doc, group, SPACING[direction]) if group else {}
    if direction == "TB":
        return {i: (round(a, 1), round(r, 1)) for i, (a, r) in offsets.items()}
    return {i: (round(r, 1), round(a, 1)) for i, (a, r) in offsets.items()}


def _fold(across: dict, rank: dict, sources: dict, space: Spacing, direction: str,
          fit: tuple[float, float]) -> tuple[dict, dict]:
    """Cut the ranks into the number of columns that shows the drawing largest in ``fit``.

    Returns new across coordinates and ranks (each column starting at rank 0).
    """
    if not rank:
        return across, rank
    ranks = max(rank.values()) + 1
    card_across, card_along = (CARD_SIZE[0], CARD_SIZE[1]) if direction == "TB" else (CARD_SIZE[1], CARD_SIZE[0])
    view_across, view_along = (fit[0], fit[1]) if direction == "TB" else (fit[1], fit[0])
    lo = [float("inf")] * ranks
    hi = [float("-inf")] * ranks
    for key, r in rank.items():
        lo[r] = min(lo[r], across[key])
        hi[r] = max(hi[r], across[key])
    cuts = _allowed_cuts(rank, sources, ranks)

    def segments(k: int) -> list[tuple[int, int]]:
        bounds, start = [], 0
        for i in range(1, k):
            target = round(i * ranks / k) - 1
            options = [c for c in cuts if start <= c < ranks - 1]
            if not options:
                break
            cut = min(options, key=lambda c: (abs(c - target), c))
            bounds.append((start, cut + 1))
            start = cut + 1
        bounds.append((start, ranks))
        return bounds

    def extent(segs: list[tuple[int, int]]) -> tuple[float, float, list[float]]:
        widths = [max(hi[a:b]) - min(lo[a:b]) + card_across for a, b in segs]
        along = max((b - a - 1) * space.rank + card_along for a, b in segs)
        return sum(widths) + space.fold * (len(segs) - 1), along, widths

    def zoom(segs) -> float:
        w, h, _ = extent(segs)
        return min(1.0, view_across / (w + FIT_MARGIN), view_along / (h + FIT_MARGIN))

    best, best_zoom = segments(1), zoom(segments(1))
    for k in range(2, min(MAX_FOLDS, ranks) + 1):
        segs = segments(k)
        if len(segs) < k or min(b - a for a, b in segs) < BALANCE * ranks / k:
            continue  # no cut near where it should be: a lopsided fold reads worse than none
        z = zoom(segs)
        if z > best_zoom * 1.02:
            best, best_zoom = segs, z
    if best_zoom < READABLE_ZOOM and ranks <= FORCED_MAX_RANKS:
        # the clean cuts leave it too small to read: cut through skip connections too, if that is much better
        forced = _forced_fold(rank, sources, space, ranks, (card_across, card_along), (view_across, view_along))
        if forced is not None and forced[2] > best_zoom * FORCED_GAIN:
            best, across = forced[0], forced[1]
            lo = [float("inf")] * ranks
            hi = [float("-inf")] * ranks
            for key, r in rank.items():
                lo[r] = min(lo[r], across[key])
                hi[r] = max(hi[r], across[key])
    if len(best) == 1:
        return across, rank
    new_across, new_rank = {}, {}
    segment_of = [0] * ranks
    for n, (a, b) in enumerate(best):
        for r in range(a, b):
            segment_of[r] = n
    offsets, left = [], 0.0
    for a, b in best:
        offsets.append(left - min(lo[a:b]))
        left += max(hi[a:b]) - min(lo[a:b]) + card_across + space.fold
    for key, r in rank.items():
        n = segment_of[r]
        new_across[key] = across[key] + offsets[n]
        new_rank[key] = r - best[n][0]
    return new_across, new_rank


def _forced_fold(rank: dict, sources: dict, space: Spacing, ranks: int, card: tuple[float, float],
                 view: tuple[float, float]):
    """Columns cut anywhere (an encoder–decoder whose skips span it all): ``(segments, across, zoom)`` or None.

    The number of columns is chosen from the widest rank of each column; each
    column is then arranged on its own (straight, no lanes for the edges that
    leave it: those run between the columns).
    """
    count = [0] * ranks
    for r in rank.values():
        count[r] += 1
    best = None
    for k in range(2, min(MAX_FOLDS, ranks) + 1):
        bounds = [(round(i * ranks / k), round((i + 1) * ranks / k)) for i in range(k)]
        width = sum((max(count[a:b]) - 1) * space.node + card[0] for a, b in bounds) + space.fold * (k - 1)
        height = max((b - a - 1) * space.rank + card[1] for a, b in bounds)
        z = min(1.0, view[0] / (width + FIT_MARGIN), view[1] / (height + FIT_MARGIN))
        if best is None or z > best[1] * 1.02:
            best = (bounds, z)
    if best is None:
        return None
    bounds, z = best
    across: dict = {}
    by_segment: list[list] = [[] for _ in bounds]
    segment_of = {}
    for n, (a, b) in enumerate(bounds):
        for r in range(a, b):
            segment_of[r] = n
    for key, r in rank.items():
        by_segment[segment_of[r]].append(key)
    for keys in by_segment:
        inside = set(keys)
        sub_sources = {k: [x for x in sources[k] if x in inside] for k in keys}
        across.update(_arrange(keys, sub_sources, space, {k: rank[k] for k in keys})[0])
    return bounds, across, z


def _allowed_cuts(rank: dict, sources: dict, ranks: int) -> list[int]:
    """Ranks ``r`` after which the drawing may be cut: every edge crossing from ``r`` to
    ``r + 1`` leaves the same layer (a chain, or one layer feeding a block and its shortcut)."""
    reach: dict = {}
    for key, srcs in sources.items():
        for s in srcs:
            reach[s] = max(reach.get(s, rank[s]), rank[key])
    cover = [0] * (ranks + 1)
    for s, last in reach.items():
        if last > rank[s]:
            cover[rank[s]] += 1
            cover[last] -= 1
    cuts, running = [], 0
    for r in range(ranks - 1):
        running += cover[r]
        if running <= 1:
            cuts.append(r)
    return cuts


class _LayeredGraph:
    """Keys plus waypoints, by rank, with edges between adjacent ranks only."""

    def __init__(self, keys: list, sources: dict, space: Spacing, ranks: dict | None = None):
        self.space = space
        self.rank: dict = {}
        if ranks is not None:
            low = min(ranks.values(), default=0)
            self.rank = {k: ranks[k] - low for k in keys}
        for key in keys if ranks is None else ():
            placed = [s for s in sources[key] if s in self.rank]
            self.rank[key] = 1 + max((self.rank[s] for s in placed), default=-1)
        self.real = set(keys)
        self.up: dict[object, list] = {n: [] for n in keys}
        self.down: dict[object, list] = {n: [] for n in keys}
        self.ranks: list[list] = [[] for _ in range(max(self.rank.values(), default=-1) + 1)]
        for key in keys:
            self.ranks[self.rank[key]].append(key)
        self._connect(keys, sources)

    def _connect(self, keys: list, sources: dict) -> None:
        budget = DUMMY_BUDGET_PER_LAYER * len(keys)
        edges = []
        for key in keys:
            for source in sources[key]:
                edges.append((self.rank[key] - self.rank[source], source, key))
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
            elif span > 0:
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

    def coordinates(self) -> dict:
        """The across coordinate of every key: near its neighbours' mean, cards never overlapping."""
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
        return self.space.node if a in self.real or b in self.real else self.space.lane


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
