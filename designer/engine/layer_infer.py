"""Inferring one layer: its outputs, parameters or the reason Keras would refuse it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Mapping, Sequence

from designer.layers import LayerError, ParamCount, get_spec, normalize_config
from designer.layers.shapes import fmt_shape
from designer.layers.spec import LayerSpec, Shape
from designer.model import LayerNode
from designer.model.limits import MAX_WEIGHT_BYTES

from .calls import apply_call, check_keywords, split_inputs
from .outside import COMPUTED, outside_inference, recorded_mismatch


@dataclass(slots=True)
class LayerInference:
    """What the engine knows of one layer.

    ``outputs`` is a list of shapes (one per output) or None when the layer is
    invalid; ``error`` says why, without the layer's name. ``source`` says where
    the shapes and params come from (computed, recorded or declared: see
    `designer.engine.outside`); ``unknown`` says why a layer outside the catalog
    has no shape (not an error); ``notes`` are remarks such as a stale recorded shape.
    Never changed once made (not frozen only because frozen construction is several times slower).
    """

    outputs: list[Shape] | None
    params: ParamCount | None
    error: str | None = None
    config: Mapping[str, Any] | None = None
    source: str = COMPUTED
    unknown: str | None = None
    notes: tuple[str, ...] = ()

    @property
    def valid(self) -> bool:
        return self.error is None


def _arity_error(spec: LayerSpec, n: int) -> str | None:
    lo, hi = spec.inputs
    if lo <= n and (hi is None or n <= hi):
        return None
    if hi == 0:
        return f"an {spec.class_name} takes no inputs, but {n} are connected"
    if lo == hi:
        want = "one input" if lo == 1 else f"exactly {lo} inputs"
    elif hi is None:
        want = f"at least {lo} inputs"
    else:
        want = f"{lo} to {hi} inputs"
    got = "nothing is connected" if n == 0 else f"{n} are connected"
    return f"{spec.class_name} needs {want}, but {got}"


def _as_shapes(result: Any) -> list[Shape]:
    if type(result) is tuple:
        return [result]
    if isinstance(result, list):
        return [tuple(s) for s in result]
    return [tuple(result)]


def _as_params(result: Any) -> ParamCount:
    if type(result) is int:
        return ParamCount(result) if result else _NO_PARAMS
    return result if isinstance(result, ParamCount) else ParamCount(int(result))


_NO_PARAMS = ParamCount()


def keras3_name(name: str) -> str:
    """A layer name Keras 3 accepts: Keras 2 names may contain ``/`` (``Conv/BatchNorm``), Keras 3's may not."""
    return name.replace("/", "_")


def infer_node(node: LayerNode, inputs: Sequence[Shape]) -> LayerInference:
    """Infer one design layer: by the catalog's rules, else from what was recorded or declared."""
    spec = get_spec(node.class_name)
    if spec is None:
        inference = outside_inference(node, inputs)
    elif node.call is None:
        inference = _infer_spec(spec, node.config, inputs)
    else:
        inference = _with_call(node, inputs)
    if node.recorded is not None and inference.source == COMPUTED:
        inference = replace(inference, notes=recorded_mismatch(node, inference.outputs))
    if "/" in node.name:
        note = f"exported as {keras3_name(node.name)!r} (Keras 3 names cannot contain '/')"
        inference = replace(inference, notes=(*inference.notes, note))
    params = inference.params
    if inference.error is None and params is not None and params.total * 4 > MAX_WEIGHT_BYTES:
        inference = replace(inference, error=(
            f"its {params.total:,} weights need {params.total * 4 / 2**40:,.0f} TiB of memory, more than any "
            f"computer has (the limit is {MAX_WEIGHT_BYTES // 2**40} TiB)"))
    return inference


def _with_call(node: LayerNode, inputs: Sequence[Shape]) -> LayerInference:
    """A catalog layer called with keyword arguments (`designer.engine.calls`)."""
    problem = check_keywords(node.class_name, node.call, len(inputs))
    if problem:
        return LayerInference(None, None, problem)
    positional, keyword = split_inputs(node.call, inputs)
    inference = infer_layer(node.class_name, node.config, positional)
    if inference.outputs is None or inference.config is None:
        return inference
    try:
        outputs = apply_call(node.class_name, inference.config, node.call, positional, keyword, inference.outputs)
    except LayerError as exc:
        return LayerInference(None, None, str(exc))
    return replace(inference, outputs=outputs)


def infer_layer(class_name: str, config: Mapping[str, Any], inputs: Sequence[Shape]) -> LayerInference:
    """Infer one layer from its class, raw config and input shapes (never raises)."""
    spec = get_spec(class_name)
    if spec is None:
        return LayerInference(None, None, f"unsupported layer type {class_name!r}: shapes after it are unknown")
    return _infer_spec(spec, config, inputs)


def _infer_spec(spec: LayerSpec, config: Mapping[str, Any], inputs: Sequence[Shape]) -> LayerInference:
    """`infer_layer` for a known spec: the engine's hot path, run once per layer and pass."""
    lo, hi = spec.inputs
    n = len(inputs)
    if n < lo or (hi is not None and n > hi):
        return LayerInference(None, None, _arity_error(spec, n))
    try:
        cfg = normalize_config(spec, config)
        shapes = list(inputs)
        outputs = _as_shapes(spec.output_shape(cfg, shapes))
        params = _as_params(spec.params(cfg, shapes))
        if cfg.get("trainable") is False:
            params = params.frozen()
        for shape in outputs:
            if _impossible(shape):
                raise LayerError(f"would produce the impossible shape {fmt_shape(shape)}")
    except LayerError as exc:
        return LayerInference(None, None, str(exc))
    except Exception as exc:  # a bug in a rule must not take the app down
        return LayerInference(None, None, f"internal error while inferring {spec.class_name}: {exc!r}")
    return LayerInference(outputs, params, None, cfg)


def _impossible(shape: Shape) -> bool:
    """A negative size past the batch axis (the test without a generator when no axis is None)."""
    rest = shape[1:]
    if None in rest:
        return any(d is not None and d < 0 for d in rest)
    return bool(rest) and min(rest) < 0  # type: ignore[type-var]
