"""Shape explanations of layers made of other layers (SpectralNormalization, Pipeline) and of MelSpectrogram."""

from __future__ import annotations

from designer.layers.audio import stft_frames, stft_geometry
from designer.layers.conventions import data_format
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


def stft_spectrogram(ctx: Ctx) -> list[Line]:
    """Frames from the samples and frame_step; bins from fft_length, times channels unless expand_dims."""
    cfg, x = ctx.cfg, ctx.x
    step, fft, freq = stft_geometry(cfg)
    first = data_format(cfg) == "channels_first"
    channels, n = (x[1], x[2]) if first else (x[2], x[1])
    frames = stft_frames(cfg, n, step)
    if cfg["padding"] == "same":
        rule = f"({dim(n)} − 1) // {step} + 1"
    else:
        rule = f"({dim(n)} − {cfg['frame_length']}) // {step} + 1"
    bins = f"{fft} // 2 + 1" + (", ×2 for real and imaginary parts" if cfg["mode"] == "stft" else "")
    expand = cfg["expand_dims"]
    time_axis = 2 if first else 1
    lines = [Line(f"frames: {rule} = {dim(frames)} (padding {cfg['padding']}, frame_step {step})",
                  (0, time_axis, frames))]
    if expand:
        lines.append(Line(f"frequency bins: {bins} = {freq}", (0, 3 if first else 2, freq)))
        lines.append(Line(f"channels: {channels}, each its own spectrogram", (0, 1 if first else 3, channels)))
    else:
        lines.append(Line(f"features: {channels} channels × ({bins} = {freq}) bins = {channels * freq}",
                          (0, 1 if first else 2, channels * freq)))
    return lines


EXPLAINERS = {"spectral_normalization": spectral_normalization, "pipeline": pipeline,
              "mel_spectrogram": mel_spectrogram, "stft_spectrogram": stft_spectrogram}
"""Kind of explanation → explainer, for composite layers and the audio spectrograms."""
