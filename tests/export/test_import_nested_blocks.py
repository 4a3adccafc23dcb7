"""Blocks come from the model itself: each call of a nested model (Functional or Sequential) is one block.

Real Keras files, saved in a child process: a functional model holding a Sequential feature extractor (Keras's
default name ``sequential``, which no name guess can tell from a class), a nested head whose name shares no
prefix word with its layers (``score_head``: ``proj``, ``logits``), an encoder called twice and a tower nesting
another model. Guessing from the ``<model>_`` prefix of the flattened names finds none of these blocks right.
"""

from __future__ import annotations

import pytest

from child_models import NESTED_BLOCKS, save_in_child
from designer.engine import infer_document
from designer.export.keras_import import import_model
from designer.model import load_document, save_document
from designer.model.groups import groups_of, with_suggested_blocks

pytestmark = pytest.mark.keras


@pytest.fixture(scope="module")
def saved(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nested_blocks")
    return folder, save_in_child(NESTED_BLOCKS, folder)


def blocks(doc) -> dict[str, tuple[str, ...]]:
    return {g.name: g.members for g in groups_of(doc)}


@pytest.mark.parametrize("file", ["nested.keras", "nested.json"])
def test_each_nested_model_call_is_one_block_holding_exactly_its_layers(saved, file):
    folder, truth = saved
    doc = import_model(folder / file).document
    nested = truth["nested"]
    assert blocks(doc) == {
        "sequential": tuple(nested["sequential"]),
        "encoder": tuple(nested["encoder"]),
        "encoder (call 2)": tuple(f"{i}__2" for i in nested["encoder"]),
        "tower": tuple(nested["tower"]),  # the model nested in the tower belongs to the tower's block
        "score_head": tuple(nested["score_head"]),
    }
    assert infer_document(doc).params.total == truth["params"]


def test_opening_an_import_keeps_the_model_blocks_and_guesses_only_for_the_other_layers(saved):
    folder, truth = saved
    doc = with_suggested_blocks(import_model(folder / "nested.keras").document)
    assert blocks(doc) == blocks(import_model(folder / "nested.keras").document)
    held = {m for g in groups_of(doc) for m in g.members}
    assert {"a", "b", "mix", "score_norm"}.isdisjoint(held), "score_norm is not guessed into the score_head block"


def test_a_model_that_only_wraps_another_gets_the_blocks_inside_it(saved):
    folder, truth = saved
    doc = import_model(folder / "wrapper.keras").document
    assert sorted(blocks(doc)) == ["encoder", "encoder (call 2)", "score_head", "sequential", "tower"]
    assert blocks(doc)["score_head"] == tuple(f"outer_{i}" for i in truth["nested"]["score_head"])
    assert infer_document(doc).params.total == truth["wrapper_params"]


def test_the_blocks_of_an_import_are_saved_with_the_design(saved, tmp_path):
    folder, _ = saved
    doc = import_model(folder / "nested.keras").document
    save_document(doc, tmp_path / "nested.json")
    assert len(blocks(doc)) == 5
    assert blocks(load_document(tmp_path / "nested.json")) == blocks(doc)


def test_a_large_nested_backbone_shows_the_blocks_it_opens_with_alone(tmp_path):
    """A backbone of more than 40 layers under a head is read from inside: its blocks are those of the backbone
    imported alone (its names without the <model>_ prefix), the small Sequential head is one block."""
    from child_models import BACKBONE_AND_HEAD

    truth = save_in_child(BACKBONE_AND_HEAD, tmp_path)
    prefix = f"{truth['backbone']}_"
    alone = {g.name: g.members for g in groups_of(import_model(tmp_path / "backbone.keras").document)}
    doc = import_model(tmp_path / "transfer.keras").document
    found = blocks(doc)
    assert len(alone) >= 10 and truth["layers"] > 40
    assert found.pop("classifier") == ("classifier_dropout", "classifier_dense")
    assert found == {name: tuple(prefix + m for m in members) for name, members in alone.items()}
    assert all(g.collapsed for g in groups_of(doc))
    assert infer_document(doc).params.total == truth["params"]
