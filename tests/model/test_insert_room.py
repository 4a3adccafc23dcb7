"""Room for an inserted layer: one rank after its source, the cards after it in its column moved on by one rank."""

from __future__ import annotations

from designer.model import Document, LayerNode, Source, document_to_dict
from designer.model.edits import insert_with_room
from designer.model.insert_room import insert_place
from designer.model.layout import CARD_SIZE, RANK_GAP


def two_columns() -> Document:
    """input → a → b → c in one column, d → e beside it."""
    return Document("d", [
        LayerNode("input", "InputLayer", {"shape": [4]}, (), (0, 0)),
        LayerNode("a", "Dense", {"units": 3}, (Source("input"),), (0, 130)),
        LayerNode("b", "Dense", {"units": 3}, (Source("a"),), (0, 260)),
        LayerNode("c", "Dense", {"units": 3}, (Source("b"),), (0, 390)),
        LayerNode("d", "InputLayer", {"shape": [4]}, (), (334, 0)),
        LayerNode("e", "Dense", {"units": 3}, (Source("d"),), (334, 260)),
    ])


def overlapping(doc: Document) -> list[tuple[str, str]]:
    w, h = CARD_SIZE
    nodes = list(doc)
    return [(p.id, q.id) for i, p in enumerate(nodes) for q in nodes[i + 1:]
            if abs(p.position[0] - q.position[0]) < w and abs(p.position[1] - q.position[1]) < h]


def test_a_free_place_is_kept_and_nothing_moves():
    doc = two_columns()
    assert insert_place(doc, "a", (0, 600)) == ((0, 600), {})


def test_inserting_between_neighbours_moves_the_rest_of_the_column_down_one_rank():
    doc = two_columns()
    before = document_to_dict(doc)
    edit, new_id = insert_with_room(doc, "Dropout", Source("a"), "b", 0, (10, 250), {"rate": 0.5})
    inverse = edit.apply(doc)
    assert doc.layer(new_id).position == (0, 130 + RANK_GAP)
    assert doc.layer("b").position == (0, 260 + RANK_GAP) and doc.layer("c").position == (0, 390 + RANK_GAP)
    assert doc.layer("b").inbound == (Source(new_id),)
    assert doc.layer("e").position == (334, 260) and doc.layer("input").position == (0, 0)
    assert overlapping(doc) == []
    inverse.apply(doc)
    assert document_to_dict(doc) == before


def test_left_to_right_drawings_make_room_to_the_right():
    doc = Document("lr", [
        LayerNode("input", "InputLayer", {"shape": [4]}, (), (0, 0)),
        LayerNode("a", "Dense", {"units": 3}, (Source("input"),), (304, 0)),
        LayerNode("b", "Dense", {"units": 3}, (Source("a"),), (608, 0)),
    ])
    place, moves = insert_place(doc, "input", (310, 10), "LR")
    assert place == (304, 0) and moves == {"a": (608, 0), "b": (912, 0)}
