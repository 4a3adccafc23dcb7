"""No payload runs: names and values built to inject code, marshalled Lambda bytecode, module references.

Each payload would create the marker file if it were executed anywhere: while importing, checking, exporting, or
running the exported code (run here against a stand-in ``tensorflow`` package that only records calls, in a capped
child process). The hostile guard asserts the marker never exists.
"""

from __future__ import annotations

import base64
import json
import marshal
import subprocess
import sys
import textwrap

import pytest

from designer.engine import infer_document
from designer.export.code_export import ExportError, export_code
from designer.export.keras_import import import_model
from designer.model import document_from_dict
from hostile_designs import design, write_design
from hostile_support import capped_child_limits, cli

STAND_IN = textwrap.dedent('''
    class Meta(type):
        def __getattr__(cls, name):
            if name.startswith("__"):
                raise AttributeError(name)
            return Stub

    class Stub(metaclass=Meta):
        """Any name, call, item or base class: records nothing, runs nothing."""
        def __init__(self, *args, **kwargs):
            pass
        def __call__(self, *args, **kwargs):
            return Stub()
        def __getattr__(self, name):
            if name.startswith("__"):
                raise AttributeError(name)
            return Stub
        def __getitem__(self, key):
            return Stub()
        def __iter__(self):
            return iter([Stub(), Stub()])

    def __getattr__(name):
        if name.startswith("__"):
            raise AttributeError(name)
        return Stub
''')


def injections(marker) -> list[str]:
    m = str(marker)
    return [
        f'"); open({m!r}, "w").write("x"); ("',
        f"'); open({m!r}, 'w').write('x'); ('",
        f'""" + open({m!r}, "w").write("x") + """',
        f"\\\\'); open({m!r}, 'w').write('x')#",
        f"x\n__import__('os').system('touch {m}')\n",
        f"{{open({m!r}, 'w')}}",
    ]


def hostile_designs(marker):
    for text in injections(marker):
        data = design(name=text, layer_name=text)
        data["layers"][1]["config"]["injected"] = text
        yield data
        evil = design()
        evil["layers"][1]["class_name"] = f"Dense(2)); open({str(marker)!r}, 'w').write('x'); (layers.Dense"
        yield evil
        evil = design()
        evil["layers"][1]["config"][f"x=open({str(marker)!r},'w')#"] = 1
        yield evil


def run_with_stand_in(tmp_path, source: str) -> subprocess.CompletedProcess:
    fake = tmp_path / "fake"
    (fake / "tensorflow" / "keras").mkdir(parents=True, exist_ok=True)
    (fake / "tensorflow" / "__init__.py").write_text(STAND_IN)
    (fake / "tensorflow" / "keras" / "__init__.py").write_text(STAND_IN)
    module = tmp_path / "exported.py"
    module.write_text(source, encoding="utf-8")
    runner = f"import sys; sys.path.insert(0, {str(fake)!r}); ns = {{'__name__': 'exported'}}; " \
             f"exec(compile(open({str(module)!r}, encoding='utf-8').read(), 'exported.py', 'exec'), ns); " \
             "ns['build_model']()"
    return subprocess.run([sys.executable, "-I", "-c", runner], capture_output=True, text=True, timeout=60,
                          preexec_fn=capped_child_limits(), cwd=tmp_path)


def test_injected_names_and_values_stay_data_when_the_export_runs(tmp_path, marker):
    ran = 0
    for data in hostile_designs(marker):
        try:
            doc = document_from_dict(data)
        except ValueError:
            continue
        infer_document(doc)
        try:
            source = export_code(doc, force=True)
        except ExportError:
            continue
        proc = run_with_stand_in(tmp_path, source)
        assert proc.returncode == 0, proc.stderr
        ran += 1
    assert ran >= 6 and not marker.exists()


def test_injected_names_through_every_command(tmp_path, marker, capsys):
    from designer.cli import main

    for i, data in enumerate(hostile_designs(marker)):
        path = write_design(tmp_path / f"d{i}.json", data)
        for command in (["check"], ["summary"], ["explain"], ["export", "--force", "-o", str(tmp_path / "o.py")]):
            assert main([command[0], str(path), *command[1:]]) in (0, 1, 2)
            assert "internal error" not in capsys.readouterr().err
    assert not marker.exists()


def marshalled_lambda(marker) -> dict:
    code = compile(f"open({str(marker)!r}, 'w').write('x')", "<payload>", "exec")
    payload = base64.b64encode(marshal.dumps(code)).decode()
    return {"module": "keras.layers", "class_name": "Lambda", "registered_name": None, "name": "evil",
            "config": {"name": "evil", "function": {"class_name": "__lambda__",
                                                    "config": {"code": payload, "defaults": None, "closure": None}},
                       "output_shape": [4]},
            "inbound_nodes": [{"args": [{"class_name": "__keras_tensor__",
                                         "config": {"shape": [None, 4], "dtype": "float32",
                                                    "keras_history": ["inp", 0, 0]}}], "kwargs": {}}]}


def keras_model_with(marker, extra_layers: list[dict], last: str) -> dict:
    return {"module": "keras", "class_name": "Functional", "registered_name": "Functional", "config": {
        "name": "m", "trainable": True,
        "layers": [{"module": "keras.layers", "class_name": "InputLayer", "registered_name": None, "name": "inp",
                    "config": {"batch_shape": [None, 4], "dtype": "float32", "name": "inp"},
                    "inbound_nodes": []}, *extra_layers],
        "input_layers": [["inp", 0, 0]], "output_layers": [[last, 0, 0]]}}


@pytest.mark.parametrize("payload", ["lambda", "module_os"])
def test_keras_files_carrying_code_import_without_running_it(tmp_path, marker, payload):
    if payload == "lambda":
        model = keras_model_with(marker, [marshalled_lambda(marker)], "evil")
    else:
        layer = {"module": "os", "class_name": "system", "registered_name": None, "name": "evil",
                 "config": {"name": "evil", "command": f"touch {marker}"},
                 "inbound_nodes": marshalled_lambda(marker)["inbound_nodes"]}
        model = keras_model_with(marker, [layer], "evil")
    path = tmp_path / "model.json"
    path.write_text(json.dumps(model))
    try:
        result = import_model(path)
    except ValueError:
        result = None
    if result is not None:
        infer_document(result.document)
        try:
            source = export_code(result.document, force=True)
        except ExportError:
            source = None
        if source is not None:
            assert run_with_stand_in(tmp_path, source).returncode == 0
    for command in (["check"], ["import", "-o", str(tmp_path / "out.json")]):
        proc = cli(command[0], str(path), *command[1:], cwd=tmp_path)
        assert "Traceback" not in proc.stderr
    assert not marker.exists()


def test_the_stand_in_would_notice_an_executed_payload(tmp_path, marker):
    """The harness itself: a payload that does run creates the marker (then removed, so the guard passes)."""
    proc = run_with_stand_in(tmp_path, f"open({str(marker)!r}, 'w').write('x')\ndef build_model():\n    pass\n")
    assert proc.returncode == 0 and marker.exists()
    marker.unlink()
