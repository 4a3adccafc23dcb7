"""Large synthetic designs for benchmarks (pure Python, no TensorFlow)."""

from __future__ import annotations

from designer.model import Document, LayerNode, Source


def residual_cnn(n_layers: int = 1000, channels: int = 32) -> Document:
    """A ResNet-style stack of conv → BN → ReLU → conv → BN → Add → ReLU blocks, about ``n_layers`` long."""
    nodes = [LayerNode("input", "InputLayer", {"shape": [64, 64, channels]})]
    last = "input"
    block = 0
    while len(nodes) < n_layers:
        b = f"b{block}"
        conv = {"filters": channels, "kernel_size": [3, 3], "padding": "same", "use_bias": False}
        chain = [
            (f"{b}_conv1", "Conv2D", conv, [last]),
            (f"{b}_bn1", "BatchNormalization", {}, [f"{b}_conv1"]),
            (f"{b}_relu1", "Activation", {"activation": "relu"}, [f"{b}_bn1"]),
            (f"{b}_conv2", "Conv2D", conv, [f"{b}_relu1"]),
            (f"{b}_bn2", "BatchNormalization", {}, [f"{b}_conv2"]),
            (f"{b}_add", "Add", {}, [f"{b}_bn2", last]),
            (f"{b}_relu2", "Activation", {"activation": "relu"}, [f"{b}_add"]),
        ]
        for layer_id, cls, cfg, inbound in chain:
            nodes.append(LayerNode(layer_id, cls, dict(cfg), tuple(Source(s) for s in inbound)))
        last = f"{b}_relu2"
        block += 1
    nodes.append(LayerNode("pool", "GlobalAveragePooling2D", {}, (Source(last),)))
    nodes.append(LayerNode("head", "Dense", {"units": 10, "activation": "softmax"}, (Source("pool"),)))
    return Document(f"residual_{len(nodes)}", nodes)
