"""Canvas actions on the selection: delete (reconnecting), copy, cut, paste, duplicate, append, auto layout.

Each action builds one edit from `designer.model.edits` and hands it to
`controller.apply`: one user action, one undo step. The clipboard holds
`LAYERS_CLIPBOARD_MIME`: a JSON list of layer objects in the design format.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from PySide6.QtCore import QMimeData, QPointF
from PySide6.QtWidgets import QApplication

from designer.layers import get_spec
from designer.model import DocumentError, LayerNode, Source, document_from_dict
from designer.model.edits import Edit, Step, add_layer, duplicate_layers, move_layers, paste_layers, remove_layers

from . import placement
from .edge_item import EdgeItem
from .starter import starter_config
from ..mime import LAYERS_CLIPBOARD_MIME

if TYPE_CHECKING:
    from .scene import GraphScene

PASTE_STEP = 40.0


def layers_to_json(doc, ids) -> str:
    """The layers ``ids`` (in document order) as a JSON list of design-format layer objects."""
    wanted = set(ids)
    layers = []
    for node in doc:
        if node.id not in wanted:
            continue
        item = {"id": node.id, "class_name": node.class_name, "config": dict(node.config),
                "inbound": [s.to_json() for s in node.inbound]}
        if node.position is not None:
            item["position"] = list(node.position)
        layers.append(item)
    return json.dumps(layers, ensure_ascii=False)


def layers_from_json(text: str) -> list[LayerNode]:
    """Layer nodes from clipboard JSON; connections to layers not in the list are dropped."""
    try:
        items = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as exc:
        raise DocumentError(f"the clipboard does not hold layers ({exc})") from None
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise DocumentError("the clipboard does not hold a list of layers")
    ids = {i.get("id") for i in items}

    def inside(src) -> bool:
        return (src if isinstance(src, str) else (src[0] if isinstance(src, list) and src else None)) in ids

    cleaned = [dict(i, inbound=[s for s in i.get("inbound", []) if inside(s)]) for i in items]
    return list(document_from_dict({"format": "keras-designer", "version": 1, "layers": cleaned}))


class CanvasEditing:
    """The selection-based actions of one `GraphScene`."""

    def __init__(self, scene: "GraphScene"):
        self.scene = scene
        self._paste_text: str | None = None
        self._paste_count = 0
        self.paste_code = None
        """Called with the clipboard's text when it holds no layers; True if it opened it as Keras code."""

    @property
    def controller(self):
        return self.scene.controller

    @property
    def doc(self):
        return self.scene.document

    def _selection(self) -> list[str]:
        return [i for i in self.controller.selection if i in self.doc]

    def _say(self, text: str) -> bool:
        self.controller.message.emit(text)
        return False

    # Delete, copy, cut, paste, duplicate ------------------------------------

    def delete_selection(self) -> bool:
        """Delete the selected layers (consumers take a deleted single-input layer's input),
        or else disconnect the selected edges."""
        ids = self._selection()
        if ids:
            return self.controller.apply(remove_layers(self.doc, ids, reconnect=True))
        edges = [e for e in self.scene.selectedItems() if isinstance(e, EdgeItem)]
        if not edges:
            return self._say("Nothing to delete: select layers or connections first")
        ports: dict[str, set[int]] = {}
        for edge in edges:
            ports.setdefault(edge.target.layer_id, set()).add(edge.port)
        steps = []
        for layer_id, doomed in ports.items():
            node = self.doc.layer(layer_id)
            kept = [s for i, s in enumerate(node.inbound) if i not in doomed]
            steps.append(Step("replace", new=node.with_inbound(kept)))
        n = len(edges)
        return self.controller.apply(Edit("Disconnect" + (f" {n} connections" if n > 1 else ""), steps))

    def copy(self) -> bool:
        ids = self._selection()
        if not ids:
            return self._say("Nothing to copy: select layers first")
        text = layers_to_json(self.doc, ids)
        mime = QMimeData()
        mime.setData(LAYERS_CLIPBOARD_MIME, text.encode("utf-8"))
        mime.setText(text)
        QApplication.clipboard().setMimeData(mime)
        self._paste_text, self._paste_count = text, 0
        self.controller.message.emit(f"Copied {len(ids)} layer{'s' if len(ids) > 1 else ''}")
        return True

    def cut(self) -> bool:
        ids = self._selection()
        if not ids or not self.copy():
            return False if ids else self._say("Nothing to cut: select layers first")
        edit = remove_layers(self.doc, ids, reconnect=True)
        return self.controller.apply(Edit(edit.text.replace("Delete", "Cut", 1), edit.steps))

    def paste(self, at: QPointF | None = None) -> list[str]:
        """Paste the clipboard's layers (at ``at`` when given, else offset from the originals)."""
        mime = QApplication.clipboard().mimeData()
        if mime is None or not mime.hasFormat(LAYERS_CLIPBOARD_MIME):
            if mime is not None and mime.hasText() and self.paste_code is not None and self.paste_code(mime.text()):
                return []
            self._say("Nothing to paste: copy layers first")
            return []
        text = bytes(mime.data(LAYERS_CLIPBOARD_MIME)).decode("utf-8", "replace")
        try:
            nodes = layers_from_json(text)
        except DocumentError as exc:
            self._say(f"Paste refused: {exc}")
            return []
        if not nodes:
            return []
        if text == self._paste_text:
            self._paste_count += 1
        else:
            self._paste_text, self._paste_count = text, 1
        placed = [n.position for n in nodes if n.position is not None]
        if at is not None and placed:
            left, top = min(p[0] for p in placed), min(p[1] for p in placed)
            offset = (round(at.x() - left), round(at.y() - top))
        else:
            offset = (PASTE_STEP * self._paste_count, PASTE_STEP * self._paste_count)
        edit, new_ids = paste_layers(self.doc, nodes, offset)
        if not self.controller.apply(edit):
            return []
        self.controller.select(new_ids)
        return new_ids

    def duplicate(self) -> list[str]:
        ids = self._selection()
        if not ids:
            self._say("Nothing to duplicate: select layers first")
            return []
        edit, new_ids = duplicate_layers(self.doc, ids)
        if not self.controller.apply(edit):
            return []
        self.controller.select(new_ids)
        return new_ids

    def select_all(self) -> None:
        self.controller.select(self.doc.ids())

    # Adding and layout ------------------------------------------------------

    def append(self, class_name: str, at: QPointF | None = None) -> str | None:
        """Add ``class_name`` after the selection (a merge takes every selected layer), else at ``at``."""
        spec = get_spec(class_name)
        if spec is None:
            self._say(f"Cannot add {class_name}: it is not a layer class the designer knows")
            return None
        selected = self._selection()
        most = spec.inputs[1]
        inbound: list[Source] = []
        if selected and most != 0:
            sources = selected if len(selected) > 1 and (most is None or most >= len(selected)) else selected[-1:]
            inbound = [Source(s) for s in sources]
            position = placement.below(self.scene, sources)
        else:
            centre = at if at is not None else QPointF(0, 0)
            position = placement.free_spot(self.scene, *placement.centred_at(centre.x(), centre.y()))
        edit, new_id = add_layer(self.doc, class_name, starter_config(class_name), inbound, position)
        if not self.controller.apply(edit):
            return None
        self.controller.select([new_id])
        return new_id

    def auto_layout(self, fit: tuple[float, float] | None = None) -> bool:
        """Move every layer to its auto-layout position, as one undo step.

        ``fit`` is the window's size (default: the canvas's): a long design is folded to be read there.
        """
        if fit is None:
            fit = self.scene.view_size()
        positions = placement.auto_positions(self.doc, fit, self.scene.layout_units())
        changed = {i: p for i, p in positions.items() if i in self.doc and self.doc.layer(i).position != p}
        if not changed:
            return False
        return self.controller.apply(Edit("Auto layout", move_layers(self.doc, changed).steps))
