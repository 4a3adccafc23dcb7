"""Run a script that saves Keras models in a child process (our side never runs model code) and read its truth."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any


def save_in_child(script: str, folder: Path, timeout: int = 300) -> Any:
    """Run ``script`` with ``folder`` as its argument; the last line it prints is JSON (what Keras says)."""
    proc = subprocess.run([sys.executable, "-c", script, str(folder)], capture_output=True, text=True,
                          timeout=timeout)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


NESTED_BLOCKS = r'''
import json, sys
from pathlib import Path
import keras
from keras import layers

folder = Path(sys.argv[1])
a, b = keras.Input((8,), name="a"), keras.Input((8,), name="b")
features = keras.Sequential([keras.Input((8,)), layers.Dense(16, activation="relu"), layers.Dense(8)])
xi = keras.Input((8,))
head = keras.Model(xi, layers.Dense(4, name="logits")(layers.Dense(12, name="proj")(xi)), name="score_head")
ei = keras.Input((8,))
encoder = keras.Model(ei, layers.Dense(8, name="e2")(layers.Dense(8, name="e1")(ei)), name="encoder")
ti = keras.Input((8,))
inner = keras.Model(ti, layers.Dense(8, name="deep2")(layers.Dense(8, name="deep1")(ti)), name="inner_mlp")
ui = keras.Input((8,))
tower = keras.Model(ui, layers.Dense(8, name="top")(inner(ui)), name="tower")
f = features(a)
mixed = layers.Add(name="mix")([encoder(f), encoder(b), tower(f)])
out = layers.LayerNormalization(name="score_norm")(head(mixed))
model = keras.Model([a, b], out, name="outer")
model.save(folder / "nested.keras")
(folder / "nested.json").write_text(model.to_json())
wi = keras.Input((8,), name="w")
wrapper = keras.Model(wi, model([wi, wi]), name="wrapper")
wrapper.save(folder / "wrapper.keras")


def own(m, prefix=""):
    """Flattened design ids of a nested model's layers: <model>_<layer>, nested models recursively."""
    ids = []
    for layer in m.layers:
        if isinstance(layer, keras.Model):
            ids += own(layer, f"{prefix}{layer.name}_")
        elif not isinstance(layer, keras.layers.InputLayer):
            ids.append(f"{prefix}{layer.name}")
    return ids


print(json.dumps({"params": model.count_params(), "wrapper_params": wrapper.count_params(),
                  "nested": {m.name: own(m, m.name + "_") for m in (features, head, encoder, tower)}}))
'''
"""Saves ``nested.keras``/``nested.json`` (a functional model with a Sequential feature extractor, a nested
functional head whose layers share no prefix with its name, an encoder called twice, a tower nesting another
model) and ``wrapper.keras`` (a model that only calls that one); prints the parameter counts and, per nested
model, the design ids its layers flatten to."""


SHARED_ACROSS_MODELS = r'''
import json, sys
from pathlib import Path
import keras
from keras import layers

folder = Path(sys.argv[1])
truth = {}


def save(model):
    model.save(folder / f"{model.name}.keras")
    model.save(folder / f"{model.name}.h5")
    (folder / f"{model.name}.json").write_text(model.to_json())
    truth[model.name] = model.count_params()


# One Dense called by the outer model and inside a nested one.
s = layers.Dense(4, name="s")
x = keras.Input((4,))
inner = keras.Model(x, layers.Dense(3, name="t")(s(x)), name="inner")
a = keras.Input((4,), name="a")
save(keras.Model(a, inner(s(a)), name="outer_and_nested"))

# One Dense inside two nested models.
shared = layers.Dense(4, name="shared")
p_in, q_in = keras.Input((4,)), keras.Input((4,))
p = keras.Model(p_in, layers.Dense(4, name="p_out")(shared(p_in)), name="p")
q = keras.Model(q_in, shared(layers.Dense(4, name="q_in")(q_in)), name="q")
c = keras.Input((4,), name="c")
save(keras.Model(c, q(p(c)), name="two_nested"))


# The nested model comes first in the outer model's layers, the shared layer's own call after it.
r = layers.Dense(4, name="r")
y = keras.Input((4,))
first = keras.Model(y, layers.Dense(4, name="u")(r(y)), name="first")
e = keras.Input((4,), name="e")
save(keras.Model(e, r(first(e)), name="nested_first"))


# Two nested models made by one function: equal names and configs, separate weights.
def block(name):
    i = keras.Input((4,))
    return keras.Model(i, layers.Dense(4, name="proj")(i), name=name)


d = keras.Input((4,), name="d")
save(keras.Model(d, block("block_b")(block("block_a")(d)), name="builder"))
print(json.dumps(truth))
'''
"""Saves, as ``<name>.keras``, ``<name>.h5`` and ``<name>.json``, models whose layers are listed by more than one model
(``outer_and_nested``, ``two_nested``, ``nested_first``: one layer object) or look alike (``builder``: two layers with one name and
config, in two nested models); prints ``{name: model.count_params()}``."""


BACKBONE_AND_HEAD = r'''
import json, sys
from pathlib import Path
import keras
from keras import layers

folder = Path(sys.argv[1])
backbone = keras.applications.MobileNetV2(input_shape=(32, 32, 3), alpha=0.35, include_top=False, weights=None)
backbone.save(folder / "backbone.keras")
head = keras.Sequential([keras.Input((1280,)), layers.Dropout(0.2), layers.Dense(10)], name="classifier")
image = keras.Input((32, 32, 3), name="image")
model = keras.Model(image, head(layers.GlobalAveragePooling2D(name="pool")(backbone(image))), name="transfer")
model.save(folder / "transfer.keras")
print(json.dumps({"backbone": backbone.name, "layers": len(backbone.layers), "params": model.count_params()}))
'''
"""Saves ``backbone.keras`` (MobileNetV2, 0.35, 32×32, no top) and ``transfer.keras`` (it under a pooling and a
Sequential classifier, as in transfer learning); prints the backbone's name and layer count and the parameters."""
