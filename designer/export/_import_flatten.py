"""Turning a parsed Keras graph into design layers (part of `designer.export.keras_import`).

- Every call of a layer becomes one design layer. A layer called several times
  (a shared layer) gives ids ``<name>``, ``<name>__2``, ``<name>__3``… whose
  configs are identical, ``name`` included: the engine treats nodes with the
  same name, class and config as one shared layer.
- A model used as a layer is flattened into the outer design: its layers get
  ids (and names) prefixed with the model's, ``<model>_<layer>``, and its
  inputs are wired to whatever the outer model feeds it. Each call of it is
  recorded as a `Nest` (the ids it produced), which makes the design's blocks.
- A layer listed by the outer model and by a nested one (one Keras layer
  object called in both) keeps the name of its first place in every call, so
  it stays one shared layer (`designer.export._import_nesting`).
- Calls are resolved in dependency order with an explicit work list (no deep
  recursion), so a 1,000-layer chain or a call that appears before its sources
  in the file are both fine.
"""

from __future__ import annotations

import heapq
from dataclasses import replace
from typing import Union

from designer.layers import get_spec
from designer.model import DocumentError, LayerNode, Source
from designer.model.recorded import Recorded

from ._import_config import ConfigMapper, Notes
from ._import_graph import RawLayer, RawModel, Ref
from ._import_nesting import Identity, Nest, shared_identities

Produced = Union[str, Source, list]
"""What a call produced: a design id (its outputs), one source (an input) or a list of sources (a model)."""


class Flattener:
    """Accumulates the design layers of one import."""

    def __init__(self, notes: Notes, max_layers: int, weights: dict[str, tuple[int, int]] | None = None):
        self.notes = notes
        self.weights = weights or {}
        """``(trainable, non_trainable)`` of each layer by its path (``model/layer``), from a weights file."""
        self.mapper = ConfigMapper(notes)
        self.max_layers = max_layers
        self.nodes: list[LayerNode] = []
        self._ids: set[str] = set()
        self._bases: dict[str, tuple] = {}
        self._aliases: dict[Identity, Identity] = {}
        self.nests: list[Nest] = []
        """The calls of the models nested in the top-level one (and, inside each, of those nested in it)."""
        self._nesting: list[list[Nest]] = [self.nests]

    def flatten(self, model: RawModel) -> list[Source]:
        """Add every layer of the top-level ``model``; returns its outputs."""
        self._aliases = shared_identities(model, self.weights)
        return self._model(model, (), None, 0, not model.trainable)

    # One model (instance) ---------------------------------------------------

    def _model(self, model: RawModel, path: tuple[str, ...], bound: list[Source] | None, instance: int,
               frozen: bool) -> list[Source]:
        """Emit one call (``instance``) of ``model``; ``bound`` feeds its inputs when nested.

        ``frozen``: the model, or one it is nested in, has ``trainable=False``,
        which Keras applies to every layer in it.
        """
        layers = {layer.name: layer for layer in model.layers}
        position = {layer.name: i for i, layer in enumerate(model.layers)}
        inputs = {ref.layer: i for i, ref in enumerate(model.inputs)}
        if bound is not None and len(bound) != len(model.inputs):
            raise DocumentError(f"{model.name}: the model takes {len(model.inputs)} input(s) "
                                f"but is called with {len(bound)}")
        produced: dict[tuple[str, int], Produced] = {}
        waiting: dict[tuple[str, int], int] = {}
        users: dict[tuple[str, int], list[tuple[str, int]]] = {}
        ready: list[tuple[int, int, str]] = []
        for layer in model.layers:
            if layer.class_name == "InputLayer":
                heapq.heappush(ready, (position[layer.name], 0, layer.name))
                continue
            if not layer.calls:
                self.notes.group("layers never called in the model were left out", self._where(path, layer.name))
            for k, call in enumerate(layer.calls):
                deps = {(r.layer, r.node) for r in call}
                for dep in deps:
                    self._check_ref(model, layers, layer.name, dep)
                    users.setdefault(dep, []).append((layer.name, k))
                waiting[(layer.name, k)] = len(deps)
                if not deps:
                    heapq.heappush(ready, (position[layer.name], k, layer.name))
        while ready:
            _, k, name = heapq.heappop(ready)
            layer = layers[name]
            if layer.class_name == "InputLayer":
                produced[(name, 0)] = self._input(layer, path, bound, inputs)
            else:
                sources = [self._source(produced[(r.layer, r.node)], r, name) for r in layer.calls[k]]
                produced[(name, k)] = self._call(layer, k, sources, path, instance, frozen)
            for user in users.get((name, k), ()):
                waiting[user] -= 1
                if waiting[user] == 0:
                    heapq.heappush(ready, (position[user[0]], user[1], user[0]))
        stuck = [key for key, n in waiting.items() if n > 0]
        if stuck:
            raise DocumentError(f"{model.name}: the layers' connections form a cycle (at {stuck[0][0]!r})")
        outputs = []
        for ref in model.outputs:
            key = (ref.layer, ref.node)
            if key not in produced:
                self._check_ref(model, layers, "the outputs", key)
                raise DocumentError(f"{model.name}: the output {ref.layer!r} is not computed by the model")
            outputs.append(self._source(produced[key], ref, "the outputs"))
        return outputs

    def _check_ref(self, model: RawModel, layers: dict[str, RawLayer], user: str, dep: tuple[str, int]) -> None:
        name, node = dep
        source = layers.get(name)
        if source is None:
            raise DocumentError(f"{model.name}: {user} takes input from {name!r}, which is not a layer of the model")
        calls = 1 if source.class_name == "InputLayer" else len(source.calls)
        if node >= calls:
            raise DocumentError(f"{model.name}: {user} takes the output of call {node} of {name!r}, "
                                f"which is called {calls} time(s)")

    @staticmethod
    def _source(produced: Produced, ref: Ref, user: str) -> Source:
        if isinstance(produced, str):
            return Source(produced, ref.tensor)
        if isinstance(produced, Source):
            if ref.tensor != 0:
                raise DocumentError(f"{user}: input {ref.layer!r} has a single output, not output {ref.tensor}")
            return produced
        if ref.tensor >= len(produced):
            raise DocumentError(f"{user}: model {ref.layer!r} has {len(produced)} output(s), not output {ref.tensor}")
        return produced[ref.tensor]

    # Emitting layers -------------------------------------------------------

    def _input(self, layer: RawLayer, path: tuple[str, ...], bound: list[Source] | None,
               inputs: dict[str, int]) -> Source:
        if bound is not None:
            if layer.name not in inputs:
                raise DocumentError(f"{path[-1]}: the input {layer.name!r} is not one of the model's inputs")
            return bound[inputs[layer.name]]
        node_id = self._emit(layer, (), [], 0, False)
        return Source(node_id)

    def _call(self, layer: RawLayer, k: int, sources: list[Source], path: tuple[str, ...], instance: int,
              frozen: bool) -> Produced:
        number = instance * len(layer.calls) + k
        if layer.model is not None:
            prefix = self._base(path, layer.name)
            self.notes.group("nested models were flattened into the design, their layers' ids and names "
                             "prefixed with the model's (<model>_<layer>)", prefix)
            nested_frozen = frozen or not layer.model.trainable
            nest = Nest(prefix if number == 0 else f"{prefix}__{number + 1}",
                        layer.name if number == 0 else f"{layer.name} (call {number + 1})", prefix)
            self._nesting[-1].append(nest)
            self._nesting.append(nest.inner)
            start = len(self.nodes)
            try:
                return self._model(layer.model, (*path, layer.name), sources, number, nested_frozen)
            finally:
                self._nesting.pop()
                nest.members = [node.id for node in self.nodes[start:]]
        return self._emit(layer, path, sources, number, frozen)

    def _emit(self, layer: RawLayer, path: tuple[str, ...], sources: list[Source], number: int,
              frozen: bool) -> str:
        base = self._base(path, layer.name)
        node_id = base if number == 0 else f"{base}__{number + 1}"
        if node_id in self._ids:
            raise DocumentError(f"two layers of the model map to the id {node_id!r}")
        if len(self.nodes) >= self.max_layers:
            raise DocumentError(f"the model has more than {self.max_layers:,} layers (nested models flattened); "
                                "too many for a design")
        config = self.mapper.map(layer.class_name, layer.config, self._where(path, layer.name))
        first = self._aliases.get((*path, layer.name))
        if first is not None:
            config["name"] = self._base(first[:-1], first[-1])
            self.notes.group("layers that the model and a nested model (or two nested models) list with one name "
                             "and config are one shared layer, named as at its first place",
                             self._where(path, layer.name))
        elif path:
            config["name"] = base
        if frozen:
            config["trainable"] = False
        if number == 1:
            self.notes.group("shared layers (called more than once) give one design layer per call, "
                             "ids <name>, <name>__2…, with the same config and name", base)
        self._ids.add(node_id)
        recorded = self._recorded(layer, path, number, frozen or config.get("trainable") is False)
        call = layer.call_args[number % len(layer.calls)] if layer.call_args else None
        self.nodes.append(LayerNode(node_id, layer.class_name, config, tuple(sources), recorded=recorded, call=call))
        return node_id

    def _recorded(self, layer: RawLayer, path: tuple[str, ...], number: int, frozen: bool) -> Recorded | None:
        """What Keras recorded of this call of a layer outside the catalog: shapes, and weights' sizes."""
        if get_spec(layer.class_name) is not None or not layer.calls:
            return None
        recorded = layer.recorded[number % len(layer.calls)] if layer.recorded else None
        size = self.weights.get(self._where(path, layer.name))
        if size is not None:
            recorded = replace(recorded or Recorded(), params=(0, sum(size)) if frozen else size)
        if recorded is not None:
            self.notes.group("layers outside the catalog take the shapes Keras recorded in the file "
                             "(marked 'recorded')", self._where(path, layer.name))
        return recorded

    def _base(self, path: tuple[str, ...], name: str) -> str:
        """The id of a layer's first call: its name, prefixed by the models it is nested in."""
        identity = (*path, name)
        base = "_".join(identity)
        candidate, n = base, 1
        while self._bases.get(candidate, identity) != identity:
            n += 1
            candidate = f"{base}_{n}"
        self._bases[candidate] = identity
        return candidate

    @staticmethod
    def _where(path: tuple[str, ...], name: str) -> str:
        return "/".join((*path, name))
