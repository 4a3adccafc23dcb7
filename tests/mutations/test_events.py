"""Document events: a listener that raises neither hides the error nor stops the other listeners."""

from __future__ import annotations

import pytest

from designer.model import Document, LayerNode
from designer.model.events import Event


def test_every_listener_runs_and_the_first_error_is_raised_after():
    event: Event[int] = Event()
    heard: list[tuple[str, int]] = []

    def broken(payload: int) -> None:
        heard.append(("broken", payload))
        raise RuntimeError("view failed")

    def second_broken(payload: int) -> None:
        raise KeyError("later")

    event.connect(lambda p: heard.append(("first", p)))
    event.connect(broken)
    event.connect(second_broken)
    event.connect(lambda p: heard.append(("last", p)))
    with pytest.raises(RuntimeError, match="view failed"):
        event.emit(7)
    assert heard == [("first", 7), ("broken", 7), ("last", 7)]


def test_a_listener_error_reaches_whoever_changed_the_document():
    doc = Document("d", [LayerNode("in", "InputLayer", {"shape": [4]})])
    seen = []

    def stale(change) -> None:
        raise ValueError("stale view")

    doc.changed.connect(stale)
    doc.changed.connect(seen.append)
    with pytest.raises(ValueError, match="stale view"):
        doc.add_layer(LayerNode("d", "Dense", {"units": 2}))
    assert "d" in doc and len(seen) == 1
