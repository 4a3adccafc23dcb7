"""Explain every shape: the rule behind each output axis and parameter count, diagnoses, fixes, warnings, cost.

Pure Python (no Qt, no TensorFlow), built on the engine's results:

- `explain_design(doc, inference)` gives one `LayerExplanation` per layer, in
  topological order;
- `explain_layer(doc, inference, layer_id)` gives one;
- `warnings_for_design(doc, inference)` gives only the warnings, by layer,
  without fixes: the fast path the app runs after every inference;
- `design_costs(inference)` gives only every layer's MACs and activation memory.

An explanation holds the rule lines with the layer's numbers filled in
(``height: floor((7 − 2) / 2) + 1 = 3``), the parameter count as a sum
(``(3·3·16 + 1)·32 = 4,640``), what each ``None`` means, the diagnosis of an
invalid layer, checked fixes (each one undoable `designer.model.edits.Edit`),
warnings, and the layer's MACs and activation memory for one sample.
"""

from __future__ import annotations

import weakref
from dataclasses import replace

from designer.model import Document

from ..inference import ModelInference, infer_document
from .arithmetic import header, none_notes, shape_lines, shapes_text
from .catalog_warnings import catalog_warnings
from .cost import layer_cost, totals
from .diagnose import diagnose
from .fixes import error_fixes, warning_fixes
from .model import Cost, Ctx, DesignWarning, Fix, LayerExplanation
from .params import params_text
from .search import FixSearch
from .warnings import detect_warnings as advice_warnings

__all__ = [
    "Cost", "DesignWarning", "Fix", "LayerExplanation", "design_costs", "design_warnings", "explain_design",
    "explain_layer", "totals", "warnings_for_design",
]


def detect_warnings(doc: Document, inference: ModelInference) -> list[DesignWarning]:
    """The advice's warnings, then those the catalog's own facts give (`catalog_warnings`)."""
    return [*advice_warnings(doc, inference), *catalog_warnings(doc, inference)]


def design_warnings(doc: Document, inference: ModelInference, layer_ids: set[str] | None = None,
                    with_fixes: bool = True, search: FixSearch | None = None) -> list[DesignWarning]:
    """The design's warnings (those on ``layer_ids`` only, when given), each with its checked fixes."""
    found = [w for w in detect_warnings(doc, inference) if layer_ids is None or w.layer_id in layer_ids]
    if not with_fixes:
        return found
    search = search or FixSearch(doc, inference)
    return [_with_fixes(w, search) for w in found]


def _with_fixes(warning: DesignWarning, search: FixSearch) -> DesignWarning:
    fixes = tuple(warning_fixes(search.doc, search.inference, warning, search))
    note = search.note()
    return replace(warning, fixes=fixes, message=f"{warning.message} {note}" if note else warning.message)


_last_warnings: tuple[weakref.ref, weakref.ref, dict[str, tuple[DesignWarning, ...]]] | None = None


def warnings_for_design(doc: Document, inference: ModelInference) -> dict[str, tuple[DesignWarning, ...]]:
    """Every warning of the design by layer id, without fixes (no engine re-runs): linear in the design's size.

    The answer for the last ``(doc, inference)`` pair is kept, so the views that
    show warnings after an inference (cards, problems list) share one
    computation; ``inference`` must be the one made from ``doc`` as it is now
    (a new inference object after every change, as the app's controller makes).
    When they do not match (the document changed and was not inferred again
    yet), there are no warnings until it is.
    """
    global _last_warnings
    last = _last_warnings
    if last is not None and last[0]() is doc and last[1]() is inference:
        return last[2]
    found: dict[str, tuple[DesignWarning, ...]] = {}
    if len(inference.layers) == len(doc) and all(i in inference.layers for i in doc.ids()):
        grouped: dict[str, list[DesignWarning]] = {}
        for w in detect_warnings(doc, inference):
            grouped.setdefault(w.layer_id, []).append(w)
        found = {i: tuple(ws) for i, ws in grouped.items()}
    _last_warnings = (weakref.ref(doc), weakref.ref(inference), found)
    return found


def design_costs(inference: ModelInference, cache: dict | None = None) -> dict[str, Cost]:
    """Every layer's MACs and activation memory for one sample (an invalid layer: both None).

    ``cache``, a dict the caller keeps between calls (and this function
    updates), skips the layers whose engine result did not change since the
    last call: after an edit only a handful are computed again.
    """
    costs: dict[str, Cost] = {}
    kept: dict[str, tuple] = {}
    for r in inference.results():
        if not r.valid or r.outputs is None:
            costs[r.id] = layer_cost(None)
            continue
        hit = cache.get(r.id) if cache is not None else None
        if hit is not None and hit[0] is r.config and hit[1] is r.outputs and hit[2] == (r.class_name, r.inputs):
            cost = hit[3]
        else:
            cost = layer_cost(Ctx(r.class_name, r.config, tuple(r.positional_inputs), r.outputs, r.name))
        costs[r.id] = cost
        kept[r.id] = (r.config, r.outputs, (r.class_name, r.inputs), cost)
    if cache is not None:
        cache.clear()
        cache.update(kept)
    return costs


def _explain(doc: Document, inference: ModelInference, layer_id: str, warnings: list[DesignWarning],
             with_fixes: bool, search: FixSearch | None = None) -> LayerExplanation:
    r = inference[layer_id]
    warning_fix_list = [f for w in warnings for f in w.fixes]
    if r.unknown is not None:  # outside the catalog, nothing recorded or declared: not an error
        return LayerExplanation(
            r.id, r.name, r.class_name, None, [r.unknown], "unknown", None, [], [], warning_fix_list, warnings,
            Cost(None, None, "no shape, so no cost"), False)
    if r.valid:
        ctx = Ctx(r.class_name, r.config or {}, tuple(r.positional_inputs), r.outputs, r.name)
        if r.source != "computed":
            where = "recorded in the model file" if r.source == "recorded" else "declared"
            lines, exact_shape = [header(ctx), f"output shape {shapes_text(r.outputs)}: {where} (the designer "
                                  f"does not know {r.class_name}, so nothing computed it)"], True
        else:
            lines, exact_shape = shape_lines(ctx)
        params, exact_params = params_text(ctx, r.params) if r.params is not None else (
            f"unknown: nothing records or declares the weights of {r.class_name}", False)
        return LayerExplanation(
            r.id, r.name, r.class_name, r.output_shape, lines, params, None, [], none_notes(ctx),
            warning_fix_list, warnings, layer_cost(ctx), exact_shape and exact_params)
    search = search or FixSearch(doc, inference)
    fixes = error_fixes(doc, inference, layer_id, search) if with_fixes and r.blocked_by is None else []
    note = search.note() if with_fixes and r.blocked_by is None else None
    return LayerExplanation(
        r.id, r.name, r.class_name, None, [], "unknown: the layer has no valid input or arguments", r.error,
        [*diagnose(doc, inference, layer_id, fixes), *([note] if note else [])], [], [*fixes, *warning_fix_list],
        warnings,
        Cost(None, None, "no shape, so no cost"))


def explain_design(doc: Document, inference: ModelInference | None = None,
                   with_fixes: bool = True) -> list[LayerExplanation]:
    """Every layer's explanation, in topological order.

    ``with_fixes=False`` skips the fixes (which re-run the engine on copies of
    the design) when only the explanations are needed.
    """
    inference = inference or infer_document(doc)
    search = FixSearch(doc, inference)
    by_layer: dict[str, list[DesignWarning]] = {}
    for w in design_warnings(doc, inference, with_fixes=with_fixes, search=search):
        by_layer.setdefault(w.layer_id, []).append(w)
    return [_explain(doc, inference, i, by_layer.get(i, []), with_fixes, search) for i in inference.order]


def explain_layer(doc: Document, inference: ModelInference | None, layer_id: str,
                  with_fixes: bool = True, found: dict | None = None) -> LayerExplanation:
    """One layer's explanation (warnings and fixes computed for that layer only).

    Its warnings come from `warnings_for_design`, so explaining the selected
    layer after every inference does not detect the design's warnings again;
    ``found``: the design's warnings by layer when the caller has them already
    (the app's controller, which computes them after an edit is on screen).
    """
    inference = inference or infer_document(doc)
    found = warnings_for_design(doc, inference) if found is None else found
    warnings = list(found.get(layer_id, ()))
    search = FixSearch(doc, inference)
    if with_fixes:
        warnings = [_with_fixes(w, search) for w in warnings]
    return _explain(doc, inference, layer_id, warnings, with_fixes, search)
