"""Room for a layer inserted into a drawing: the cards after it in its column move on by one rank. No Qt.

Inserting ``a → new → b`` where ``b`` sits one rank below ``a`` would drop the
new card on ``b`` (or, placed beside it, read as a branch). `insert_place`
puts the new card one rank after its source, in the source's column, and when
a card is there moves every card of that column from that rank on by one rank
(top-to-bottom: down; left-to-right: right). Cards of other columns stay, the
column keeps its order and spacing, and the move is part of the insertion's
one undo step. Where the chosen place is free, nothing moves.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from .layout import CARD_SIZE, RANK_GAP

if TYPE_CHECKING:
    from .document import Document

Point = tuple[float, float]
MARGIN = 8.0
"""Cards closer than this count as touching."""
LR_RANK = CARD_SIZE[0] + 80.0
"""The distance between ranks of a left-to-right drawing (`layout.SPACING["LR"].rank`)."""


def _overlaps(a: Point, b: Point) -> bool:
    w, h = CARD_SIZE
    return a[0] < b[0] + w + MARGIN and b[0] < a[0] + w + MARGIN and a[1] < b[1] + h + MARGIN and \
        b[1] < a[1] + h + MARGIN


def insert_place(doc: "Document", source: str | None, wanted: Point, direction: str = "TB",
                 ignore: frozenset[str] = frozenset()) -> tuple[Point, dict[str, Point]]:
    """Where a card inserted after ``source`` goes, and ``{id: position}`` of the cards that move to make room.

    ``wanted`` is the place asked for (a drop point): kept when no card is there. Otherwise the card goes one
    rank after ``source`` in its column, and that column's cards from there on move on by one rank.
    """
    placed: Mapping[str, Point] = {n.id: n.position for n in doc if n.position is not None and n.id not in ignore}
    if not any(_overlaps(wanted, p) for p in placed.values()):
        return wanted, {}
    origin = placed.get(source) if source is not None else None
    if origin is None:
        return wanted, {}
    tb = direction != "LR"
    step = RANK_GAP if tb else LR_RANK
    place = (origin[0], origin[1] + step) if tb else (origin[0] + step, origin[1])
    if not any(_overlaps(place, p) for p in placed.values()):
        return place, {}
    w, h = CARD_SIZE
    moves = {}
    for layer_id, (x, y) in placed.items():
        if tb and abs(x - place[0]) < w and y >= place[1] - h / 2:
            moves[layer_id] = (x, y + step)
        elif not tb and abs(y - place[1]) < h and x >= place[0] - w / 2:
            moves[layer_id] = (x + step, y)
    return place, moves
