"""Consecutive edits of one argument merge into one undo step, and undoing it restores the value before the first."""

from __future__ import annotations

from pathlib import Path

import pytest

from designer.model import load_document, edits

pytestmark = pytest.mark.gui

SAMPLES = Path(__file__).resolve().parents[2] / "designer" / "samples"


def test_undo_of_merged_argument_edits_restores_the_first_value(qtbot):
    from designer.gui.controller import DocumentController

    controller = DocumentController(load_document(SAMPLES / "denoiser.json"))
    before = controller.document.layer("conv2d_1").config["filters"]
    key = ("conv2d_1", "filters")
    for filters in (9, 10, 11):
        controller.apply(edits.set_argument(controller.document, "conv2d_1", "filters", filters), merge_key=key)
    assert controller.undo_stack.count() == 1
    assert controller.result("conv2d_1").outputs == [(None, 28, 28, 11)]
    controller.undo_stack.undo()
    assert controller.document.layer("conv2d_1").config["filters"] == before
    assert controller.result("conv2d_1").outputs == [(None, 28, 28, before)]
    controller.undo_stack.redo()
    assert controller.document.layer("conv2d_1").config["filters"] == 11
    controller.undo_stack.undo()
    assert controller.document.layer("conv2d_1").config["filters"] == before


def test_edits_of_different_arguments_stay_separate_steps(qtbot):
    from designer.gui.controller import DocumentController

    controller = DocumentController(load_document(SAMPLES / "denoiser.json"))
    controller.apply(edits.set_argument(controller.document, "conv2d_1", "filters", 9),
                     merge_key=("conv2d_1", "filters"))
    controller.apply(edits.set_argument(controller.document, "conv2d_1", "padding", "valid"),
                     merge_key=("conv2d_1", "padding"))
    assert controller.undo_stack.count() == 2
    controller.undo_stack.undo()
    assert controller.document.layer("conv2d_1").config["filters"] == 9
    assert controller.document.layer("conv2d_1").config["padding"] == "same"
