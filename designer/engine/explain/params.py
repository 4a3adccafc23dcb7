"""Parameter counts written as sums with their terms, e.g. ``(3·3·16 + 1)·32 = 4,640``.

Each rule returns ``(text, total)``; `params_text` shows the text only when the
total equals the engine's count (which mirrors Keras's), adds what
``trainable=False`` and shared layers change, and otherwise falls back to the
bare number.
"""

from __future__ import annotations

import math

from designer.layers._mha_rules import mha_projections
from designer.layers._normalization_rules import _kept_axes
from designer.layers._rnn_rules import GATES
from designer.layers._rnn_wrappers import nested_layer
from designer.layers.spec import ParamCount

from .model import Ctx
from .text import channel_index, data_format, fmt_size, num, plural, product_text


def _each(n: int, what: str) -> str:
    """``each of the 32 filters`` / ``the 1 filter``."""
    return f"the {n} {what}" if n == 1 else f"each of the {n} {what}s"


def _bias(cfg) -> bool:
    return bool(cfg.get("use_bias", True))


# Convolutions ------------------------------------------------------------------

def conv(ctx: Ctx):
    cfg = ctx.cfg
    c = ctx.x[channel_index(len(ctx.x), data_format(cfg))]
    k, f, g = cfg["kernel_size"], cfg["filters"], cfg["groups"]
    cin = str(c) if g == 1 else f"({c}/{g})"
    per = math.prod(k) * (c // g)
    what = f"kernel {fmt_size(k)} × {plural(c // g, 'input channel')}"
    if _bias(cfg):
        total = (per + 1) * f
        return f"({product_text(k)}·{cin} + 1)·{f} = {num(total)}: ({what} + 1 bias) for {_each(f, 'filter')}", total
    return f"{product_text(k)}·{cin}·{f} = {num(per * f)}: {what} for {_each(f, 'filter')} (no bias)", per * f


def transpose(ctx: Ctx):
    cfg = ctx.cfg
    c = ctx.x[channel_index(len(ctx.x), data_format(cfg))]
    k, f = cfg["kernel_size"], cfg["filters"]
    per = math.prod(k) * c
    if _bias(cfg):
        return f"({product_text(k)}·{c} + 1)·{f} = {num((per + 1) * f)}: (kernel {fmt_size(k)} × " \
               f"{plural(c, 'input channel')} + 1 bias) for {_each(f, 'filter')}", (per + 1) * f
    return f"{product_text(k)}·{c}·{f} = {num(per * f)} (no bias)", per * f


def depthwise(ctx: Ctx):
    cfg = ctx.cfg
    c = ctx.x[channel_index(len(ctx.x), data_format(cfg))]
    k, m = cfg["kernel_size"], cfg["depth_multiplier"]
    if _bias(cfg):
        total = (math.prod(k) + 1) * c * m
        return f"({product_text(k)} + 1)·{c}·{m} = {num(total)}: one {fmt_size(k)} kernel and a bias per input " \
               f"channel × depth_multiplier", total
    total = math.prod(k) * c * m
    return f"{product_text(k)}·{c}·{m} = {num(total)} (no bias)", total


def separable(ctx: Ctx):
    cfg = ctx.cfg
    c = ctx.x[channel_index(len(ctx.x), data_format(cfg))]
    k, m, f = cfg["kernel_size"], cfg["depth_multiplier"], cfg["filters"]
    bias = f if _bias(cfg) else 0
    total = math.prod(k) * c * m + c * m * f + bias
    text = f"{product_text(k)}·{c}·{m} + {c}·{m}·{f}" + (f" + {f}" if bias else "")
    return f"{text} = {num(total)}: depthwise kernels + pointwise 1×1 kernel" + (" + bias" if bias else ""), total


def convlstm(ctx: Ctx):
    cfg, x = ctx.cfg, ctx.x
    step = (x[0], *x[2:])
    c = step[channel_index(len(step), data_format(cfg))]
    k, f = cfg["kernel_size"], cfg["filters"]
    bias = " + " + str(f) if _bias(cfg) else ""
    total = 4 * f * math.prod(k) * (c + f) + (4 * f if bias else 0)
    text = (f"4·({product_text(k)}·({c} + {f})·{f}{bias}) = {num(total)}: 4 gates, each a {fmt_size(k)} "
            f"convolution of the input ({c} channels) and of the state ({f} channels) to {f} filters")
    return text + (", plus a bias" if bias else ""), total


# Core --------------------------------------------------------------------------

def _lora(fan_in: int, fan_out: int, rank: int, bias: int, what: str):
    total = fan_in * fan_out + rank * (fan_in + fan_out) + bias
    text = f"{fan_in}·{fan_out} (frozen {what}) + {rank}·({fan_in} + {fan_out}) (LoRA A and B)"
    return text + (f" + {bias} (bias)" if bias else "") + f" = {num(total)}", total


def dense(ctx: Ctx):
    cfg, x = ctx.cfg, ctx.x
    fan_in, units = x[-1], cfg["units"]
    bias = units if cfg["use_bias"] else 0
    if cfg["lora_rank"]:
        return _lora(fan_in, units, cfg["lora_rank"], bias, "kernel")
    shared = f", shared by all {fmt_size(x[1:-1])} positions" if len(x) > 2 else ""
    if bias:
        return f"({fan_in} + 1)·{units} = {num((fan_in + 1) * units)}: (one weight per input + 1 bias) for " \
               f"{_each(units, 'unit')}{shared}", (fan_in + 1) * units
    return f"{fan_in}·{units} = {num(fan_in * units)} (no bias){shared}", fan_in * units


def embedding(ctx: Ctx):
    cfg = ctx.cfg
    n, d = cfg["input_dim"], cfg["output_dim"]
    if cfg["lora_rank"]:
        return _lora(n, d, cfg["lora_rank"], 0, "embeddings")
    return f"{n}·{d} = {num(n * d)}: one vector of {d} numbers for each of the {n} ids", n * d


def einsum_dense(ctx: Ctx):
    from designer.layers._einsum import analyze_einsum, partial_output_shape

    cfg = ctx.cfg
    shapes = analyze_einsum(cfg["equation"], cfg["bias_axes"], ctx.x, partial_output_shape(cfg["output_shape"]))
    kernel = math.prod(shapes.kernel)
    bias = math.prod(shapes.bias) if shapes.bias is not None else 0
    terms = f"kernel {product_text(shapes.kernel)}" + (f" + bias {product_text(shapes.bias)}" if bias else "")
    if cfg["lora_rank"]:
        r = cfg["lora_rank"]
        lora = r * math.prod(shapes.kernel[:-1]) + r * shapes.kernel[-1]
        return f"{terms} (frozen) + LoRA {lora} = {num(kernel + bias + lora)}", kernel + bias + lora
    return f"{terms} = {num(kernel + bias)}", kernel + bias


# Normalization -------------------------------------------------------------------

def _gamma_beta(cfg) -> tuple[int, str]:
    names = [n for n, on in (("γ", cfg["scale"]), ("β", cfg["center"])) if on]
    return len(names), ", ".join(names)


def batch_norm(ctx: Ctx):
    cfg = ctx.cfg
    c = ctx.x[cfg["axis"]]
    g, names = _gamma_beta(cfg)
    m = 5 if cfg["renorm"] else 2
    moving = "moving mean/variance" + (" and the 3 renorm statistics" if cfg["renorm"] else "")
    total = (g + m) * c
    if cfg.get("trainable") is False:
        parts = f"{names} + {moving}" if g else moving
        return f"{g + m}·{c} = {num(total)} ({parts}), all non-trainable because trainable=False", total
    if not g:
        return f"{m}·{c} = {num(total)} (non-trainable {moving}; center and scale are off)", total
    return f"{g + m}·{c} = {num(total)} ({num(g * c)} trainable {names} + {num(m * c)} non-trainable {moving})", total


def _axes_size(ctx: Ctx) -> tuple[list, int]:
    axes = ctx.cfg["axis"] if isinstance(ctx.cfg["axis"], tuple) else (ctx.cfg["axis"],)
    sizes = [ctx.x[a] for a in axes]
    return sizes, math.prod(sizes)


def layer_norm(ctx: Ctx):
    g, names = _gamma_beta(ctx.cfg)
    sizes, size = _axes_size(ctx)
    if not g:
        return "0: center and scale are off, so there is nothing to learn", 0
    return f"{g}·{product_text(sizes)} = {num(g * size)} ({names}: one per value of the normalised axis)", g * size


def group_norm(ctx: Ctx):
    g, names = _gamma_beta(ctx.cfg)
    c = ctx.x[ctx.cfg["axis"]]
    if not g:
        return "0: center and scale are off, so there is nothing to learn", 0
    return f"{g}·{c} = {num(g * c)} ({names}: one per channel)", g * c


def rms_norm(ctx: Ctx):
    sizes, size = _axes_size(ctx)
    return f"{product_text(sizes)} = {num(size)} (one scale per value of the normalised axis)", size


def prelu(ctx: Ctx):
    shape = list(ctx.x[1:])
    shared = ctx.cfg["shared_axes"]
    for axis in (() if shared is None else shared if isinstance(shared, tuple) else (shared,)):
        shape[axis - 1] = 1
    total = math.prod(shape)
    terms = f"{product_text(shape)} = " if len(shape) > 1 else ""
    return f"{terms}{num(total)}: one learned slope per value (size 1 on shared axes)", total


def preprocessing_normalization(ctx: Ctx):
    if ctx.cfg["mean"] is not None:
        return "0: mean and variance are given, so no weights are created", 0
    sizes = [ctx.x[a] for a in _kept_axes(ctx.cfg, ctx.x)]
    size = math.prod(sizes)
    return f"2·{product_text(sizes) or 1} + 1 = {num(2 * size + 1)} non-trainable (mean and variance per value of " \
           "the kept axes, and a count; adapt() sets them)", 2 * size + 1


# Recurrent ---------------------------------------------------------------------

def rnn(ctx: Ctx):
    cfg = ctx.cfg
    f, u, g = ctx.x[-1], cfg["units"], GATES[ctx.class_name]
    two = ctx.class_name == "GRU" and cfg["reset_after"]
    bias = (f" + 2·{u}" if two else f" + {u}") if cfg["use_bias"] else ""
    per = (f + u) * u + ((2 if two else 1) * u if cfg["use_bias"] else 0)
    inner = f"({f} + {u})·{u}{bias}"
    what = f"input kernel {f}×{u}, recurrent kernel {u}×{u}" + (
        ", two biases (reset_after=True)" if two and bias else ", bias" if bias else "")
    if g == 1:
        return f"{inner} = {num(per)}: {what}", per
    gates = {"LSTM": "input, forget, cell, output", "GRU": "update, reset, candidate"}[ctx.class_name]
    return f"{g}·({inner}) = {num(g * per)}: {g} gates ({gates}), each with {what}", g * per


def bidirectional(ctx: Ctx):
    cfg = ctx.cfg
    forward = nested_layer(cfg["layer"], "wrapped")
    backward = nested_layer(cfg["backward_layer"], "backward") if cfg["backward_layer"] else forward
    f_text, f_total = rule_for(forward.class_name)(Ctx(forward.class_name, forward.cfg, ctx.inputs, ()))
    b_total = rule_for(backward.class_name)(Ctx(backward.class_name, backward.cfg, ctx.inputs, ()))[1]
    return f"{num(f_total)} (forward) + {num(b_total)} (backward) = {num(f_total + b_total)}; forward: {f_text}", \
        f_total + b_total


def time_distributed(ctx: Ctx):
    nested = nested_layer(ctx.cfg["layer"], "wrapped")
    step = (ctx.x[0], *ctx.x[2:])
    rule = rule_for(nested.class_name)
    if rule is None:
        return f"0: the wrapped {nested.class_name} has no weights", 0
    text, total = rule(Ctx(nested.class_name, nested.cfg, (step,), ()))
    return f"{text}; one set of weights shared by all time steps", total


# Attention ---------------------------------------------------------------------

def multi_head_attention(ctx: Ctx):
    projections, _ = mha_projections(ctx.cfg, ctx.inputs)
    terms, total = [], 0
    for p in projections:
        term = f"{p.name} {product_text(p.shapes.kernel)}"
        total += math.prod(p.shapes.kernel)
        if p.shapes.bias is not None:
            term += f" + {product_text(p.shapes.bias)}"
            total += math.prod(p.shapes.bias)
        terms.append(term)
    return " + ".join(terms) + f" = {num(total)} (kernel + bias of each projection)", total


def attention(ctx: Ctx):
    parts = []
    if ctx.cfg["use_scale"]:
        parts.append("1 (scale)")
    if ctx.cfg.get("score_mode") == "concat":
        parts.append("1 (concat_score_weight)")
    if not parts:
        return "0: dot-product attention learns nothing unless use_scale=True", 0
    return " + ".join(parts) + f" = {len(parts)}", len(parts)


def additive_attention(ctx: Ctx):
    if not ctx.cfg["use_scale"]:
        return "0: use_scale=False, so there is nothing to learn", 0
    d = ctx.x[-1]
    return f"{d} (one scale per feature of the query's last axis)", d


RULES = {
    **{f"Conv{r}D": conv for r in (1, 2, 3)}, **{f"Conv{r}DTranspose": transpose for r in (1, 2, 3)},
    **{f"DepthwiseConv{r}D": depthwise for r in (1, 2)}, **{f"SeparableConv{r}D": separable for r in (1, 2)},
    **{f"ConvLSTM{r}D": convlstm for r in (1, 2, 3)},
    "Dense": dense, "Embedding": embedding, "EinsumDense": einsum_dense,
    "BatchNormalization": batch_norm, "LayerNormalization": layer_norm, "GroupNormalization": group_norm,
    "RMSNormalization": rms_norm, "PReLU": prelu, "Normalization": preprocessing_normalization,
    "SimpleRNN": rnn, "LSTM": rnn, "GRU": rnn, "Bidirectional": bidirectional, "TimeDistributed": time_distributed,
    "MultiHeadAttention": multi_head_attention, "Attention": attention, "AdditiveAttention": additive_attention,
}
"""Class name → parameter rule; classes not listed have no weights."""


def rule_for(class_name: str):
    return RULES.get(class_name)


def params_text(ctx: Ctx, params: ParamCount) -> tuple[str, bool]:
    """The parameter explanation of a valid layer and whether its total was verified."""
    rule = rule_for(ctx.class_name)
    if rule is None:
        if params.total == 0:
            return f"0: {ctx.class_name} has no weights to learn", True
        return f"{num(params.total)}", False
    try:
        text, total = rule(ctx)
    except Exception:
        return f"{num(params.total)}", False
    if params.total == 0 and total:
        return (f"0 here: another call of the shared layer {ctx.name}, whose {num(total)} weights are counted "
                "once, at its first call"), True
    if total != params.total:
        return f"{num(params.total)}", False
    if ctx.cfg.get("trainable") is False and total and "trainable=False" not in text:
        text += " — all non-trainable (trainable=False)"
    return text, True
