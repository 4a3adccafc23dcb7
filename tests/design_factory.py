"""Random designs for tests: CNN chains with skip connections, built from a small grammar."""

from __future__ import annotations

from hypothesis import strategies as st

from designer.engine import infer_document
from designer.layers import all_specs
from designer.model import Document, LayerNode, Source

STEPS = ("conv", "pool", "bn", "act", "drop", "up", "dense_head", "skip_add", "skip_concat", "sep", "convt")


@st.composite
def cnn_designs(draw, max_steps: int = 8) -> Document:
    """A random image model; every step keeps the design valid for the engine."""
    size = draw(st.integers(8, 40))
    channels = draw(st.sampled_from([1, 3]))
    nodes = [LayerNode("input", "InputLayer", {"shape": [size, size, channels]})]
    doc = Document("random", nodes)
    last = "input"
    for i in range(draw(st.integers(1, max_steps))):
        step = draw(st.sampled_from(STEPS))
        layer_id = f"l{i}_{step}"
        if step == "conv":
            cfg = {"filters": draw(st.integers(1, 8)), "kernel_size": draw(st.integers(1, 3)),
                   "padding": draw(st.sampled_from(["same", "valid"])), "strides": draw(st.integers(1, 2))}
            node = LayerNode(layer_id, "Conv2D", cfg, (Source(last),))
        elif step == "sep":
            node = LayerNode(layer_id, "SeparableConv2D", {"filters": draw(st.integers(1, 6)), "kernel_size": 3,
                                                            "padding": "same"}, (Source(last),))
        elif step == "convt":
            node = LayerNode(layer_id, "Conv2DTranspose", {"filters": draw(st.integers(1, 6)), "kernel_size": 3,
                                                            "strides": draw(st.integers(1, 2))}, (Source(last),))
        elif step == "pool":
            node = LayerNode(layer_id, draw(st.sampled_from(["MaxPooling2D", "AveragePooling2D"])),
                             {"pool_size": draw(st.integers(1, 3)), "padding": draw(st.sampled_from(["same", "valid"]))},
                             (Source(last),))
        elif step == "bn":
            node = LayerNode(layer_id, "BatchNormalization", {}, (Source(last),))
        elif step == "act":
            node = LayerNode(layer_id, "Activation", {"activation": draw(st.sampled_from(["relu", "tanh"]))},
                             (Source(last),))
        elif step == "drop":
            node = LayerNode(layer_id, "Dropout", {"rate": 0.25}, (Source(last),))
        elif step == "up":
            node = LayerNode(layer_id, "UpSampling2D", {"size": draw(st.integers(1, 2))}, (Source(last),))
        elif step == "dense_head":
            doc.add_layer(LayerNode(layer_id + "_flat", "Flatten", {}, (Source(last),)))
            node = LayerNode(layer_id, "Dense", {"units": draw(st.integers(1, 10))}, (Source(layer_id + "_flat"),))
        else:
            branch = LayerNode(layer_id + "_branch", "Conv2D", {"filters": draw(st.integers(1, 8)),
                                                                "kernel_size": 3, "padding": "same"},
                               (Source(last),))
            doc.add_layer(branch)
            if step == "skip_add":
                node = LayerNode(layer_id, "Add", {}, (Source(last), Source(branch.id)))
            else:
                node = LayerNode(layer_id, "Concatenate", {}, (Source(last), Source(branch.id)))
        doc.add_layer(node)
        inference = infer_document(doc)
        if not inference.valid:
            for layer in reversed(list(doc)):
                if layer.id.startswith(f"l{i}_"):
                    doc.remove_layer(layer.id)
            continue
        last = node.id
        if step == "dense_head":
            break
    return doc


# Arbitrary designs, as a hostile or broken file could hold them ------------------------------

CLASSES = [s.class_name for s in all_specs()] + ["Lambda", "MyCustomLayer", ""]
ARG_NAMES = sorted({a.name for s in all_specs() for a in s.args})[:80] + ["units", "filters", "kernel_size", "x"]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-5, 10**12) | st.floats(allow_nan=True) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=12,
)


@st.composite
def designs(draw):
    n = draw(st.integers(1, 8))
    ids = [f"l{i}" for i in range(n)]
    layers = []
    for i, layer_id in enumerate(ids):
        config = draw(st.dictionaries(st.sampled_from(ARG_NAMES), json_values, max_size=4))
        if i == 0:
            config = {"shape": draw(st.lists(st.one_of(st.none(), st.integers(-2, 40)), max_size=4))}
        inbound = draw(st.lists(st.sampled_from(ids[:i]), max_size=3)) if i else []
        layers.append({"id": layer_id, "class_name": "InputLayer" if i == 0 else draw(st.sampled_from(CLASSES)),
                       "config": config, "inbound": inbound})
    return {"format": "keras-designer", "version": 1, "name": "fuzz", "layers": layers}
