"""Graph algorithms over a document: order, reachability, cycles. All linear time."""

from __future__ import annotations

from collections import deque
from typing import TYPE_CHECKING, Iterable

if TYPE_CHECKING:
    from .document import Document


def topological_order(doc: "Document") -> list[str]:
    """Layer ids so that every layer comes after its sources (Kahn's algorithm).

    Ties keep document order, so a chain saved in order stays in that order.
    Layers on a cycle (which a loaded document never has) are left out.
    """
    ids = doc.ids()
    position = {layer_id: i for i, layer_id in enumerate(ids)}
    pending = {}
    for layer_id in ids:
        pending[layer_id] = len({s.layer for s in doc.layer(layer_id).inbound})
    ready = [i for i in ids if pending[i] == 0]
    ready.reverse()
    order: list[str] = []
    import heapq

    heap = [(position[i], i) for i in ready]
    heapq.heapify(heap)
    while heap:
        _, layer_id = heapq.heappop(heap)
        order.append(layer_id)
        for user in doc.consumers(layer_id):
            pending[user] -= 1
            if pending[user] == 0:
                heapq.heappush(heap, (position[user], user))
    return order


def downstream(doc: "Document", start: Iterable[str]) -> set[str]:
    """Every layer reachable from ``start`` through consumers, ``start`` included."""
    seen = set(start)
    queue = deque(seen)
    while queue:
        for user in doc.consumers(queue.popleft()):
            if user not in seen:
                seen.add(user)
                queue.append(user)
    return seen


def upstream(doc: "Document", start: Iterable[str]) -> set[str]:
    """Every layer ``start`` depends on, ``start`` included."""
    seen = set(start)
    queue = deque(seen)
    while queue:
        for src in doc.layer(queue.popleft()).inbound:
            if src.layer not in seen:
                seen.add(src.layer)
                queue.append(src.layer)
    return seen


def find_cycle(doc: "Document") -> list[str] | None:
    """The ids of one cycle in document order of discovery, or None."""
    order = topological_order(doc)
    if len(order) == len(doc):
        return None
    left = set(doc.ids()) - set(order)
    # Walk sources inside the leftover set until a layer repeats: that loop is a cycle.
    start = next(i for i in doc.ids() if i in left)
    path: list[str] = []
    index: dict[str, int] = {}
    node = start
    while node not in index:
        index[node] = len(path)
        path.append(node)
        node = next(s.layer for s in doc.layer(node).inbound if s.layer in left)
    cycle = path[index[node]:]
    cycle.reverse()
    return cycle
