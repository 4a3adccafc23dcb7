"""The summary dock: `model.summary()` as a table, totals under it, selection shared with the canvas.

Rows come from `designer.engine.summary.summary_rows` after each inference,
with each layer's cost for one sample beside them (MACs and activation memory,
`designer.engine.explain.design_costs`); the model changes only the rows that
differ (an edit on an 800-layer design touches a handful), and resets only when
layers were added, removed or reordered. The cost columns are logically last
(Keras's four columns keep their indices) and shown after "Param #".
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QItemSelection, QItemSelectionModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from designer.engine.explain import Cost, design_costs, totals
from designer.engine.summary import SummaryRow, at_least, readable_bytes, summary_rows

from .lazy_refresh import LazyRefresh
from .theme import colors

HEADERS = ("Layer (type)", "Output Shape", "Param #", "Connected to", "MACs", "Activations")
MACS, ACTIVATIONS = 4, 5
HEADER_TIPS = {
    MACS: "Multiply–accumulates for one sample (FLOPs ≈ 2 × MACs; bias additions not counted)",
    ACTIVATIONS: "Memory of the layer's output for one sample (values × 4 bytes, float32)",
}
VISUAL_ORDER = (0, 1, 2, MACS, ACTIVATIONS, 3)
"""Columns left to right: the cost columns sit after "Param #", "Connected to" stays last and stretches."""
NO_COST = Cost(None, None)


def error_brush() -> QBrush:
    """Background of an invalid layer's row, in the current theme."""
    return QBrush(QColor(colors().error_bg))


def blocked_brush() -> QBrush:
    """Background of a row without a shape because of a layer before it."""
    return QBrush(QColor(colors().blocked_bg))


def params_total_text(count: int, inference) -> str:
    """A parameter total as the footer and the status bar both say it: ``at least 1,234`` when layers that
    are invalid or unknown to the designer are left out of it."""
    return at_least(count, inference) if inference.valid else f"at least {count:,}"


def invalid_count_text(inference) -> str:
    """"2 invalid layers · 5 without a shape": the one wording of the footer and the status bar."""
    bad = len(inference.invalid())
    blocked = sum(1 for r in inference.layers.values() if r.blocked_by is not None)
    return (f"{bad} invalid layer{'s' if bad != 1 else ''}"
            + (f" · {blocked} without a shape" if blocked else ""))

ID_ROLE = Qt.ItemDataRole.UserRole


RESIZE_PRECISION_ROWS = 200
"""Column widths are fitted to the first rows only, so a large design opens fast."""


class SummaryModel(QAbstractTableModel):
    """`SummaryRow`s as a table model; `set_rows` updates in place when the ids did not change."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[SummaryRow] = []
        self.costs: dict[str, Cost] = {}
        self.blocked: set[str] = set()
        self._row_of: dict[str, int] = {}

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS.get(section)
        return None

    def cost(self, layer_id: str) -> Cost:
        return self.costs.get(layer_id, NO_COST)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column >= MACS:
                return _cost_text(self.cost(row.id), column, row.error is not None)
            return (row.layer, row.output_shape, row.params, ", ".join(row.connected_to))[column]
        if role == Qt.ItemDataRole.ToolTipRole:
            if column >= MACS and not row.error:
                return self.cost(row.id).rule or None
            return row.error or ("\n".join(row.connected_to) if column == 3 else None)
        if role == Qt.ItemDataRole.BackgroundRole and row.error:
            return blocked_brush() if row.id in self.blocked else error_brush()
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (2, MACS, ACTIVATIONS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == ID_ROLE:
            return row.id
        return None

    def row_of(self, layer_id: str) -> int | None:
        return self._row_of.get(layer_id)

    def set_rows(self, rows: list[SummaryRow], blocked: set[str], costs: dict[str, Cost] | None = None) -> bool:
        """Show ``rows`` (and their ``costs``); returns True when the model was reset (the row set changed)."""
        old_blocked, self.blocked = self.blocked, blocked
        old_costs, self.costs = self.costs, costs or {}
        if [r.id for r in rows] != [r.id for r in self.rows]:
            self.beginResetModel()
            self.rows = rows
            self._row_of = {r.id: i for i, r in enumerate(rows)}
            self.endResetModel()
            return True
        new_costs = self.costs
        changed = [i for i, (a, b) in enumerate(zip(self.rows, rows))
                   if a != b or ((a.id in old_blocked) != (a.id in blocked))
                   or (old_costs.get(a.id) is not new_costs.get(a.id) and old_costs.get(a.id) != new_costs.get(a.id))]
        self.rows = rows
        for first, last in _runs(changed):
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(HEADERS) - 1))
        return False


def _cost_text(cost: Cost, column: int, invalid: bool) -> str:
    """``112,896`` MACs or ``3.06 KB``; ``?`` when a size is unknown, empty for an invalid layer."""
    if invalid:
        return ""
    value = cost.macs if column == MACS else cost.activation_bytes
    if value is None:
        return "?"
    return f"{value:,}" if column == MACS else readable_bytes(value)


def flops_text(macs: int) -> str:
    """``≈ 3.1 MFLOPs`` for 1,552,320 MACs (FLOPs ≈ 2 × MACs)."""
    flops = 2 * macs
    for factor, unit in ((1e12, "T"), (1e9, "G"), (1e6, "M"), (1e3, "K")):
        if flops >= factor:
            return f"≈ {flops / factor:.3g} {unit}FLOPs"
    return f"≈ {flops:,} FLOPs"


def _runs(indices: list[int]) -> list[tuple[int, int]]:
    """Consecutive runs of sorted indices, as (first, last) pairs."""
    runs: list[tuple[int, int]] = []
    for i in indices:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


class SummaryPanel(LazyRefresh, QWidget):
    """The summary table and its totals; selecting rows selects the layers, and the other way round."""

    def __init__(self, controller, parent: QWidget | None = None):
        super().__init__(parent)
        self.controller = controller
        self.model = SummaryModel(self)
        self.table = QTableView(self)
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        for visual, logical in enumerate(VISUAL_ORDER):
            header.moveSection(header.visualIndex(logical), visual)
        self.totals = QLabel(self)
        self.totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.totals.setContentsMargins(6, 2, 6, 4)
        self.totals.setWordWrap(True)
        self.cost_totals = QLabel(self)
        self.cost_totals.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.cost_totals.setContentsMargins(6, 0, 6, 4)
        self.cost_totals.setToolTip("For one sample: multiply–accumulates (FLOPs ≈ 2 × MACs) and the memory of every "
                                    "layer's output; layers without a known size are left out (\"at least\")")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.totals)
        layout.addWidget(self.cost_totals)
        self._syncing = False
        self._sized = False
        self._sized_rows = 0
        self._cost_cache: dict = {}
        self._init_lazy_refresh(self)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection)
        controller.inferred.connect(self._on_change)
        controller.selection_changed.connect(self._on_controller_selection)
        controller.document_changed.connect(self._on_document_changed)
        self.refresh()

    def _on_document_changed(self, change) -> None:
        if change.kind == "reset":
            self._sized = False  # another design: fit the columns to it once

    def refresh(self) -> None:
        """Re-read the rows and totals from the controller's latest inference."""
        self._stale = False
        inference = self.controller.inference
        rows = summary_rows(self.controller.document, inference)
        blocked = {r.id for r in inference.layers.values() if r.blocked_by is not None}
        costs = design_costs(inference, self._cost_cache)
        if self.model.set_rows(rows, blocked, costs):
            self._on_controller_selection(self.controller.selection)
            if rows and (not self._sized or len(rows) != self._sized_rows):
                # a new design, or layers added or removed: the columns fit their content again
                self._sized, self._sized_rows = True, len(rows)
                self.table.horizontalHeader().setResizeContentsPrecision(RESIZE_PRECISION_ROWS)
                self.table.resizeColumnsToContents()
                header = self.table.horizontalHeader()
                header.setStretchLastSection(False)  # fitting to contents shrank the last column too: stretch it
                header.setStretchLastSection(True)  # again to the panel's edge (seen under Xvfb)
        p = inference.params
        bad = sum(1 for r in rows if r.error)
        macs, memory, complete = totals(list(costs.values()))
        at_least = "" if complete else "at least "
        self.totals.setText(
            f"<b>Total params:</b> {params_total_text(p.total, inference)} ({readable_bytes(p.total * 4)}) "
            f"&nbsp;·&nbsp; <b>Trainable:</b> {params_total_text(p.trainable, inference)} "
            f"({readable_bytes(p.trainable * 4)}) &nbsp;·&nbsp; "
            f"<b>Non-trainable:</b> {p.non_trainable:,} ({readable_bytes(p.non_trainable * 4)})"
            + (f" &nbsp;·&nbsp; <span style='color:{colors().error_text}'>{invalid_count_text(inference)}</span>"
               if bad else "")
        )
        self.cost_totals.setText(
            f"<b>MACs:</b> {at_least}{macs:,} ({flops_text(macs)}) &nbsp;·&nbsp; "
            f"<b>Activations:</b> {at_least}{readable_bytes(memory)} per sample (float32)"
        )

    def selected_ids(self) -> list[str]:
        rows = sorted(i.row() for i in self.table.selectionModel().selectedRows())
        return [self.model.rows[r].id for r in rows]

    def _on_table_selection(self, *_args) -> None:
        if not self._syncing:
            self.controller.select(self.selected_ids())

    def _on_controller_selection(self, ids: list) -> None:
        """Select the rows of ``ids`` (without echoing back) and bring the first into view."""
        if sorted(ids) == sorted(self.selected_ids()):
            return
        selection = QItemSelection()
        last_column = len(HEADERS) - 1
        for layer_id in ids:
            row = self.model.row_of(layer_id)
            if row is not None:
                selection.select(self.model.index(row, 0), self.model.index(row, last_column))
        self._syncing = True
        try:
            self.table.selectionModel().select(
                selection, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        finally:
            self._syncing = False
        first = self.model.row_of(ids[0]) if ids else None
        if first is not None:
            self.table.scrollTo(self.model.index(first, 0))
