"""Where layers go: a free spot below a source, positions for layers without one, auto layout.

The auto layout is `designer.model.layout.layered_layout` (imported lazily);
if that module is missing, `rank_layout` (rank = longest path from an input)
stands in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

from PySide6.QtCore import QRectF

from designer.model import Document, topological_order

from . import style

if TYPE_CHECKING:
    from .scene import GraphScene


def rank_layout(doc: Document) -> dict[str, tuple[float, float]]:
    """Fallback layout: one row per rank (longest path from an input), rows centred on x = 0."""
    rank: dict[str, int] = {}
    rows: dict[int, list[str]] = {}
    for layer_id in topological_order(doc):
        sources = [s.layer for s in doc.layer(layer_id).inbound if s.layer in rank]
        rank[layer_id] = 1 + max((rank[s] for s in sources), default=-1)
        rows.setdefault(rank[layer_id], []).append(layer_id)
    positions = {}
    for r, row in rows.items():
        left = -(len(row) - 1) * style.NODE_GAP / 2
        for i, layer_id in enumerate(row):
            positions[layer_id] = (left + i * style.NODE_GAP, r * style.RANK_GAP)
    return positions


DIRECTION_KEY = "canvas/layout_direction"


def layout_direction() -> str:
    """The direction the user last chose for the auto layout: ``"TB"`` (default) or ``"LR"``."""
    from designer.gui.settings import settings

    value = settings().value(DIRECTION_KEY, "TB")
    return value if value in ("TB", "LR") else "TB"


def remember_layout_direction(direction: str) -> None:
    from designer.gui.settings import settings

    settings().setValue(DIRECTION_KEY, direction)


def auto_positions(doc: Document, fit: tuple[float, float] | None = None, units=None,
                   direction: str | None = None) -> dict[str, tuple[float, float]]:
    """``{id: (x, y)}`` for every layer, from the model's layered layout when available.

    ``fit`` (the window's size) folds a long drawing into columns; ``units``
    maps the layers of collapsed blocks to their block; ``direction`` defaults
    to the user's choice (`layout_direction`).
    """
    try:
        from designer.model.layout import layered_layout
    except ImportError:
        return rank_layout(doc)
    return layered_layout(doc, direction or layout_direction(), fit, units)


def missing_positions(doc: Document) -> dict[str, tuple[float, float]]:
    """Positions for the layers that have none: all laid out if none has one, else each below its source."""
    nodes = list(doc)
    if all(n.position is None for n in nodes):
        return auto_positions(doc) if nodes else {}
    if all(n.position is not None for n in nodes):
        return {}
    known = {n.id: n.position for n in nodes if n.position is not None}
    bottom = max((p[1] for p in known.values()), default=0.0)
    placed: dict[str, tuple[float, float]] = {}
    taken = {(round(x), round(y)) for x, y in known.values()}
    for layer_id in topological_order(doc):
        if layer_id in known:
            continue
        sources = [s.layer for s in doc.layer(layer_id).inbound if s.layer in known]
        if sources:
            x, y = known[sources[0]][0], known[sources[0]][1] + style.RANK_GAP
        else:
            bottom += style.RANK_GAP
            x, y = 0.0, bottom
        while (round(x), round(y)) in taken:
            x += style.NODE_GAP
        taken.add((round(x), round(y)))
        known[layer_id] = placed[layer_id] = (x, y)
    return placed


def free_spot(scene: "GraphScene", x: float, y: float, ignore: Iterable[str] = ()) -> tuple[float, float]:
    """(x, y), moved right a card at a time until no card is there."""
    from .layer_item import LayerItem

    skip = set(ignore)
    for _ in range(200):
        rect = QRectF(x - 12, y - 12, style.CARD_W + 24, style.CARD_H + 24)
        if not any(isinstance(i, LayerItem) and i.layer_id not in skip for i in scene.items(rect)):
            break
        x += style.NODE_GAP
    return (x, y)


def below(scene: "GraphScene", source_ids: list[str]) -> tuple[float, float]:
    """A free spot one rank below the given layers, centred under them."""
    items = [scene.layer_item(i) for i in source_ids]
    items = [i for i in items if i is not None]
    if not items:
        return free_spot(scene, 0.0, 0.0)
    if getattr(scene, "direction", "TB") == "LR":
        x = max(i.pos().x() for i in items) + style.CARD_W + 80
        y = sum(i.pos().y() for i in items) / len(items)
    else:
        x = sum(i.pos().x() for i in items) / len(items)
        y = max(i.pos().y() for i in items) + style.RANK_GAP
    return free_spot(scene, round(x), round(y))


def centred_at(x: float, y: float) -> tuple[float, float]:
    """The card position (top-left) that centres a card on (x, y)."""
    return (round(x - style.CARD_W / 2), round(y - style.CARD_H / 2))
