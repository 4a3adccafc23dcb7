"""Explanations and warnings cost a bounded amount of engine work, whatever the design (issue 9).

Work is counted, not timed: layer inferences (`infer_node` calls) for the fix
search, document lookups for warning detection. The designs are the hostile
ones of `benchmarks/hostile_designs.py` (timed there, in `explain_bench.py`).
"""

import pytest

from benchmarks.hostile_designs import failing_branches, many_outputs
from designer.engine import infer_document
from designer.engine import inference as inference_module
from designer.engine.explain import explain_design
from designer.engine.explain.search import LAYER_RUN_BUDGET
from designer.engine.explain.warnings import detect_warnings
from designer.model import Document


@pytest.fixture
def counted(monkeypatch):
    """Counts of layer inferences and of `Document.layer` lookups while the test runs."""
    counts = {"layers": 0, "lookups": 0}
    real_infer, real_layer = inference_module.infer_node, Document.layer

    def infer_node(*args, **kwargs):
        counts["layers"] += 1
        return real_infer(*args, **kwargs)

    def layer(self, layer_id):
        counts["lookups"] += 1
        return real_layer(self, layer_id)

    monkeypatch.setattr(inference_module, "infer_node", infer_node)
    monkeypatch.setattr(Document, "layer", layer)
    return counts


def test_400_failing_branches_get_their_fixes_for_a_bounded_number_of_layer_inferences(counted):
    doc = failing_branches(400)
    inference = infer_document(doc)
    counted["layers"] = 0
    explained = explain_design(doc, inference)
    bad = [e for e in explained if e.id.startswith("bad")]
    assert len(bad) == 400
    assert all({"padding_same", "smaller_kernel"} <= {f.kind for f in e.fixes} for e in bad)
    assert all(f.makes_valid is False for e in bad for f in e.fixes if f.kind == "padding_same")
    assert counted["layers"] <= LAYER_RUN_BUDGET + 2 * len(doc)


def test_2000_outputs_are_warned_in_linear_work_and_the_fix_search_stops_and_says_so(counted):
    doc = many_outputs(2000)
    inference = infer_document(doc)
    counted["lookups"] = 0
    warnings = detect_warnings(doc, inference)
    assert sum(w.kind == "shape_mismatch" for w in warnings) == 2000
    assert counted["lookups"] <= 20 * len(doc)

    counted["layers"] = 0
    explained = {e.id: e for e in explain_design(doc, inference)}
    assert counted["layers"] <= LAYER_RUN_BUDGET + 4 * len(doc)
    first = [w for w in explained["out0"].warnings if w.kind == "shape_mismatch"][0]
    assert first.fixes, "the first outputs still get their fixes"
    last = [w for w in explained["out1999"].warnings if w.kind == "shape_mismatch"][0]
    assert "More fixes were not searched" in last.message
