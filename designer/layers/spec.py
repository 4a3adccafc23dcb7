"""What a catalog entry is: a Keras layer class described as data plus pure rules.

A `LayerSpec` names a Keras layer class, lists its constructor arguments (`Arg`)
with Keras's names, kinds, defaults and allowed values, and carries two pure
functions over shapes:

- ``output_shape(cfg, inputs)`` gets the normalised config (every argument
  present, tuples expanded) and the list of input shapes (batch axis first,
  ``None`` where unknown) and returns the output shape, or a list of shapes for
  a layer with several outputs. It raises `LayerError` where Keras would
  refuse the layer.
- ``params(cfg, inputs)`` returns the parameter count, an ``int`` (all
  trainable) or a `ParamCount` whose ``terms`` writes the sum with its named
  terms (explanations show that text; they never re-derive the count).

The other hooks (``macs``, ``window``, ``traits``, ``explainer``, ``operation``,
``nests``, ``states``, ``call_keywords``, ``call_inputs``, ``attention_scores``,
and ``Arg.start``/``Arg.card``) carry what explanations, warnings, fixes, the
card, the inspector, the call checks and the importer need to know about the
class: one home per layer class.

Nothing here imports TensorFlow or Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any, Callable, Mapping, Sequence, Union

Dim = Union[int, None]
Shape = tuple[Any, ...]  # tuple[Dim, ...] in fact (batch axis first); Any keeps dimension arithmetic unchecked
Config = Mapping[str, Any]
ShapeRule = Callable[[Config, Sequence[Shape]], Shape | list]


class LayerError(Exception):
    """Keras would refuse this layer; the message says why in plain words.

    The message does not start with the layer's name: the engine adds it.
    ``hint`` is an optional fix, appended after a semicolon when shown.
    """

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message}; {self.hint}" if self.hint else self.message


class ArgumentError(LayerError):
    """An argument has the wrong type or a value out of range."""

    def __init__(self, arg: str, message: str, hint: str | None = None):
        super().__init__(message, hint)
        self.arg = arg


class ParamCount(tuple):
    """Parameters as `model.summary()` counts them (immutable; equal when both counts are).

    ``terms`` writes the sum with its named terms, e.g. ``(3·3·16 + 1)·32 =
    4,640: …``, made only when asked for. ``unfreezable``: ``trainable=False``
    given to the constructor does not freeze these weights in Keras (see
    `frozen`). A tuple underneath: the engine makes one per layer per pass.
    """

    __slots__ = ()

    def __new__(cls, trainable: int = 0, non_trainable: int = 0, terms: Callable[[], str] | None = None,
                unfreezable: bool = False):
        return tuple.__new__(cls, (trainable, non_trainable, terms, unfreezable))

    trainable = property(itemgetter(0))
    non_trainable = property(itemgetter(1))
    terms = property(itemgetter(2))
    unfreezable = property(itemgetter(3))

    def __eq__(self, other) -> bool:
        if not isinstance(other, ParamCount):
            return NotImplemented
        return self[0] == other[0] and self[1] == other[1]

    def __ne__(self, other) -> bool:
        result = self.__eq__(other)
        return result if result is NotImplemented else not result

    def __hash__(self) -> int:
        return hash((self[0], self[1]))

    def __repr__(self) -> str:
        return f"ParamCount(trainable={self[0]}, non_trainable={self[1]})"

    def __getnewargs__(self):
        return (self[0], self[1])

    @property
    def total(self) -> int:
        return self.trainable + self.non_trainable

    def __add__(self, other: "ParamCount") -> "ParamCount":
        return ParamCount(self.trainable + other.trainable, self.non_trainable + other.non_trainable)

    def frozen(self) -> "ParamCount":
        """All weights counted as non-trainable (a layer with ``trainable=False``).

        Unless `unfreezable`: Keras's wrappers and ConvLSTM keep their weights in
        sub-layers created after the flag, so the model counts them trainable.
        """
        if self.unfreezable:
            return self
        return ParamCount(0, self.total, self.terms)


@dataclass(frozen=True)
class Arg:
    """One constructor argument of a Keras layer.

    ``kind`` selects the normaliser in `designer.layers.args` (``int``, ``float``,
    ``bool``, ``str``, ``choice``, ``ints``, ``shape``, ``axis``, ``activation``,
    ``initializer``, ``regularizer``, ``constraint``, ``layer``, ``any``).
    ``length`` is the tuple length for ``ints``; ``minimum``/``maximum`` bound
    numbers (inclusive unless ``exclusive_minimum``); ``nullable`` allows ``None``.
    Choices are lower-cased as Keras's `standardize_padding` does, unless
    ``case_sensitive`` (layers that compare the string as given).
    ``shape_affecting`` marks arguments that change a shape or a parameter count:
    the inspector shows them first and the card summary is made of them.
    ``start`` is the value a freshly dropped layer gets for a required argument
    (None: left unset, the card says what is missing). ``card`` is how the card
    summary shows the argument: ``""`` as ``name value`` when it differs from
    the default, ``"value"`` as the bare value, ``"always"`` as the bare value
    even at its default.
    """

    name: str
    kind: str
    default: Any = None
    choices: tuple = ()
    length: int | None = None
    minimum: float | None = None
    maximum: float | None = None
    exclusive_minimum: bool = False
    nullable: bool = False
    shape_affecting: bool = False
    case_sensitive: bool = False
    doc: str = ""
    start: Any = None
    card: str = ""

    @property
    def required(self) -> bool:
        """Keras has no default for it: the design must give a value."""
        return self.default is None and not self.nullable and self.kind != "any"


def _unfreezable(rule: Callable) -> Callable:
    """A parameter rule whose counts ``trainable=False`` does not freeze."""

    def params(cfg: Config, inputs: Sequence[Shape]) -> "ParamCount":
        count = rule(cfg, inputs)
        count = count if isinstance(count, ParamCount) else ParamCount(int(count))
        return ParamCount(count.trainable, count.non_trainable, count.terms, True)

    params.__doc__ = rule.__doc__
    return params


def _rank_checked(rule: Callable, initializers: tuple[str, ...], weight_ranks: Callable | None) -> Callable:
    """A shape rule that first refuses initializers the weights' ranks do not allow (a cheap test first)."""
    from .initializers import check_ranks, rank_limited

    def output_shape(cfg: Config, inputs: Sequence[Shape]):
        for key in initializers:
            if rank_limited(cfg[key]):
                check_ranks(cfg, inputs, weight_ranks)
                break
        return rule(cfg, inputs)

    output_shape.__doc__ = rule.__doc__
    return output_shape


TRAITS = {
    "input": "a model input (InputLayer): where sizes start; nothing feeds it",
    "merge": "combines several inputs that must line up on their spatial axes",
    "joins_axis": "a merge joining its inputs along cfg['axis'], whose sizes may differ there (Concatenate)",
    "upsampling": "multiplies spatial sizes (gives back what pooling divided)",
    "convolution": "a convolution over spatial axes",
    "frame_convolution": "convolves each frame of a sequence (ConvLSTM): no `window`, as a time axis comes "
                         "first, but padding='same' can still fix a frame too small for its kernel",
    "per_position": "maps the last axis only, the same mapping at every other position (Dense): on an "
                    "unflattened feature map that is usually not what was meant",
    "recurrent": "called as call(sequences, initial_state=...); tf.keras writes the initial states as more "
                 "inputs",
}
"""Every trait a spec may carry, and what the advice or the importer reads in it."""

CALL_KEYWORDS = ("initial_state", "attention_mask", "query_mask", "value_mask", "key_mask",
                 "return_attention_scores", "use_causal_mask", "training")
"""Call keywords a spec's ``call_keywords`` may list (those of `designer.model.calls` but ``mask``)."""


def no_params(cfg: Config, inputs: Sequence[Shape]) -> int:
    """Parameter rule of a layer without weights."""
    return 0


@dataclass(frozen=True)
class LayerSpec:
    """A Keras layer class as the app knows it.

    ``inputs`` is the (minimum, maximum) number of inbound tensors (``None`` for
    no maximum). ``call`` says how Keras calls the layer with them: ``single``
    (one tensor), ``list`` (a list, as merges do) or ``positional`` (separate
    arguments, as MultiHeadAttention does). ``summary`` renders the short
    argument line shown on the canvas card.

    ``macs(cfg, inputs, outputs)`` gives ``(multiply–accumulates for one
    sample or None, the rule with its numbers)``; None for a layer that
    multiplies nothing. ``window(cfg)`` gives the `designer.layers.windows.Window`
    of a sliding-window layer (convolution, pooling). ``traits`` tags roles
    the advice and the importer read (`TRAITS`). ``explainer`` names the
    kind of shape explanation (`designer.engine.explain` has one per kind,
    never one per class). ``operation`` is what the layer computes, in the
    words its kind of explanation puts in its sentence: a merge's verb
    (``"adds"``), a pooling's reduction (``"maximum"``), an attention's
    scores (``"dot-product"``). ``nests(spec)`` says which classes a wrapper's
    ``layer`` argument may hold. ``trainable_flag_ignored``: Keras's summary
    counts the weights trainable even with ``trainable=False``. ``keras_path``
    is the module that defines the class (``keras.layers`` for all but the
    layers `keras.applications` defines for itself). ``aliases`` are the other
    names ``keras.layers`` exports the class under (``MaxPool2D``,
    ``Convolution2D``); ``python_class`` is the name of the Python class when it
    differs from the exported one (GroupQueryAttention is
    ``GroupedQueryAttention``: Keras's automatic names follow it).
    ``kernel_last(cfg, inputs)`` is the size of the last axis of the layer's ``kernel`` (or ``embeddings``)
    weight, for the layers SpectralNormalization can wrap; None: it has neither.
    ``caveats(cfg, inputs, outputs)`` lists ``(kind, message)`` pairs: what
    Keras accepts here but does differently from what the shapes say (shown
    as warnings). ``weight_ranks(cfg, inputs)`` gives the rank of the weights
    other than vectors (``{"kernel": 4}``), for the initializers Keras refuses
    by rank (`designer.layers.initializers`).

    How Keras calls the layer (`designer.engine.calls`, the inspector's Call
    section, the importer): ``states(cfg)`` gives ``(name, size)`` of each
    recurrent state, in the order ``return_state=True`` returns them and
    ``initial_state`` takes them (each ``(batch, size)``, or for a ConvLSTM a frame
    of ``size`` channels; the shape rule, given the states as inputs after the
    sequence, checks them as Keras's call does); it reads a raw or
    a normalised config. ``call_keywords`` are the keywords of `CALL_KEYWORDS`
    the class's call takes (``mask`` and ``training`` every call takes;
    ``training`` is listed where the layer behaves differently in training, so
    the inspector offers it). ``call_inputs`` names the call's tensor
    arguments in positional order (``query, value, key``). ``attention_scores(cfg,
    inputs)`` is the shape ``return_attention_scores=True`` adds as an output.
    ``call_caveats(cfg, positional, keyword)`` lists ``(kind, message)`` pairs
    for tensors passed by keyword (``keyword``: name → shapes) that Keras
    accepts while building but its ``predict()`` refuses or ignores (an
    ``attention_mask`` of the wrong shape): shown as warnings.
    """

    class_name: str
    family: str
    args: tuple[Arg, ...]
    output_shape: ShapeRule
    params: Callable[[Config, Sequence[Shape]], int | ParamCount] = no_params
    inputs: tuple[int, int | None] = (1, 1)
    call: str = "single"
    doc: str = ""
    summary: Callable[[Config], str] | None = None
    macs: Callable[[Config, Sequence[Shape], Sequence[Shape]], tuple] | None = None
    window: Callable[[Config], Any] | None = None
    traits: frozenset = frozenset()
    explainer: str = "same_shape"
    nests: Callable[["LayerSpec"], bool] | None = None
    trainable_flag_ignored: bool = False
    keras_path: str = "keras.layers"
    aliases: tuple[str, ...] = ()
    python_class: str | None = None
    kernel_last: Callable[[Config, Sequence[Shape]], int] | None = None
    caveats: Callable[[Config, Sequence[Shape], Sequence[Shape]], list] | None = None
    weight_ranks: Callable[[Config, Sequence[Shape]], Mapping[str, int]] | None = None
    operation: str = ""
    states: Callable[[Config], tuple[tuple[str, Any], ...]] | None = None
    call_keywords: frozenset = frozenset()
    call_inputs: tuple[str, ...] = ("inputs",)
    attention_scores: Callable[[Config, Sequence[Shape]], Shape] | None = None
    call_caveats: Callable[[Config, Sequence[Shape], Mapping[str, list[Shape]]], list] | None = None
    arg_index: Mapping[str, Arg] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        index = {a.name: a for a in self.args}
        if len(index) != len(self.args):
            raise ValueError(f"{self.class_name}: duplicate argument names")
        object.__setattr__(self, "arg_index", index)
        if self.trainable_flag_ignored:
            object.__setattr__(self, "params", _unfreezable(self.params))
        initializers = tuple(a.name for a in self.args if a.kind == "initializer")
        if initializers:
            object.__setattr__(self, "output_shape",
                               _rank_checked(self.output_shape, initializers, self.weight_ranks))

    @property
    def is_input(self) -> bool:
        """A model input (InputLayer): the ``"input"`` trait."""
        return "input" in self.traits

    def arg(self, name: str) -> Arg:
        return self.arg_index[name]

    def defaults(self) -> dict[str, Any]:
        return {a.name: a.default for a in self.args}
