"""Warnings: designs Keras accepts but a learner probably did not mean.

- ``dropped_pixels``: a 'valid' pooling or strided convolution whose windows
  never reach the last rows or columns (7 → 3 loses one row and one column);
- ``shape_mismatch``: an encoder–decoder whose output's spatial size differs
  from its input's (the 28 → 24 autoencoder);
- ``channels_first_input``: an input such as ``(3, 224, 224)`` read by
  channels-last layers;
- ``dense_feature_map``: a Dense on a feature map of rank 4 or more whose
  result is never used as a map again (it acts on the channels only).

Detection is pure and cheap (no fixes here; `fixes.warning_fixes` adds them).
"""

from __future__ import annotations

from designer.model import Document, upstream
from designer.model.graph import downstream

from ..inference import ModelInference, LayerResult
from .model import DesignWarning
from .paths import (
    dropped, fmt_of, has_trait, is_downsampling, pool_formula, reads_map, spatial_of, trail, trail_text, window,
)
from .text import SPATIAL_NAMES, UNITS, fmt_shape, fmt_size, plural


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def drop_details(r: LayerResult) -> tuple[list[str], list[str], tuple] | None:
    """For a layer that drops pixels: the lost amounts (``1 row``), one formula per lossy axis, the input size."""
    w = window(r.class_name, r.config)
    if w is None or w.padding != "valid" or not r.inputs:
        return None
    spatial = spatial_of(r.inputs[0], w.rank, fmt_of(r.config))
    if spatial is None or len(spatial) != w.rank:
        return None
    lost, formulas = [], []
    for name, n, span, stride in zip(SPATIAL_NAMES[w.rank], spatial, w.spans, w.strides):
        k = dropped(n, span, stride)
        if k:
            one, many = UNITS[name]
            lost.append(plural(k, one, many))
            used = n - k
            out = (n - span) // stride + 1
            formulas.append(f"{name}: {pool_formula(n, span, stride)} window{'s' if out != 1 else ''} "
                            f"reach{'es' if out == 1 else ''} only {used} of the {n} {many}")
    return (lost, formulas, spatial) if lost else None


def dropped_pixels(inference: ModelInference) -> list[DesignWarning]:
    warnings = []
    for r in inference.results():
        if r.outputs is None:
            continue
        details = drop_details(r)
        if details is None:
            continue
        lost, formulas, spatial = details
        last = _join([f"the last {p[2:] if p.startswith('1 ') else p}" for p in lost])
        single = len(lost) == 1 and lost[0].startswith("1 ")
        message = (f"{r.name} drops {_join(lost)} of its {fmt_size(spatial)} input: {'; '.join(formulas)}. "
                   f"{last[0].upper() + last[1:]} {'is' if single else 'are'} never used "
                   f"(padding='same' would keep {'it' if single else 'them'}).")
        warnings.append(DesignWarning("dropped_pixels", r.id, message))
    return warnings


def drop_summary(inference: ModelInference, ids: set[str]) -> list[str]:
    out = []
    for r in inference.results():
        if r.id in ids and r.outputs is not None:
            details = drop_details(r)
            if details:
                w = window(r.class_name, r.config)
                before = details[2]
                after = spatial_of(r.outputs[0], w.rank, fmt_of(r.config))
                out.append(f"{r.name} turns {fmt_size(before)} into {fmt_size(after)}, dropping {_join(details[0])}")
    return out


def _main_input(doc: Document, inference: ModelInference, ids: set[str], rank: int) -> LayerResult | None:
    inputs = [inference[i] for i in ids if doc.layer(i).class_name == "InputLayer"]
    inputs = [r for r in inputs if r.outputs is not None and len(r.outputs[0]) == rank]
    return inputs[0] if len(inputs) == 1 else None


def shape_mismatches(doc: Document, inference: ModelInference) -> list[DesignWarning]:
    """Encoder–decoder outputs whose spatial size is not the input's."""
    warnings = []
    for src in doc.outputs():
        r = inference.layers.get(src.layer)
        if r is None or r.outputs is None or src.index >= len(r.outputs) or len(r.outputs[src.index]) < 3:
            continue
        shape = r.outputs[src.index]
        ids = upstream(doc, [r.id])
        source = _main_input(doc, inference, ids, len(shape))
        if source is None:
            continue
        configs = {i: inference[i].config for i in ids}
        if not any(has_trait(doc.layer(i).class_name, "upsampling") for i in ids) or not any(
                is_downsampling(doc.layer(i).class_name, configs[i]) for i in ids):
            continue
        fmt = fmt_of(r.config)
        before, after = spatial_of(source.outputs[0], fmt=fmt), spatial_of(shape, fmt=fmt)
        if None in before or None in after or before == after:
            continue
        drops = drop_summary(inference, ids)
        because = (" " + "; ".join(drops) + ", and up-sampling cannot give dropped rows or columns back."
                   if drops else "")
        warnings.append(DesignWarning("shape_mismatch", r.id, (
            f"the model's output {r.name} is {fmt_size(after)} but its input is {fmt_size(before)}: this "
            f"encoder–decoder does not give back the input's size. Sizes along the way: "
            f"{trail_text(trail(doc, inference, r.id))}.{because}")))
    return warnings


def channels_first_inputs(doc: Document, inference: ModelInference) -> list[DesignWarning]:
    warnings = []
    for r in inference.results():
        if r.class_name != "InputLayer" or r.outputs is None:
            continue
        sample = r.outputs[0][1:]
        if len(sample) not in (3, 4) or sample[0] not in (1, 3, 4) or sample[-1] is None or sample[-1] <= 4:
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
        if r.class_name != "Dense" or r.outputs is None or len(r.inputs[0]) < 4:
            continue
        if feeds is None:
            feeds = _feeds_a_map_layer(doc, inference.order)
        if feeds[r.id]:
            continue
        x, out = r.inputs[0], r.outputs[0]
        warnings.append(DesignWarning("dense_feature_map", r.id, (
            f"{r.name} gets the unflattened feature map {fmt_shape(x)}: Dense acts on the last axis only, so its "
            f"output is {fmt_shape(out)} (one {x[-1]} → {out[-1]} mapping per position), not {out[-1]} numbers "
            "per sample. To use the whole map, add a Flatten (or a global pooling layer) before it.")))
    return warnings


def detect_warnings(doc: Document, inference: ModelInference) -> list[DesignWarning]:
    """Every warning of the design, without fixes, in layer order within each kind."""
    return [*dropped_pixels(inference), *shape_mismatches(doc, inference), *channels_first_inputs(doc, inference),
            *dense_on_feature_maps(doc, inference)]


def lines_up(doc: Document, inference: ModelInference) -> int:
    """How well sizes line up: 0 valid with no dropped pixels and no shape mismatch, 1 valid with no
    dropped pixels, 2 valid, 3 invalid (lower is better)."""
    if not inference.valid:
        return 3
    if dropped_pixels(inference):
        return 2
    return 1 if shape_mismatches(doc, inference) else 0
