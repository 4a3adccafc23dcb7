"""Deleting a multi-output layer reconnects only the consumers of its main output (output 0).

An LSTM with ``return_state=True`` gives (sequence or last output, h, c): h and c are not "the LSTM's input", so a
consumer of a state loses that input instead of being wired to the LSTM's input.
"""

from __future__ import annotations

from designer.engine import infer_document
from designer.model import Document, LayerNode, Source, edits


def lstm_with_states() -> Document:
    return Document("states", [
        LayerNode("in", "InputLayer", {"shape": [10, 8]}),
        LayerNode("lstm", "LSTM", {"units": 4, "return_state": True}, (Source("in"),)),
        LayerNode("on_out", "Dense", {"units": 2}, (Source("lstm", 0),)),
        LayerNode("on_h", "Dense", {"units": 3}, (Source("lstm", 1),)),
        LayerNode("on_c", "Dense", {"units": 5}, (Source("lstm", 2),)),
    ], outputs=[Source("on_out"), Source("on_h"), Source("lstm", 2)])


def test_deleting_an_lstm_reconnects_its_output_but_not_its_states():
    doc = lstm_with_states()
    assert infer_document(doc).valid
    edits.remove_layers(doc, ["lstm"]).apply(doc)
    assert doc.layer("on_out").inbound == (Source("in"),)
    assert doc.layer("on_h").inbound == ()
    assert doc.layer("on_c").inbound == ()
    assert doc.explicit_outputs == (Source("on_out"), Source("on_h"))


def test_undo_of_the_delete_restores_every_state_connection():
    doc = lstm_with_states()
    inverse = edits.remove_layers(doc, ["lstm"]).apply(doc)
    inverse.apply(doc)
    assert [doc.layer(i).inbound for i in ("on_out", "on_h", "on_c")] == [
        (Source("lstm", 0),), (Source("lstm", 1),), (Source("lstm", 2),)]
    assert infer_document(doc).valid
