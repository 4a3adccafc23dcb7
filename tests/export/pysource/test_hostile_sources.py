"""Hostile Python sources are never executed, and runaway code stops fast with a clear message.

Each hostile source would create a marker file if any of it ran; after the
import the marker must not exist. A model built beside the hostile code still
opens, and the hostile call is listed among what was skipped.
"""

from __future__ import annotations

import re
import time

import pytest

from designer.export.pysource import import_source, import_source_file
from designer.model import DocumentError

MODEL = """
from tensorflow.keras import layers, models
model = models.Sequential([layers.Input((4,)), layers.Dense(2)])
"""

HOSTILE = {
    "os_system": "import os\nos.system('touch {marker}')",
    "dunder_import": "__import__('os').system('touch {marker}')",
    "open_write": "open({marker!r}, 'w').write('ran')",
    "eval": "eval(\"open({marker!r}, 'w')\")",
    "exec": "exec(\"open({marker!r}, 'w')\")",
    "subprocess": "import subprocess\nsubprocess.run(['touch', {marker!r}])",
    "pathlib": "from pathlib import Path\nPath({marker!r}).touch()",
    "builtins_getattr": "getattr(__builtins__, 'open')({marker!r}, 'w')",
    "dunder_escape": "().__class__.__base__.__subclasses__()[0]({marker!r})",
    "default_argument": "def f(x=open({marker!r}, 'w')):\n    return x\nf()",
    "decorator": "import os\n@os.system\ndef f():\n    pass",
    "class_body": "class Evil:\n    open({marker!r}, 'w')\nEvil()",
    "lambda": "g = lambda: __import__('os').system('touch {marker}')\ng()",
    "main_block": "if __name__ == '__main__':\n    import shutil\n    shutil.copy(__file__, {marker!r})",
    "fstring": "x = f\"{{open({marker!r}, 'w')}}\"",
    "compile": "code = compile('open(1)', 'x', 'exec')\nexec(code)",
}

RUNAWAY = {
    "infinite_while": ("while True:\n    pass", "steps"),
    "infinite_add_loop": ("from keras import Sequential\nfrom keras.layers import Dense\nm = Sequential()\n"
                          "while True:\n    m.add(Dense(1))", "line 5: the code creates more than 5,000 layers"),
    "enormous_range": ("for i in range(10**12):\n    pass", "line 1: range(1000000000000) has more than"),
    "enormous_list": ("x = [0] * 10**10", "enormous value"),
    "enormous_power": ("x = 2 ** 10 ** 10", "enormous value"),
    "enormous_string": ("s = 'a' * 99999\nt = s.replace('a', s)", "more than 100,000 items"),
    "deep_recursion": ("def f(n):\n    return f(n + 1)\nf(0)", "nest more than 64 deep"),
    "mutual_recursion": ("def a(n):\n    return b(n)\ndef b(n):\n    return a(n)\na(1)", "nest more than"),
    "deep_nesting": ("x = " + "[" * 400 + "]" * 400, "nest"),
    "long_operator_chain": ("x = 1" + " + 1" * 5000, "nests too deeply"),
    "enormous_percent_width": ("s = '%999999999d' % 1", "enormous value"),
    "enormous_join": ("s = 'a' * 99999\nt = ''.join([s] * 1000)", "more than 100,000 characters"),
    "enormous_str_of_list": ("s = 'a' * 99999\nt = str([s] * 99999)", "more than 100,000 characters"),
    "enormous_fstring_of_list": ("s = 'a' * 99999\nt = f'{[s] * 99999}'", "more than 100,000 characters"),
    "growing_int": ("x = 3\nwhile x:\n    x = x * x", "bits"),
    "layer_flood": ("import keras\nx = keras.Input((4,))\nfor k in range(50000):\n    x = keras.layers.Dense(4)(x)",
                    "line 4: the code creates more than 5,000 layers"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_code_never_runs_and_the_model_still_opens(name, tmp_path):
    marker = tmp_path / "ran.txt"
    source = tmp_path / f"{name}.py"
    source.write_text(HOSTILE[name].format(marker=str(marker)) + "\n" + MODEL)
    start = time.perf_counter()
    result = import_source_file(source)
    assert time.perf_counter() - start < 15
    assert not marker.exists(), "a hostile call was executed"
    assert [n.class_name for n in result.document] == ["InputLayer", "Dense"]


def test_a_hostile_call_is_listed_among_what_was_skipped(tmp_path):
    result = import_source(HOSTILE["os_system"].format(marker=str(tmp_path / "m")) + MODEL)
    assert any("skipped" in note and "os.system (line 2)" in note for note in result.notes)


@pytest.mark.parametrize("name", sorted(RUNAWAY))
def test_runaway_code_stops_within_seconds_with_a_clear_message(name):
    source, expected = RUNAWAY[name]
    start = time.perf_counter()
    # The step or size limit names the runaway; on a loaded machine the 3 s clock may stop the same loop first.
    stopped = re.escape(expected) + "|" + re.escape("the import took more than")
    with pytest.raises(DocumentError, match=stopped) as info:
        import_source(source)
    assert time.perf_counter() - start < 15, "the time budget must stop any source within seconds"
    assert "nothing in the code was run" in str(info.value) or "Python" in str(info.value) or "deep" in str(info.value)


def test_not_python_and_no_model_are_clear_errors():
    with pytest.raises(DocumentError, match=r"not valid Python \(line 1"):
        import_source("def (:\n")
    with pytest.raises(DocumentError, match="no Keras model found in the code"):
        import_source("x = 1 + 2\nprint(x)\n")


WRITES_WHEN_RUN = ("os_system", "dunder_import", "open_write", "eval", "exec", "subprocess", "pathlib",
                   "builtins_getattr", "default_argument", "class_body", "lambda", "fstring")


@pytest.mark.parametrize("name", WRITES_WHEN_RUN)
def test_the_hostile_snippets_do_write_the_marker_when_python_runs_them(name, tmp_path):
    """The marker test is not vacuous: run by Python itself, these snippets create the marker."""
    import subprocess
    import sys

    marker = tmp_path / "ran.txt"
    subprocess.run([sys.executable, "-c", HOSTILE[name].format(marker=str(marker))], cwd=tmp_path,
                   capture_output=True, timeout=60)
    assert marker.exists()


def test_enormous_format_widths_are_not_computed():
    start = time.perf_counter()
    result = import_source("s = '{:>999999999}'.format(1)\nt = f'{1:>999999999}'\n" + MODEL)
    assert time.perf_counter() - start < 15
    assert any("line 1: not understood" in n for n in result.notes)
