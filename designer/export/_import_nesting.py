"""What nesting tells an import (part of `designer.export.keras_import`): blocks, and layers shared across models.

- **Blocks.** Every call of a model used as a layer (a nested ``Functional`` or
  ``Sequential``) is a `Nest`: the design ids its layers became, and the nests
  inside it. `import_blocks` turns them into the design's blocks: one per call
  of a model nested in the top-level one, named after it (a second call is
  ``<model> (call 2)``). Blocks are flat, so a model nested deeper belongs to
  the block of the outermost one; a top-level model that only wraps one nested
  model (``Model(x, backbone(x))``) gives the blocks inside that model instead
  of one block around everything, and so does a large nested model (a
  backbone under a classifier head) that has blocks inside. Layers of the
  top-level model itself get the blocks their names suggest.
- **Layers shared across models.** One Keras layer object called by the outer
  model and by a nested one (or by two nested models) is listed in each
  model's config, with the same name, class and config. `shared_identities`
  finds them, so that every call gets the one layer name and the engine counts
  the weights once, as Keras does. A ``.keras`` archive saves a shared layer's
  weights once: a layer whose weights were saved at both places is two layers
  that happen to have the same name and config (a model-building function
  that names its layers), and stays two. A JSON config (or an ``.h5``, whose
  weights are listed by top-level layer) cannot tell them apart.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Iterator

from designer.model.groups import COLLAPSE_OVER, Group, suggest_groups

if TYPE_CHECKING:
    from designer.model import Document

    from ._import_graph import RawLayer, RawModel

Identity = tuple[str, ...]
"""A layer's place in the model: the names of the models it is nested in, then its own name."""


@dataclass
class Nest:
    """One call of a nested model: its block's id and name, the design ids it produced, the nests inside."""

    id: str
    name: str
    prefix: str
    """What the flattening put before its layers' names (``<prefix>_<layer>``)."""
    members: list[str] = field(default_factory=list)
    inner: list["Nest"] = field(default_factory=list)


def import_blocks(nests: list[Nest], doc: "Document", collapsed: bool) -> list[Group]:
    """The blocks of an imported model: its nested models' (`nested_blocks`), then, among the layers of the
    top-level model itself, those their names suggest (`suggest_groups`)."""
    groups = nested_blocks(nests, doc, collapsed)
    nested = {m for nest in nests for m in nest.members}
    taken = {g.id for g in groups}
    for group in suggest_groups(doc, collapsed, skip=nested):
        gid, n = group.id, 1
        while gid in taken:
            gid, n = f"{group.id}_{n}", n + 1
        taken.add(gid)
        groups.append(replace(group, id=gid))
    return groups


def nested_blocks(nests: list[Nest], doc: "Document", collapsed: bool) -> list[Group]:
    """The blocks of the nested models' calls (`Nest`) among the layers of ``doc``.

    The outermost calls give the blocks, except a call read from inside
    (`_blocks_inside`), which gives the blocks its layers' names suggest and
    those of the calls inside it. A call that produced fewer than two layers
    makes no block.
    """
    groups: list[Group] = []
    taken: set[str] = set()

    def add(group: Group) -> None:
        gid, n = group.id, 1
        while gid in taken:
            gid, n = f"{group.id}_{n}", n + 1
        taken.add(gid)
        groups.append(replace(group, id=gid))

    stack = list(reversed(nests))
    while stack:
        nest = stack.pop()
        members = [m for m in nest.members if m in doc]
        if len(members) < 2:
            continue
        inside = _blocks_inside(nest, members, doc, collapsed)
        if inside is None:
            add(Group(nest.id, nest.name, tuple(members), collapsed))
            continue
        for group in inside:
            add(group)
        stack.extend(reversed(nest.inner))
    return groups


def _blocks_inside(nest: Nest, members: list[str], doc: "Document", collapsed: bool) -> list[Group] | None:
    """The blocks suggested by the names of a nested model's own layers, when it is read from inside; else None.

    - It holds every layer but the inputs (``Model(x, backbone(x))``): one
      block around everything would show nothing.
    - It holds more than `COLLAPSE_OVER` layers (a backbone such as a ResNet
      under a classifier head) and at least two blocks are inside it (its own
      nested models, or blocks its layers' names suggest): the blocks it would
      open with alone.

    Names are read without the ``<model>_`` prefix the flattening gave them.
    """
    held = set(members)
    wraps = all(node.class_name == "InputLayer" for node in doc if node.id not in held)
    if not wraps and len(members) <= COLLAPSE_OVER:
        return None
    inner = {m for sub in nest.inner for m in sub.members}
    outside = {node.id for node in doc if node.id not in held}
    guessed = suggest_groups(doc, collapsed, skip=outside | inner, strip=f"{nest.prefix}_")
    finer = len(guessed) + sum(1 for sub in nest.inner if len(sub.members) >= 2)
    return guessed if wraps or finer >= 2 else None


def shared_identities(model: "RawModel", weights: dict[str, tuple[int, int]]) -> dict[Identity, Identity]:
    """Each later place of a layer listed in several models → its first place (config order, depth first).

    Places match when the layer's class and whole config (its name included)
    are equal, unless ``weights`` (counts by path) saved weights at both
    places, which only two layers have. (A ``.keras`` archive lists every
    layer's path; an ``.h5`` only the top-level ones, so it tells nothing of a
    nested model's layers.)
    """
    first: dict[tuple[str, str], Identity] = {}
    aliases: dict[Identity, Identity] = {}
    if all(layer.model is None for layer in model.layers):
        return aliases
    for path, layer in _walk(model):
        if layer.class_name == "InputLayer":
            continue
        text = json.dumps(layer.config, sort_keys=True, default=repr)
        if '"shared_object_id"' in text:
            text = json.dumps(_without_object_ids(layer.config), sort_keys=True, default=repr)
        key = (layer.class_name, text)
        identity = (*path, layer.name)
        seen = first.setdefault(key, identity)
        if seen != identity and seen[:-1] != path and not _both_saved(weights, seen, identity):
            aliases[identity] = seen
    return aliases


def _both_saved(weights: dict[str, tuple[int, int]], first: Identity, later: Identity) -> bool:
    """Whether the weights file saved weights at both places: two layers (Keras saves one layer's weights once)."""
    return "/".join(first) in weights and "/".join(later) in weights


def _without_object_ids(value: Any) -> Any:
    """``value`` without the ``shared_object_id`` keys a ``.keras`` archive adds where it serializes an object
    (an initializer, a dtype policy) a second time: the second listing of one layer has them, the first not."""
    out = copy.deepcopy(value)
    stack = [out]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            item.pop("shared_object_id", None)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return out


def _walk(model: "RawModel") -> Iterator[tuple[Identity, "RawLayer"]]:
    """``(path, layer)`` for every layer of ``model`` and of the models nested in it, depth first, no recursion."""
    stack: list[tuple[Identity, Iterator[RawLayer]]] = [((), iter(model.layers))]
    while stack:
        path, layers = stack[-1]
        layer = next(layers, None)
        if layer is None:
            stack.pop()
            continue
        if layer.model is not None:
            stack.append(((*path, layer.name), iter(layer.model.layers)))
        else:
            yield path, layer
