"""RNN with cells: SimpleRNNCell, LSTMCell, GRUCell, StackedRNNCells (keras/src/layers/rnn/rnn.py).

A cell computes one time step from ``(inputs, states)``; called on one tensor it
fails, as in Keras, so a cell lives inside an ``RNN`` (its ``cell`` argument:
one cell, a list of cells, or a StackedRNNCells). The RNN's output has the
last cell's units; its weights are each cell's, the input of a stacked cell
being the previous cell's units. Like the other wrappers, ``trainable=False``
given to the RNN's constructor does not freeze the cells' weights.

Its states are its cells' (`STATE_NAMES` of the layer each cell is the step
of), first cell first, as ``return_state=True`` returns them and
``initial_state`` takes them.
"""

from __future__ import annotations

from typing import Any, Mapping

from ._rnn_rules import GATES, RUN_FAILS, STATE_NAMES, check_initial_state, check_stateful
from ._rnn_wrappers import Nested, nested_layer
from .common import layer_args
from .registry import register
from .rnn import DROPOUT_ARGS, INITIAL_STATE, RECURRENT, SEQUENCES, USE_BIAS, UNIT_FORGET_BIAS, _activations, _units, _weights
from .shapes import require_known, require_min_ndim
from .spec import Arg, Config, LayerError, LayerSpec, ParamCount
from .terms import macs_product, num

FAMILY = "Recurrent"
KIND = {"SimpleRNNCell": "SimpleRNN", "LSTMCell": "LSTM", "GRUCell": "GRU"}
"""Each cell class and the layer whose step it computes."""


def _alone(cfg, inputs):
    raise LayerError("is one time step of a recurrent layer: Keras calls it with (inputs, states), not on a tensor",
                     "put it in an RNN layer's `cell` argument")


def _cell_spec(class_name: str, args: tuple[Arg, ...]) -> LayerSpec:
    return LayerSpec(class_name=class_name, family=FAMILY, args=layer_args(*args), output_shape=_alone,
                     doc=f"One time step of {KIND[class_name]}; runs inside an RNN layer.")


CELLS = [
    _cell_spec("SimpleRNNCell", (_units("cell"), *_activations(False), USE_BIAS, *_weights(), *DROPOUT_ARGS)),
    _cell_spec("LSTMCell", (_units("cell"), *_activations(True), USE_BIAS, *_weights(UNIT_FORGET_BIAS),
                            *DROPOUT_ARGS)),
    _cell_spec("GRUCell", (_units("cell"), *_activations(True), USE_BIAS, *_weights(), *DROPOUT_ARGS[:2],
                           Arg("reset_after", "bool", True, shape_affecting=True), DROPOUT_ARGS[2])),
]

STACKED = LayerSpec(
    class_name="StackedRNNCells", family=FAMILY, output_shape=_alone,
    doc="Several cells run one after the other at each time step; runs inside an RNN layer.",
    args=layer_args(Arg("cells", "layers", None, shape_affecting=True, doc="The cells, first to last.",
                        start=[{"class_name": "LSTMCell", "config": {"units": 32}}])),
)


# RNN ---------------------------------------------------------------------------

def _cells(value) -> list[Nested]:
    """The cells of an RNN's ``cell`` argument, first to last (a list or a StackedRNNCells unfolded)."""
    items = list(value) if isinstance(value, tuple) else [value]
    cells = []
    for item in items:
        nested = nested_layer(item, "cell")
        if nested.class_name == "StackedRNNCells":
            cells += _cells(nested.cfg["cells"])
        elif nested.class_name in KIND:
            cells.append(nested)
        else:
            raise LayerError(f"its cell must be a SimpleRNNCell, LSTMCell, GRUCell or StackedRNNCells, "
                             f"not {nested.class_name}", "use an LSTMCell, or the LSTM layer itself")
    if not cells:
        raise LayerError("has no cell", "give it an LSTMCell, GRUCell or SimpleRNNCell")
    return cells


def _weights_of(cells: list[Nested], features: int) -> list[tuple[str, int, int, int]]:
    """``(layer kind, input size, units, weights)`` per cell."""
    out = []
    for cell in cells:
        kind, u, cfg = KIND[cell.class_name], cell.cfg["units"], cell.cfg
        two = kind == "GRU" and cfg["reset_after"]
        per = (features + u) * u + ((2 if two else 1) * u if cfg["use_bias"] else 0)
        out.append((kind, features, u, GATES[kind] * per))
        features = u
    return out


def _stack_items(value: Any) -> list | None:
    """The items of a stack (a list of cells, which Keras stacks, or a StackedRNNCells); None for one cell."""
    if isinstance(value, (list, tuple)):
        return list(value)
    if isinstance(value, Mapping) and value.get("class_name") == "StackedRNNCells":
        cells = (value.get("config") or {}).get("cells")
        return list(cells) if isinstance(cells, (list, tuple)) else [cells]
    return None


def _several_states(item: Any) -> bool:
    """Keras's ``state_size`` of a stack item is a list: an LSTMCell (h and c) or a stack."""
    return _stack_items(item) is not None or (isinstance(item, Mapping) and item.get("class_name") == "LSTMCell")


def _takes_one_tensor(item: Any) -> bool:
    """A stack item Keras runs on one state tensor: a GRUCell or SimpleRNNCell, or a stack of just one
    SimpleRNNCell (a stack iterates over what it is given; only a SimpleRNNCell copes with what it then gets)."""
    inner = _stack_items(item)
    if inner is None:
        return not _several_states(item)
    return len(inner) == 1 and isinstance(inner[0], Mapping) and inner[0].get("class_name") == "SimpleRNNCell"


def _check_initial_state(cfg, cells: list[Nested], x, given) -> None:
    """One ``(batch, units)`` tensor per state of each cell; a stack's states flat only when each item takes one."""
    items = _stack_items(cfg["cell"])
    if items is not None and not all(_takes_one_tensor(item) for item in items):
        raise LayerError(
            "initial_state of an RNN of stacked cells must be nested, one list per cell ([[h, c], h]) as the "
            f"stack's cells take them, but a design passes one flat list {RUN_FAILS}",
            "use one cell per RNN layer (stack the RNN layers) to start it from given states",
        )
    names = [name for name, _ in rnn_states(cfg)]
    expected = [(x[0], c.cfg["units"]) for c in cells for _ in STATE_NAMES[KIND[c.class_name]]]
    check_initial_state("RNN", given, expected, names)


def _check_nested_stacks(cfg) -> None:
    """With return_state, Keras cannot give the states of a stack nested in a stack if it holds an LSTMCell or
    another stack (its ``compute_output_shape`` makes a shape of a list of sizes and fails)."""
    for item in _stack_items(cfg["cell"]) or ():
        inner = _stack_items(item)
        if inner is not None and any(_several_states(c) for c in inner):
            raise LayerError(
                "has return_state=True, but Keras cannot give the states of a StackedRNNCells nested in a stack "
                "when it holds an LSTMCell or another stack (it fails: 'Undefined shapes are not supported')",
                "list all the cells in one StackedRNNCells, or set return_state=False",
            )


def _rnn_shape(cfg, inputs):
    """Output (and with return_state the states); inputs after the sequence are the call's initial_state."""
    x = inputs[0]
    require_min_ndim(x, 3, "a 3-D input (batch, timesteps, features)")
    cells = _cells(cfg["cell"])
    require_known(x[-1], "last axis (features)", x)
    check_stateful(cfg, x)
    if len(inputs) > 1:
        _check_initial_state(cfg, cells, x, inputs[1:])
    if cfg["return_state"]:
        _check_nested_stacks(cfg)
    units = cells[-1].cfg["units"]
    output = (x[0], x[1], units) if cfg["return_sequences"] else (x[0], units)
    if not cfg["return_state"]:
        return output
    return [output, *((x[0], c.cfg["units"]) for c in cells for _ in STATE_NAMES[KIND[c.class_name]])]


def _raw_cells(value: Any) -> list[tuple[str, Any]]:
    """``(class name, units)`` of each cell of a raw or normalised ``cell`` argument, first to last."""
    if isinstance(value, (list, tuple)):
        return [cell for item in value for cell in _raw_cells(item)]
    if not isinstance(value, Mapping):
        return []
    inner = value.get("config")
    inner = inner if isinstance(inner, Mapping) else {}
    if value.get("class_name") == "StackedRNNCells":
        return _raw_cells(inner.get("cells"))
    return [(value["class_name"], inner.get("units"))] if value.get("class_name") in KIND else []


def rnn_states(cfg: Config) -> tuple[tuple[str, object], ...]:
    """Each cell's states (``h``, ``c``), named by cell number when there are several (raw or normalised config)."""
    cells = _raw_cells(cfg.get("cell"))
    return tuple((name if len(cells) == 1 else f"cell {i} {name}", units)
                 for i, (class_name, units) in enumerate(cells, 1) for name in STATE_NAMES[KIND[class_name]])


def _rnn_params(cfg, inputs):
    cells = _weights_of(_cells(cfg["cell"]), inputs[0][-1])
    frozen = sum(w for (_, _, _, w), c in zip(cells, _cells(cfg["cell"])) if c.cfg.get("trainable") is False)
    total = sum(w for *_, w in cells)

    def terms() -> str:
        parts = [f"{num(w)} ({kind} cell {fin}→{u})" for kind, fin, u, w in cells]
        return " + ".join(parts) + f" = {num(total)}" if len(parts) > 1 else parts[0]

    return ParamCount(total - frozen, frozen, terms)


def _rnn_macs(cfg, inputs, outputs):
    x = inputs[0]
    per_step = sum(GATES[kind] * (fin + u) * u for kind, fin, u, _ in _weights_of(_cells(cfg["cell"]), x[-1]))
    return macs_product([x[1], per_step], "steps·Σ gates·(in + units)·units")


def _summary(value) -> str:
    """``LSTMCell(64)``, or ``SimpleRNNCell(4) → GRUCell(2)`` for a list of cells."""
    items = value if isinstance(value, (list, tuple)) else [value]
    return " → ".join(f"{v.get('class_name', '?')}({(v.get('config') or {}).get('units', '')})"
                      for v in items if isinstance(v, dict))


RNN = LayerSpec(
    class_name="RNN", family=FAMILY,
    doc="Runs a cell (or a stack of cells) over the time steps of a sequence.",
    args=layer_args(
        Arg("cell", "layers", None, shape_affecting=True, doc="An RNN cell, a list of cells, or StackedRNNCells.",
            start={"class_name": "LSTMCell", "config": {"units": 32}}),
        Arg("return_sequences", "bool", False, shape_affecting=True,
            doc="True: output every time step (batch, timesteps, units); False: the last one only."),
        Arg("return_state", "bool", False, shape_affecting=True, doc="True: also output the final state(s)."),
        Arg("go_backwards", "bool", False), Arg("stateful", "bool", False), Arg("unroll", "bool", False),
        Arg("zero_output_for_mask", "bool", False),
    ),
    output_shape=_rnn_shape, params=_rnn_params, macs=_rnn_macs, explainer="rnn_cells",
    nests=lambda spec: spec.class_name in (*KIND, "StackedRNNCells"),
    summary=lambda cfg: _summary(cfg.get("cell")),
    trainable_flag_ignored=True,
    states=rnn_states,
    call_keywords=INITIAL_STATE,
    call_inputs=SEQUENCES,
    traits=RECURRENT,
)

register(*CELLS, STACKED, RNN)
