"""Concrete fixes, each one undoable `Edit`, checked by re-running the engine on a copy of the design.

For an invalid layer (`error_fixes`):

- ``padding_same``: switch a convolution or pooling layer to padding='same';
- ``smaller_kernel`` / ``smaller_pool``: the largest window that fits the input;
- ``remove_layer``: remove the nearest earlier pooling (or strided) layer whose
  removal gives the failing layer a large enough input: where the size fell
  below what it needs;
- ``crop_skip`` / ``pad_skip``: a Cropping or ZeroPadding layer with the exact
  amounts on the mismatched inputs of a Concatenate/Add-like merge;
- ``change_input_size``: see `input_size`.

For a warning (`warning_fixes`): ``padding_same`` on a layer that drops pixels,
``change_input_size`` for an encoder–decoder mismatch, ``channels_last_input``
for a channels-first-looking input, ``insert_flatten`` before a Dense on a
feature map. A fix is offered only if the engine confirms it works.
"""

from __future__ import annotations

from typing import Callable

from designer.model import Document, LayerNode, Source
from designer.model.edits import Edit, Step, insert_on_edge, remove_layers, set_argument, snake_case

from ..inference import ModelInference
from .input_size import change_input_size
from .model import DesignWarning, Fix
from .paths import (
    config_of, first_input_chain, fmt_of, has_trait, is_downsampling, own_error, simulate, spatial_of, window,
)
from .text import fmt_shape, fmt_size
from .warnings import detect_warnings

Check = Callable[[Document, ModelInference], bool]


def _offer(doc: Document, kind: str, label, edit: Edit, layer_id: str, works: Check) -> Fix | None:
    """The fix if the engine says ``works`` on the edited copy; the label says when it makes all valid.

    ``label`` is a string, or a function of the edited design's inference.
    """
    outcome = simulate(doc, edit)
    if outcome is None or not works(*outcome):
        return None
    valid = outcome[1].valid
    if callable(label):
        label = label(outcome[1])
    return Fix(kind, label + (" — the whole design is then valid" if valid else ""), edit, layer_id, valid)


def _fixed(layer_id: str) -> Check:
    return lambda doc, inference: not own_error(inference, layer_id)


def _size_value(values: tuple[int, ...]):
    return values[0] if len(set(values)) == 1 else list(values)


# Windows that do not fit ---------------------------------------------------------

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


def _spatial_text(inference: ModelInference, layer_id: str, rank: int, fmt: str, inputs: bool = False) -> str:
    """A layer's input (or output) spatial size as ``2×2``; ``?`` when unknown."""
    r = inference[layer_id]
    shapes = r.inputs if inputs else (r.outputs or ())
    spatial = spatial_of(shapes[0], rank, fmt) if shapes and shapes[0] is not None else None
    return fmt_size(spatial) if spatial else "?"


def padding_same(doc: Document, inference: ModelInference, layer_id: str, w) -> Fix | None:
    node = doc.layer(layer_id)
    cfg = config_of(doc, layer_id)
    if cfg is None or cfg.get("padding") != "valid" or not ({"kernel_size", "pool_size"} & set(cfg)):
        return None
    edit = set_argument(doc, layer_id, "padding", "same")
    if w is None:
        label = f"Switch {node.name} to padding='same' (zeros at the edges: out = ceil(in / stride))"
    else:
        fmt = fmt_of(cfg)
        before = _spatial_text(inference, layer_id, w.rank, fmt, inputs=True)

        def label(after: ModelInference) -> str:
            return (f"Switch {node.name} to padding='same': its {before} input then gives "
                    f"{_spatial_text(after, layer_id, w.rank, fmt)} (zeros at the edges: out = ceil(in / stride))")
    return _offer(doc, "padding_same", label, edit, layer_id, _fixed(layer_id))


def smaller_window(doc: Document, layer_id: str, w, spatial) -> Fix | None:
    node = doc.layer(layer_id)
    if w.kind == "pool":
        new = tuple(min(p, n) if n is not None else p for p, n in zip(w.sizes, spatial))
        arg, kind = "pool_size", "smaller_pool"
    else:
        new = tuple(min(k, (n - 1) // d + 1) if n is not None else k for k, d, n in zip(w.sizes, w.dilation, spatial))
        arg, kind = "kernel_size", "smaller_kernel"
    if min(new) < 1 or new == w.sizes:
        return None
    edit = set_argument(doc, layer_id, arg, _size_value(new))
    label = f"Use {arg} {fmt_size(new)} in {node.name}, the largest that fits its {fmt_size(spatial)} input"
    return _offer(doc, kind, label, edit, layer_id, _fixed(layer_id))


def remove_earlier(doc: Document, inference: ModelInference, layer_id: str, w) -> Fix | None:
    """Remove the nearest upstream downsampling layer that gives ``layer_id`` a large enough input."""
    name = doc.layer(layer_id).name
    fmt = fmt_of(config_of(doc, layer_id))
    for candidate in first_input_chain(doc, layer_id):
        node = doc.layer(candidate)
        if node.class_name == "InputLayer" or not is_downsampling(node.class_name, inference[candidate].config):
            continue
        edit = remove_layers(doc, [candidate])
        outcome = simulate(doc, edit)
        if outcome is None or own_error(outcome[1], layer_id):
            continue
        r = inference[candidate]
        c_fmt = fmt_of(r.config)
        change = (f"{fmt_size(spatial_of(r.inputs[0], fmt=c_fmt))} → {fmt_size(spatial_of(r.outputs[0], fmt=c_fmt))}"
                  if r.outputs else "")
        label = (f"Remove {node.name} ({change}), where the size fell below what {name} needs: without it {name} "
                 f"gets {_spatial_text(outcome[1], layer_id, w.rank, fmt, inputs=True)}")
        return _offer(doc, "remove_layer", label, edit, layer_id, _fixed(layer_id))
    return None


# Merges ----------------------------------------------------------------------------

def _fresh_id(doc: Document, base: str, taken: set[str]) -> str:
    names = {n.name for n in doc}
    candidate, n = base, 1
    while candidate in taken or candidate in names or candidate in doc:
        candidate, n = f"{base}_{n}", n + 1
    taken.add(candidate)
    return candidate


def _between(doc: Document, src: str, dst: str):
    a, b = doc.layer(src).position, doc.layer(dst).position
    return ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) if a and b else None


def _align(doc: Document, inference: ModelInference, layer_id: str, kind: str) -> Fix | None:
    """Crop (to the smallest) or pad (to the largest) every merge input whose spatial sizes differ."""
    node, r = doc.layer(layer_id), inference[layer_id]
    shapes = list(r.inputs)
    if len(shapes) < 2 or len(shapes) != len(node.inbound) or len({len(s) for s in shapes}) != 1:
        return None
    ndim = len(shapes[0])
    if not 3 <= ndim <= 5:
        return None
    cfg = config_of(doc, layer_id) or {}
    concat = cfg["axis"] % ndim if node.class_name == "Concatenate" else None
    axes = [a for a in range(1, ndim - 1) if a != concat]
    target = {}
    for a in axes:
        sizes = [s[a] for s in shapes]
        if None not in sizes:
            target[a] = min(sizes) if kind == "crop_skip" else max(sizes)
    cls = f"{'Cropping' if kind == 'crop_skip' else 'ZeroPadding'}{ndim - 2}D"
    arg = "cropping" if kind == "crop_skip" else "padding"
    steps, inbound, parts, taken = [], list(node.inbound), [], set()
    for port, (src, shape) in enumerate(zip(node.inbound, shapes)):
        pairs = []
        for a in range(1, ndim - 1):
            diff = abs(shape[a] - target[a]) if a in target else 0
            pairs.append([diff // 2, diff - diff // 2])
        if not any(sum(p) for p in pairs):
            continue
        new_id = _fresh_id(doc, snake_case(cls), taken)
        value = pairs[0] if ndim == 3 else pairs
        add = LayerNode(new_id, cls, {arg: value}, (src,), _between(doc, src.layer, layer_id))
        steps.append(Step("add", new=add))
        inbound[port] = Source(new_id)
        new_size = tuple(target.get(a, shape[a]) for a in range(1, ndim - 1))
        parts.append(f"{inference[src.layer].name} from {fmt_size(shape[1:-1])} to {fmt_size(new_size)} "
                     f"({cls} {tuple(tuple(p) for p in pairs) if ndim > 3 else tuple(pairs[0])})")
    if not steps:
        return None
    steps.append(Step("replace", new=node.with_inbound(inbound)))
    verb = "Crop" if kind == "crop_skip" else "Pad"
    edit = Edit(f"{verb} the inputs of {node.name}", steps)
    return _offer(doc, kind, f"{verb} {'; '.join(parts)} before {node.name}", edit, layer_id, _fixed(layer_id))


def merge_mismatch(inference: ModelInference, layer_id: str, class_name: str) -> bool:
    r = inference[layer_id]
    return has_trait(class_name, "merge") and len(r.inputs) >= 2 and len({len(s) for s in r.inputs}) == 1 \
        and 3 <= len(r.inputs[0]) <= 5 and len({tuple(s[1:-1]) for s in r.inputs}) > 1


# Entry points ------------------------------------------------------------------------

def error_fixes(doc: Document, inference: ModelInference, layer_id: str) -> list[Fix]:
    """Checked fixes for a layer with an error of its own, those that make the whole design valid first."""
    node = doc.layer(layer_id)
    fixes: list[Fix | None] = []
    small = too_small(doc, inference, layer_id)
    if small is not None:
        w, spatial = small
        fixes += [padding_same(doc, inference, layer_id, w), smaller_window(doc, layer_id, w, spatial),
                  remove_earlier(doc, inference, layer_id, w)]
    elif node.class_name.startswith("ConvLSTM"):
        fixes.append(padding_same(doc, inference, layer_id, None))
    mismatch = merge_mismatch(inference, layer_id, node.class_name)
    if mismatch:
        fixes += [_align(doc, inference, layer_id, "crop_skip"), _align(doc, inference, layer_id, "pad_skip")]
    if small is not None or mismatch:
        fixes.append(change_input_size(doc, inference, layer_id))
    found = [f for f in fixes if f is not None]
    return sorted(found, key=lambda f: not f.makes_valid)


def _warning_gone(kind: str, layer_id: str, was_valid: bool) -> Check:
    def works(doc: Document, inference: ModelInference) -> bool:
        if was_valid and not inference.valid:
            return False
        return not any(w.kind == kind and w.layer_id == layer_id for w in detect_warnings(doc, inference))

    return works


def warning_fixes(doc: Document, inference: ModelInference, warning: DesignWarning) -> list[Fix]:
    """Checked fixes that make a warning go away without making a valid design invalid."""
    layer_id, kind = warning.layer_id, warning.kind
    node = doc.layer(layer_id)
    works = _warning_gone(kind, layer_id, inference.valid)
    fix = None
    if kind == "dropped_pixels":
        edit = set_argument(doc, layer_id, "padding", "same")
        fix = _offer(doc, "padding_same", f"Switch {node.name} to padding='same' (pads the edges so no row or "
                                          "column is lost: out = ceil(in / stride))", edit, layer_id, works)
    elif kind == "shape_mismatch":
        fix = change_input_size(doc, inference, layer_id)
    elif kind == "channels_first_input":
        sample = inference[layer_id].outputs[0][1:]
        fixed = [*sample[1:], sample[0]]
        edit = set_argument(doc, layer_id, "shape", fixed)
        if doc.layer(layer_id).config.get("batch_shape") is not None:
            edit = set_argument(doc, layer_id, "batch_shape", [inference[layer_id].outputs[0][0], *fixed])
        fix = _offer(doc, "channels_last_input", f"Use the input shape {fmt_shape(tuple(fixed))} (channels last)",
                     edit, layer_id, works)
    elif kind == "dense_feature_map":
        edit, _ = insert_on_edge(doc, "Flatten", node.inbound[0], layer_id, 0,
                                 _between(doc, node.inbound[0].layer, layer_id))
        fix = _offer(doc, "insert_flatten", f"Add a Flatten before {node.name}", edit, layer_id, works)
    return [fix] if fix is not None else []

