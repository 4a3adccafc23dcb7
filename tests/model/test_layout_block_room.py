"""Expanding a block laid out collapsed: room is made locally, no card lands on another, order is kept."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from designer.model import Document, LayerNode, Source
from designer.model.block_room import expanded_in_place, lands_on_others
from designer.model.layout import CARD_SIZE, RANK_GAP, layered_layout

W, H = CARD_SIZE


@st.composite
def designs_with_blocks(draw):
    """A random DAG (each layer takes 1–3 earlier ones) and blocks: runs of consecutive layers, 2 to 14 long."""
    n = draw(st.integers(6, 60))
    nodes = [LayerNode("l0", "InputLayer", {"shape": [4]})]
    for i in range(1, n):
        back = draw(st.lists(st.integers(1, min(i, 12)), min_size=1, max_size=3, unique=True))
        sources = tuple(Source(f"l{i - b}") for b in back)
        nodes.append(LayerNode(f"l{i}", "Concatenate" if len(sources) > 1 else "ReLU", {}, sources))
    blocks: dict[str, list[str]] = {}
    i = 1
    while i < n - 1:
        length = draw(st.integers(2, 14))
        if draw(st.booleans()):
            blocks[f"b{i}"] = [f"l{j}" for j in range(i, min(n, i + length))]
        i += length + draw(st.integers(0, 3))
    if not blocks:
        blocks["b1"] = ["l1", "l2"]
    return Document("random", nodes), blocks


def _laid_out(doc: Document, positions: dict) -> Document:
    return Document(doc.name, [n.with_position(*positions[n.id]) for n in doc])


def _boxes(positions: dict, units: dict) -> dict:
    """Top-left of every card on the canvas: a layer's, or a collapsed block's (its layers' top-left)."""
    boxes: dict = {}
    for layer_id, (x, y) in positions.items():
        key = units.get(layer_id, layer_id)
        bx, by = boxes.get(key, (x, y))
        boxes[key] = (min(bx, x), min(by, y))
    return boxes


def _overlap(a, b, inset: float = 1.0) -> bool:
    return (a[0] + inset < b[0] + W - inset and b[0] + inset < a[0] + W - inset
            and a[1] + inset < b[1] + H - inset and b[1] + inset < a[1] + H - inset)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(designs_with_blocks(), st.sampled_from(["TB", "LR"]), st.sampled_from([None, (770.0, 458.0), (1400.0, 500.0)]),
       st.data())
def test_an_expanded_block_lands_where_no_card_is_and_every_other_card_keeps_its_order(case, direction, fit, data):
    doc, blocks = case
    units = {m: b for b, members in blocks.items() for m in members}
    doc = _laid_out(doc, layered_layout(doc, direction, fit, units))
    target = data.draw(st.sampled_from(sorted(blocks)))
    others = {m: b for m, b in units.items() if b != target}
    before = {n.id: n.position for n in doc}
    moves = expanded_in_place(doc, blocks[target], direction, others)
    after = {**before, **moves}

    boxes = _boxes(after, others)
    keys = list(boxes)
    for i, a in enumerate(keys):
        for b in keys[i + 1:]:
            assert not _overlap(boxes[a], boxes[b]), f"{a} lands on {b}"
    assert not lands_on_others(_laid_out(doc, after), blocks[target], others)
    # A collapsed block moves as one card; cards of a rank keep their order across it, cards of a column along it.
    for members in (m for b, m in blocks.items() if b != target):
        shifts = {(round(after[m][0] - before[m][0], 1), round(after[m][1] - before[m][1], 1)) for m in members}
        assert len(shifts) == 1
    old = _boxes(before, others)
    along, across = (1, 0) if direction == "TB" else (0, 1)
    outside = [k for k in old if k not in blocks[target]]
    for i, a in enumerate(outside):
        for b in outside[i + 1:]:
            if old[a][along] == old[b][along]:
                assert (old[a][across] < old[b][across]) == (boxes[a][across] < boxes[b][across])
            if old[a][across] == old[b][across]:
                assert (old[a][along] < old[b][along]) == (boxes[a][along] < boxes[b][along])
    # The block's own layers read as a drawing of their own: each source before its consumers.
    inside = set(blocks[target])
    for m in blocks[target]:
        for src in doc.layer(m).inbound:
            if src.layer in inside:
                assert after[src.layer][along] < after[m][along]


def _chain_with_block(before: int, after: int) -> tuple[Document, list[str]]:
    """input, ``before`` layers, the block (a split into two branches and their merge), ``after`` layers: a chain."""
    nodes = [LayerNode("input", "InputLayer", {"shape": [4]})]
    for i in range(before):
        nodes.append(LayerNode(f"a{i}", "ReLU", {}, (Source(nodes[-1].id),)))
    last = nodes[-1].id
    nodes += [LayerNode("left", "ReLU", {}, (Source(last),)), LayerNode("right", "ReLU", {}, (Source(last),)),
              LayerNode("merge", "Concatenate", {}, (Source("left"), Source("right")))]
    for i in range(after):
        nodes.append(LayerNode(f"z{i}", "ReLU", {}, (Source(nodes[-1].id),)))
    return Document("chain", nodes), ["left", "right", "merge"]


def test_the_block_grows_down_and_right_from_its_place_and_only_the_cards_after_it_move():
    doc, block = _chain_with_block(5, 6)
    units = {m: "block" for m in block}
    doc = _laid_out(doc, layered_layout(doc, "TB", None, units))
    place = (min(doc.layer(m).position[0] for m in block), min(doc.layer(m).position[1] for m in block))
    assert lands_on_others(doc, block, {})
    moves = expanded_in_place(doc, block, "TB", {})
    tops = [moves.get(m, doc.layer(m).position) for m in block]
    assert min(p[1] for p in tops) == place[1] and min(p[0] for p in tops) == place[0]
    below = [n.id for n in doc if n.id not in block and n.position[1] > place[1]]
    above = [n.id for n in doc if n.id not in block and n.position[1] < place[1]]
    assert len(below) == 6 and len(above) == 6
    assert set(moves) - set(block) == set(below), "the cards above keep their places"
    extra = max(p[1] for p in tops) - min(p[1] for p in tops)
    assert extra == RANK_GAP
    for layer_id in below:
        assert moves[layer_id] == (doc.layer(layer_id).position[0], doc.layer(layer_id).position[1] + extra)


def test_a_block_near_the_end_of_a_long_column_grows_up_instead():
    doc, block = _chain_with_block(2, 30)
    units = {m: "block" for m in block}
    doc = _laid_out(doc, layered_layout(doc, "TB", None, units))
    moves = expanded_in_place(doc, block, "TB", {})
    moved_out = [i for i in moves if i not in block]
    assert sorted(moved_out) == ["a0", "a1", "input"], "the 3 cards above move, not the 30 below"
    assert all(moves[i][1] < doc.layer(i).position[1] for i in moved_out)


def test_nothing_to_do_when_the_block_was_laid_out_expanded():
    doc, block = _chain_with_block(3, 3)
    doc = _laid_out(doc, layered_layout(doc))
    assert not lands_on_others(doc, block, {})


@pytest.mark.parametrize("direction", ["TB", "LR"])
@pytest.mark.parametrize("side_at", [-1, 1])
def test_a_wide_block_pushes_the_cards_beside_it_in_its_ranks_aside(direction, side_at):
    """Four parallel branches inside the block: its drawing is four cards wide where its card was one, with a
    card beside it (left or right) in its rank and a card under both."""
    nodes = [LayerNode("input", "InputLayer", {"shape": [4]}), LayerNode("side", "ReLU", {}, (Source("input"),))]
    nodes.append(LayerNode("split", "ReLU", {}, (Source("input"),)))
    for k in range(4):
        nodes.append(LayerNode(f"branch{k}", "ReLU", {}, (Source("split"),)))
    nodes.append(LayerNode("merge", "Concatenate", {}, tuple(Source(f"branch{k}") for k in range(4))))
    nodes.append(LayerNode("head", "Concatenate", {}, (Source("merge"), Source("side"))))
    block = ["split"] + [f"branch{k}" for k in range(4)] + ["merge"]
    spacing = (260.0, 130.0)
    places = {"input": (0, 0), "side": (side_at, 1), "head": (0, 2), **{m: (0, 1) for m in block}}
    positions = {i: (a * spacing[0], r * spacing[1]) for i, (a, r) in places.items()}
    if direction == "LR":
        positions = {i: (r / spacing[1] * 304.0, a / spacing[0] * 132.0) for i, (a, r) in positions.items()}
    doc = _laid_out(Document("wide", nodes), positions)
    assert lands_on_others(doc, block, {})
    moves = expanded_in_place(doc, block, direction, {})
    after = {n.id: moves.get(n.id, n.position) for n in doc}
    for other in ("input", "side", "head"):
        for m in block:
            assert not _overlap(after[other], after[m]), f"{m} lands on {other}"
    assert not lands_on_others(_laid_out(doc, after), block, {})
