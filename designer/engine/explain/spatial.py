"""Shape explanations of layers with spatial axes: convolution, pooling, up-sampling, padding, cropping.

Each explainer returns `Line` objects: the rule in words, then one line per
output axis with the layer's own numbers filled in, e.g.
``height: floor((7 − 2) / 2) + 1 = 3``. The formulas are Keras's
(`compute_conv_output_shape`, `compute_pooling_output_shape`,
`compute_conv_transpose_output_shape`), written for a learner.
"""

from __future__ import annotations

from designer.layers.reshaping import per_axis_pairs
from designer.layers import get_spec
from designer.layers.conventions import kernel_span as span_of
from designer.layers.shapes import conv_output_length, deconv_output_length
from designer.layers.spec import Dim

from .model import Ctx, Line
from .text import MINUS, SPATIAL_NAMES, channel_index, data_format, dim, fmt_shape, fmt_size, spatial_indices


# Formulas along one axis ---------------------------------------------------

def conv_length(n: Dim, span: int, stride: int, padding: str) -> tuple[str, Dim]:
    """A convolution or pooling window along one axis: the formula with numbers, and its value."""
    if n is None:
        return "None (unknown in the input, so unknown here too)", None
    value = conv_output_length(n, span, stride, padding)
    if padding == "valid":
        return f"floor(({n} {MINUS} {span}) / {stride}) + 1 = {value}", value
    return f"ceil({n} / {stride}) = {value}", value


def transpose_length(n: Dim, span: int, stride: int, padding: str, output_padding: int | None) -> tuple[str, Dim]:
    """A transposed convolution along one axis (Keras's rule), formula and value."""
    if n is None:
        return "None (unknown in the input, so unknown here too)", None
    value = deconv_output_length(n, span, stride, padding, output_padding)
    if output_padding is None:
        if padding == "valid":
            return f"{n}·{stride} + max({span} {MINUS} {stride}, 0) = {value}", value
        return f"{n}·{stride} = {value}", value
    pad = span // 2 if padding == "same" else 0
    return f"({n} {MINUS} 1)·{stride} + {span} {MINUS} 2·{pad} + {output_padding} = {value}", value


def _effective_kernel(names, kernel, dilation) -> list[Line]:
    dilated = [(n, k, d) for n, k, d in zip(names, kernel, dilation) if d > 1]
    if not dilated:
        return []
    if len(dilated) == len(names) and len({(k, d) for _, k, d in dilated}) == 1:
        _, k, d = dilated[0]
        return [Line(f"effective kernel = ({k} {MINUS} 1)·{d} + 1 = {span_of(k, d)} "
                     f"(dilation_rate {d} leaves {d - 1} gap{'s' if d > 2 else ''} between kernel taps)")]
    return [Line(f"effective kernel ({n}) = ({k} {MINUS} 1)·{d} + 1 = {span_of(k, d)}") for n, k, d in dilated]


def _conv_rule(padding: str, dilated: bool) -> str:
    kernel = "effective kernel" if dilated else "kernel"
    if padding == "valid":
        return (f"padding='valid': no zeros are added, so the window must fit inside the input: "
                f"out = floor((in {MINUS} {kernel}) / stride) + 1")
    if padding == "causal":
        return "padding='causal': zeros are added before the first step only: out = ceil(in / stride)"
    return "padding='same': zeros are added at the edges: out = ceil(in / stride) (stride 1 keeps the size)"


def _axes(ctx: Ctx, rank: int, shape=None):
    fmt = data_format(ctx.cfg)
    shape = ctx.x if shape is None else shape
    return fmt, spatial_indices(len(shape), rank, fmt), SPATIAL_NAMES[rank]


def _conv_axes(ctx: Ctx, rank: int, step, offset: int = 0) -> list[Line]:
    """Rule, effective kernel and one line per spatial axis of a (depthwise, separable) convolution."""
    cfg = ctx.cfg
    fmt, idx, names = _axes(ctx, rank, step)
    kernel, strides, dilation, padding = cfg["kernel_size"], cfg["strides"], cfg["dilation_rate"], cfg["padding"]
    lines = [Line(_conv_rule(padding, max(dilation) > 1)), *_effective_kernel(names, kernel, dilation)]
    for i, (axis, name) in enumerate(zip(idx, names)):
        text, value = conv_length(step[axis], span_of(kernel[i], dilation[i]), strides[i], padding)
        lines.append(Line(f"{name}: {text}", (0, axis + offset, value)))
    return lines


# Convolutions --------------------------------------------------------------

def conv(rank: int, kind: str):
    """Conv, DepthwiseConv or SeparableConv of ``rank`` spatial axes."""

    def explain(ctx: Ctx) -> list[Line]:
        cfg, x = ctx.cfg, ctx.x
        fmt = data_format(cfg)
        c_axis = channel_index(len(x), fmt)
        channels = x[c_axis]
        lines = _conv_axes(ctx, rank, x)
        if kind == "depthwise":
            m = cfg["depth_multiplier"]
            lines.append(Line(f"channels: {channels}·{m} = {channels * m} (each input channel gets its own "
                              f"depth_multiplier = {m} filter{'s' if m > 1 else ''})", (0, c_axis, channels * m)))
        elif kind == "separable":
            lines.append(Line(f"channels: filters = {cfg['filters']} (a depthwise {fmt_size(cfg['kernel_size'])} "
                              f"step per channel, then a 1×1 step to {cfg['filters']} channels)",
                              (0, c_axis, cfg["filters"])))
        else:
            groups = cfg["groups"]
            seen = "the single input channel" if channels == 1 else f"all {channels} input channels"
            extra = f"; groups={groups}: each filter sees {channels // groups} of the {channels} input channels" \
                if groups > 1 else f": one output channel per filter, each looking at {seen}"
            lines.append(Line(f"channels: filters = {cfg['filters']}{extra}", (0, c_axis, cfg["filters"])))
        return lines

    return explain


def transpose(rank: int):
    """Conv1D/2D/3DTranspose."""

    def explain(ctx: Ctx) -> list[Line]:
        cfg, x = ctx.cfg, ctx.x
        fmt, idx, names = _axes(ctx, rank)
        kernel, strides, dilation = cfg["kernel_size"], cfg["strides"], cfg["dilation_rate"]
        output_padding = cfg["output_padding"] or (None,) * rank
        lines = [Line("a transposed convolution runs a convolution backwards: each input position is spread "
                      "over a kernel-sized window, stride positions apart")]
        if cfg["output_padding"] is not None:
            lines.append(Line(f"with output_padding: out = (in {MINUS} 1)·stride + kernel {MINUS} 2·pad + "
                              "output_padding, pad = kernel // 2 for 'same', 0 for 'valid'"))
        elif cfg["padding"] == "valid":
            lines.append(Line(f"padding='valid': out = in·stride + max(kernel {MINUS} stride, 0)"))
        else:
            lines.append(Line("padding='same': out = in·stride"))
        lines += _effective_kernel(names, kernel, dilation)
        for i, (axis, name) in enumerate(zip(idx, names)):
            text, value = transpose_length(x[axis], span_of(kernel[i], dilation[i]), strides[i], cfg["padding"],
                                           output_padding[i])
            lines.append(Line(f"{name}: {text}", (0, axis, value)))
        lines.append(Line(f"channels: filters = {cfg['filters']}", (0, channel_index(len(x), fmt), cfg["filters"])))
        return lines

    return explain


def convlstm(rank: int):
    """ConvLSTM1D/2D/3D: a convolution per time step, the time axis kept or dropped."""

    def explain(ctx: Ctx) -> list[Line]:
        cfg, x = ctx.cfg, ctx.x
        step = (x[0], *x[2:])
        keep = cfg["return_sequences"]
        lines = [Line("runs an LSTM whose gates are convolutions: every time step's frame is convolved with "
                      "the input kernels, the state with the recurrent kernels")]
        if keep:
            lines.append(Line(f"steps: {dim(x[1])} (return_sequences=True keeps one output per step)", (0, 1, x[1])))
        else:
            lines.append(Line(f"steps: dropped (return_sequences=False returns only the last step's output, "
                              f"so the {dim(x[1])} steps become one)"))
        offset = 1 if keep else 0
        lines += _conv_axes(ctx, rank, step, offset)
        c_axis = channel_index(len(step), data_format(cfg)) + offset
        lines.append(Line(f"channels: filters = {cfg['filters']}", (0, c_axis, cfg["filters"])))
        if cfg["return_state"]:
            lines.append(Line(f"outputs 2 and 3: the final hidden and cell states, {fmt_shape(ctx.outputs[1])} each "
                              "(return_state=True)"))
        return lines

    return explain


# Pooling -------------------------------------------------------------------

def pooling(rank: int):
    """Max/AveragePooling of ``rank`` spatial axes."""

    def explain(ctx: Ctx) -> list[Line]:
        cfg, x = ctx.cfg, ctx.x
        fmt, idx, names = _axes(ctx, rank)
        pool = cfg["pool_size"]
        strides = cfg["strides"] if cfg["strides"] is not None else pool
        what = ctx.operation
        lines = [Line(f"takes the {what} of every {fmt_size(pool)} window")]
        if cfg["strides"] is None:
            lines.append(Line(f"strides not set: the stride equals pool_size ({fmt_size(pool)}), "
                              "so the windows do not overlap"))
        if cfg["padding"] == "valid":
            lines.append(Line(f"padding='valid': only windows that fit entirely inside the input count: "
                              f"out = floor((in {MINUS} pool) / stride) + 1"))
        else:
            lines.append(Line("padding='same': a window starts every stride steps, the last ones padded: "
                              "out = ceil(in / stride)"))
        for i, (axis, name) in enumerate(zip(idx, names)):
            text, value = conv_length(x[axis], pool[i], strides[i], cfg["padding"])
            lines.append(Line(f"{name}: {text}", (0, axis, value)))
        c_axis = channel_index(len(x), fmt)
        lines.append(Line(f"channels: {dim(x[c_axis])} (pooling works on each channel separately)",
                          (0, c_axis, x[c_axis])))
        return lines

    return explain


def global_pooling(rank: int):
    """GlobalMax/AveragePooling: one number per channel."""

    def explain(ctx: Ctx) -> list[Line]:
        cfg, x = ctx.cfg, ctx.x
        fmt, idx, names = _axes(ctx, rank)
        c_axis = channel_index(len(x), fmt)
        what = ctx.operation
        spatial = tuple(x[a] for a in idx)
        lines = [Line(f"takes the {what} over all of {'×'.join(names)} ({fmt_size(spatial)}) for each channel: "
                      "one number per channel")]
        if cfg["keepdims"]:
            for axis, name in zip(idx, names):
                lines.append(Line(f"{name}: 1 (keepdims=True keeps the pooled axis with size 1)", (0, axis, 1)))
            lines.append(Line(f"channels: {dim(x[c_axis])}", (0, c_axis, x[c_axis])))
        else:
            lines.append(Line(f"channels: {dim(x[c_axis])}; the {', '.join(names)} ax{'is' if rank == 1 else 'es'} "
                              "are gone", (0, 1, x[c_axis])))
        return lines

    return explain


def adaptive_pooling(ctx: Ctx) -> list[Line]:
    """AdaptiveMax/AveragePooling: the output size is the layer's argument, whatever the input's."""
    cfg, x = ctx.cfg, ctx.x
    first = cfg["data_format"] == "channels_first"
    sizes = cfg["output_size"]
    what = ctx.operation
    lines = [Line(f"splits each spatial axis into output_size = {fmt_size(sizes)} windows and takes the {what} "
                  "of each: the output size is set by the layer, not by the input")]
    offset = 2 if first else 1
    for i, size in enumerate(sizes):
        lines.append(Line(f"axis {offset + i}: {size} (output_size)", (0, offset + i, size)))
    c = x[1] if first else x[-1]
    lines.append(Line(f"channels: {dim(c)} (unchanged)", (0, 1 if first else len(ctx.out) - 1, c)))
    return lines


# Up-sampling, padding, cropping ---------------------------------------------

def _channels_kept(ctx: Ctx) -> Line:
    x = ctx.x
    c_axis = channel_index(len(x), data_format(ctx.cfg))
    return Line(f"channels: {dim(x[c_axis])} (unchanged)", (0, c_axis, x[c_axis]))


def upsampling(rank: int):
    def explain(ctx: Ctx) -> list[Line]:
        cfg, x = ctx.cfg, ctx.x
        _, idx, names = _axes(ctx, rank)
        factors = (cfg["size"],) if rank == 1 else cfg["size"]
        lines = [Line(f"repeats every {'step' if rank == 1 else 'value'} size = {fmt_size(factors)} times "
                      "along each axis (no weights, nothing learned)")]
        for axis, name, f in zip(idx, names, factors):
            n = x[axis]
            value = None if n is None else n * f
            lines.append(Line(f"{name}: {dim(n)} × {f} = {dim(value)}", (0, axis, value)))
        return [*lines, _channels_kept(ctx)]

    return explain


def _pairs(cfg, name: str, rank: int) -> tuple:
    if rank == 1:
        return (tuple(cfg[name]),)
    return per_axis_pairs(name, cfg[name], rank, name == "padding")


def zero_padding(rank: int):
    def explain(ctx: Ctx) -> list[Line]:
        x = ctx.x
        _, idx, names = _axes(ctx, rank)
        lines = [Line("adds zeros before and after each spatial axis: out = before + in + after")]
        for axis, name, (before, after) in zip(idx, names, _pairs(ctx.cfg, "padding", rank)):
            n = x[axis]
            value = None if n is None else before + n + after
            lines.append(Line(f"{name}: {before} + {dim(n)} + {after} = {dim(value)}", (0, axis, value)))
        return [*lines, _channels_kept(ctx)]

    return explain


def cropping(rank: int):
    def explain(ctx: Ctx) -> list[Line]:
        x = ctx.x
        _, idx, names = _axes(ctx, rank)
        lines = [Line(f"cuts values off both ends of each spatial axis: out = in {MINUS} before {MINUS} after")]
        for axis, name, (before, after) in zip(idx, names, _pairs(ctx.cfg, "cropping", rank)):
            n = x[axis]
            value = None if n is None else n - before - after
            lines.append(Line(f"{name}: {dim(n)} {MINUS} {before} {MINUS} {after} = {dim(value)}", (0, axis, value)))
        return [*lines, _channels_kept(ctx)]

    return explain


def resize(ctx: Ctx) -> list[Line]:
    """Resizing, CenterCrop and RandomCrop: height and width set by the layer's arguments (its spec's doc says how)."""
    cfg, x = ctx.cfg, ctx.x
    first = (1 if len(x) == 4 else 0) + (1 if cfg.get("data_format") == "channels_first" else 0)
    spec = get_spec(ctx.class_name)
    doc = spec.doc if spec is not None else ctx.class_name
    lines = [Line(doc[:1].lower() + doc[1:].rstrip("."))]
    if len(x) != 4:
        lines.append(Line(f"Keras reads a {len(x)}-D input as ONE image without a batch axis, so axes {first} and "
                          f"{first + 1} are height and width"))
    lines.append(Line(f"height: {cfg['height']} (the layer's height argument)", (0, first, cfg["height"])))
    lines.append(Line(f"width: {cfg['width']} (the layer's width argument)", (0, first + 1, cfg["width"])))
    return lines


def _kernel_rank(ctx: Ctx) -> int:
    return len(ctx.cfg["kernel_size"])


def _pool_rank(ctx: Ctx) -> int:
    return len(ctx.cfg["pool_size"])


def _input_rank(ctx: Ctx) -> int:
    return len(ctx.x) - 2


def _convlstm_rank(ctx: Ctx) -> int:
    return len(ctx.x) - 3


def _by_rank(factory, rank_of):
    """An explainer that builds the rank-specific one from the layer's own arguments or input."""
    return lambda ctx: factory(rank_of(ctx))(ctx)


EXPLAINERS = {
    "conv": _by_rank(lambda r: conv(r, "conv"), _kernel_rank),
    "depthwise_conv": _by_rank(lambda r: conv(r, "depthwise"), _kernel_rank),
    "separable_conv": _by_rank(lambda r: conv(r, "separable"), _kernel_rank),
    "conv_transpose": _by_rank(transpose, _kernel_rank),
    "convlstm": _by_rank(convlstm, _kernel_rank),
    "pooling": _by_rank(pooling, _pool_rank),
    "global_pooling": _by_rank(global_pooling, _input_rank),
    "upsampling": _by_rank(upsampling, _input_rank),
    "zero_padding": _by_rank(zero_padding, _input_rank),
    "cropping": _by_rank(cropping, _input_rank),
    "resize": resize,
    "adaptive_pooling": adaptive_pooling,
}
"""Kind of explanation (a spec's ``explainer``) → explainer, for the layers with spatial axes."""
