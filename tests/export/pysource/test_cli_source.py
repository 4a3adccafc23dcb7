"""`keras-designer check|summary|explain FILE.py` and `import FILE.py -o design.json`."""

from __future__ import annotations

import json
from pathlib import Path

from designer.cli import main
from designer.model import load_document

SEEDS = Path(__file__).parent / "seeds"


def test_check_json_of_python_source_gives_keras_figures(capsys):
    assert main(["check", str(SEEDS / "convmodel3.py"), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["total_params"] == 12201
    assert report["layers"][-1]["output_shape"] == [None, 24, 24, 1]


def test_check_of_code_keras_refuses_exits_1_and_names_the_layer(capsys):
    assert main(["check", str(SEEDS / "convmodel3_valid.py")]) == 1
    out = capsys.readouterr().out
    assert "conv2d_3: a 3×3 kernel does not fit the 2×2 input" in out


def test_summary_prints_keras3_warnings_with_lines_on_stderr(capsys):
    assert main(["summary", str(SEEDS / "unet.py")]) == 0
    captured = capsys.readouterr()
    assert "31,031,685" in captured.out
    assert "line 58: Adam(lr=…) fails in Keras 3: use Adam(learning_rate=…)" in captured.err


def test_explain_reads_python_source(capsys):
    assert main(["explain", str(SEEDS / "denoiser.py"), "max_pooling2d_1"]) == 0
    assert "floor" in capsys.readouterr().out


def test_import_writes_the_design(tmp_path, capsys):
    out = tmp_path / "unet.json"
    assert main(["import", str(SEEDS / "unet.py"), "-o", str(out)]) == 0
    doc = load_document(out)
    assert len(doc) == 39 and doc.name == "functional"
    assert "nothing in the code was run" in capsys.readouterr().out


def test_unreadable_or_runaway_code_exits_2_with_one_line(tmp_path, capsys):
    bad = tmp_path / "loop.py"
    bad.write_text("while True:\n    pass\n")
    assert main(["check", str(bad)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "more than 1,000,000 steps" in err[0]
    broken = tmp_path / "broken.py"
    broken.write_text("model = Sequential(\n")
    assert main(["import", str(broken), "-o", str(tmp_path / "x.json")]) == 2
    assert "not valid Python" in capsys.readouterr().err


def test_export_rewrites_tensorflow1_code_as_keras3_code_that_reads_back_the_same(tmp_path, capsys):
    from designer.engine import infer_document
    from designer.export.pysource import import_source_file

    source = Path(__file__).parent / "corpus" / "tf1_autoencoder.py"
    out = tmp_path / "keras3.py"
    assert main(["export", str(source), "-o", str(out)]) == 0
    code = out.read_text()
    assert "tf.layers" not in code and "placeholder" not in code and "layers.Resizing(7, 7" in code
    original, rewritten = import_source_file(source).document, import_source_file(out).document
    assert [(n.id, n.class_name) for n in rewritten] == [(n.id, n.class_name) for n in original]
    assert infer_document(rewritten).params == infer_document(original).params
