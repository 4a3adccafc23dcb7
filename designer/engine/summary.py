"""The designer's `model.summary()`: rows, totals and the text table.

Rows are plain data shared by the command line and the app's summary panel.
"""

from __future__ import annotations

from dataclasses import dataclass

from designer.layers.shapes import fmt_shape
from designer.model import Document

from .inference import LayerResult, ModelInference
from .outside import COMPUTED


@dataclass(frozen=True)
class SummaryRow:
    id: str
    layer: str  # "conv1 (Conv2D)"
    output_shape: str
    params: str
    connected_to: list[str]
    error: str | None


def shape_text(result: LayerResult) -> str:
    """The output shape as Keras prints it, ``?`` when unknown."""
    if result.outputs is None:
        return "?"
    if len(result.outputs) == 1:
        return fmt_shape(result.outputs[0])
    return "[" + ", ".join(fmt_shape(s) for s in result.outputs) + "]"


def marked_shape_text(result: LayerResult) -> str:
    """The output shape, marked ``[recorded]`` or ``[declared]`` when the catalog did not compute it."""
    text = shape_text(result)
    return text if result.outputs is None or result.source == COMPUTED else f"{text} [{result.source}]"


def readable_bytes(size: float) -> str:
    """``31.25 KB``: Keras's `readable_memory_size` (powers of 1024)."""
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if size / 1024 < 1:
            return f"{size:.2f} {unit}"
        size /= 1024
    return f"{size:.2f} PB"


def summary_rows(doc: Document, inference: ModelInference) -> list[SummaryRow]:
    rows = []
    for r in inference.results():
        node = doc.layer(r.id)
        connected = [
            f"{inference[s.layer].name}[0][{s.index}]" for s in node.inbound
        ]
        rows.append(SummaryRow(
            r.id, f"{r.name} ({r.class_name})", marked_shape_text(r),
            "?" if r.params is None else f"{r.params.total:,}", connected or ["-"], r.error,
        ))
    return rows


def at_least(count: int, inference: ModelInference) -> str:
    """``1,234``, or ``at least 1,234`` when some layers' parameters are unknown."""
    return f"at least {count:,}" if inference.unknown_params else f"{count:,}"


def unknown_suffix(inference: ModelInference) -> str:
    """`` (2 layers unknown)`` when some layers' parameters are unknown, else empty."""
    k = inference.unknown_params
    return f" ({k} layer{'s' if k != 1 else ''} unknown)" if k else ""


def totals_lines(inference: ModelInference) -> list[str]:
    p = inference.params
    return [
        f"Total params: {at_least(p.total, inference)} ({readable_bytes(p.total * 4)}){unknown_suffix(inference)}",
        f"Trainable params: {at_least(p.trainable, inference)} ({readable_bytes(p.trainable * 4)})",
        f"Non-trainable params: {at_least(p.non_trainable, inference)} ({readable_bytes(p.non_trainable * 4)})",
    ]


def remark_lines(inference: ModelInference) -> list[str]:
    """Layers unknown to the designer, and notes on recorded shapes (neither makes a layer invalid)."""
    lines = []
    unknown = inference.unknown()
    if unknown:
        lines.append(f"{len(unknown)} layer{'s' if len(unknown) > 1 else ''} unknown to the designer "
                     "(not errors; shapes after them are unknown):")
        lines.extend(f"  ? {r.unknown}" for r in unknown)
    notes = [f"{r.name}: {n}" for r in inference.results() for n in r.notes]
    if notes:
        lines.append("Notes:")
        lines.extend(f"  ! {n}" for n in notes)
    return lines


def _table(headers: list[str], rows: list[list[list[str]]], right: set[int]) -> list[str]:
    """A box-drawn table; each cell is a list of lines."""
    widths = [len(h) for h in headers]
    for row in rows:
        for i, cell in enumerate(row):
            widths[i] = max(widths[i], *(len(line) for line in cell))

    def line(cells: list[str]) -> str:
        parts = [c.rjust(w) if i in right else c.ljust(w) for i, (c, w) in enumerate(zip(cells, widths))]
        return "│ " + " │ ".join(parts) + " │"

    out = ["┏" + "┳".join("━" * (w + 2) for w in widths) + "┓",
           "┃ " + " ┃ ".join(h.rjust(w) if i in right else h.ljust(w)
                            for i, (h, w) in enumerate(zip(headers, widths))) + " ┃",
           "┡" + "╇".join("━" * (w + 2) for w in widths) + "┩"]
    for n, row in enumerate(rows):
        height = max(len(c) for c in row)
        for k in range(height):
            out.append(line([c[k] if k < len(c) else "" for c in row]))
        if n < len(rows) - 1:
            out.append("├" + "┼".join("─" * (w + 2) for w in widths) + "┤")
    out.append("└" + "┴".join("─" * (w + 2) for w in widths) + "┘")
    return out


def format_summary(doc: Document, inference: ModelInference) -> str:
    """The summary as `model.summary()` lays it out, then the errors, if any."""
    rows = summary_rows(doc, inference)
    table = _table(
        ["Layer (type)", "Output Shape", "Param #", "Connected to"],
        [[[r.layer], [r.output_shape], [r.params], r.connected_to] for r in rows],
        right={2},
    )
    lines = [f'Model: "{doc.name}"', *table, *(" " + t for t in totals_lines(inference))]
    errors = [r.error for r in rows if r.error]
    if errors:
        lines.append("")
        lines.append(f"{len(errors)} layer{'s' if len(errors) > 1 else ''} Keras would refuse:")
        lines.extend(f"  ✗ {e}" for e in errors)
    remarks = remark_lines(inference)
    if remarks:
        lines.append("")
        lines.extend(remarks)
    return "\n".join(lines)


def format_check_table(doc: Document, inference: ModelInference) -> str:
    """The `check` command's table: name, class, output shape, params, error."""
    headers = ["Layer", "Class", "Output shape", "Params", "Error"]
    body = []
    for r in inference.results():
        params = "?" if r.params is None else f"{r.params.total:,}"
        body.append([r.name, r.class_name, marked_shape_text(r), params, r.error or r.unknown or "; ".join(r.notes)])
    widths = [max(len(h), *(len(row[i]) for row in body)) if body else len(h) for i, h in enumerate(headers)]
    widths[4] = len(headers[4])

    def fmt(row: list[str]) -> str:
        cells = [row[0].ljust(widths[0]), row[1].ljust(widths[1]), row[2].ljust(widths[2]),
                 row[3].rjust(widths[3]), row[4]]
        return "  ".join(cells).rstrip()

    lines = [fmt(headers), fmt(["-" * w for w in widths[:4]] + ["-----"])]
    lines += [fmt(row) for row in body]
    p = inference.params
    bad = sum(1 for r in inference.results() if not r.valid)
    lines.append("")
    lines.append(f"Total params: {at_least(p.total, inference)}  (trainable {p.trainable:,}, "
                 f"non-trainable {p.non_trainable:,}){unknown_suffix(inference)}")
    lines.append("All layers valid." if bad == 0 else f"{bad} of {len(body)} layers invalid.")
    unknown = inference.unknown()
    if unknown:
        lines.append(f"{len(unknown)} layer{'s' if len(unknown) > 1 else ''} unknown to the designer "
                     f"({', '.join(r.name for r in unknown)}): not errors, but the shapes after them are unknown.")
    return "\n".join(lines)
