"""Blocks: named groups of layers that the canvas can collapse into one card. No Qt.

A document's groups live beside it (`groups_of`), change only through
`GroupStep` (an edit step with an inverse, so grouping, renaming, ungrouping,
collapsing and expanding are undoable edits like any other) and announce each
change on their `changed` event. A layer belongs to at most one group; a group
lists layer ids, and a member that was deleted is simply skipped
(`live_members`), so undoing the deletion brings it back into its block.

In the design file, groups are the optional top-level key ``"groups"``::

    "groups": [{"id": "conv2_block1", "name": "conv2_block1", "layers": ["conv2_block1_1_conv", ...],
                "collapsed": true}]

Written only when the design has groups, so a design without blocks is
byte-for-byte what earlier versions wrote and read. (Readers before this key
existed refuse any unknown top-level key, so a design *with* blocks needs this
version or later; `strip_groups` gives the plain design for them.)

An imported Keras model brings its blocks (one per call of a nested model,
set by the importer, `designer.export._import_nesting`); `suggest_groups`
finds blocks from layer names: Keras application prefixes (``conv2_block1_…``,
``block_3_…``, ``block1_…``), name scopes (``scope/layer``) and ``<prefix>_``
words shared by neighbours.
"""

from __future__ import annotations

import re
import weakref
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Iterable

from .document import DocumentError
from .events import Event

if TYPE_CHECKING:
    from .document import Document

MAX_NAME = 200


@dataclass(frozen=True)
class Group:
    """A block: ``members`` are layer ids; ``collapsed`` shows it as one card."""

    id: str
    name: str
    members: tuple[str, ...]
    collapsed: bool = True


class Groups:
    """The groups of one document, with a layer → group index. ``changed`` emits the group id that changed."""

    def __init__(self) -> None:
        self.changed: Event[str] = Event()
        self._groups: dict[str, Group] = {}
        self._of: dict[str, str] = {}

    def __iter__(self):
        return iter(list(self._groups.values()))

    def __len__(self) -> int:
        return len(self._groups)

    def get(self, group_id: str) -> Group | None:
        return self._groups.get(group_id)

    def group_of(self, layer_id: str) -> Group | None:
        gid = self._of.get(layer_id)
        return self._groups.get(gid) if gid is not None else None

    def unique_id(self, base: str) -> str:
        base = base or "block"
        if base not in self._groups:
            return base
        n = 1
        while f"{base}_{n}" in self._groups:
            n += 1
        return f"{base}_{n}"

    def set(self, group_id: str, group: Group | None, emit: bool = True) -> Group | None:
        """Put ``group`` under ``group_id`` (None removes it); returns what was there."""
        old = self._groups.pop(group_id, None)
        if old is not None:
            for layer_id in old.members:
                self._of.pop(layer_id, None)
        if group is not None:
            taken = [m for m in group.members if m in self._of]
            if taken:
                if old is not None:
                    self._put(old)
                other = self._groups[self._of[taken[0]]]
                raise DocumentError(f"{taken[0]!r} is already in the block {other.name!r}")
            self._put(group)
        if emit:
            self.changed.emit(group_id)
        return old

    def _put(self, group: Group) -> None:
        self._groups[group.id] = group
        for layer_id in group.members:
            self._of[layer_id] = group.id

    def replace_all(self, groups: Iterable[Group]) -> None:
        """Take ``groups`` instead of the current ones (reading a file, importing); emits ``"*"``."""
        self._groups, self._of = {}, {}
        for group in groups:
            self.set(group.id, group, emit=False)
        self.changed.emit("*")


_GROUPS: "weakref.WeakKeyDictionary[Document, Groups]" = weakref.WeakKeyDictionary()


def groups_of(doc: "Document") -> Groups:
    """The groups of ``doc`` (empty until some are set)."""
    found = _GROUPS.get(doc)
    if found is None:
        found = _GROUPS[doc] = Groups()
    return found


def live_members(doc: "Document", group: Group) -> list[str]:
    """The members of ``group`` that are layers of ``doc`` now."""
    return [m for m in group.members if m in doc]


# Edits ---------------------------------------------------------------------------

@dataclass(frozen=True)
class GroupStep:
    """An edit step that sets group ``group_id`` to ``new`` (None removes it); `apply` returns its inverse.

    It has the interface of `designer.model.edits.Step`, so an `Edit` mixes
    group steps with layer steps (ungroup and delete, group and move…).
    """

    group_id: str
    new: Group | None

    def apply(self, doc: "Document") -> "GroupStep":
        if self.new is not None:
            missing = [m for m in self.new.members if m not in doc]
            if len(missing) == len(self.new.members):
                raise DocumentError("a block needs at least one layer of the design")
        old = groups_of(doc).set(self.group_id, self.new)
        return GroupStep(self.group_id, old)


def group_layers(doc: "Document", ids: Iterable[str], name: str | None = None, collapsed: bool = False):
    """``(Edit, group id)`` making a block of the layers ``ids`` (taken out of the blocks they were in)."""
    from .edits import Edit

    members = [i for i in dict.fromkeys(ids) if i in doc]
    if len(members) < 2:
        raise DocumentError("select at least two layers to make a block")
    groups = groups_of(doc)
    steps = []
    for old in {g.id: g for g in (groups.group_of(m) for m in members) if g is not None}.values():
        kept = tuple(m for m in old.members if m not in members)
        steps.append(GroupStep(old.id, replace(old, members=kept) if len(kept) >= 2 else None))
    name = check_name(name or _common_prefix([doc.layer(m).name for m in members]) or "block")
    gid = groups.unique_id(_id_from(name))
    steps.append(GroupStep(gid, Group(gid, name, tuple(members), collapsed)))
    return Edit(f"Group {len(members)} layers", steps), gid


def ungroup(doc: "Document", group_id: str):
    from .edits import Edit

    group = _existing(doc, group_id)
    return Edit(f"Ungroup {group.name}", [GroupStep(group_id, None)])


def rename_group(doc: "Document", group_id: str, name: str):
    from .edits import Edit

    group = _existing(doc, group_id)
    return Edit(f"Rename block {group.name}", [GroupStep(group_id, replace(group, name=check_name(name)))])


def set_collapsed(doc: "Document", group_id: str, collapsed: bool):
    from .edits import Edit

    group = _existing(doc, group_id)
    if group.collapsed == collapsed:
        return Edit("Collapse" if collapsed else "Expand")
    verb = "Collapse" if collapsed else "Expand"
    return Edit(f"{verb} {group.name}", [GroupStep(group_id, replace(group, collapsed=collapsed))])


def check_name(name: Any) -> str:
    if not isinstance(name, str) or not name.strip():
        raise DocumentError("a block needs a non-empty name")
    if len(name) > MAX_NAME:
        raise DocumentError(f"a block's name has at most {MAX_NAME} characters")
    return name.strip()


def _existing(doc: "Document", group_id: str) -> Group:
    group = groups_of(doc).get(group_id)
    if group is None:
        raise DocumentError(f"there is no block {group_id!r}")
    return group


def _id_from(name: str) -> str:
    return re.sub(r"[^0-9A-Za-z_.-]+", "_", name).strip("_") or "block"


def _common_prefix(names: list[str]) -> str:
    first, last = min(names), max(names)
    n = 0
    while n < min(len(first), len(last)) and first[n] == last[n]:
        n += 1
    return first[:n].rstrip("_/-. ")


# File ---------------------------------------------------------------------------

def groups_to_json(doc: "Document") -> list[dict] | None:
    """The ``"groups"`` value of the design file, or None when the design has no block."""
    groups = [g for g in groups_of(doc) if live_members(doc, g)]
    if not groups:
        return None
    return [{"id": g.id, "name": g.name, "layers": live_members(doc, g), "collapsed": g.collapsed} for g in groups]


def groups_from_json(doc: "Document", data: Any) -> None:
    """Give ``doc`` the groups of a file's ``"groups"`` value, or raise `DocumentError` saying what is wrong."""
    if data is None:
        groups_of(doc).replace_all([])
        return
    if not isinstance(data, list):
        raise DocumentError("groups must be a list of blocks")
    found: list[Group] = []
    owner: dict[str, str] = {}
    for i, item in enumerate(data):
        where = f"block #{i + 1}"
        if not isinstance(item, dict):
            raise DocumentError(f"{where} is not an object")
        gid = item.get("id")
        if not isinstance(gid, str) or not gid.strip():
            raise DocumentError(f"{where} has no id (a non-empty string)")
        if any(g.id == gid for g in found):
            raise DocumentError(f"two blocks have the id {gid!r}")
        where = f"block {gid!r}"
        try:
            name = check_name(item.get("name", gid))
        except DocumentError as exc:
            raise DocumentError(f"{where}: {exc}") from None
        layers = item.get("layers")
        if not isinstance(layers, list) or not all(isinstance(m, str) for m in layers):
            raise DocumentError(f"{where}: layers must be a list of layer ids")
        for m in layers:
            if m not in doc:
                raise DocumentError(f"{where}: {m!r} is not a layer of the design")
            if m in owner:
                raise DocumentError(f"{where}: {m!r} is already in the block {owner[m]!r}")
            owner[m] = gid
        collapsed = item.get("collapsed", True)
        if not isinstance(collapsed, bool):
            raise DocumentError(f"{where}: collapsed must be true or false")
        found.append(Group(gid, name, tuple(dict.fromkeys(layers)), collapsed))
    groups_of(doc).replace_all(found)


def strip_groups(data: dict) -> dict:
    """A design file's JSON without its blocks: what readers that predate ``"groups"`` open."""
    return {k: v for k, v in data.items() if k != "groups"}


# Opening an imported model -----------------------------------------------------

COLLAPSE_OVER = 40
"""An imported model with more layers than this opens with its blocks collapsed."""


def with_suggested_blocks(doc: "Document", fit: tuple[float, float] | None = None,
                          direction: str = "TB") -> "Document":
    """``doc`` (fresh from an import) with its blocks, laid out for them.

    The blocks are the importer's (set on ``doc``: its nested models, and those
    the other layers' names suggest), or those the names suggest. A model of
    more than `COLLAPSE_OVER` layers gets its blocks collapsed. The layout folds to
    ``fit`` (the canvas's size). A model without blocks is only laid out. Returns a new document; ``doc`` is unchanged.
    """
    from .document import Document
    from .layout import layered_layout

    collapsed = len(doc) > COLLAPSE_OVER
    groups = model_and_suggested_groups(doc, collapsed)
    units = {m: g.id for g in groups if g.collapsed for m in g.members}
    positions = layered_layout(doc, direction, fit, units or None)
    laid = Document(doc.name, [node.with_position(*positions[node.id]) for node in doc], doc.explicit_outputs)
    groups_of(laid).replace_all(groups)
    return laid


def model_and_suggested_groups(doc: "Document", collapsed: bool) -> list[Group]:
    """The blocks ``doc`` has (an import of a Keras model sets its own), or else those `suggest_groups` finds."""
    own = [replace(g, collapsed=collapsed) for g in groups_of(doc) if live_members(doc, g)]
    return own or suggest_groups(doc, collapsed)


# Blocks found in a model's names -------------------------------------------------

_BLOCK = re.compile(r"^(.*?block_?\d+[a-z]?)(?:_|$)")
_CELL = re.compile(r"^(?:\w*?_)?(?:normal|reduction|adjust)_\w*?_((?:stem|reduce)_\d+|\d+)$")
"""A NASNet cell: ``…normal|reduction|adjust…_<cell>`` where the cell is ``stem_N``, ``reduce_N`` or ``N``."""
ABSORB_PASSES = 3


def suggest_groups(doc: "Document", collapsed: bool = True, skip: "set[str] | frozenset[str]" = frozenset(),
                   strip: str = "") -> list[Group]:
    """Blocks read from layer names: each a connected run of at least two layers sharing a prefix.

    Layers in ``skip`` (already in a block) are left out; names are read
    without ``strip`` (the ``<model>_`` of a nested model's flattened layers).

    The prefix of a name is, in order of preference: everything up to a
    ``block<N>``/``block_<N>`` token (Keras applications), everything before the
    last ``/`` (a name scope), or its first ``_``-separated token when that is
    not the start of a Keras class name (so ``conv2d_1`` and ``conv2d_2`` do not
    make a block, but a nested model's ``head_dense`` and ``head_dense_1`` do).
    A prefix whose layers are not connected to each other gives one block per
    connected run.
    """
    classy = _class_words()
    keyed: dict[str, list[str]] = {}
    for node in doc:
        key = _prefix(node.name.removeprefix(strip), classy) if node.id not in skip else None
        if key is not None:
            keyed.setdefault(key, []).append(node.id)
    _absorb(doc, keyed, skip)
    if len(keyed) == 1 and len(next(iter(keyed.values()))) == len(doc) - len(skip):
        return []  # one block around everything shows nothing
    groups: list[Group] = []
    taken: set[str] = set()
    for key, ids in keyed.items():
        for run in _connected_runs(doc, ids):
            if len(run) >= 2:
                gid = key if key not in taken else f"{key}_{len(groups)}"
                taken.add(gid)
                groups.append(Group(gid, key, tuple(run), collapsed))
    return groups


def _absorb(doc: "Document", keyed: dict[str, list[str]], skip: "set[str] | frozenset[str]" = frozenset()) -> None:
    """Give a layer with a generic name (``activation_23``, ``add_1``) the prefix its neighbours all share."""
    key_of = {i: k for k, ids in keyed.items() for i in ids}
    for _ in range(ABSORB_PASSES):
        joined = 0
        for node in doc:
            if node.id in key_of or node.id in skip:
                continue
            around = {key_of.get(s.layer) for s in node.inbound} | {key_of.get(c) for c in doc.consumers(node.id)}
            if len(around) == 1 and None not in around and node.inbound and doc.consumers(node.id):
                key = around.pop()
                key_of[node.id] = key
                keyed[key].append(node.id)
                joined += 1
        if not joined:
            break
    order = {layer_id: i for i, layer_id in enumerate(doc.ids())}
    for ids in keyed.values():
        ids.sort(key=order.__getitem__)


def _prefix(name: str, classy: set[str]) -> str | None:
    match = _BLOCK.match(name)
    if match:
        return match.group(1)
    match = _CELL.match(name)
    if match:
        return f"cell_{match.group(1)}"
    if "/" in name:
        return name.rsplit("/", 1)[0]
    if "_" in name:
        head = name.split("_", 1)[0]
        if head and head.lower() not in classy and not head.isdigit():
            return head
    return None


def _class_words() -> set[str]:
    """First words of the snake_case names Keras gives layers of each catalog class (``conv2d``, ``max``…)."""
    from designer.layers import all_specs

    from .edits import snake_case

    words = {"tf", "lambda", "model", "sequential", "functional", "input", "re", "layer"}
    for spec in all_specs():
        words.add(snake_case(spec.class_name).split("_", 1)[0])
    return words


def _connected_runs(doc: "Document", ids: list[str]) -> list[list[str]]:
    """``ids`` split into groups connected by edges among themselves (document order kept)."""
    inside = set(ids)
    parent = {i: i for i in ids}

    def find(i: str) -> str:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for layer_id in ids:
        for src in doc.layer(layer_id).inbound:
            if src.layer in inside:
                parent[find(src.layer)] = find(layer_id)
    runs: dict[str, list[str]] = {}
    for layer_id in ids:
        runs.setdefault(find(layer_id), []).append(layer_id)
    return list(runs.values())
