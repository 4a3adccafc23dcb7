"""The build protocol: what the build child says, folded into one state, and the report made from it.

The child (`designer.export.build_worker`) prints one JSON event per line on
stdout (``progress``, ``missing_tf``, ``error``, ``result``) and whatever Python
or TensorFlow print on stderr. `reduce` folds one stdout line into an immutable
`BuildState`; `with_stderr` keeps the last lines of stderr for the user; `report`
turns the final state, the exit status and the design into a `BuildReport`, and
`outcome` names it. The command line (`designer.export.build`) and the app
(`designer.gui.build_panel`) both drive the child through these functions only.
"""

from __future__ import annotations

import json
import signal
from dataclasses import dataclass, field, replace
from enum import Enum

from designer.engine import ModelInference
from designer.layers.shapes import fmt_shape
from designer.model import Document
from designer.model.sharing import calls_by_name

INSTALL_HINT = (
    "TensorFlow is not installed in this Python environment; install it with "
    "`pip install 'keras-designer[tf]'` (or `pip install tensorflow`), then build again"
)
STDERR_LINES = 20
"""How many of the child's last stderr lines are kept for the user."""
STDERR_LINE_CHARS = 400


class Outcome(str, Enum):
    """How a build ended; the value is the name the app's ``finished`` signal carries."""

    AGREE = "agree"
    DIFFERENT = "different"
    FAILED = "failed"
    NO_TENSORFLOW = "no-tensorflow"
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class BuildState:
    """Everything the child has said so far."""

    progress: str | None = None
    result: dict | None = None
    error: str | None = None
    tf_missing: bool = False
    stderr_tail: tuple[str, ...] = ()


@dataclass
class Difference:
    layer: str
    what: str  # "output shape", "params", "missing"
    designer: str
    keras: str

    def __str__(self) -> str:
        return f"{self.layer}: {self.what}: designer {self.designer}, Keras {self.keras}"


@dataclass
class BuildReport:
    ok: bool = False
    summary: str = ""
    keras_layers: list[dict] = field(default_factory=list)
    differences: list[Difference] = field(default_factory=list)
    error: str | None = None
    tf_missing: bool = False
    cancelled: bool = False
    crashed: bool = False
    """The child ended without saying why (killed, a limit, a crash): its stderr tail tells more."""
    stderr_tail: list[str] = field(default_factory=list)


def parse_event(line: str) -> dict | None:
    """One JSON event line of the worker, or None for other output."""
    line = line.strip()
    if not line.startswith("{"):
        return None
    try:
        event = json.loads(line)
    except (json.JSONDecodeError, RecursionError):
        return None
    return event if isinstance(event, dict) and isinstance(event.get("event"), str) else None


def reduce(state: BuildState, line: str) -> BuildState:
    """``state`` after one stdout line of the child (other lines change nothing)."""
    event = parse_event(line)
    if event is None:
        return state
    kind = event["event"]
    if kind == "progress":
        return replace(state, progress=str(event.get("message", "")))
    if kind == "missing_tf":
        return replace(state, tf_missing=True, error=INSTALL_HINT)
    if kind == "error":
        return replace(state, error=str(event.get("message", "the build failed")))
    if kind == "result" and isinstance(event.get("layers", []), list):
        return replace(state, result=event)
    return state


def with_stderr(state: BuildState, text: str) -> BuildState:
    """``state`` keeping the last `STDERR_LINES` non-empty lines of the child's stderr ``text``."""
    lines = [line.rstrip()[:STDERR_LINE_CHARS] for line in text.splitlines() if line.strip()]
    return replace(state, stderr_tail=tuple(lines[-STDERR_LINES:]))


def _exit_reason(exit_code: int | None, limits: str) -> str:
    if exit_code is None:
        return "the build process ended without a result"
    if exit_code < 0:
        number = -exit_code
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        if number in (getattr(signal, "SIGALRM", -1), getattr(signal, "SIGXCPU", -1)):
            return f"the build was stopped at its time limit ({limits})"
        if number in (signal.SIGKILL, getattr(signal, "SIGABRT", -1), getattr(signal, "SIGSEGV", -1)):
            return f"the build process was killed ({name}); it may have run out of its memory limit ({limits})"
        return f"the build process was killed ({name})"
    return f"the build process ended without a result (exit code {exit_code})"


def _fmt(shapes: list) -> str:
    """One shape as Keras prints it, or a list of them for a layer with several outputs."""
    return fmt_shape(shapes[0]) if len(shapes) == 1 else "[" + ", ".join(fmt_shape(s) for s in shapes) + "]"


def compare(doc: Document, inference: ModelInference, keras_layers: list[dict]) -> list[Difference]:
    """Layer by layer, the engine's output shapes and params against Keras's."""
    by_name = {k["name"]: k for k in keras_layers}
    calls = calls_by_name(doc, inference.order)
    diffs: list[Difference] = []
    for r in inference.results():
        k = by_name.get(r.name)
        call = calls[r.name].index(r.id)
        if k is None:
            if r.class_name != "InputLayer":
                diffs.append(Difference(r.name, "missing", "present", "absent from the built model"))
            continue
        ours = [list(s) for s in (r.outputs or [])]
        if call < len(k["calls"]) and k["calls"][call] != ours:
            diffs.append(Difference(r.name, "output shape", _fmt(ours) if ours else "?", _fmt(k["calls"][call])))
        if call == 0 and r.params is not None:
            mine = (r.params.trainable, r.params.non_trainable)
            theirs = (k["trainable"], k["non_trainable"])
            if mine != theirs:
                diffs.append(Difference(r.name, "params", f"{mine[0]:,} + {mine[1]:,} non-trainable",
                                        f"{theirs[0]:,} + {theirs[1]:,} non-trainable"))
    return diffs


def report(state: BuildState, doc: Document, inference: ModelInference, exit_code: int | None,
           cancelled: bool = False, limits: str = "") -> BuildReport:
    """The report of a finished child: its result compared with the engine, or why there is none."""
    out = BuildReport(tf_missing=state.tf_missing, error=state.error, stderr_tail=list(state.stderr_tail))
    if cancelled:
        out.cancelled, out.error = True, "the build was cancelled"
        return out
    if state.result is not None and state.error is None:
        out.summary = str(state.result.get("summary", ""))
        out.keras_layers = [k for k in state.result.get("layers", []) if isinstance(k, dict)]
        out.differences = compare(doc, inference, out.keras_layers)
        out.ok = not out.differences
    elif out.error is None:
        out.error, out.crashed = _exit_reason(exit_code, limits), True
    return out


def outcome(rep: BuildReport) -> Outcome:
    """The name of how a build ended."""
    if rep.cancelled:
        return Outcome.CANCELLED
    if rep.tf_missing:
        return Outcome.NO_TENSORFLOW
    if rep.error is not None:
        return Outcome.FAILED
    return Outcome.AGREE if rep.ok else Outcome.DIFFERENT
