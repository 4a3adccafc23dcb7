"""Reversible edits of a document, and the editing operations a designer needs.

An `Edit` is a list of primitive steps (add, remove, replace a layer; set the
outputs), each of which knows its inverse. Applying an edit is all-or-nothing:
if a step is refused (`DocumentError`), the steps already applied are undone.
The GUI wraps one `Edit` in one QUndoCommand, so a multi-step user action
(insert on an edge, delete with reconnection, paste) is one undo step.

The builder functions below compute edits from the current document without
changing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Mapping, Sequence

from .document import Document, DocumentError, LayerNode, Source
from .sharing import fresh_name, shared_calls


@dataclass(frozen=True)
class Step:
    """One primitive change: ``kind`` is add, remove, replace or outputs."""

    kind: str
    old: Any = None
    new: Any = None
    index: int | None = None

    def apply(self, doc: Document) -> "Step":
        """Apply to ``doc``; returns the step that undoes it."""
        if self.kind == "add":
            doc.add_layer(self.new, self.index)
            return Step("remove", old=self.new)
        if self.kind == "remove":
            node = doc.layer(self.old.id)
            index = doc.remove_layer(self.old.id)
            return Step("add", new=node, index=index)
        if self.kind == "replace":
            old = doc.layer(self.new.id)
            doc.replace_layer(self.new)
            return Step("replace", new=old)
        if self.kind == "outputs":
            previous = doc.explicit_outputs
            doc.set_outputs(self.new)
            return Step("outputs", new=previous)
        raise ValueError(f"unknown edit step {self.kind!r}")


@dataclass
class Edit:
    """A named, all-or-nothing sequence of steps (one undo entry)."""

    text: str
    steps: list[Step] = field(default_factory=list)

    def apply(self, doc: Document) -> "Edit":
        """Apply every step; returns the inverse edit. On a refusal nothing stays changed."""
        inverse: list[Step] = []
        try:
            i = 0
            while i < len(self.steps):
                run = _replace_run(self.steps, i)
                if len(run) > 1:  # many layers replaced in a row (moved, usually): one change event for all
                    olds = [doc.layer(s.new.id) for s in run]
                    doc.replace_layers([s.new for s in run])
                    inverse.extend(Step("replace", new=old) for old in olds)
                    i += len(run)
                    continue
                inverse.append(self.steps[i].apply(doc))
                i += 1
        except DocumentError:
            for step in reversed(inverse):
                step.apply(doc)
            raise
        return Edit(self.text, list(reversed(inverse)))

    def __bool__(self) -> bool:
        return bool(self.steps)


def _replace_run(steps: list[Step], start: int) -> list[Step]:
    """The replace steps from ``start`` on, up to the first step of another kind."""
    end = start
    while end < len(steps) and isinstance(steps[end], Step) and steps[end].kind == "replace":
        end += 1
    return steps[start:end]


def add_layer(doc: Document, class_name: str, config: Mapping[str, Any] | None = None,
              inbound: Sequence[Source] = (), position: tuple[float, float] | None = None,
              layer_id: str | None = None) -> tuple[Edit, str]:
    """Add a new layer; its id comes from the class name (``conv2d``, ``conv2d_1``…)."""
    new_id = layer_id or doc.unique_id(snake_case(class_name))
    node = LayerNode(new_id, class_name, dict(config or {}), tuple(inbound), position)
    return Edit(f"Add {class_name}", [Step("add", new=node)]), new_id


RESET = object()
"""`set_argument` value meaning "remove the argument: Keras's default applies"."""


def set_argument(doc: Document, layer_id: str, name: str, value: Any) -> Edit:
    """Set one argument of a layer; `RESET` removes it so Keras's default applies.

    ``None`` is stored as an explicit ``null`` where it means something other
    than the default (LSTM's ``activation=None`` is linear, its default is
    tanh); where Keras's default is None anyway, it removes the argument. A shared layer (several calls, see
    `designer.model.sharing`) is one layer: every call gets the new value.
    """
    node = doc.layer(layer_id)
    config = dict(node.config)
    if value is RESET or (value is None and not _none_differs_from_default(node.class_name, name)):
        config.pop(name, None)
        text = f"Reset {name} of {node.name}"
    else:
        config[name] = value
        text = f"Set {name} of {node.name}"
    calls = shared_calls(doc, layer_id)
    if len(calls) > 1:
        text += f" (all {len(calls)} calls of the shared layer)"
    return Edit(text, [Step("replace", new=replace(doc.layer(i), config=config)) for i in calls])


def unshare(doc: Document, layer_id: str) -> Edit:
    """Make one call of a shared layer a layer of its own: a fresh name, so its own weights."""
    node = doc.layer(layer_id)
    name = fresh_name(doc, node.name)
    return Edit(f"Un-share {node.name} ({layer_id} becomes {name})",
                [Step("replace", new=replace(node, config={**node.config, "name": name}))])


def _none_differs_from_default(class_name: str, name: str) -> bool:
    from designer.layers import get_spec

    spec = get_spec(class_name)
    arg = spec.arg_index.get(name) if spec else None
    return arg is not None and arg.default is not None and (arg.nullable or arg.kind == "any")


def move_layers(doc: Document, positions: Mapping[str, tuple[float, float]]) -> Edit:
    steps = [Step("replace", new=doc.layer(i).with_position(*p)) for i, p in positions.items()]
    return Edit("Move" if len(steps) != 1 else f"Move {doc.layer(next(iter(positions))).name}", steps)


def connect(doc: Document, source: Source, target: str, port: int | None = None) -> Edit:
    """Connect ``source`` into input ``port`` of ``target`` (appended when None or past the end)."""
    node = doc.layer(target)
    inbound = list(node.inbound)
    if port is None or port >= len(inbound):
        inbound.append(source)
    else:
        inbound[port] = source
    return Edit(f"Connect {source} → {node.name}", [Step("replace", new=node.with_inbound(inbound))])


def disconnect(doc: Document, target: str, port: int) -> Edit:
    node = doc.layer(target)
    inbound = list(node.inbound)
    removed = inbound.pop(port)
    return Edit(f"Disconnect {removed} → {node.name}", [Step("replace", new=node.with_inbound(inbound))])


def insert_on_edge(doc: Document, class_name: str, source: Source, target: str, port: int,
                   position: tuple[float, float] | None = None,
                   config: Mapping[str, Any] | None = None) -> tuple[Edit, str]:
    """Put a new layer between ``source`` and input ``port`` of ``target``."""
    add, new_id = add_layer(doc, class_name, config, (source,), position)
    node = doc.layer(target)
    inbound = list(node.inbound)
    inbound[port] = Source(new_id)
    steps = add.steps + [Step("replace", new=node.with_inbound(inbound))]
    return Edit(f"Insert {class_name}", steps), new_id


def insert_with_room(doc: Document, class_name: str, source: Source, target: str, port: int,
                     wanted: tuple[float, float], config: Mapping[str, Any] | None = None,
                     direction: str = "TB") -> tuple[Edit, str]:
    """`insert_on_edge` at ``wanted``, or, when a card is there, one rank after ``source`` with the cards after
    it in its column moved on to make room (`designer.model.insert_room`): one edit, one undo step."""
    from .insert_room import insert_place

    place, moves = insert_place(doc, source.layer, wanted, direction)
    edit, new_id = insert_on_edge(doc, class_name, source, target, port, place, config)
    rewired = {s.new.id: s.new for s in edit.steps if s.kind == "replace"}
    steps = list(edit.steps)
    for layer_id, (x, y) in moves.items():
        node = rewired.get(layer_id, doc.layer(layer_id))
        steps.append(Step("replace", new=node.with_position(x, y)))
    return Edit(edit.text, steps), new_id


def remove_layers(doc: Document, ids: Iterable[str], reconnect: bool = True) -> Edit:
    """Delete layers; with ``reconnect``, a deleted single-input layer's consumers take its input instead.

    Consumers whose source is deleted without a replacement lose that input.
    """
    doomed = [i for i in doc.ids() if i in set(ids)]
    replacement: dict[str, Source | None] = {}
    for layer_id in doomed:
        inbound = doc.layer(layer_id).inbound
        replacement[layer_id] = inbound[0] if reconnect and len(inbound) == 1 else None

    def resolve(src: Source) -> Source | None:
        seen = set()
        while src.layer in replacement and src.layer not in seen:
            seen.add(src.layer)
            nxt = replacement[src.layer]
            if nxt is None or src.index != 0:
                return None
            src = nxt
        return None if src.layer in replacement else src

    steps: list[Step] = []
    touched: set[str] = set()
    for layer_id in doomed:
        for user in doc.consumers(layer_id):
            if user in replacement or user in touched:
                continue
            touched.add(user)
            node = doc.layer(user)
            kept = [r for r in (resolve(s) if s.layer in replacement else s for s in node.inbound) if r is not None]
            steps.append(Step("replace", new=node.with_inbound(kept)))
    outputs = doc.explicit_outputs
    if outputs is not None and any(s.layer in replacement for s in outputs):
        kept = [r for r in (resolve(s) if s.layer in replacement else s for s in outputs) if r is not None]
        steps.append(Step("outputs", new=tuple(kept)))
    for layer_id in reversed(_dependency_order(doc, doomed)):
        steps.append(Step("remove", old=doc.layer(layer_id)))
    names = doc.layer(doomed[0]).name if len(doomed) == 1 else f"{len(doomed)} layers"
    return Edit(f"Delete {names}", steps)


def _dependency_order(doc: Document, ids: list[str]) -> list[str]:
    from .graph import topological_order

    wanted = set(ids)
    if len(wanted) <= 1:
        return list(wanted)  # nothing to order (and no walk of the whole design)
    return [i for i in topological_order(doc) if i in wanted]


def duplicate_layers(doc: Document, ids: Iterable[str], offset: tuple[float, float] = (40.0, 40.0)) -> tuple[Edit, list[str]]:
    """Copies of layers, connected among themselves and to the same outside sources."""
    return paste_layers(doc, [doc.layer(i) for i in doc.ids() if i in set(ids)], offset, keep_outside=True)


def paste_layers(doc: Document, nodes: Sequence[LayerNode], offset: tuple[float, float] = (40.0, 40.0),
                 keep_outside: bool = False) -> tuple[Edit, list[str]]:
    """Add copies of ``nodes`` with fresh ids and names; connections among them are kept.

    A connection to a layer outside the copied set is kept when ``keep_outside``
    and that layer exists in ``doc``; otherwise it is dropped.
    """
    mapping: dict[str, str] = {}
    taken = set(doc.ids())
    names = {n.name for n in doc}
    steps = []
    for node in nodes:
        new_id = _fresh(node.id, taken)
        mapping[node.id] = new_id
    for node in nodes:
        inbound = []
        for s in node.inbound:
            if s.layer in mapping:
                inbound.append(Source(mapping[s.layer], s.index))
            elif keep_outside and s.layer in doc:
                inbound.append(s)
        config = dict(node.config)
        if "name" in config:
            config["name"] = _fresh(str(config["name"]), names)
        pos = node.position
        position = (pos[0] + offset[0], pos[1] + offset[1]) if pos else None
        steps.append(Step("add", new=LayerNode(mapping[node.id], node.class_name, config, tuple(inbound), position)))
    return Edit("Paste" if not keep_outside else "Duplicate", steps), [mapping[n.id] for n in nodes]


def _fresh(base: str, taken: set[str]) -> str:
    stem = base.rsplit("_", 1)[0] if base.rsplit("_", 1)[-1].isdigit() else base
    candidate, n = stem, 1
    while candidate in taken:
        candidate = f"{stem}_{n}"
        n += 1
    taken.add(candidate)
    return candidate


def snake_case(class_name: str) -> str:
    """Keras's default layer name stem: ``Conv2D`` → ``conv2d``, ``MaxPooling2D`` → ``max_pooling2d``."""
    name = re.sub(r"\W+", "", class_name)
    name = re.sub("(.)([A-Z][a-z]+)", r"\1_\2", name)
    return re.sub("([a-z])([A-Z])", r"\1_\2", name).lower()
