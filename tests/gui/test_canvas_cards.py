"""The canvas shows one card per layer with the engine's shape, params and errors, and redraws on edits."""

import pytest

from canvas_support import chain_document, make_view

from designer.model import Document, LayerNode, Source
from designer.model.edits import add_layer, connect, set_argument

pytestmark = pytest.mark.gui


def test_one_card_per_layer_and_one_arrow_per_connection(qtbot, controller, sample):
    view = make_view(qtbot, controller, sample("unet"))
    doc = controller.document
    assert len(view.graph.layer_items()) == len(doc)
    assert len(view.graph.edge_items()) == sum(len(n.inbound) for n in doc)
    merge = view.graph.layer_item("merge6")
    assert [e.source.layer_id for e in sorted(merge.in_edges, key=lambda e: e.port)] == \
        [s.layer for s in doc.layer("merge6").inbound]


def test_card_shows_name_class_arguments_shape_and_params(qtbot, controller, sample):
    view = make_view(qtbot, controller, sample("denoiser"))
    text = view.graph.layer_item("conv2d_1").text
    assert (text.title, text.class_name, text.state) == ("conv2d_1", "Conv2D", "ok")
    assert text.summary == "32 · 3×3 · same"
    assert text.shape == "(None, 28, 28, 32)"
    assert text.params == "320 params"
    assert "(None, 28, 28, 32)" in view.graph.layer_item("conv2d_1").toolTip()


def test_a_name_with_a_line_break_is_one_escaped_title_line(qtbot, controller):
    doc = Document("d", [LayerNode("input", "InputLayer", {"shape": [8]}),
                         LayerNode("dense", "Dense", {"units": 2, "name": "d\nforged row"}, (Source("input"),))])
    view = make_view(qtbot, controller, doc)
    assert view.graph.layer_item("dense").text.title == "d\\nforged row"


def test_card_text_follows_a_config_edit_and_its_undo(qtbot, controller, sample):
    view = make_view(qtbot, controller, sample("denoiser"))
    item = view.graph.layer_item("conv2d_1")
    assert controller.apply(set_argument(controller.document, "conv2d_1", "filters", 8))
    assert item.text.shape == "(None, 28, 28, 8)"
    assert item.text.summary.startswith("8 ·")
    assert item.text.params == "80 params"
    downstream = view.graph.layer_item("conv2d_2").text
    assert downstream.params == f"{3 * 3 * 8 * 16 + 16:,} params"
    controller.undo_stack.undo()
    assert item.text.shape == "(None, 28, 28, 32)"
    controller.undo_stack.redo()
    assert item.text.params == "80 params"


def test_only_cards_whose_result_changed_are_refreshed(qtbot, controller, sample, monkeypatch):
    make_view(qtbot, controller, sample("denoiser"))
    from designer.gui.canvas import layer_item

    calls = []
    real = layer_item.card_text
    monkeypatch.setattr(layer_item, "card_text", lambda *a, **k: calls.append(a[0].id) or real(*a, **k))
    controller.apply(set_argument(controller.document, "activation_1", "activation", "tanh"))
    assert set(calls) == {"activation_1"}


def test_invalid_layer_is_red_with_its_error_as_tooltip(qtbot, controller, sample):
    view = make_view(qtbot, controller, sample("convmodel3-valid"))
    bad = view.graph.layer_item("conv2d_4")
    assert bad.text.state == "invalid"
    error = controller.result("conv2d_4").error
    assert bad.toolTip() == error
    assert "kernel does not fit" in bad.text.status
    blocked = view.graph.layer_item("conv2d_5")
    assert blocked.text.state == "blocked"
    assert blocked.text.status == "no shape: depends on conv2d_4"


def test_fixing_the_error_turns_the_cards_back(qtbot, controller, sample):
    view = make_view(qtbot, controller, sample("convmodel3-valid"))
    assert controller.apply(set_argument(controller.document, "conv2d_4", "padding", "same"))
    assert view.graph.layer_item("conv2d_4").text.state == "ok"
    assert view.graph.layer_item("conv2d_5").text.state == "ok"
    controller.undo_stack.undo()
    assert view.graph.layer_item("conv2d_4").text.state == "invalid"


def test_merge_layers_get_numbered_ports_and_a_free_one(qtbot, controller):
    doc = Document("m", [
        LayerNode("input", "InputLayer", {"shape": [4]}, (), (0.0, 0.0)),
        LayerNode("a", "Dense", {"units": 4}, (Source("input"),), (-150.0, 130.0)),
        LayerNode("b", "Dense", {"units": 4}, (Source("input"),), (150.0, 130.0)),
        LayerNode("add", "Add", {}, (Source("a"), Source("b")), (0.0, 260.0)),
        LayerNode("dot", "Dot", {"axes": 1}, (), (300.0, 260.0)),
    ])
    view = make_view(qtbot, controller, doc)
    add = view.graph.layer_item("add")
    assert [p.label for p in add.in_ports] == ["1", "2", "3"]
    assert [p.connected for p in add.in_ports] == [True, True, False]
    assert add.in_ports[2].optional
    assert len(view.graph.layer_item("dot").in_ports) == 2
    assert len(view.graph.layer_item("input").in_ports) == 0
    assert len(view.graph.layer_item("a").in_ports) == 1
    assert controller.apply(connect(controller.document, Source("input"), "add"))
    assert [p.label for p in add.in_ports] == ["1", "2", "3", "4"]
    assert add.in_edges[-1].port == 2


def test_multi_output_layer_shows_one_port_per_output(qtbot, controller):
    doc = Document("rnn", [
        LayerNode("input", "InputLayer", {"shape": [5, 3]}, (), (0.0, 0.0)),
        LayerNode("lstm", "LSTM", {"units": 4, "return_state": True}, (Source("input"),), (0.0, 130.0)),
        LayerNode("state", "Dense", {"units": 2}, (Source("lstm", 2),), (0.0, 260.0)),
    ])
    view = make_view(qtbot, controller, doc)
    lstm = view.graph.layer_item("lstm")
    assert [p.label for p in lstm.out_ports] == ["0", "1", "2"]
    edge = view.graph.layer_item("state").in_edges[0]
    assert edge.index == 2
    assert edge.boundingRect().contains(edge.mapFromScene(lstm.out_ports[2].anchor()))


def test_new_layer_and_removed_layer_follow_the_document(qtbot, controller):
    view = make_view(qtbot, controller, chain_document())
    edit, new_id = add_layer(controller.document, "Dropout", {"rate": 0.5}, [Source("dense")], (300.0, 260.0))
    assert controller.apply(edit)
    assert view.graph.layer_item(new_id).pos().toTuple() == (300.0, 260.0)
    assert view.graph.layer_item(new_id).text.shape == "(None, 16)"
    controller.undo_stack.undo()
    assert view.graph.layer_item(new_id) is None
    assert len(view.graph.edge_items()) == 2


def test_layers_without_positions_are_laid_out(qtbot, controller):
    doc = Document("nopos", [
        LayerNode("input", "InputLayer", {"shape": [8]}),
        LayerNode("a", "Dense", {"units": 2}, (Source("input"),)),
        LayerNode("b", "Dense", {"units": 2}, (Source("input"),)),
    ])
    view = make_view(qtbot, controller, doc)
    spots = {view.graph.layer_item(i).pos().toTuple() for i in ("input", "a", "b")}
    assert len(spots) == 3
    assert view.graph.layer_item("a").pos().y() > view.graph.layer_item("input").pos().y()


def test_model_outputs_are_tagged(qtbot, controller, sample):
    view = make_view(qtbot, controller, sample("denoiser"))
    outputs = [i.layer_id for i in view.graph.layer_items() if i.is_output]
    assert outputs == [s.layer for s in controller.document.outputs()]


def test_scale_800_layers(qtbot, controller):
    from benchmarks.designs import residual_cnn

    doc = residual_cnn(800)
    view = make_view(qtbot, controller, doc)
    assert len(view.graph.layer_items()) == len(doc)
    assert len(view.graph.edge_items()) == sum(len(n.inbound) for n in doc)
    item = view.graph.layer_item("b10_add")
    assert len(item.in_edges) == 2 and len(item.in_ports) == 3
    assert view.graph.layer_item("head").text.shape == "(None, 10)"


def test_renaming_a_layer_updates_its_card_and_the_cards_it_blocks(qtbot, controller, sample):
    view = make_view(qtbot, controller, sample("convmodel3-valid"))
    assert controller.apply(set_argument(controller.document, "conv2d_4", "name", "squeeze"))
    assert view.graph.layer_item("conv2d_4").text.title == "squeeze"
    assert view.graph.layer_item("conv2d_5").text.status == "no shape: depends on squeeze"
    controller.undo_stack.undo()
    assert view.graph.layer_item("conv2d_4").text.title == "conv2d_4"


def test_opening_another_document_redraws_everything(qtbot, controller, sample):
    view = make_view(qtbot, controller, sample("denoiser"))
    controller.select(["conv2d_1"])
    controller.replace_document(sample("unet"))
    assert {i.layer_id for i in view.graph.layer_items()} == set(controller.document.ids())
    assert view.graph.layer_item("conv10").text.shape == "(None, 256, 256, 1)"
    assert view.graph.selectedItems() == []
