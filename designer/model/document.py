"""The design document: layers, their connections and the model's outputs (no Qt).

The document is the single source of truth of the app. Layers are immutable
`LayerNode` values; an edit replaces a node, so anything keyed on a node (the
engine's cache) knows at once whether it changed. Every mutation keeps the
document consistent (unique ids, existing sources, no cycles) or raises
`DocumentError` and changes nothing, then emits `changed`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Iterator, Mapping, NamedTuple, Sequence

from .events import Event


class DocumentError(ValueError):
    """A document, or an edit to one, that cannot be accepted; the message says why."""


class Source(NamedTuple):
    """One inbound connection: output ``index`` of layer ``layer``."""

    layer: str
    index: int = 0  # type: ignore[assignment]  # the field shadows tuple.index, as Keras's tensor index reads

    def to_json(self) -> Any:
        return self.layer if self.index == 0 else [self.layer, self.index]

    def __str__(self) -> str:
        return self.layer if self.index == 0 else f"{self.layer}[{self.index}]"


@dataclass(frozen=True)
class LayerNode:
    """One layer of a design: a Keras class, its config and its inbound sources.

    ``config`` holds Keras constructor arguments by Keras's names (omitted means
    Keras's default). Treat it as read-only: edits go through `with_config`.
    """

    id: str
    class_name: str
    config: Mapping[str, Any] = field(default_factory=dict)
    inbound: tuple[Source, ...] = ()
    position: tuple[float, float] | None = None
    recorded: Any = None
    """What the model file recorded of this layer (`designer.model.recorded.Recorded`), or None."""
    declared: Any = None
    """What the user declared of a custom layer (`designer.model.recorded.Declared`), or None."""
    call: Any = None
    """Keyword arguments of the layer's call (`designer.model.calls.CallArgs`), or None: all positional."""

    @property
    def name(self) -> str:
        """The Keras layer name: ``config['name']`` when set, else the id."""
        name = self.config.get("name")
        return name if isinstance(name, str) and name else self.id

    def with_config(self, **changes: Any) -> "LayerNode":
        """A copy with config arguments set; a value of None removes the argument."""
        config = dict(self.config)
        for key, value in changes.items():
            if value is None:
                config.pop(key, None)
            else:
                config[key] = value
        return replace(self, config=config)

    def with_inbound(self, inbound: Iterable[Source]) -> "LayerNode":
        return replace(self, inbound=tuple(Source(*s) if not isinstance(s, Source) else s for s in inbound))

    def with_position(self, x: float, y: float) -> "LayerNode":
        """A copy at (x, y), each kept within the canvas's limits (`designer.model.limits`)."""
        from .limits import clamp_coordinate

        return replace(self, position=(clamp_coordinate(x), clamp_coordinate(y)))


class Change(NamedTuple):
    """What changed: ``kind`` is added, removed, replaced, outputs, name or reset."""

    kind: str
    ids: tuple[str, ...] = ()


class Document:
    """An ordered set of layers with consumers indexed, outputs and a name."""

    def __init__(self, name: str = "untitled", layers: Iterable[LayerNode] = (),
                 outputs: Iterable[Source] | None = None):
        self.changed: Event[Change] = Event()
        self._name = name
        self._layers: dict[str, LayerNode] = {}
        self._consumers: dict[str, dict[str, None]] = {}
        self._outputs: tuple[Source, ...] | None = None
        self.revision = 0
        self._load(list(layers), outputs)

    # Reading ------------------------------------------------------------

    @property
    def name(self) -> str:
        return self._name

    def __len__(self) -> int:
        return len(self._layers)

    def __iter__(self) -> Iterator[LayerNode]:
        return iter(list(self._layers.values()))

    def __contains__(self, layer_id: object) -> bool:
        return layer_id in self._layers

    def layer(self, layer_id: str) -> LayerNode:
        try:
            return self._layers[layer_id]
        except KeyError:
            raise DocumentError(f"no layer with id {layer_id!r}") from None

    def get(self, layer_id: str) -> LayerNode | None:
        return self._layers.get(layer_id)

    def ids(self) -> list[str]:
        return list(self._layers)

    def consumers(self, layer_id: str) -> list[str]:
        """Ids of the layers fed by ``layer_id``, in the order they were connected."""
        return list(self._consumers.get(layer_id, ()))

    @property
    def explicit_outputs(self) -> tuple[Source, ...] | None:
        """The outputs the file names, or None when they default."""
        return self._outputs

    def outputs(self) -> list[Source]:
        """The model's outputs: those named, else every layer nothing consumes."""
        if self._outputs is not None:
            return list(self._outputs)
        return [Source(i) for i in self._layers if not self._consumers.get(i)]

    def unique_id(self, base: str) -> str:
        """``base``, or ``base_1``, ``base_2``… whichever is free."""
        if base not in self._layers:
            return base
        n = 1
        while f"{base}_{n}" in self._layers:
            n += 1
        return f"{base}_{n}"

    # Editing ------------------------------------------------------------

    def rename(self, name: str) -> None:
        if not isinstance(name, str) or not name.strip():
            raise DocumentError("a design needs a non-empty name")
        self._name = name
        self._emit(Change("name"))

    def add_layer(self, node: LayerNode, index: int | None = None) -> None:
        """Insert ``node`` (at ``index`` in document order, default last)."""
        self._check_node(node, new=True)
        items = list(self._layers.items())
        items.insert(len(items) if index is None else index, (node.id, node))
        self._layers = dict(items)
        self._index(node)
        self._emit(Change("added", (node.id,)))

    def replace_layer(self, node: LayerNode) -> None:
        """Put ``node`` in place of the layer with the same id."""
        old = self.layer(node.id)
        self._check_node(node, new=False)
        self._unindex(old)
        self._layers[node.id] = node
        self._index(node)
        self._emit(Change("replaced", (node.id,)))

    def replace_layers(self, nodes: Sequence[LayerNode]) -> None:
        """Put each of ``nodes`` in place of the layer with its id, in order, then announce them in one change
        (a layout or a block making room moves hundreds of cards: one event, not one per card). All or nothing."""
        done: list[LayerNode] = []
        try:
            for node in nodes:
                old = self.layer(node.id)
                self._check_node(node, new=False)
                self._unindex(old)
                self._layers[node.id] = node
                self._index(node)
                done.append(old)
        except DocumentError:
            for old in reversed(done):
                self._unindex(self._layers[old.id])
                self._layers[old.id] = old
                self._index(old)
            raise
        if done:
            self._emit(Change("replaced", tuple(dict.fromkeys(n.id for n in nodes))))

    def remove_layer(self, layer_id: str) -> int:
        """Remove a layer nothing consumes; returns its former index."""
        self.layer(layer_id)
        users = self.consumers(layer_id)
        if users:
            raise DocumentError(f"{layer_id!r} still feeds {', '.join(repr(u) for u in users)}")
        index = list(self._layers).index(layer_id)
        self._unindex(self._layers.pop(layer_id))
        self._consumers.pop(layer_id, None)
        if self._outputs is not None:
            self._outputs = tuple(s for s in self._outputs if s.layer != layer_id) or None
        self._emit(Change("removed", (layer_id,)))
        return index

    def set_outputs(self, outputs: Iterable[Source] | None) -> None:
        """Name the model's outputs, or None to use the layers nothing consumes."""
        if outputs is not None:
            outputs = tuple(Source(*s) if not isinstance(s, Source) else s for s in outputs)
            _check_outputs_listed(outputs)
            for s in outputs:
                self.layer(s.layer)
        self._outputs = outputs
        self._emit(Change("outputs"))

    def reset(self, other: "Document") -> None:
        """Take over the content of ``other`` (used by revert and open-in-place)."""
        self._name = other.name
        self._layers, self._consumers, self._outputs = {}, {}, None
        self._load(list(other), other.explicit_outputs)
        self._emit(Change("reset"))

    # Internals ----------------------------------------------------------

    def _load(self, layers: list[LayerNode], outputs: Iterable[Source] | None) -> None:
        from .limits import check_layer_count, check_layer_limits

        check_layer_count(len(layers))
        for node in layers:
            if not isinstance(node.id, str) or not node.id:
                raise DocumentError("every layer needs a non-empty string id")
            check_layer_limits(node.id, len(node.inbound), node.config, node.position)
            if node.id in self._layers:
                raise DocumentError(f"two layers have the id {node.id!r}")
            self._layers[node.id] = node
        for node in layers:
            for src in node.inbound:
                if src.layer not in self._layers:
                    raise DocumentError(f"layer {node.id!r} takes input from {src.layer!r}, which does not exist")
            self._index(node)
        from .graph import find_cycle

        cycle = find_cycle(self)
        if cycle:
            raise DocumentError("the layers form a cycle: " + " → ".join(cycle + [cycle[0]]))
        if outputs is not None:
            outputs = tuple(Source(*s) if not isinstance(s, Source) else s for s in outputs)
            _check_outputs_listed(outputs)
            for s in outputs:
                if s.layer not in self._layers:
                    raise DocumentError(f"the output {s.layer!r} is not a layer of the design")
            self._outputs = outputs

    def _check_node(self, node: LayerNode, new: bool) -> None:
        from .limits import check_layer_count, check_layer_limits

        if not isinstance(node.id, str) or not node.id:
            raise DocumentError("a layer needs a non-empty string id")
        if new:
            check_layer_count(len(self._layers) + 1)
        check_layer_limits(node.id, len(node.inbound), node.config, node.position)
        if new and node.id in self._layers:
            raise DocumentError(f"a layer with id {node.id!r} already exists")
        for src in node.inbound:
            if src.layer == node.id:
                raise DocumentError(f"{node.id!r} cannot take its own output as input")
            if src.layer not in self._layers:
                raise DocumentError(f"{node.id!r} takes input from {src.layer!r}, which does not exist")
            if src.index < 0:
                raise DocumentError(f"{node.id!r}: output index {src.index} of {src.layer!r} is negative")
        if not new and node.inbound != self._layers[node.id].inbound:  # same inputs: no new cycle possible
            from .graph import downstream

            below = downstream(self, [node.id])
            for src in node.inbound:
                if src.layer in below:
                    raise DocumentError(
                        f"connecting {src.layer!r} into {node.id!r} would make a cycle: "
                        f"{src.layer!r} already depends on {node.id!r}"
                    )

    def _index(self, node: LayerNode) -> None:
        for src in node.inbound:
            self._consumers.setdefault(src.layer, {})[node.id] = None

    def _unindex(self, node: LayerNode) -> None:
        for src in node.inbound:
            users = self._consumers.get(src.layer)
            if users is not None:
                users.pop(node.id, None)

    def _emit(self, change: Change) -> None:
        self.revision += 1
        self.changed.emit(change)


def _check_outputs_listed(outputs: tuple[Source, ...]) -> None:
    if not outputs:
        raise DocumentError("the outputs list is empty: a model needs at least one output "
                            "(leave outputs out to use the layers nothing consumes)")
