"""Exported code for layers outside the catalog: marked placeholder classes that build with the design's shapes."""

import pytest

from designer.export.code_export import ExportError, export_code
from designer.model import Document, LayerNode, Source
from designer.model.recorded import Declared, Recorded


def custom_design():
    return Document("custom", [
        LayerNode("x", "InputLayer", {"shape": [6, 4]}),
        LayerNode("block", "MyBlock", {}, (Source("x"),), declared=Declared("same", (10, 0))),
        LayerNode("pool", "GlobalAveragePooling1D", {}, (Source("block"),)),
        LayerNode("y", "InputLayer", {"shape": [3]}),
        LayerNode("mix", "Mixer", {"trainable": False}, (Source("pool"), Source("y")),
                  recorded=Recorded(((None, 5),), ((None, 4), (None, 3)), (0, 35))),
        LayerNode("proj", "Projector", {}, (Source("mix"),), declared=Declared((None, 2, 7), (12, 3))),
        LayerNode("out", "Flatten", {}, (Source("proj"),)),
    ])


def test_placeholders_are_marked_and_carry_the_shapes_and_params():
    code = export_code(custom_design())
    assert "PLACEHOLDERS" in code and "REPLACE EACH ONE WITH THE REAL LAYER" in code
    for cls in ("MyBlock", "Mixer", "Projector"):
        assert f"class {cls}(DesignerPlaceholder):" in code
    assert 'MyBlock(output_shapes=None, trainable_params=10, name="block")' in code
    assert 'Mixer(output_shapes=[(5,)], non_trainable_params=35, name="mix")([pool, y])' in code
    assert "output_shapes=[(2, 7)], trainable_params=12, non_trainable_params=3" in code


def test_a_layer_without_any_shape_cannot_be_exported_and_says_how_to_fix_it():
    doc = Document("d", [LayerNode("x", "InputLayer", {"shape": [4]}),
                         LayerNode("m", "Mystery", {}, (Source("x"),))])
    with pytest.raises(ExportError, match="m \\(Mystery\\) is unknown to the designer and has no shape: declare it"):
        export_code(doc)


def test_class_names_that_are_not_python_identifiers_get_a_clean_placeholder_name():
    doc = Document("d", [LayerNode("x", "InputLayer", {"shape": [4]}),
                         LayerNode("g", "ops.GetItem", {}, (Source("x"),), recorded=Recorded(((None, 2),)))])
    code = export_code(doc)
    assert "class ops_GetItem(DesignerPlaceholder):" in code and "ops_GetItem(output_shapes=[(2,)]" in code


@pytest.mark.keras
def test_exported_placeholders_build_in_tensorflow_and_agree_with_the_engine():
    from designer.export.build import build_design

    report = build_design(custom_design())
    assert report.error is None, report.error
    assert report.ok and report.differences == []
    by_name = {layer["name"]: layer for layer in report.keras_layers}
    assert (by_name["mix"]["trainable"], by_name["mix"]["non_trainable"]) == (0, 35)
    assert by_name["proj"]["calls"] == [[[None, 2, 7]]]
