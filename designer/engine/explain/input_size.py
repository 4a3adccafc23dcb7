"""The ``change_input_size`` fix: the nearest input sizes for which every pooling/upsampling path lines up.

The sizes are found by re-running the engine on copies of the design with
candidate sizes around the current one, never from a formula, so any mix of
pooling, strides, padding, up-sampling and skip connections is handled. A size
*lines up* (see `warnings.lines_up`) when the design is valid, no layer drops
rows or columns and an encoder–decoder gives back its input's size; when no
size in the search window achieves that, weaker levels are accepted (valid
with no dropped pixels, then merely valid), but always better than now.

Square inputs are searched with every spatial axis at the same size. For other
inputs, the sizes that line up are found the same way around each axis's size,
the nearest per axis is taken, and the combination is checked once more.

The answer depends on the design only, not on which layer asks: one explanation
run searches once per input (`FixSearch.remember`) and counts its engine runs
against the run's budget.
"""

from __future__ import annotations

import math
import time
from dataclasses import replace

from designer.model import Document, upstream
from designer.model.edits import Edit, Step

from ..inference import ModelInference
from .model import Fix
from .paths import clone, is_input
from .search import FixSearch
from .text import fmt_size
from .warnings import lineage, lines_up

BUDGET_SECONDS = 0.25
"""Rough time the search may take; sets how far from the current size it looks (8 to 64 steps each way)."""

SEARCH_LAYERS = 20_000
"""Layer inferences after which the search stops once it has the nearest sizes that line up on both sides."""

LEVELS = ("the design is valid and every pooling/upsampling path lines up",
          "the design is valid and no layer drops rows or columns", "the design is valid")


def _sample_key(doc: Document, input_id: str) -> tuple[str, list]:
    cfg = doc.layer(input_id).config
    if cfg.get("batch_shape") is not None:
        return "batch_shape", list(cfg["batch_shape"])
    return "shape", list(cfg.get("shape") or [])


def spatial_positions(doc: Document, input_id: str) -> list[int]:
    """Positions in the InputLayer's shape list of its spatial axes (known sizes only)."""
    key, values = _sample_key(doc, input_id)
    offset = 1 if key == "batch_shape" else 0
    sample = values[offset:]
    if len(sample) < 2 or not all(isinstance(v, int) for v in sample if v is not None):
        return []
    first = any((n.config.get("data_format") == "channels_first") for n in doc)
    axes = range(1, len(sample)) if first else range(len(sample) - 1)
    return [a + offset for a in axes if sample[a] is not None]


def resize_edit(doc: Document, input_id: str, sizes: dict[int, int]) -> Edit:
    """Set the given positions of the InputLayer's shape (one undoable step)."""
    node = doc.layer(input_id)
    key, values = _sample_key(doc, input_id)
    for position, size in sizes.items():
        values[position] = size
    return Edit(f"Change the input size of {node.name}", [Step("replace", new=node.with_config(**{key: values}))])


def _resized(doc: Document, input_id: str, sizes: dict[int, int], search: FixSearch) -> tuple | None:
    """The design with the input resized and its inference; None when the search's budget is spent."""
    copy = clone(doc)
    resize_edit(copy, input_id, sizes).apply(copy)
    inference = search.infer(copy)
    return None if inference is None else (copy, inference)


def _level(doc: Document, input_id: str, sizes: dict[int, int], search: FixSearch) -> int | None:
    """`lines_up` at these sizes; None when the budget is spent."""
    tried = _resized(doc, input_id, sizes, search)
    return None if tried is None else lines_up(*tried)


def the_input(doc: Document, layer_id: str | None, search: FixSearch | None = None) -> str | None:
    """The one InputLayer (upstream of ``layer_id``) whose size can be changed, else None.

    With ``search``, the design's lineage is computed once for the whole run instead of one walk per layer.
    """
    if search is not None and layer_id:
        lines = search.remember("lineage", lambda: lineage(search.doc, search.inference))
        inputs = sorted(lines[layer_id].inputs) if layer_id in lines else []
    else:
        ids = upstream(doc, [layer_id]) if layer_id else set(doc.ids())
        inputs = [i for i in doc.ids() if i in ids and is_input(doc.layer(i).class_name)]
    return inputs[0] if len(inputs) == 1 and spatial_positions(doc, inputs[0]) else None


def _radius(doc: Document, groups: int, search: FixSearch) -> int:
    start = time.perf_counter()
    search.infer(doc)
    per_run = max(time.perf_counter() - start, 1e-5)
    return max(8, min(64, int(BUDGET_SECONDS / per_run / 2 / max(groups, 1))))


def search_sizes(doc: Document, input_id: str, around: int, positions: list[int], radius: int,
                 search: FixSearch) -> dict[int, list[int]]:
    """Candidate sizes within ``radius`` of ``around`` (all ``positions`` at that size), by level, nearest first
    tried; the search stops early when the budget is spent."""
    found: dict[int, list[int]] = {0: [], 1: [], 2: []}
    lo = max(1, around - radius)
    start = search.cost
    for size in sorted(range(lo, around + radius + 1), key=lambda s: (abs(s - around), -s)):
        best = found[0]
        if search.cost - start > SEARCH_LAYERS and any(s < around for s in best) and any(s > around for s in best):
            break  # a large design: the nearest sizes on both sides are known, the rest of the window is not needed
        level = _level(doc, input_id, {p: size for p in positions}, search)
        if level is None:
            break
        if level < 3:
            found[level].append(size)
    for sizes in found.values():
        sizes.sort()
    return found


def describe(sizes: list[int], lo: int, hi: int) -> str | None:
    """``multiples of 16`` (or ``8·k + 6``) when that is exactly the pattern in [lo, hi], else None."""
    if len(sizes) < 2:
        return None
    step = math.gcd(*(b - a for a, b in zip(sizes, sizes[1:])))
    rest = sizes[0] % step if step else 0
    if step < 2 or sizes != [s for s in range(lo, hi + 1) if s % step == rest]:
        return None
    return f"multiples of {step}" if rest == 0 else f"{step}·k + {rest}"


def _nearby(sizes: list[int], n: int, lo: int, hi: int) -> str:
    """``352 and 368 (multiples of 16)`` or ``30, 38, 46, …``."""
    pattern = describe(sizes, lo, hi)
    if pattern is None:
        return ", ".join(str(s) for s in sizes[:6]) + (", …" if len(sizes) > 6 else "")
    return f"{' and '.join(str(s) for s in _nearest(sizes, n))}; {pattern}"


def _nearest(sizes: list[int], n: int) -> list[int]:
    below = [s for s in sizes if s < n]
    above = [s for s in sizes if s > n]
    return ([max(below)] if below else []) + ([min(above)] if above else [])


def change_input_size(doc: Document, inference: ModelInference, layer_id: str | None,
                      search: FixSearch | None = None) -> Fix | None:
    """The fix that moves the input to the nearest size that lines up better than now, or None."""
    search = search or FixSearch(doc, inference)
    input_id = the_input(doc, layer_id, search)
    if input_id is None:
        return None
    fix = search.remember(("change_input_size", input_id), lambda: _change_input_size(doc, inference, input_id,
                                                                                      search))
    return None if fix is None else replace(fix, layer_id=layer_id or input_id)


def _change_input_size(doc: Document, inference: ModelInference, input_id: str, search: FixSearch) -> Fix | None:
    current = lines_up(doc, inference)
    if current == 0:
        return None
    positions = spatial_positions(doc, input_id)
    key, values = _sample_key(doc, input_id)
    by_size: dict[int, list[int]] = {}
    for p in positions:
        by_size.setdefault(values[p], []).append(p)
    radius = _radius(doc, len(by_size), search)
    chosen: dict[int, int] = {}
    notes = []
    for size, group in by_size.items():
        found = search_sizes(doc, input_id, size, positions, radius, search)
        level = next((lv for lv in (0, 1, 2) if lv < current and found[lv]), None)
        if level is None:
            return None
        sizes = found[level]
        best = min(sizes, key=lambda s: (abs(s - size), -s))
        for p in group:
            chosen[p] = best
        lo, hi = max(1, size - radius), size + radius
        notes.append((_nearby(sizes, size, lo, hi), level))
    edit = resize_edit(doc, input_id, chosen)
    tried = _resized(doc, input_id, chosen, search)
    if tried is None or lines_up(*tried) >= current:
        return None
    old = fmt_size([values[p] for p in positions])
    new = fmt_size([chosen[p] for p in positions])
    nearby = "; ".join(text for text, _ in notes)
    valid = tried[1].valid
    label = (f"Change the input size from {old} to {new}, the nearest size where {LEVELS[notes[0][1]]} "
             f"(sizes that work nearby: {nearby})" + (" — the whole design is then valid" if valid else ""))
    return Fix("change_input_size", label, edit, input_id, valid)
