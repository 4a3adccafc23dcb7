"""Designs that made explanations and warnings slow (issue 9): many failing branches, thousands of outputs."""

from __future__ import annotations

from designer.model import Document, LayerNode, Source


def failing_branches(n: int = 400) -> Document:
    """One 8×8 input feeding ``n`` branches conv 3×3 → pool → conv 5×5, each last conv too big for its 3×3 map.

    Every branch fails the same way: ``n`` invalid layers, each with its own fixes to look for.
    """
    nodes = [LayerNode("input", "InputLayer", {"shape": [8, 8, 1]})]
    for i in range(n):
        nodes += [
            LayerNode(f"conv{i}", "Conv2D", {"filters": 4, "kernel_size": 3}, (Source("input"),)),
            LayerNode(f"pool{i}", "MaxPooling2D", {}, (Source(f"conv{i}"),)),
            LayerNode(f"bad{i}", "Conv2D", {"filters": 4, "kernel_size": 5}, (Source(f"pool{i}"),)),
        ]
    return Document(f"failing_branches_{n}", nodes)


def many_outputs(n: int = 2000) -> Document:
    """A 28×28 encoder–decoder that returns 18×18, then a chain of ``n`` 'same' convolutions, every one an output.

    Every output is warned (18×18 is not 28×28), and each depends on all the layers before it: the case where
    per-output walks upstream cost outputs × layers.
    """
    nodes = [
        LayerNode("input", "InputLayer", {"shape": [28, 28, 1]}),
        LayerNode("pool", "MaxPooling2D", {"pool_size": 3}, (Source("input"),)),
        LayerNode("up", "UpSampling2D", {}, (Source("pool"),)),
    ]
    for i in range(n):
        nodes.append(LayerNode(f"out{i}", "Conv2D", {"filters": 1, "kernel_size": 3, "padding": "same"},
                               (Source(nodes[-1].id),)))
    outputs = [Source(f"out{i}") for i in range(n)]
    return Document(f"many_outputs_{n}", nodes, outputs)
