"""Warnings: designs Keras accepts but a learner probably did not mean, each pointing at a real problem.

- ``shape_mismatch``: an encoder–decoder whose output's spatial size differs
  from its input's (the 28 → 24 autoencoder);
- ``dropped_pixels``: a 'valid' pooling or strided convolution whose windows
  never reach the last rows or columns (7 → 3 loses one row and one column),
  warned only where that loss leads to a problem downstream: an output of the
  wrong size, or a merge (or a window) that fails. A stem that drops a row on
  purpose (ResNet50's 7×7 stride-2 convolution, a 1×1 stride-2 shortcut) is
  how the architecture is meant and is not warned;
- ``channels_first_input``: an input such as ``(3, 224, 224)`` read by
  channels-last layers;
- ``dense_feature_map``: a Dense on a feature map of rank 4 or more whose
  result is never used as a map again (it acts on the channels only).

Detection is pure and linear in the design's size: one pass in topological
order (`lineage`) gives every layer its inputs, whether an up-sampling and a
down-sampling lie upstream, and the first layers upstream that drop pixels, so
a design with thousands of outputs costs no more than one walk. Fixes are not
here (`fixes.warning_fixes` adds them).
"""

from __future__ import annotations

from dataclasses import dataclass

from designer.model import Document, upstream
from designer.model.graph import downstream

from ..inference import ModelInference, LayerResult
from .model import DesignWarning
from .paths import (
    config_of, dropped, fmt_of, has_trait, is_input, pool_formula, reads_map,
    spatial_of, window,
)
from .text import SPATIAL_NAMES, UNITS, fmt_shape, fmt_size, plural

NAMED_DROPS = 3
"""At most this many pixel-dropping layers are named in a mismatch warning."""
TRAIL_STEPS = 12
"""At most this many size changes are spelled out in a warning's trail (the rest is "…")."""


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def drop_details(r: LayerResult, w=False) -> tuple[list[str], list[str], tuple] | None:
    """For a layer that drops pixels: the lost amounts (``1 row``), one formula per lossy axis, the input size.

    An axis whose window is narrower than its stride (a 1×1 stride-2 shortcut) skips rows all along by design:
    losing the last one too is not reported. ``w``: the layer's window when the caller has it already.
    """
    w = window(r.class_name, r.config) if w is False else w
    if w is None or w.padding != "valid" or not r.inputs or r.inputs[0] is None:
        return None
    spatial = spatial_of(r.inputs[0], w.rank, fmt_of(r.config))
    if spatial is None or len(spatial) != w.rank:
        return None
    lost, formulas = [], []
    for name, n, span, stride in zip(SPATIAL_NAMES[w.rank], spatial, w.spans, w.strides):
        k = dropped(n, span, stride) if span >= stride else 0
        if k:
            one, many = UNITS[name]
            lost.append(plural(k, one, many))
            used = n - k
            out = (n - span) // stride + 1
            formulas.append(f"{name}: {pool_formula(n, span, stride)} window{'s' if out != 1 else ''} "
                            f"reach{'es' if out == 1 else ''} only {used} of the {n} {many}")
    return (lost, formulas, spatial) if lost else None


@dataclass(frozen=True)
class Lineage:
    """What lies upstream of one layer (itself included): its InputLayers, up- and down-sampling, lossy layers."""

    inputs: frozenset
    up: bool
    down: bool
    drops: tuple[str, ...]


@dataclass
class Scan:
    """One pass over a design: every layer's `Lineage`, the drop details of the layers that drop pixels,
    and the outputs of the wrong size (result, input result, output size, input size)."""

    lines: dict[str, Lineage]
    lossy: dict[str, tuple]
    mismatched: list


def scan(doc: Document, inference: ModelInference) -> Scan:
    """The design's `Scan`, in one pass in topological order (single-input layers share their parent's sets)."""
    lines: dict[str, Lineage] = {}
    lossy: dict[str, tuple] = {}
    empty = frozenset()
    for layer_id in inference.order:
        node, r = doc.layer(layer_id), inference[layer_id]
        parents = [lines[s.layer] for s in node.inbound if s.layer in lines]
        if is_input(node.class_name):
            inputs = frozenset((layer_id,))
        elif len(parents) == 1:
            inputs = parents[0].inputs
        else:
            inputs = empty.union(*(p.inputs for p in parents)) if parents else empty
        drops = parents[0].drops if len(parents) == 1 else \
            tuple(dict.fromkeys(d for p in parents for d in p.drops))[:NAMED_DROPS]
        w = window(node.class_name, r.config)
        details = drop_details(r, w) if w is not None and r.outputs is not None else None
        if details is not None:
            lossy[layer_id] = details
            if len(drops) < NAMED_DROPS:
                drops = (*drops, layer_id)
        down = w is not None and (w.kind == "pool" or max(w.strides) > 1)
        lines[layer_id] = Lineage(
            inputs, has_trait(node.class_name, "upsampling") or any(p.up for p in parents),
            down or any(p.down for p in parents), drops)
    return Scan(lines, lossy, list(_mismatched_outputs(doc, inference, lines)))


def lineage(doc: Document, inference: ModelInference) -> dict[str, Lineage]:
    """Every layer's `Lineage` (see `scan`)."""
    return scan(doc, inference).lines


def drop_summary(inference: ModelInference, ids, lossy: dict[str, tuple] | None = None) -> list[str]:
    """``pool3 turns 89×89 into 44×44, dropping 1 row and 1 column`` for each of ``ids`` that drops pixels
    (a list or tuple is taken in its order; a set in the design's order)."""
    out = []
    ordered = ids if isinstance(ids, (list, tuple)) else [i for i in inference.order if i in ids]
    for layer_id in ordered:
        r = inference[layer_id]
        if r.outputs is None:
            continue
        details = lossy.get(layer_id) if lossy is not None else drop_details(r)
        if details:
            w = window(r.class_name, r.config)
            after = spatial_of(r.outputs[0], w.rank, fmt_of(r.config))
            out.append(f"{r.name} turns {fmt_size(details[2])} into {fmt_size(after)}, dropping {_join(details[0])}")
    return out


class Trails:
    """Size trails along first inputs (`paths.trail`), shared between layers: linear for a whole design."""

    def __init__(self, doc: Document, inference: ModelInference):
        self.doc, self.inference = doc, inference
        self._memo: dict[str, tuple] = {}

    def _steps(self, layer_id: str) -> tuple:
        """``(rank, steps)``: steps a tuple of (name, sizes) from the input, only where the size changes."""
        chain, i = [], layer_id
        while i not in self._memo and i not in chain[-1:]:
            chain.append(i)
            node = self.doc.layer(i)
            if not node.inbound:
                break
            i = node.inbound[0].layer
        for i in reversed(chain):
            r = self.inference[i]
            node = self.doc.layer(i)
            parent = self._memo.get(node.inbound[0].layer) if node.inbound else None
            rank, steps = parent if parent is not None else (None, ())
            if r.outputs is None or (rank is not None and len(r.outputs[0]) != rank):
                self._memo[i] = (rank, steps)
                continue
            sp = spatial_of(r.outputs[0], fmt=fmt_of(r.config))
            if sp is None:
                self._memo[i] = (rank, steps)
                continue
            if not steps or steps[-1][1] != sp:
                steps = (*(steps if len(steps) < 4 * TRAIL_STEPS else (steps[0], *steps[-TRAIL_STEPS:])),
                         (r.name, sp))
            self._memo[i] = (len(r.outputs[0]), steps)
        return self._memo[layer_id]

    def text(self, layer_id: str) -> str:
        """``input 28×28 → conv2d_1 26×26 → …`` (the first step and the last ones when it is long)."""
        steps = self._steps(layer_id)[1]
        shown = steps if len(steps) <= TRAIL_STEPS else (steps[0], ("…", None), *steps[-(TRAIL_STEPS - 1):])
        return " → ".join(name if sp is None else f"{name} {fmt_size(sp)}" for name, sp in shown)


def _main_input(inference: ModelInference, inputs, rank: int) -> LayerResult | None:
    found = [inference[i] for i in inputs]
    found = [r for r in found if r.outputs is not None and len(r.outputs[0]) == rank]
    return found[0] if len(found) == 1 else None


def _mismatched_outputs(doc: Document, inference: ModelInference, lines: dict[str, Lineage]):
    """``(result, input result, output size, input size)`` for each encoder–decoder output of the wrong size."""
    for src in doc.outputs():
        r = inference.layers.get(src.layer)
        if r is None or r.outputs is None or src.index >= len(r.outputs) or len(r.outputs[src.index]) < 3:
            continue
        line = lines[r.id]
        if not (line.up and line.down):
            continue
        shape = r.outputs[src.index]
        source = _main_input(inference, line.inputs, len(shape))
        if source is None:
            continue
        fmt = fmt_of(r.config)
        before, after = spatial_of(source.outputs[0], fmt=fmt), spatial_of(shape, fmt=fmt)
        if None in before or None in after or before == after:
            continue
        yield r, source, after, before


def shape_mismatches(doc: Document, inference: ModelInference, found: Scan | None = None) -> list[DesignWarning]:
    """Encoder–decoder outputs whose spatial size is not the input's."""
    found = scan(doc, inference) if found is None else found
    trails = Trails(doc, inference)
    warnings = []
    for r, _source, after, before in found.mismatched:
        drops = drop_summary(inference, found.lines[r.id].drops, found.lossy)
        because = (" " + "; ".join(drops) + ", and up-sampling cannot give dropped rows or columns back."
                   if drops else "")
        warnings.append(DesignWarning("shape_mismatch", r.id, (
            f"the model's output {r.name} is {fmt_size(after)} but its input is {fmt_size(before)}: this "
            f"encoder–decoder does not give back the input's size. Sizes along the way: "
            f"{trails.text(r.id)}.{because}")))
    return warnings


# Size problems an invalid layer has (shared with the diagnoses and fixes) ------------

def too_small(doc: Document, inference: ModelInference, layer_id: str):
    """``(window, input spatial sizes)`` when a 'valid' window does not fit the layer's input, else None."""
    node, r = doc.layer(layer_id), inference[layer_id]
    w = window(node.class_name, config_of(doc, layer_id))
    if w is None or w.padding != "valid" or len(r.inputs) != 1 or r.inputs[0] is None:
        return None
    spatial = spatial_of(r.inputs[0], w.rank, fmt_of(config_of(doc, layer_id)))
    if spatial is None or len(spatial) != w.rank:
        return None
    if any(n is not None and n < span for n, span in zip(spatial, w.spans)):
        return w, spatial
    return None


def merge_mismatch(inference: ModelInference, layer_id: str, class_name: str) -> bool:
    """A merge whose inputs (of one rank, with spatial axes) differ in spatial size."""
    r = inference[layer_id]
    return has_trait(class_name, "merge") and len(r.inputs) >= 2 and len({len(s) for s in r.inputs}) == 1 \
        and 3 <= len(r.inputs[0]) <= 5 and len({tuple(s[1:-1]) for s in r.inputs}) > 1


def size_problems(doc: Document, inference: ModelInference) -> list[str]:
    """Layers with an error of their own about sizes: a window that does not fit, a merge that does not line up."""
    return [r.id for r in inference.invalid()
            if merge_mismatch(inference, r.id, r.class_name) or too_small(doc, inference, r.id) is not None]


def dropped_pixels(doc: Document, inference: ModelInference, found: Scan | None = None) -> list[DesignWarning]:
    """Layers that drop pixels upstream of a size problem: a mismatched output, a failing merge or window."""
    found = scan(doc, inference) if found is None else found
    if not found.lossy:
        return []
    roots = [r.id for r, *_ in found.mismatched] + size_problems(doc, inference)
    if not roots:
        return []
    feeding = upstream(doc, roots)
    warnings = []
    for layer_id in (i for i in inference.order if i in found.lossy and i in feeding):
        r = inference[layer_id]
        lost, formulas, spatial = found.lossy[layer_id]
        last = _join([f"the last {p[2:] if p.startswith('1 ') else p}" for p in lost])
        single = len(lost) == 1 and lost[0].startswith("1 ")
        message = (f"{r.name} drops {_join(lost)} of its {fmt_size(spatial)} input: {'; '.join(formulas)}. "
                   f"{last[0].upper() + last[1:]} {'is' if single else 'are'} never used "
                   f"(padding='same' would keep {'it' if single else 'them'}), and the sizes no longer "
                   f"line up further on.")
        warnings.append(DesignWarning("dropped_pixels", r.id, message))
    return warnings


def looks_channels_first(sample) -> bool:
    """``(3, 224, 224)``: a few channels first and a large last axis, as an image read channels first."""
    return len(sample) in (3, 4) and sample[0] in (1, 3, 4) and sample[-1] is not None and sample[-1] > 4


def channels_first_inputs(doc: Document, inference: ModelInference) -> list[DesignWarning]:
    warnings = []
    for r in inference.results():
        if not is_input(r.class_name) or r.outputs is None:
            continue
        sample = r.outputs[0][1:]
        if not looks_channels_first(sample):
            continue
        below = downstream(doc, [r.id])
        if any(fmt_of(inference[i].config) == "channels_first" for i in below if inference[i].config):
            continue
        fixed = (*sample[1:], sample[0])
        warnings.append(DesignWarning("channels_first_input", r.id, (
            f"the input shape {fmt_shape(sample)} looks channels-first ({sample[0]} channels, then "
            f"{fmt_size(sample[1:])} pixels), but the layers after it read channels last: they see "
            f"{fmt_size(sample[:-1])} images with {sample[-1]} channels. Use the shape {fmt_shape(fixed)}, "
            f"or data_format='channels_first' in every layer.")))
    return warnings


def _feeds_a_map_layer(doc: Document, order: list[str]) -> dict[str, bool]:
    """For every layer: whether some layer after it (downstream, itself excluded) `reads_map`.

    One pass in reverse topological order, so a chain of many Dense layers on a
    feature map costs linear time rather than one graph walk per layer.
    """
    feeds: dict[str, bool] = {}
    for layer_id in reversed(order):
        feeds[layer_id] = any(reads_map(doc.layer(c).class_name) or feeds.get(c, False)
                              for c in doc.consumers(layer_id))
    return feeds


def dense_on_feature_maps(doc: Document, inference: ModelInference) -> list[DesignWarning]:
    warnings = []
    feeds: dict[str, bool] | None = None
    for r in inference.results():
        if not has_trait(r.class_name, "per_position") or r.outputs is None or len(r.inputs[0]) < 4:
            continue
        if feeds is None:
            feeds = _feeds_a_map_layer(doc, inference.order)
        if feeds[r.id]:
            continue
        x, out = r.inputs[0], r.outputs[0]
        warnings.append(DesignWarning("dense_feature_map", r.id, (
            f"{r.name} gets the unflattened feature map {fmt_shape(x)}: {r.class_name} acts on the last axis only, so its "
            f"output is {fmt_shape(out)} (one {x[-1]} → {out[-1]} mapping per position), not {out[-1]} numbers "
            "per sample. To use the whole map, add a Flatten (or a global pooling layer) before it.")))
    return warnings


def detect_warnings(doc: Document, inference: ModelInference) -> list[DesignWarning]:
    """Every warning of the design, without fixes, in layer order within each kind."""
    found = scan(doc, inference)
    return [*dropped_pixels(doc, inference, found), *shape_mismatches(doc, inference, found),
            *channels_first_inputs(doc, inference), *dense_on_feature_maps(doc, inference)]


def lines_up(doc: Document, inference: ModelInference) -> int:
    """How well sizes line up: 0 valid with no dropped pixels and no shape mismatch, 1 valid with no
    dropped pixels, 2 valid, 3 invalid (lower is better)."""
    if not inference.valid:
        return 3
    found = scan(doc, inference)
    if found.lossy:
        return 2
    return 1 if found.mismatched else 0
