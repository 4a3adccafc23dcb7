"""Shape explanations of layers made of other layers (SpectralNormalization, Pipeline) and of MelSpectrogram."""

from __future__ import annotations

from designer.layers.rnn import nested_layer

from .model import Ctx, Line
from .text import dim, fmt_shape


def _nested_lines(ctx: Ctx, prefix: str) -> list[Line]:
    from .arithmetic import explainer_lines

    return [Line(prefix + line.text) for line in explainer_lines(ctx)]


def spectral_normalization(ctx: Ctx) -> list[Line]:
    """The wrapped layer's shape: normalising its kernel changes values, not shapes."""
    nested = nested_layer(ctx.cfg["layer"], "wrapped")
    outputs = nested.outputs(ctx.inputs)
    return [Line(f"normalises the wrapped {nested.class_name}'s kernel; the output is the wrapped layer's "
                 f"{fmt_shape(outputs[0])}", (0, len(ctx.out) - 1, ctx.out[-1])),
            *_nested_lines(Ctx(nested.class_name, nested.cfg, ctx.inputs, outputs), "  wrapped: ")]


def pipeline(ctx: Ctx) -> list[Line]:
    """Each stage's shape in turn."""
    value = ctx.cfg["layers"]
    shapes, lines = list(ctx.inputs), [Line("applies its layers one after the other:")]
    for i, item in enumerate(value if isinstance(value, tuple) else (value,)):
        stage = nested_layer(item, f"stage {i + 1}")
        outputs = stage.outputs(shapes[:1])
        lines.append(Line(f"  {i + 1}. {stage.class_name}: {fmt_shape(shapes[0])} → {fmt_shape(outputs[0])}"))
        shapes = outputs
    lines.append(Line(f"output: {fmt_shape(shapes[0])}", (0, len(ctx.out) - 1, shapes[0][-1])))
    return lines


def mel_spectrogram(ctx: Ctx) -> list[Line]:
    """``(batch, num_mel_bins, frames)``, frames from the samples and the stride."""
    cfg, x = ctx.cfg, ctx.x
    stride, bins = cfg["sequence_stride"], cfg["num_mel_bins"]
    n = x[0] if len(x) == 1 else x[1]
    frames = None if n is None else (n + stride + 1) // stride
    first = 0 if len(x) == 1 else 1
    return [Line(f"mel bands: num_mel_bins = {bins}", (0, first, bins)),
            Line(f"frames: ({dim(n)} + {stride} + 1) // {stride} = {dim(frames)} (one every sequence_stride samples)",
                 (0, first + 1, frames))]


EXPLAINERS = {"spectral_normalization": spectral_normalization, "pipeline": pipeline,
              "mel_spectrogram": mel_spectrogram}
"""Kind of explanation → explainer, for composite layers and the mel spectrogram."""
