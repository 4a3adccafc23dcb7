"""Shape explanations of the layers without spatial rules: core, reshaping, merging, recurrent, attention.

Each explainer returns `Line` objects whose checks the dispatcher compares with
the engine's shapes. Layers that keep their input's shape get the generic
`same_shape` explainer, which refuses to speak when the shapes differ.
"""

from __future__ import annotations

import math

from designer.layers.rnn import nested_layer
from designer.layers.shapes import product

from .model import Ctx, Line
from .text import axis_names, dim, fmt_shape, fmt_size, num, product_text


# Core ------------------------------------------------------------------------

def input_layer(ctx: Ctx) -> list[Line]:
    cfg, out = ctx.cfg, ctx.out
    if cfg["batch_shape"] is not None:
        return [Line(f"batch_shape {fmt_shape(out)} gives every axis, the batch axis included")]
    lines = [Line(f"one sample is {fmt_shape(tuple(cfg['shape']))}; Keras puts the batch axis first: {fmt_shape(out)}")]
    if cfg["batch_size"] is not None:
        size = cfg["batch_size"]
        lines.append(Line(f"batch: batch_size = {size} fixes the number of samples", (0, 0, size)))
    return lines


def dense(ctx: Ctx) -> list[Line]:
    x, units = ctx.x, ctx.cfg["units"]
    last = len(x) - 1
    if len(x) == 2:
        bias = " plus a bias" if ctx.cfg["use_bias"] else ""
        return [Line(f"features: {dim(x[1])} → units = {units} (every output is a weighted sum of all "
                     f"{dim(x[1])} inputs{bias})", (0, 1, units))]
    kept = tuple(x[1:-1])
    positions = product(kept)
    where = f"each of the {num(positions)} positions" if positions is not None else "every position"
    return [
        Line(f"Dense acts on the last axis only: {dim(x[-1])} → units = {units}", (0, last, units)),
        Line(f"the other axes {fmt_size(kept)} are kept: the same {dim(x[-1])} → {units} mapping is applied "
             f"at {where}"),
    ]


def einsum_dense(ctx: Ctx) -> list[Line]:
    cfg = ctx.cfg
    return [
        Line(f"equation '{cfg['equation']}': the letters after '->' name the output axes; a letter shared by "
             "the input and the kernel but missing from the output is summed over"),
        Line(f"output_shape {cfg['output_shape']!r} gives the sizes after the batch axis (None: left open), "
             f"and '...' axes come from the input: {fmt_shape(ctx.x)} → {fmt_shape(ctx.out)}",
             (0, len(ctx.out) - 1, ctx.out[-1])),
    ]


def embedding(ctx: Ctx) -> list[Line]:
    cfg, out = ctx.cfg, ctx.out
    d = cfg["output_dim"]
    return [
        Line(f"each integer id (0 … {cfg['input_dim'] - 1}) becomes a vector of output_dim = {d} numbers: "
             f"a new last axis", (0, len(out) - 1, d)),
        Line(f"{fmt_shape(ctx.x)} → {fmt_shape(out)}"),
    ]


def same_shape(ctx: Ctx, what: str | None = None) -> list[Line]:
    """Only true when the output is the input's shape; raising makes the dispatcher fall back."""
    if tuple(ctx.out) != tuple(ctx.x) or len(ctx.outputs) != 1:
        raise ValueError("not a same-shape layer here")
    if what is None:
        spec = ctx.spec
        what = spec.doc.rstrip(".") if spec and spec.doc else "it works value by value"
    return [Line(f"same shape as its input, {fmt_shape(ctx.x)} — {what}")]


def activation(ctx: Ctx) -> list[Line]:
    """A same-shape layer that names the function it applies (its ``activation`` argument)."""
    name = ctx.cfg.get("activation")
    return same_shape(ctx, f"it applies {name} to every value" if isinstance(name, str) else None)


# Reshaping -------------------------------------------------------------------

def flatten(ctx: Ctx) -> list[Line]:
    x = ctx.x
    if len(x) <= 2:
        return [Line(f"features: {dim(x[-1])} (already flat: nothing to do)", (0, len(x) - 1, x[-1]))]
    sizes = x[1:]
    value = product(sizes)
    lines = [Line("lays every value of a sample out in one vector: the sizes after the batch axis multiply")]
    if value is None:
        lines.append(Line(f"features: {product_text(sizes)} = None (a size is unknown, so the product is too)",
                          (0, 1, None)))
    else:
        lines.append(Line(f"features: {product_text(sizes)} = {num(value)}", (0, 1, value)))
    return lines


def reshape(ctx: Ctx) -> list[Line]:
    x, target = ctx.x, tuple(ctx.cfg["target_shape"])
    total = product(x[1:])
    lines = [Line(f"rearranges the {num(total)} values of each sample into target_shape {fmt_shape(target)}; "
                  "the number of values cannot change")]
    if -1 in target:
        axis = target.index(-1) + 1
        known = [d for d in target if d != -1]
        if total is None or None in known:
            lines.append(Line("the -1 stays None: a size of the input is unknown", (0, axis, None)))
        else:
            value = total // math.prod(known)
            lines.append(Line(f"-1 is worked out: {num(total)} / ({product_text(known) or '1'}) = {num(value)}",
                              (0, axis, value)))
    elif None not in target:
        lines.append(Line(f"{product_text(target)} = {num(math.prod(target))} values"))
    return lines


def permute(ctx: Ctx) -> list[Line]:
    x, dims = ctx.x, ctx.cfg["dims"]
    lines = [Line("reorders the axes after the batch axis (the batch axis never moves)")]
    for i, d in enumerate(dims, start=1):
        lines.append(Line(f"axis {i}: input axis {d} ({dim(x[d])})", (0, i, x[d])))
    return lines


def repeat_vector(ctx: Ctx) -> list[Line]:
    x, n = ctx.x, ctx.cfg["n"]
    return [Line(f"steps: n = {n} (the feature vector is repeated {n} times)", (0, 1, n)),
            Line(f"features: {dim(x[1])}", (0, 2, x[1]))]


# Merging ---------------------------------------------------------------------

def elementwise(ctx: Ctx) -> list[Line]:
    samples = [tuple(s[1:]) for s in ctx.inputs]
    out = ctx.out
    op = ctx.operation
    if len(set(samples)) == 1:
        return [Line(f"{op} its {len(samples)} inputs value by value: all have the sample shape "
                     f"{fmt_shape(samples[0])}, and so does the output")]
    lines = [Line(f"{op} its inputs value by value, broadcasting: the shapes are aligned on their last axes, "
                  "and a size of 1 is stretched to the other size")]
    names = axis_names(len(out))
    m = len(out) - 1
    for j in range(m):
        sizes = [s[j - (m - len(s))] for s in samples if j >= m - len(s)]
        if len(set(sizes)) > 1:
            lines.append(Line(f"{names[j + 1]}: {' and '.join(dim(v) for v in sizes)} → {dim(out[j + 1])} "
                              "(a size of 1 broadcasts)", (0, j + 1, out[j + 1])))
    return lines


def concatenate(ctx: Ctx) -> list[Line]:
    axis, out = ctx.cfg["axis"], ctx.out
    a = axis % len(out)
    sizes = [s[a] for s in ctx.inputs]
    value = None if None in sizes else sum(sizes)
    name = axis_names(len(out))[a]
    rest = tuple(d for i, d in enumerate(out) if i not in (0, a))
    return [
        Line(f"joins the inputs along axis {axis} ({name}): {' + '.join(dim(v) for v in sizes)} = {dim(value)}",
             (0, a, value)),
        Line(f"every other axis must be the same in all inputs, and is: {fmt_size(rest) or 'none besides batch'}"),
    ]


def dot(ctx: Ctx) -> list[Line]:
    s1, s2 = ctx.inputs[0], ctx.inputs[1]
    axes = ctx.cfg["axes"]
    if isinstance(axes, int):
        a1, a2 = (axes % len(s1), axes % len(s2)) if axes < 0 else (axes, axes)
    else:
        a1, a2 = axes
    ones = " (Keras adds an axis of size 1 when nothing else is left)" if len(s1) + len(s2) == 4 else ""
    return [
        Line(f"multiplies axis {a1} of the first input ({dim(s1[a1])}) with axis {a2} of the second "
             f"({dim(s2[a2])}) and sums: both axes disappear"),
        Line(f"the output is the first input's other axes, then the second's (without its batch axis): "
             f"{fmt_shape(ctx.out)}{ones}"),
    ]


# Recurrent -------------------------------------------------------------------

def _state_names(ctx: Ctx) -> str:
    """``h and c``: the names of the spec's ``states``."""
    spec = ctx.spec
    if spec is None or spec.states is None:
        raise ValueError(f"{ctx.class_name} names no states")
    return " and ".join(name for name, _ in spec.states(ctx.cfg))


def rnn(ctx: Ctx) -> list[Line]:
    cfg, x = ctx.cfg, ctx.x
    units = cfg["units"]
    steps = "the" if x[1] is None else f"the {x[1]}"
    lines = [Line(f"reads {steps} time steps one after another ({dim(x[2])} features each), "
                  f"carrying a state of units = {units} numbers")]
    if cfg["return_sequences"]:
        lines.append(Line(f"steps: {dim(x[1])} (return_sequences=True returns the output of every step)", (0, 1, x[1])))
        lines.append(Line(f"features: units = {units}", (0, 2, units)))
    else:
        lines.append(Line("steps: dropped (return_sequences=False returns only the last step's output)"))
        lines.append(Line(f"features: units = {units}", (0, 1, units)))
    if cfg["return_state"]:
        n = len(ctx.outputs) - 1
        which = "outputs 2 and 3" if n == 2 else "output 2"
        lines.append(Line(f"{which}: the final state{'s' if n > 1 else ''} {_state_names(ctx)}, "
                          f"{fmt_shape(ctx.outputs[1])} each (return_state=True adds them after the output)",
                          (1, 1, units)))
    return lines


def _nested_lines(ctx: Ctx, prefix: str) -> list[Line]:
    from .arithmetic import explainer_lines

    return [Line(prefix + line.text) for line in explainer_lines(ctx)]


def bidirectional(ctx: Ctx) -> list[Line]:
    cfg = ctx.cfg
    forward = nested_layer(cfg["layer"], "wrapped")
    outputs = forward.outputs(ctx.inputs)
    mode = cfg["merge_mode"]
    lines = [Line(f"runs the wrapped {forward.class_name} forward over the steps and a copy backward, then "
                  f"merges the two (merge_mode={mode!r}):"),
             *_nested_lines(Ctx(forward.class_name, forward.cfg, ctx.inputs, outputs), "  each direction: ")]
    last = outputs[0][-1]
    axis = len(ctx.out) - 1
    if mode == "concat":
        lines.append(Line(f"last axis: {dim(last)} (forward) + {dim(last)} (backward) = {dim(last and 2 * last)}",
                          (0, axis, None if last is None else 2 * last)))
    elif mode is None:
        lines.append(Line("merge_mode=None: the forward and backward outputs are returned as two outputs"))
    else:
        lines.append(Line(f"last axis: {dim(last)} (forward and backward combined value by value: {mode})",
                          (0, axis, last)))
    if len(outputs) > 1:
        lines.append(Line(f"then the forward states and the backward states: {2 * (len(outputs) - 1)} more outputs"))
    return lines


def time_distributed(ctx: Ctx) -> list[Line]:
    x = ctx.x
    nested = nested_layer(ctx.cfg["layer"], "wrapped")
    step = (x[0], *x[2:])
    outputs = nested.outputs([step])
    return [
        Line(f"applies the wrapped {nested.class_name} to each of the {dim(x[1])} time steps separately: "
             f"one step {fmt_shape(step)} → {fmt_shape(outputs[0])}"),
        *_nested_lines(Ctx(nested.class_name, nested.cfg, (step,), outputs), "  per step: "),
        Line(f"steps: {dim(x[1])} (the time axis is put back)", (0, 1, x[1])),
    ]


# Attention ---------------------------------------------------------------------

def attention(ctx: Ctx) -> list[Line]:
    q, v = ctx.inputs[0], ctx.inputs[1]
    kind = ctx.operation
    return [
        Line(f"scores every query position against every value position ({kind} scores), then averages the "
             "values with those weights"),
        Line(f"output: the query's shape {fmt_shape(q)} with the value's last size {dim(v[-1])}",
             (0, len(ctx.out) - 1, v[-1])),
    ]


def multi_head_attention(ctx: Ctx) -> list[Line]:
    cfg, q, v = ctx.cfg, ctx.inputs[0], ctx.inputs[1]
    heads, key_dim = cfg["num_heads"], cfg["key_dim"]
    value_dim = cfg["value_dim"] or key_dim
    axes = cfg["attention_axes"]
    over = "every axis between batch and features" if axes is None else f"axes {axes}"
    lines = [
        Line(f"{heads} heads: each projects the query and key to key_dim = {key_dim} and the value to value_dim = "
             f"{value_dim}, attends, and the heads' results are projected back together"),
        Line(f"attention runs over {over}: {fmt_size(q[1:-1])} query positions × {fmt_size(v[1:-1])} key positions"),
    ]
    if cfg["output_shape"]:
        lines.append(Line("output: the query's shape with its last axis replaced by output_shape: "
                          f"{fmt_shape(ctx.out)}"))
    else:
        lines.append(Line(f"output: the query's shape {fmt_shape(q)} (the output projection maps back to the "
                          f"query's last size {dim(q[-1])})", (0, len(ctx.out) - 1, q[-1])))
    return lines


EXPLAINERS = {
    "input_layer": input_layer, "dense": dense, "einsum_dense": einsum_dense, "embedding": embedding,
    "flatten": flatten, "reshape": reshape, "permute": permute, "repeat_vector": repeat_vector,
    "elementwise": elementwise, "concatenate": concatenate, "dot": dot, "rnn": rnn,
    "bidirectional": bidirectional, "time_distributed": time_distributed, "attention": attention,
    "multi_head_attention": multi_head_attention, "same_shape": same_shape, "activation": activation,
}
"""Kind of explanation (a spec's ``explainer``) → explainer, for the layers without spatial rules."""
