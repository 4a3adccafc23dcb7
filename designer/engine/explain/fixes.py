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

- ``replace_class``: a layer of the wrong rank for its input (Conv1DTranspose
  on a 4-D image) becomes the class of the right rank (Conv2DTranspose).

For a warning (`warning_fixes`): ``padding_same`` on a layer that drops pixels;
for an encoder–decoder whose output is not its input's size, first the fixes
that keep the user's input size (``remove_pair``: remove a pooling and an
up-sampling layer; ``pad_end``/``crop_end``: pad or crop before the output),
then ``change_input_size``; ``channels_last_input`` for a channels-first-looking
input, ``insert_flatten`` before a Dense on a feature map. A fix is offered only
if the engine confirms it works. All trial runs of one explanation go through
one `FixSearch`, which bounds them.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace
from typing import Callable

from designer.layers import get_spec
from designer.model import Document, LayerNode, Source, upstream
from designer.model.edits import Edit, Step, insert_on_edge, remove_layers, set_argument, snake_case

from ..inference import ModelInference
from .input_size import change_input_size
from .model import DesignWarning, Fix
from .paths import config_of, first_input_chain, fmt_of, has_trait, is_downsampling, is_input, own_error, spatial_of
from .search import FixSearch
from .text import fmt_shape, fmt_size
from .warnings import drop_details, looks_channels_first, merge_mismatch, too_small

__all__ = ["error_fixes", "merge_mismatch", "too_small", "warning_fixes"]

Check = Callable[[Document, ModelInference], bool]

CROP, PAD = "Cropping{}D", "ZeroPadding{}D"
"""The classes the fixes insert to crop or pad spatial axes, by rank (1 to 3)."""

FLATTEN = "Flatten"
"""The class ``insert_flatten`` puts before a Dense-like layer on a feature map."""


def _offer(search: FixSearch, kind: str, label, edit: Edit, layer_id: str, works: Check) -> Fix | None:
    """The fix if the engine says ``works`` on the edited copy; the label says when it makes all valid.

    ``label`` is a string, or a function of the edited design's inference.
    """
    outcome = search.simulate(search.doc, edit)
    if outcome is None or not works(*outcome):
        return None
    valid = outcome[1].valid
    if callable(label):
        label = label(outcome[1])
    return Fix(kind, label + (" — the whole design is then valid" if valid else ""), edit, layer_id, valid)


def _set(search: FixSearch, layer_id: str, name: str, value) -> Edit:
    """`set_argument` (never None or a reset here), without a walk of the whole design to find the other calls
    of a shared layer when no other node has the layer's name (most layers)."""
    names = search.remember("name_counts", lambda: Counter(n.name for n in search.doc))
    node = search.doc.layer(layer_id)
    if names[node.name] > 1:
        return set_argument(search.doc, layer_id, name, value)
    return Edit(f"Set {name} of {node.name}", [Step("replace", new=replace(node, config={**node.config, name: value}))])


def _fixed(layer_id: str) -> Check:
    return lambda doc, inference: not own_error(inference, layer_id)


def _size_value(values: tuple[int, ...]):
    return values[0] if len(set(values)) == 1 else list(values)


# Windows that do not fit ---------------------------------------------------------

def _spatial_text(inference: ModelInference, layer_id: str, rank: int, fmt: str, inputs: bool = False) -> str:
    """A layer's input (or output) spatial size as ``2×2``; ``?`` when unknown."""
    r = inference[layer_id]
    shapes = r.inputs if inputs else (r.outputs or ())
    spatial = spatial_of(shapes[0], rank, fmt) if shapes and shapes[0] is not None else None
    return fmt_size(spatial) if spatial else "?"


def padding_same(search: FixSearch, layer_id: str, w) -> Fix | None:
    doc, inference = search.doc, search.inference
    node = doc.layer(layer_id)
    cfg = config_of(doc, layer_id)
    if cfg is None or cfg.get("padding") != "valid" or not ({"kernel_size", "pool_size"} & set(cfg)):
        return None
    edit = _set(search, layer_id, "padding", "same")
    if w is None:
        label = f"Switch {node.name} to padding='same' (zeros at the edges: out = ceil(in / stride))"
    else:
        fmt = fmt_of(cfg)
        before = _spatial_text(inference, layer_id, w.rank, fmt, inputs=True)

        def label(after: ModelInference) -> str:
            return (f"Switch {node.name} to padding='same': its {before} input then gives "
                    f"{_spatial_text(after, layer_id, w.rank, fmt)} (zeros at the edges: out = ceil(in / stride))")
    return _offer(search, "padding_same", label, edit, layer_id, _fixed(layer_id))


def smaller_window(search: FixSearch, layer_id: str, w, spatial) -> Fix | None:
    doc = search.doc
    node = doc.layer(layer_id)
    if w.kind == "pool":
        new = tuple(min(p, n) if n is not None else p for p, n in zip(w.sizes, spatial))
        arg, kind = "pool_size", "smaller_pool"
    else:
        new = tuple(min(k, (n - 1) // d + 1) if n is not None else k for k, d, n in zip(w.sizes, w.dilation, spatial))
        arg, kind = "kernel_size", "smaller_kernel"
    if min(new) < 1 or new == w.sizes:
        return None
    edit = _set(search, layer_id, arg, _size_value(new))
    label = f"Use {arg} {fmt_size(new)} in {node.name}, the largest that fits its {fmt_size(spatial)} input"
    return _offer(search, kind, label, edit, layer_id, _fixed(layer_id))


def remove_earlier(search: FixSearch, layer_id: str, w) -> Fix | None:
    """Remove the nearest upstream downsampling layer that gives ``layer_id`` a large enough input."""
    doc, inference = search.doc, search.inference
    name = doc.layer(layer_id).name
    fmt = fmt_of(config_of(doc, layer_id))
    for candidate in first_input_chain(doc, layer_id):
        node = doc.layer(candidate)
        if is_input(node.class_name) or not is_downsampling(node.class_name, inference[candidate].config):
            continue
        edit = remove_layers(doc, [candidate])
        outcome = search.simulate(doc, edit)
        if outcome is None:
            return None
        if own_error(outcome[1], layer_id):
            continue
        r = inference[candidate]
        c_fmt = fmt_of(r.config)
        change = (f"{fmt_size(spatial_of(r.inputs[0], fmt=c_fmt))} → {fmt_size(spatial_of(r.outputs[0], fmt=c_fmt))}"
                  if r.outputs else "")
        label = (f"Remove {node.name} ({change}), where the size fell below what {name} needs: without it {name} "
                 f"gets {_spatial_text(outcome[1], layer_id, w.rank, fmt, inputs=True)}")
        return _offer(search, "remove_layer", label, edit, layer_id, _fixed(layer_id))
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


def _align(search: FixSearch, layer_id: str, kind: str) -> Fix | None:
    """Crop (to the smallest) or pad (to the largest) every merge input whose spatial sizes differ."""
    doc, inference = search.doc, search.inference
    node, r = doc.layer(layer_id), inference[layer_id]
    shapes = list(r.inputs)
    if len(shapes) < 2 or len(shapes) != len(node.inbound) or len({len(s) for s in shapes}) != 1:
        return None
    ndim = len(shapes[0])
    if not 3 <= ndim <= 5:
        return None
    cfg = config_of(doc, layer_id) or {}
    concat = cfg["axis"] % ndim if has_trait(node.class_name, "joins_axis") else None
    axes = [a for a in range(1, ndim - 1) if a != concat]
    target = {}
    for a in axes:
        sizes = [s[a] for s in shapes]
        if None not in sizes:
            target[a] = min(sizes) if kind == "crop_skip" else max(sizes)
    cls = (CROP if kind == "crop_skip" else PAD).format(ndim - 2)
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
    return _offer(search, kind, f"{verb} {'; '.join(parts)} before {node.name}", edit, layer_id, _fixed(layer_id))


# Wrong rank -------------------------------------------------------------------------

RANKED = re.compile(r"([123])D")


def _rank_config(config: dict, old: int, new: int) -> dict:
    """A config for the other rank: per-axis lists of equal values become one value; others go back to default."""
    out = {}
    for key, value in config.items():
        if isinstance(value, (list, tuple)) and len(value) == old and key not in ("name",):
            if len(set(map(repr, value))) != 1:
                continue
            value = value[0]
        out[key] = value
    return out


def replace_class(search: FixSearch, layer_id: str) -> Fix | None:
    """``Conv1DTranspose`` on a 4-D input → ``Conv2DTranspose``: the same layer family at the input's rank."""
    doc, inference = search.doc, search.inference
    node, r = doc.layer(layer_id), inference[layer_id]
    found = RANKED.search(node.class_name)
    if found is None or len(r.inputs) != 1 or r.inputs[0] is None or len(r.inputs[0]) not in (3, 4, 5):
        return None
    old, new = int(found.group(1)), len(r.inputs[0]) - 2
    cls = node.class_name[:found.start()] + f"{new}D" + node.class_name[found.end():]
    if new == old or get_spec(cls) is None:
        return None
    config = _rank_config(dict(node.config), old, new)
    edit = Edit(f"Replace {node.name} with {cls}",
                [Step("replace", new=LayerNode(node.id, cls, config, node.inbound, node.position))])
    label = (f"Replace {node.name} ({node.class_name}, for {old + 2}-D inputs) with {cls}: its input "
             f"{fmt_shape(r.inputs[0])} is {new + 2}-D")
    return _offer(search, "replace_class", label, edit, layer_id, _fixed(layer_id))


# Encoder–decoder outputs of the wrong size ------------------------------------------

def _size_back(layer_id: str, was_valid: bool) -> Check:
    """The output ``layer_id`` has its one input's spatial size again (and a valid design stays valid)."""
    def works(doc: Document, inference: ModelInference) -> bool:
        if (was_valid and not inference.valid) or layer_id not in inference.layers:
            return False
        inputs = upstream_inputs(doc, layer_id)
        r = inference[layer_id]
        if len(inputs) != 1 or r.outputs is None or inference[inputs[0]].outputs is None:
            return False
        fmt = fmt_of(r.config)
        return spatial_of(r.outputs[0], fmt=fmt) == spatial_of(inference[inputs[0]].outputs[0], fmt=fmt)
    return works


def remove_pair(search: FixSearch, layer_id: str) -> Fix | None:
    """Remove one pooling (or strided) layer and one up-sampling layer upstream, keeping the input size.

    Pairs are tried from the layers that drop pixels and those nearest the output;
    the first pair the engine confirms gives the output its input's size wins.
    """
    doc, inference = search.doc, search.inference
    chain = first_input_chain(doc, layer_id)
    downs = [i for i in chain if is_downsampling(doc.layer(i).class_name, inference[i].config)]
    ups = [i for i in chain if has_trait(doc.layer(i).class_name, "upsampling")]
    downs.sort(key=lambda i: inference[i].outputs is None or not _drops(inference, i))
    works = _size_back(layer_id, inference.valid)
    for down in downs:
        for up in ups:
            edit = remove_layers(doc, [down, up])
            outcome = search.simulate(doc, edit)
            if outcome is None:
                return None
            if not works(*outcome):
                continue
            d, u = inference[down], inference[up]
            label = (f"Remove {d.name} and {u.name}, one down-sampling and one up-sampling too many: "
                     f"{inference[layer_id].name} then has the input's size, and the input stays as it is")
            edit = Edit(f"Remove {d.name} and {u.name}", edit.steps)
            return _offer(search, "remove_pair", label, edit, layer_id, works)
    return None


def _drops(inference: ModelInference, layer_id: str) -> bool:
    return drop_details(inference[layer_id]) is not None


def resize_before_output(search: FixSearch, layer_id: str) -> Fix | None:
    """ZeroPadding (or Cropping) on the output layer's input, by the difference: the input size is kept."""
    doc, inference = search.doc, search.inference
    node, r = doc.layer(layer_id), inference[layer_id]
    line = upstream_inputs(doc, layer_id)
    if len(line) != 1 or not node.inbound or r.outputs is None:
        return None
    shape, source = r.outputs[0], inference[line[0]].outputs[0]
    ndim = len(shape)
    if ndim != len(source) or not 3 <= ndim <= 5 or fmt_of(r.config) != "channels_last":
        return None
    diffs = [source[a] - shape[a] for a in range(1, ndim - 1)]
    if any(d is None for d in diffs) or not any(diffs) or (any(d > 0 for d in diffs) and any(d < 0 for d in diffs)):
        return None
    grow = any(d > 0 for d in diffs)
    cls = (PAD if grow else CROP).format(ndim - 2)
    pairs = [[abs(d) // 2, abs(d) - abs(d) // 2] for d in diffs]
    value = pairs[0] if ndim == 3 else pairs
    edit, _ = insert_on_edge(doc, cls, node.inbound[0], layer_id, 0,
                             _between(doc, node.inbound[0].layer, layer_id),
                             {"padding" if grow else "cropping": value})
    verb = "Pad" if grow else "Crop"
    label = (f"{verb} the input of {r.name} by {fmt_size([sum(p) for p in pairs])} ({cls} "
             f"{tuple(tuple(p) for p in pairs) if ndim > 3 else tuple(pairs[0])}): the output then has the "
             f"input's size, and the input stays as it is")
    return _offer(search, "pad_end" if grow else "crop_end", label, edit, layer_id,
                  _size_back(layer_id, inference.valid))


def upstream_inputs(doc: Document, layer_id: str) -> list[str]:
    """The InputLayers ``layer_id`` depends on."""
    return [i for i in upstream(doc, [layer_id]) if is_input(doc.layer(i).class_name)]


# Entry points ------------------------------------------------------------------------

def error_fixes(doc: Document, inference: ModelInference, layer_id: str,
                search: FixSearch | None = None) -> list[Fix]:
    """Checked fixes for a layer with an error of its own: those that keep the user's input size first, and
    among them those that make the whole design valid first."""
    search = search or FixSearch(doc, inference)
    if search.exhausted:
        search.stopped = True
        return []
    node = doc.layer(layer_id)
    fixes: list[Fix | None] = []
    small = too_small(doc, inference, layer_id)
    if small is not None:
        w, spatial = small
        fixes += [padding_same(search, layer_id, w), smaller_window(search, layer_id, w, spatial),
                  remove_earlier(search, layer_id, w)]
    elif has_trait(node.class_name, "frame_convolution"):
        fixes.append(padding_same(search, layer_id, None))
    mismatch = merge_mismatch(inference, layer_id, node.class_name)
    if mismatch:
        fixes += [_align(search, layer_id, "crop_skip"), _align(search, layer_id, "pad_skip")]
    if small is None and not mismatch:
        fixes.append(replace_class(search, layer_id))
    if small is not None or mismatch:
        fixes.append(change_input_size(doc, inference, layer_id, search))
    found = [f for f in fixes if f is not None]
    return sorted(found, key=lambda f: (f.kind == "change_input_size", not f.makes_valid))


def _warning_gone(kind: str, layer_id: str, was_valid: bool) -> Check:
    """The warning ``kind`` no longer holds at ``layer_id`` (checked on that layer alone), and a valid design
    stays valid."""
    def works(doc: Document, inference: ModelInference) -> bool:
        if (was_valid and not inference.valid) or layer_id not in inference.layers:
            return False
        r = inference[layer_id]
        if r.outputs is None:
            return False
        if kind == "dropped_pixels":
            return drop_details(r) is None
        if kind == "channels_first_input":
            return not looks_channels_first(r.outputs[0][1:])
        if kind == "dense_feature_map":
            return len(r.inputs[0]) < 4
        return False

    return works


def warning_fixes(doc: Document, inference: ModelInference, warning: DesignWarning,
                  search: FixSearch | None = None) -> list[Fix]:
    """Checked fixes that make a warning go away without making a valid design invalid.

    For an output of the wrong size, those that keep the user's input size come first.
    """
    search = search or FixSearch(doc, inference)
    if search.exhausted:
        search.stopped = True
        return []
    layer_id, kind = warning.layer_id, warning.kind
    node = doc.layer(layer_id)
    works = _warning_gone(kind, layer_id, inference.valid)
    fixes: list[Fix | None] = []
    if kind == "dropped_pixels":
        edit = _set(search, layer_id, "padding", "same")
        fixes.append(_offer(search, "padding_same", f"Switch {node.name} to padding='same' (pads the edges so no "
                                                    "row or column is lost: out = ceil(in / stride))",
                            edit, layer_id, works))
    elif kind == "shape_mismatch":
        fixes += [remove_pair(search, layer_id), resize_before_output(search, layer_id),
                  change_input_size(doc, inference, layer_id, search)]
    elif kind == "channels_first_input":
        sample = inference[layer_id].outputs[0][1:]
        fixed = [*sample[1:], sample[0]]
        edit = set_argument(doc, layer_id, "shape", fixed)
        if doc.layer(layer_id).config.get("batch_shape") is not None:
            edit = set_argument(doc, layer_id, "batch_shape", [inference[layer_id].outputs[0][0], *fixed])
        fixes.append(_offer(search, "channels_last_input", f"Use the input shape {fmt_shape(tuple(fixed))} "
                                                           "(channels last)", edit, layer_id, works))
    elif kind == "dense_feature_map":
        edit, _ = insert_on_edge(doc, FLATTEN, node.inbound[0], layer_id, 0,
                                 _between(doc, node.inbound[0].layer, layer_id))
        fixes.append(_offer(search, "insert_flatten", f"Add a Flatten before {node.name}", edit, layer_id, works))
    return [f for f in fixes if f is not None]
