"""The automatic layered layout: sources above consumers, distinct places, readable chains."""

from __future__ import annotations

from designer.model import Document, LayerNode, Source, load_document
from designer.model.layout import NODE_GAP, RANK_GAP, apply_layout, layered_layout


def residual_network(blocks: int) -> Document:
    """An input and ``blocks`` residual blocks of conv → bn → relu → conv → add(skip)."""
    nodes = [LayerNode("input", "InputLayer", {"shape": [32, 32, 16]})]
    skip = "input"
    for b in range(blocks):
        previous = skip
        for part, cls in (("conv1", "Conv2D"), ("bn", "BatchNormalization"), ("relu", "ReLU"), ("conv2", "Conv2D")):
            config = {"filters": 16, "kernel_size": 3, "padding": "same"} if cls == "Conv2D" else {}
            nodes.append(LayerNode(f"b{b}_{part}", cls, config, (Source(previous),)))
            previous = f"b{b}_{part}"
        nodes.append(LayerNode(f"b{b}_add", "Add", {}, (Source(skip), Source(previous))))
        skip = f"b{b}_add"
    return Document("residual", nodes)


def assert_readable(doc: Document, positions: dict) -> None:
    assert set(positions) == set(doc.ids())
    assert len(set(positions.values())) == len(doc), "two layers share a position"
    for node in doc:
        for src in node.inbound:
            assert positions[src.layer][1] < positions[node.id][1], f"{src.layer} is not above {node.id}"
    by_row: dict[float, list[float]] = {}
    for x, y in positions.values():
        by_row.setdefault(y, []).append(x)
    for xs in by_row.values():
        xs.sort()
        assert all(b - a >= NODE_GAP - 1e-6 for a, b in zip(xs, xs[1:])), "cards overlap in a rank"


def test_800_layer_residual_network_gets_distinct_positions_sources_above():
    doc = residual_network(160)
    assert len(doc) == 801
    positions = layered_layout(doc)
    assert_readable(doc, positions)


def test_ranks_are_longest_paths_and_a_chain_is_straight():
    doc = residual_network(2)
    positions = layered_layout(doc)
    assert positions["b1_add"][1] == 10 * RANK_GAP  # input, 4 + add, 4 + add
    chain = [positions[f"b0_{p}"][0] for p in ("conv1", "bn", "relu", "conv2")]
    assert len(set(chain)) == 1
    # The skip edge runs beside the chain: its ends sit clear of the chain's cards.
    assert abs(positions["input"][0] - chain[0]) >= NODE_GAP / 2


def test_many_merges_stay_linear():
    """Every layer merges all earlier ones: a naive recursive longest path would explode."""
    nodes = [LayerNode("l0", "InputLayer", {"shape": [4]})]
    for i in range(1, 120):
        nodes.append(LayerNode(f"l{i}", "Concatenate", {}, tuple(Source(f"l{j}") for j in range(max(0, i - 3), i))))
    doc = Document("dense", nodes)
    positions = layered_layout(doc)
    assert_readable(doc, positions)
    assert positions["l119"][1] == 119 * RANK_GAP


def test_crossings_are_removed_when_possible():
    """Two parallel branches declared in crossed order are uncrossed."""
    doc = Document("x", [
        LayerNode("in", "InputLayer", {"shape": [4]}),
        LayerNode("a", "Dense", {"units": 1}, (Source("in"),)),
        LayerNode("b", "Dense", {"units": 1}, (Source("in"),)),
        LayerNode("b2", "Dense", {"units": 1}, (Source("b"),)),
        LayerNode("a2", "Dense", {"units": 1}, (Source("a"),)),
    ])
    p = layered_layout(doc)
    assert (p["a"][0] < p["b"][0]) == (p["a2"][0] < p["b2"][0])


def test_empty_and_disconnected_designs():
    assert layered_layout(Document("empty")) == {}
    doc = Document("two", [LayerNode("a", "InputLayer", {"shape": [1]}), LayerNode("b", "InputLayer", {"shape": [1]})])
    assert_readable(doc, layered_layout(doc))


def test_unet_sample_is_readable():
    from pathlib import Path

    doc = load_document(Path(__file__).resolve().parents[2] / "samples" / "unet.json")
    assert_readable(doc, layered_layout(doc))


def test_apply_layout_returns_a_new_document_or_updates_in_place():
    doc = residual_network(1)
    laid = apply_layout(doc)
    assert laid is not doc and all(n.position is None for n in doc)
    assert {n.id: n.position for n in laid} == layered_layout(doc)
    assert laid.ids() == doc.ids() and laid.name == doc.name
    seen = []
    doc.changed.connect(seen.append)
    assert apply_layout(doc, in_place=True) is doc
    assert {n.id: n.position for n in doc} == layered_layout(doc)
    assert seen and all(c.kind == "replaced" for c in seen)


def _chain(n: int) -> Document:
    nodes = [LayerNode("l0", "InputLayer", {"shape": [4]})]
    nodes += [LayerNode(f"l{i}", "Dense", {"units": 4}, (Source(f"l{i - 1}"),)) for i in range(1, n)]
    return Document("chain", nodes)


def _fit_zoom(positions: dict, fit: tuple[float, float]) -> float:
    from designer.model.layout import CARD_SIZE, FIT_MARGIN

    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    w = max(xs) - min(xs) + CARD_SIZE[0] + FIT_MARGIN
    h = max(ys) - min(ys) + CARD_SIZE[1] + FIT_MARGIN
    return min(1.0, fit[0] / w, fit[1] / h)


def test_a_long_chain_folds_into_columns_that_fill_a_wide_window():
    doc = _chain(16)
    fit = (770.0, 472.0)
    tall, folded = layered_layout(doc), layered_layout(doc, fit=fit)
    columns = sorted({p[0] for p in folded.values()})
    assert len(columns) >= 3
    assert _fit_zoom(folded, fit) > 2.5 * _fit_zoom(tall, fit)
    assert len(set(folded.values())) == len(doc)
    # Within a column the flow still goes down; each column continues where the previous one ended.
    for i in range(1, 16):
        a, b = folded[f"l{i - 1}"], folded[f"l{i}"]
        assert b[1] > a[1] or b[0] > a[0]


def test_residual_blocks_are_never_cut_by_a_fold():
    doc = residual_network(12)
    positions = layered_layout(doc, fit=(1300.0, 500.0))
    assert len({p[0] for p in positions.values()}) > 2
    for b in range(12):
        block = [positions[f"b{b}_{p}"] for p in ("conv1", "bn", "relu", "conv2", "add")]
        assert all(y2 > y1 for (_, y1), (_, y2) in zip(block, block[1:])), f"block {b} is split"


def test_the_unet_is_folded_through_its_skips_only_because_no_clean_cut_reads():
    """Its skips span the whole network, so no clean cut exists; a 39-layer column is unreadable in a
    window, so the columns are cut anyway, each one straight, the skips running between them."""
    from pathlib import Path

    doc = load_document(Path(__file__).resolve().parents[2] / "samples" / "unet.json")
    fit = (770.0, 458.0)
    folded = layered_layout(doc, fit=fit)
    assert _fit_zoom(folded, fit) >= 0.4 > 2.5 * _fit_zoom(layered_layout(doc), fit)
    columns = sorted({x for x, _ in folded.values()})
    assert 3 <= len(columns) <= 6, "one x per column: every column is straight"
    assert len(set(folded.values())) == len(doc)
    # The residual network has clean cuts: it is never cut through a block (see above); a chain neither.
    assert len({x for x, _ in layered_layout(_chain(16), fit=fit).values()}) == 4


def test_left_to_right_puts_sources_left_of_consumers_and_spreads_branches_vertically():
    from designer.model.layout import SPACING

    doc = residual_network(3)
    positions = layered_layout(doc, "LR")
    for node in doc:
        for src in node.inbound:
            assert positions[src.layer][0] < positions[node.id][0]
    top_bottom = layered_layout(doc)
    assert {i: (y / RANK_GAP) for i, (_, y) in top_bottom.items()} == \
        {i: (x / SPACING["LR"].rank) for i, (x, _) in positions.items()}
    ys = sorted({p[1] for p in positions.values()})
    assert all(b - a >= SPACING["LR"].lane - 1e-6 for a, b in zip(ys, ys[1:]))


def test_units_lay_a_collapsed_block_out_as_one_place_with_an_inner_layout():
    doc = residual_network(3)
    units = {f"b1_{p}": "block1" for p in ("conv1", "bn", "relu", "conv2", "add")}
    positions = layered_layout(doc, units=units)
    first = positions["b1_conv1"]
    assert positions["b2_conv1"][1] - positions["b0_add"][1] == 2 * RANK_GAP  # block1 takes one rank
    inner = [positions[f"b1_{p}"] for p in ("conv1", "bn", "relu", "conv2", "add")]
    assert inner[0] == first and all(b[1] > a[1] for a, b in zip(inner, inner[1:]))
    import pytest

    with pytest.raises(ValueError, match="direction"):
        layered_layout(doc, "BT")


def test_left_to_right_folds_into_rows_even_through_a_residual_when_that_reads_much_better():
    from pathlib import Path

    doc = load_document(Path(__file__).resolve().parents[2] / "samples" / "mobilenetv2-block.json")
    fit = (770.0, 458.0)
    rows = layered_layout(doc, "LR", fit=fit)
    assert len({y for _, y in rows.values()}) >= 4
    assert _fit_zoom(rows, fit) >= 0.45
    assert len(set(rows.values())) == len(doc)
