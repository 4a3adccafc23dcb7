"""The format's limits are what the app can show: past one, a clear refusal (never a hang or a crash)."""

from __future__ import annotations


import pytest

from designer.model import DocumentError, LayerNode, document_from_dict
from designer.model.limits import MAX_COORDINATE, MAX_INBOUND, MAX_LAYERS, MAX_NESTING
from hostile_designs import design, write_design
from hostile_support import cli


def test_too_many_layers_is_refused():
    data = design()
    data["layers"] += [{"id": f"d{i}", "class_name": "Dense", "config": {"units": 1}, "inbound": ["input"]}
                       for i in range(MAX_LAYERS)]
    with pytest.raises(DocumentError, match=f"at most {MAX_LAYERS:,}"):
        document_from_dict(data)


def test_too_many_inbound_links_are_refused():
    data = design()
    data["layers"].append({"id": "cat", "class_name": "Concatenate", "config": {},
                           "inbound": ["input"] * (MAX_INBOUND + 1)})
    with pytest.raises(DocumentError, match="inbound connections"):
        document_from_dict(data)


@pytest.mark.parametrize("position", [[1e7, 1e7], [1e308, 0], [0, -1e308]])
def test_far_or_huge_positions_are_refused(position):
    data = design()
    data["layers"][1]["position"] = position
    with pytest.raises(DocumentError, match="position must be two numbers between"):
        document_from_dict(data)


def test_a_card_dragged_past_the_edge_stops_there():
    node = LayerNode("a", "Dense", {"units": 1}).with_position(1e308, -float("inf"))
    assert node.position == (MAX_COORDINATE, -MAX_COORDINATE)


def test_deep_wrapper_nesting_is_refused_in_files_and_edits():
    layer = {"class_name": "Dense", "config": {"units": 2}}
    for _ in range(200):
        layer = {"class_name": "TimeDistributed", "config": {"layer": layer}}
    data = design()
    data["layers"][1] = {"id": "dense", "inbound": ["input"], **layer}
    with pytest.raises(DocumentError, match=f"more than {MAX_NESTING} deep"):
        document_from_dict(data)
    doc = document_from_dict(design())
    with pytest.raises(DocumentError, match="deep"):
        doc.replace_layer(doc.layer("dense").with_config(layer=layer["config"]["layer"]))


def test_two_wrappers_are_fine():
    data = design()
    data["layers"][0]["config"]["shape"] = [3, 5, 4]
    data["layers"][1] = {"id": "dense", "class_name": "TimeDistributed", "inbound": ["input"], "config": {
        "layer": {"class_name": "TimeDistributed", "config": {"layer": {"class_name": "Dense",
                                                                          "config": {"units": 2}}}}}}
    assert document_from_dict(data)


def test_cli_past_a_limit_says_so_and_exits_2(tmp_path):
    data = design()
    data["layers"][1]["position"] = [1e308, 1e308]
    proc = cli("check", str(write_design(tmp_path / "far.json", data)))
    assert proc.returncode == 2 and "position" in proc.stderr


def test_export_force_with_a_non_string_class_is_a_clear_error(tmp_path):
    data = design()
    data["layers"][0]["config"]["shape"] = [3, 4]
    data["layers"][1] = {"id": "td", "class_name": "TimeDistributed", "inbound": ["input"],
                         "config": {"layer": {"class_name": 5, "config": {}}}}
    path = write_design(tmp_path / "w.json", data)
    proc = cli("export", "--force", str(path))
    assert proc.returncode == 1 and "not a Keras class name" in proc.stderr
    assert "use --force" not in proc.stderr and "internal error" not in proc.stderr


def test_gui_shows_a_design_at_the_limits_of_the_canvas(qtbot, tmp_path, monkeypatch):
    from designer.gui.app import create_window

    monkeypatch.setenv("KERAS_DESIGNER_DATA_DIR", str(tmp_path / "appdata"))
    data = design()
    data["layers"][0]["position"] = [-MAX_COORDINATE, -MAX_COORDINATE]
    data["layers"][1]["position"] = [MAX_COORDINATE, MAX_COORDINATE]
    window = create_window()
    try:
        assert window.files.open(write_design(tmp_path / "edge.json", data))
        window.show()
        qtbot.waitExposed(window)
        window.canvas.fit_all()
        qtbot.wait(50)
    finally:
        window.files.shutdown()
        window.close()
