"""Names from a file cannot drive the terminal or forge table rows in any command's output."""

from __future__ import annotations

import json

import pytest

from hostile_designs import design, write_design
from hostile_support import cli

ESC_NAME = "evil\x1b]0;pwned\x07\x1b[2J"
FORGED = "x\nok_layer  Dense  (None, 2)  10  \u202e"


def hostile_file(tmp_path, layer_name):
    data = design(name="d\x1b[31m", layer_name=layer_name)
    data["layers"].append({"id": "bad\x1b[0m", "class_name": "Conv2D", "config": {"filters": 1, "kernel_size": 3},
                           "inbound": ["dense"]})
    return write_design(tmp_path / "d.json", data)


@pytest.mark.parametrize("command", [["check"], ["summary"], ["explain"], ["check", "--json"],
                                     ["explain", "--json"]])
@pytest.mark.parametrize("name", [ESC_NAME, FORGED])
def test_no_control_character_reaches_the_terminal(tmp_path, command, name):
    path = hostile_file(tmp_path, name)
    proc = cli(command[0], str(path), *command[1:])
    assert proc.returncode == 1, proc.stderr
    out = proc.stdout
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    if "--json" in command:
        data = json.loads(out)
        if command[0] == "check":
            assert name in [layer["name"] for layer in data["layers"]]  # the data keeps the real names
    else:
        assert not any(line.startswith("ok_layer") for line in out.splitlines())
        assert "\\x1b" in out or "\\n" in out


def test_explain_one_layer_by_its_raw_name(tmp_path):
    path = hostile_file(tmp_path, ESC_NAME)
    proc = cli("explain", str(path), ESC_NAME)
    assert "\x1b" not in proc.stdout and proc.stdout.strip()
    assert proc.returncode in (0, 1), proc.stderr


def test_error_lines_on_stderr_are_escaped_too(tmp_path):
    proc = cli("explain", str(hostile_file(tmp_path, "a")), "no\x1b]0;t\x07such")
    assert proc.returncode == 2 and "\x1b" not in proc.stderr


@pytest.mark.keras
def test_build_prints_keras_summary_with_escaped_names(tmp_path):
    path = write_design(tmp_path / "d.json", design(layer_name=FORGED))
    proc = cli("build", str(path), timeout=300, memory_bytes=16 * 1024 ** 3)
    assert proc.returncode == 0, proc.stderr
    assert "\u202e" not in proc.stdout and not any(line.startswith("ok_layer") for line in proc.stdout.splitlines())
    assert "agrees with Keras" in proc.stdout


def test_import_notes_naming_a_model_stay_on_one_line(tmp_path):
    """A note quotes the model's name raw; a line break in it must not start a forged line."""
    model = {"class_name": "Sequential", "config": {"name": "m\nok_layer  Dense  (None, 2)  10", "layers": [
        {"class_name": "Dense", "config": {"name": "dense", "units": 2}}]}}
    source = tmp_path / "m.json"
    source.write_text(json.dumps(model), encoding="utf-8")
    proc = cli("import", str(source), "-o", str(tmp_path / "out.json"))
    assert proc.returncode == 0, proc.stderr
    assert "does not say its input shape" in proc.stdout
    assert not any(line.startswith("ok_layer") for line in proc.stdout.splitlines()), proc.stdout
