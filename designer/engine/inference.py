"""Shape inference over a whole design, in topological order, with a cache.

`ShapeEngine.infer(doc)` gives every layer its output shape(s), parameter count
or error. A layer fed by an invalid layer gets no shape and names the layer
that broke it. The engine keeps the last result of each layer keyed on the
(immutable) layer node and its input shapes, so after an edit only the edited
layer and the layers whose inputs actually changed are computed again.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Mapping

from designer.layers import ParamCount
from designer.layers.spec import Shape
from designer.model import Document, LayerNode, topological_order
from designer.model.sharing import name_clash

from .layer_infer import LayerInference, infer_node
from .outside import COMPUTED


@dataclass(slots=True)
class LayerResult:
    """The engine's answer for one layer (never changed once the engine made it).

    ``error`` is the full message (it starts with the layer's name) or None;
    ``blocked_by`` is the id of the invalid upstream layer when this layer has
    no shape only because of it. ``source`` says where the shape and params
    come from: ``computed`` by the catalog's rules, ``recorded`` by the model
    file, ``declared`` by the user (`designer.engine.outside`). A layer unknown
    to the designer (outside the catalog, nothing recorded or declared), and
    every layer that has no shape only because of one, is not an error:
    ``unknown`` says why (with the layer's name) and ``unknown_from`` is the id
    of that layer. ``notes`` are remarks that do not make the layer invalid
    (a stale recorded shape, a computed shape that disagrees with a recorded one).

    Not a frozen dataclass: building a frozen one costs ~1.4 µs more (a setattr
    call per field), an eighth of a whole pass over 1,000 layers.
    """

    id: str
    name: str
    class_name: str
    inputs: tuple[Shape | None, ...]
    outputs: list[Shape] | None
    params: ParamCount | None
    error: str | None = None
    blocked_by: str | None = None
    config: Mapping[str, Any] | None = None
    source: str = COMPUTED
    unknown: str | None = None
    unknown_from: str | None = None
    notes: tuple[str, ...] = ()
    keyword_inputs: tuple[int, ...] = ()
    """Positions in ``inputs`` passed under a call keyword (`designer.model.calls`), not positionally."""

    @property
    def valid(self) -> bool:
        return self.error is None

    @property
    def positional_inputs(self) -> tuple[Shape | None, ...]:
        """The inputs the layer's shape rule sees: ``inputs`` without those passed by keyword."""
        if not self.keyword_inputs:
            return self.inputs
        return tuple(s for i, s in enumerate(self.inputs) if i not in self.keyword_inputs)

    @property
    def output_shape(self) -> Shape | list[Shape] | None:
        """One shape, or a list of shapes for a layer with several outputs."""
        if self.outputs is None:
            return None
        return self.outputs[0] if len(self.outputs) == 1 else list(self.outputs)


@dataclass
class ModelInference:
    """Every layer's result, in topological order, and the totals."""

    name: str
    order: list[str]
    layers: dict[str, LayerResult] = field(default_factory=dict)

    def __getitem__(self, layer_id: str) -> LayerResult:
        return self.layers[layer_id]

    def results(self) -> list[LayerResult]:
        return [self.layers[i] for i in self.order]

    @property
    def valid(self) -> bool:
        return all(r.valid for r in self.layers.values())

    def invalid(self) -> list[LayerResult]:
        """Layers with an error of their own (not merely blocked), in order."""
        return [r for r in self.results() if r.error is not None and r.blocked_by is None]

    def unknown(self) -> list[LayerResult]:
        """Layers the designer does not know, nothing recorded or declared (not those after them), in order."""
        return [r for r in self.results() if r.unknown_from == r.id]

    @property
    def params(self) -> ParamCount:
        """The sum of every known parameter count: a lower bound when `unknown_params` is not zero."""
        total = ParamCount()
        for r in self.layers.values():
            if r.params is not None:
                total = total + r.params
        return total

    @property
    def unknown_params(self) -> int:
        """How many valid layers have a parameter count the designer cannot know."""
        return sum(1 for r in self.layers.values() if r.params is None and r.error is None)


class ShapeEngine:
    """Infers designs; reuse one instance per open document to benefit from its cache."""

    def __init__(self) -> None:
        self._cache: dict[str, tuple[LayerNode, tuple[Shape | None, ...], LayerInference]] = {}

    def fork(self) -> "ShapeEngine":
        """A new engine starting from this one's cache (``infer`` never changes a cache, it replaces it):
        many trial designs can each reuse one design's results."""
        engine = ShapeEngine()
        engine._cache = self._cache
        return engine

    def infer(self, doc: Document) -> ModelInference:
        order = topological_order(doc)
        result = ModelInference(doc.name, order)
        cache: dict[str, tuple[LayerNode, tuple[Shape | None, ...], LayerInference]] = {}
        names: dict[str, LayerNode] = {}
        layers = result.layers
        previous = self._cache
        for layer_id in order:
            node = doc.layer(layer_id)
            name = node.name
            inputs, blocker, source_error = self._inputs(node, layers)
            unknown_root = layers[blocker].unknown_from if blocker is not None else None
            if unknown_root is not None:
                root = layers[unknown_root]
                layers[layer_id] = LayerResult(
                    layer_id, name, node.class_name, inputs, None, None, None, None,
                    unknown=f"{name}: no shape: depends on {root.name}, which the designer does not know",
                    unknown_from=root.id,
                )
                continue
            if blocker is not None:
                root = layers[blocker]
                root_id = root.blocked_by or root.id
                layers[layer_id] = LayerResult(
                    layer_id, name, node.class_name, inputs, None, None,
                    f"{name}: no shape: depends on {layers[root_id].name}, which is invalid", root_id,
                )
                continue
            if source_error is not None:
                layers[layer_id] = LayerResult(
                    layer_id, name, node.class_name, inputs, None, None, f"{name}: {source_error}",
                )
                continue
            cached = previous.get(layer_id)
            if cached is not None and cached[0] is node and cached[1] == inputs:
                inference = cached[2]
            else:
                inference = infer_node(node, inputs)
            cache[layer_id] = (node, inputs, inference)
            error = f"{name}: {inference.error}" if inference.error else None
            params = inference.params
            first = names.get(name)
            if first is None:
                names[name] = node
            elif error is None:
                error, params = _second_call(node, first, layers[first.id], params)
            unknown = f"{name}: {inference.unknown}" if inference.unknown else None
            layers[layer_id] = LayerResult(
                layer_id, name, node.class_name, inputs, inference.outputs, params, error,
                None, inference.config, inference.source, unknown, layer_id if unknown else None,
                inference.notes, tuple(sorted(node.call.tensor_positions())) if node.call is not None else (),
            )
        _check_outputs(doc, layers)
        self._cache = cache
        return result

    @staticmethod
    def _inputs(node: LayerNode, layers: dict[str, LayerResult]
                ) -> tuple[tuple[Shape, ...], str | None, str | None]:
        """Input shapes, the first invalid source (if any) and a wiring error."""
        shapes: list[Shape] = []
        for src in node.inbound:
            upstream = layers[src.layer]
            outputs = upstream.outputs
            if outputs is None:
                return tuple(shapes), src.layer, None
            if src.index >= len(outputs):
                n = len(outputs)
                return tuple(shapes), None, (
                    f"takes output {src.index} of {upstream.name}, which has only {n} output{'s' if n > 1 else ''}"
                )
            shapes.append(outputs[src.index])
        return tuple(shapes), None, None


def _second_call(node: LayerNode, first: LayerNode, first_result: LayerResult, params: ParamCount | None
                 ) -> tuple[str | None, ParamCount | None]:
    """A node reusing a name: the same layer called again (shared weights), or a clash.

    Nodes with the same name, class and config are one Keras layer called
    several times: its weights are counted once, and they must fit every call.
    """
    if name_clash(node, first):
        return (f"{node.name}: the name {node.name!r} is already used by layer {first.id!r}; "
                "Keras needs every layer name to be unique (give one of them another name)"), params
    if first_result.params is not None and params != first_result.params:
        return (f"{node.name}: this call of the shared layer {node.name!r} needs weights of another size than "
                f"its first call ({first.id}); a shared layer must get inputs of the same size"), None
    return None, ParamCount()


def _check_outputs(doc: Document, layers: dict[str, LayerResult]) -> None:
    """A model output naming an output index its layer does not have makes that layer invalid.

    Exported as ``a[1]``, Keras would read it as a slice of the batch axis of a one-output layer's tensor.
    """
    for src in doc.explicit_outputs or ():
        result = layers.get(src.layer)
        if result is None or result.outputs is None or result.error is not None or src.index < len(result.outputs):
            continue
        n = len(result.outputs)
        layers[src.layer] = replace(result, error=(
            f"{result.name}: the model's outputs name output {src.index} of {result.name}, which has only {n} "
            f"output{'s' if n > 1 else ''}"))


def infer_document(doc: Document) -> ModelInference:
    """One-off inference of a design (no cache kept)."""
    return ShapeEngine().infer(doc)
