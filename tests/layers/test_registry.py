"""The registry loads family modules lazily; every module that registers specs is one it knows."""

import re
from pathlib import Path

import designer.layers as catalog
from designer.layers.registry import MODULES


def test_every_registering_module_is_listed_for_lazy_loading():
    here = Path(catalog.__file__).parent
    registering = {p.stem for p in here.glob("*.py") if re.search(r"^register\(", p.read_text(), re.M)}
    assert registering == set(MODULES), f"add to registry.MODULES: {sorted(registering - set(MODULES))}"


def test_lookups_load_what_they_need_and_all_specs_loads_everything():
    assert catalog.get_spec("Conv2D").class_name == "Conv2D"
    assert catalog.get_spec("NotAKerasLayer") is None
    names = {s.class_name for s in catalog.all_specs()}
    assert {"RandomFlip", "RNN", "MelSpectrogram", "LayerScale"} <= names
