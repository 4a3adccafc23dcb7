"""The values the interpreter works with besides plain Python data.

Plain data (numbers, strings, tuples, lists, dicts, ``None``) stays plain.
Everything the source names from a library is a `Symbol` (a dotted path,
never imported); a layer object, a symbolic tensor and a model are records
of the graph being built (`designer.export.pysource.graph`). Anything the
importer does not model is `Opaque`: it can be passed around, never run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Symbol:
    """A name from a library, as a dotted path (``keras.layers.Conv2D``, ``tf.nn.relu``, ``os.system``)."""

    path: str

    def attr(self, name: str) -> "Symbol":
        return Symbol(f"{self.path}.{name}")

    @property
    def last(self) -> str:
        return self.path.rsplit(".", 1)[-1]


@dataclass(eq=False)
class Opaque:
    """A value the importer does not model (a skipped call's result, an unknown name)."""

    what: str

    def __repr__(self) -> str:
        return f"<{self.what}>"


@dataclass(eq=False)
class LayerObject:
    """A layer constructed by the source: Keras class, config (Keras names) and its calls.

    ``known`` is False for a class the importer could not identify (a
    subclassed layer, an unknown function): it becomes an unknown layer.
    ``is_op`` marks a Keras 3 operation (``a + b``), of Keras module ``module``
    (``keras.src.ops.numpy`` when None); ``declared`` is the batch shape given
    with ``input_shape=`` and friends.
    """

    class_name: str
    config: dict[str, Any]
    line: int
    known: bool = True
    calls: list[list[Any]] = field(default_factory=list)
    is_op: bool = False
    declared: list[Any] | None = None
    module: str | None = None
    builds: tuple[str, ...] = ()
    """Classes of the layers its first call builds (a subclassed layer's attention builds a Softmax…)."""

    @property
    def name(self) -> str:
        name: str = self.config["name"]
        return name


@dataclass(eq=False)
class InputObject:
    """An ``Input``/``tf.placeholder``: an InputLayer of the graph."""

    config: dict[str, Any]
    line: int

    @property
    def name(self) -> str:
        name: str = self.config["name"]
        return name


class KeywordTensors(dict[str, Any]):
    """A call's keyword arguments that carry tensors (``initial_state=[h, c]``, ``mask=m``), kept after its
    positional tensors in the call's operands."""


@dataclass(eq=False)
class Tensor:
    """A symbolic tensor: output ``index`` of call ``call`` of ``producer``."""

    producer: Any  # LayerObject | InputObject | Model
    call: int = 0
    index: int = 0


@dataclass(eq=False)
class Model:
    """A Sequential or Functional model built by the source.

    Sequential: ``layers`` in order and an optional ``input`` (InputObject).
    Functional: ``inputs`` and ``outputs`` as structures of tensors.
    ``calls`` records the model used as a layer. ``stands_for`` is set on a
    ``keras.applications`` model: the unknown layer its calls become.
    """

    kind: str  # "Sequential" | "Functional"
    name: str
    line: int
    layers: list[Any] = field(default_factory=list)
    input: InputObject | None = None
    inputs: Any = None
    outputs: Any = None
    calls: list[list[Any]] = field(default_factory=list)
    stands_for: "LayerObject | None" = None


@dataclass(eq=False)
class Function:
    """A function defined by the source (``def`` or ``lambda``): run by the interpreter when called."""

    name: str
    node: Any  # ast.FunctionDef | ast.Lambda
    defaults: list[Any]
    kw_defaults: dict[str, Any]
    closure: dict[str, Any]
    line: int
    called: bool = False


@dataclass(eq=False)
class UserClass:
    """A class defined by the source (a subclassed layer or model): never run, an unknown layer."""

    name: str
    line: int
    bases: tuple[Any, ...] = ()
    constructs: tuple[str, ...] = ()
    """Classes its ``__init__`` constructs with automatic names (`subclasses.constructed_in_init`)."""
    constructs_exactly: bool = True
    operates: bool = False
    """Whether its ``call`` applies operations (`subclasses.operations_in_call`)."""


@dataclass(eq=False)
class BoundMethod:
    """``obj.method`` of a value the interpreter models (a list's ``append``, a model's ``add``)."""

    target: Any
    name: str
