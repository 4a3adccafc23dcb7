"""Room for a block expanded in place, without laying the design out again. No Qt.

A block laid out collapsed (`layout.layered_layout` with ``units``) had one
card's place; expanded, its layers need the room of their own drawing.
`expanded_in_place` makes that room locally (top-to-bottom; left-to-right
swaps the axes):

1. the block's layers are laid out on their own (`layout.inner_layout`) at
   the block's place;
2. **along**: in the block's column (the cards whose horizontal extents chain
   into the block card's, so the other columns of a folded drawing are not
   in it), either the cards below the block's rank move down by the drawing's
   extra height, or those above it move up (when that moves far fewer layers);
3. **across**: in the block's column, in the band of ranks its drawing now
   spans, either the cards right of the block move right by the drawing's
   extra width, or those left of it move left; the columns on that side move
   as a whole by what the block's column grew there.

Each shift moves the cards on one side of a line by one distance, away from
the line, so no two cards that were apart come to overlap and every card keeps
its order; the block's drawing lands where no card is left. A collapsed block
elsewhere moves as one card (all its layers by one distance). The cost is
linear in the design, and the layers moved are few when the block is near an
end of its column (a whole-design layout would move them all).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Callable, Hashable, Iterable, Iterator, Mapping

from .layout import CARD_SIZE, inner_layout

if TYPE_CHECKING:
    from .document import Document

Point = tuple[float, float]
PREFER_FORWARD = 2
"""The cards after the block (below, right) make room unless that moves this many times more layers than moving
the cards before it (above, left) would: a block usually grows down and right, a block near the end of a long
column up or left."""


def lands_on_others(doc: "Document", members: Iterable[str], units: Mapping[str, Hashable] | None = None,
                    inset: float = 8.0) -> bool:
    """Whether a layer of ``members``, where it is now, covers another card (a layer, a collapsed block's card at
    its layers' top-left, or another of ``members``) by more than ``inset`` on each side."""
    inside = [m for m in dict.fromkeys(members) if m in doc]
    cw, ch = CARD_SIZE
    grid: dict[tuple[int, int], list[Point]] = {}

    def cells(x: float, y: float) -> Iterator[tuple[int, int]]:
        i, j = math.floor(x / cw), math.floor(y / ch)
        return ((i + di, j + dj) for di in (0, 1) for dj in (0, 1))

    for box in _boxes(doc, set(inside), units).values():
        for cell in cells(*box):
            grid.setdefault(cell, []).append(box)
    for layer_id in inside:
        position = doc.layer(layer_id).position
        if position is None:
            continue
        x, y = position[0] + inset, position[1] + inset
        w, h = cw - 2 * inset, ch - 2 * inset
        for cell in cells(*position):
            if any(x < bx + cw and bx < x + w and y < by + ch and by < y + h for bx, by in grid.get(cell, ())):
                return True
        for cell in cells(*position):
            grid.setdefault(cell, []).append(position)
    return False


def expanded_in_place(doc: "Document", members: Iterable[str], direction: str = "TB",
                      units: Mapping[str, Hashable] | None = None) -> dict[str, Point]:
    """``{id: (x, y)}`` for every layer that moves when the block of ``members`` is expanded in place.

    ``units`` maps the layers of the other collapsed blocks to their block.
    The block's place is the top-left of its layers' current positions.
    """
    inside = [m for m in dict.fromkeys(members) if m in doc]
    if not inside:
        return {}
    flip = _axes(direction)
    placed = [flip(p) for p in (doc.layer(m).position for m in inside) if p is not None]
    offsets = {m: flip(o) for m, o in inner_layout(doc, inside, direction).items()}
    card_a, card_l = flip(CARD_SIZE)
    oa, ol = min((p[0] for p in placed), default=0.0), min((p[1] for p in placed), default=0.0)
    ea = max(o[0] for o in offsets.values()) + card_a
    el = max(o[1] for o in offsets.values()) + card_l
    grow_a, grow_l = max(0.0, ea - card_a), max(0.0, el - card_l)

    unit_layers: dict[Hashable, list[str]] = {}
    was = {key: flip(p) for key, p in _boxes(doc, set(inside), units, unit_layers).items()}
    boxes = {key: list(p) for key, p in was.items()}
    moved_units: set[Hashable] = set()

    def weight(keys: Iterable[Hashable]) -> int:
        return sum(len(unit_layers[k]) for k in keys)

    # Along: the cards after the block's rank in its column move on, or those before it move back (fewer layers).
    left, right = _run([b[0] for b in boxes.values()], card_a, oa, card_a)
    column = [k for k, b in boxes.items() if left <= b[0] < right]
    after = [k for k in column if boxes[k][1] > ol + card_l / 2]
    before = [k for k in column if boxes[k][1] < ol - card_l / 2]
    forward = weight(after) <= PREFER_FORWARD * weight(before)
    start_l = ol if forward else ol + card_l - el
    if grow_l:
        for key in after if forward else before:
            boxes[key][1] += grow_l if forward else -grow_l
            moved_units.add(key)
    # Across: in the block's column, the cards in the ranks its drawing spans move aside on one side, and the
    # columns on that side move by what the block's column grew there (whole: they keep their shape).
    low, high = _run([boxes[k][1] for k in column], card_l, start_l, el)
    band = [k for k in column if boxes[k][1] < high and boxes[k][1] + card_l > low]
    sides = []
    for sign, near, far in ((1, [k for k in band if boxes[k][0] > oa], [k for k, b in boxes.items() if b[0] >= right]),
                            (-1, [k for k in band if boxes[k][0] < oa],
                             [k for k, b in boxes.items() if b[0] + card_a <= left])):
        start = oa if sign > 0 else oa + card_a - ea
        if sign > 0:
            edge = max([right, start + ea] + [boxes[k][0] + grow_a + card_a for k in near])
            growth = edge - right
        else:
            edge = min([left, start] + [boxes[k][0] - grow_a for k in near])
            growth = left - edge
        moving = near + (far if growth > 0 else [])
        sides.append((weight(moving), sign, start, near, far if growth > 0 else [], growth))
    forward_side, backward_side = sides
    _, sign, start_a, near, far, growth = (
        forward_side if forward_side[0] <= PREFER_FORWARD * backward_side[0] else backward_side)
    if grow_a:
        for key in near:
            boxes[key][0] += sign * grow_a
            moved_units.add(key)
        for key in far:
            boxes[key][0] += sign * growth
            moved_units.add(key)

    moved: dict[str, Point] = {m: _rounded(flip((start_a + o[0], start_l + o[1]))) for m, o in offsets.items()}
    for key in moved_units:
        dx, dy = flip((boxes[key][0] - was[key][0], boxes[key][1] - was[key][1]))
        for layer_id in unit_layers[key]:
            x, y = doc.layer(layer_id).position  # type: ignore[misc]
            moved[layer_id] = _rounded((x + dx, y + dy))
    return {i: p for i, p in moved.items() if doc.layer(i).position != p}


def _axes(direction: str) -> Callable[[Point], Point]:
    """``(x, y)`` → ``(across, along)`` for ``direction`` (its own inverse)."""
    if direction == "TB":
        return lambda p: (p[0], p[1])
    return lambda p: (p[1], p[0])


def _rounded(p: Point) -> Point:
    return (round(p[0], 1), round(p[1], 1))


def _boxes(doc: "Document", inside: set[str], units: Mapping[str, Hashable] | None,
           unit_layers: dict[Hashable, list[str]] | None = None) -> dict[Hashable, Point]:
    """The top-left of every card on the canvas but the block's: a layer's, or a collapsed block's (its layers')."""
    boxes: dict[Hashable, Point] = {}
    for node in doc:
        if node.id in inside or node.position is None:
            continue
        key = units.get(node.id, node.id) if units else node.id
        x, y = node.position
        if key in boxes:
            bx, by = boxes[key]
            boxes[key] = (min(bx, x), min(by, y))
        else:
            boxes[key] = (x, y)
        if unit_layers is not None:
            unit_layers.setdefault(key, []).append(node.id)
    return boxes


def _run(starts: list[float], size: float, seed: float, seed_size: float) -> tuple[float, float]:
    """The extent of the run of intervals ``[start, start + size]`` that overlap ``[seed, seed + seed_size]`` or
    one that does, transitively: on the across axis a column of a folded drawing (columns are apart), on the
    along axis a band of ranks."""
    spans = sorted([(a, a + size) for a in starts] + [(seed, seed + seed_size)])
    low, high = spans[0]
    for a, b in spans[1:]:
        if a < high:
            high = max(high, b)
            continue
        if low <= seed < high:
            break
        low, high = a, b
    return low, high
