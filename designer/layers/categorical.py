"""Text and categorical preprocessing: StringLookup, IntegerLookup, TextVectorization, CategoryEncoding,
Hashing, Discretization (keras/src/layers/preprocessing).

No weights (vocabularies are state, not weights). Shapes follow each class's
``compute_output_shape``: ``output_mode='int'`` keeps the shape; the encoding
modes add (``one_hot``) or put in place of the last axis (``multi_hot``,
``count``, ``tf_idf``) an axis of the vocabulary's size, known only when the
vocabulary is given (or ``pad_to_max_tokens``). Inputs are strings or integers:
a design gives the Input layer that ``dtype``; shapes do not depend on it.
"""

from __future__ import annotations

from .common import layer_args
from .registry import register
from .shapes import fmt_shape
from .spec import Arg, ArgumentError, LayerError, LayerSpec

ENCODINGS = ("int", "one_hot", "multi_hot", "count", "tf_idf", "binary")
"""Output modes of the lookups; 'binary' is Keras's older name of 'multi_hot'."""


def _mode(choices=ENCODINGS, default="int") -> Arg:
    return Arg("output_mode", "choice", default, choices=choices, case_sensitive=True, shape_affecting=True,
               card="always", doc="'int' gives indices; the others encode them as an axis of vocabulary size.")


def _refuse(arg: str, message: str, hint: str | None = None):
    raise ArgumentError(arg, message, hint)


def encode(mode: str, x: tuple, depth, one_hot_squeezes: bool = True) -> tuple:
    """The shape after encoding indices of ``x`` into ``depth`` values (`index_lookup.compute_output_shape`)."""
    if mode == "int":
        return tuple(x)
    if mode == "one_hot":
        if one_hot_squeezes and len(x) > 1 and x[-1] == 1:
            return (*x[:-1], depth)
        return (*x, depth)
    return (*x[:-1], depth)


# StringLookup, IntegerLookup -------------------------------------------------

def _vocabulary_size(cfg, mask_token) -> int | None:
    """Indices the layer knows: the vocabulary, the OOV indices and the mask; None without a vocabulary list.

    The mask takes an index only in output_mode 'int': the encodings have no slot for it.
    """
    vocabulary = cfg["vocabulary"]
    if not isinstance(vocabulary, (list, tuple)):
        return None
    mask = mask_token is not None and cfg["output_mode"] == "int"
    return len(vocabulary) + cfg["num_oov_indices"] + int(mask)


def _check_lookup(cfg, mask_token) -> int | None:
    """`IndexLookup.__init__`'s checks; the depth of an encoding mode."""
    max_tokens, mode = cfg["max_tokens"], cfg["output_mode"]
    if max_tokens is not None and max_tokens <= 1:
        _refuse("max_tokens", f"`max_tokens` must be greater than 1 (or null); received {max_tokens}")
    if cfg["pad_to_max_tokens"] and max_tokens is None:
        _refuse("pad_to_max_tokens", "pad_to_max_tokens=True needs max_tokens", "give max_tokens")
    if cfg["num_oov_indices"] < 0:
        _refuse("num_oov_indices", f"`num_oov_indices` must be 0 or more; received {cfg['num_oov_indices']}")
    if cfg["invert"] and mode != "int":
        _refuse("invert", "invert=True works only with output_mode='int'")
    if cfg["sparse"] and mode == "int":
        _refuse("sparse", "sparse=True needs an encoding output_mode, not 'int'")
    if cfg["idf_weights"] is not None and mode != "tf_idf":
        _refuse("idf_weights", "idf_weights are only used with output_mode='tf_idf'")
    if mode == "tf_idf" and cfg["vocabulary"] is not None and cfg["idf_weights"] is None:
        _refuse("idf_weights", "output_mode='tf_idf' with a vocabulary needs idf_weights", "one weight per term")
    size = _vocabulary_size(cfg, mask_token)
    if size is not None and max_tokens is not None and size > max_tokens:
        _refuse("vocabulary", f"the vocabulary needs {size} indices, more than max_tokens={max_tokens}")
    return max_tokens if cfg["pad_to_max_tokens"] else size


def _lookup_shape(cfg, inputs):
    (x,) = inputs
    return encode(cfg["output_mode"], x, _check_lookup(cfg, cfg["mask_token"]))


def _lookup_args(oov_token, integer: bool) -> tuple[Arg, ...]:
    args = [
        Arg("max_tokens", "int", None, nullable=True, shape_affecting=True, doc="Largest vocabulary size."),
        Arg("num_oov_indices", "int", 1, shape_affecting=True, doc="Indices for out-of-vocabulary values."),
        Arg("mask_token", "any", None, shape_affecting=True, doc="A value that means 'masked' (index 0)."),
        Arg("oov_token", "any", oov_token),
        Arg("vocabulary", "any", None, shape_affecting=True, doc="The vocabulary, as a list."),
    ]
    if integer:
        args.append(Arg("vocabulary_dtype", "str", "int64"))
    args += [Arg("idf_weights", "any", None), Arg("invert", "bool", False), _mode()]
    tail = [Arg("pad_to_max_tokens", "bool", False, shape_affecting=True), Arg("sparse", "bool", False)]
    args += tail[::-1] if integer else tail
    if integer:
        args.append(Arg("oov_method", "str", "floormod"))
    else:
        args.append(Arg("encoding", "str", "utf-8"))
    args.append(Arg("salt", "any", None))
    return tuple(args)


STRING_LOOKUP = LayerSpec(
    class_name="StringLookup", family="Preprocessing",
    doc="Maps strings to integer indices in a vocabulary (or encodes them as one-hot, multi-hot, counts).",
    args=layer_args(*_lookup_args("[UNK]", integer=False)), output_shape=_lookup_shape, explainer="encoding")

INTEGER_LOOKUP = LayerSpec(
    class_name="IntegerLookup", family="Preprocessing",
    doc="Maps integers to indices in a vocabulary (or encodes them as one-hot, multi-hot, counts).",
    args=layer_args(*_lookup_args(-1, integer=True)), output_shape=_lookup_shape, explainer="encoding")


# TextVectorization -------------------------------------------------------------

def _text_vectorization_shape(cfg, inputs):
    (x,) = inputs
    mode, length = cfg["output_mode"], cfg["output_sequence_length"]
    if mode != "int" and length is not None:
        _refuse("output_sequence_length", "output_sequence_length works only with output_mode='int'")
    if cfg["ragged"] and mode != "int":
        _refuse("ragged", "ragged=True works only with output_mode='int'")
    if cfg["sparse"] and mode == "int":
        _refuse("sparse", "sparse=True needs an encoding output_mode, not 'int'")
    lookup = {**cfg, "num_oov_indices": 1, "invert": False}
    depth = _check_lookup(lookup, "" if mode == "int" else None)
    if mode == "int":
        if not x:
            raise LayerError(f"needs a batch of strings, but its input is {fmt_shape(x)}")
        return (x[0], length)
    tokens = (*x, 1) if cfg["split"] is None and len(x) <= 1 else (x if cfg["split"] is None else (*x, None))
    return encode(mode, tokens, depth)


TEXT_VECTORIZATION = LayerSpec(
    class_name="TextVectorization", family="Preprocessing",
    doc="Turns strings into sequences of token indices (or multi-hot, counts, TF-IDF over the vocabulary).",
    args=layer_args(
        Arg("max_tokens", "int", None, nullable=True, shape_affecting=True, doc="Largest vocabulary size."),
        Arg("standardize", "any", "lower_and_strip_punctuation"),
        Arg("split", "any", "whitespace", shape_affecting=True, doc="'whitespace', 'character' or null."),
        Arg("ngrams", "any", None),
        _mode(("int", "multi_hot", "count", "tf_idf", "one_hot", "binary")),
        Arg("output_sequence_length", "int", None, nullable=True, shape_affecting=True, card="always",
            doc="Pad or cut every sequence to this length (output_mode='int')."),
        Arg("pad_to_max_tokens", "bool", False, shape_affecting=True),
        Arg("vocabulary", "any", None, shape_affecting=True),
        Arg("idf_weights", "any", None),
        Arg("sparse", "bool", False), Arg("ragged", "bool", False), Arg("encoding", "str", "utf-8"),
    ),
    output_shape=_text_vectorization_shape,
    explainer="text_vectorization",
)


# CategoryEncoding, Hashing, Discretization ------------------------------------------

def _category_shape(cfg, inputs):
    (x,) = inputs
    n = cfg["num_tokens"]
    if n is None:
        _refuse("num_tokens", "needs num_tokens (the number of categories)", "or use IntegerLookup")
    if n < 1:
        _refuse("num_tokens", f"`num_tokens` must be at least 1; received {n}")
    if not x:
        return (n,)
    mode = cfg["output_mode"]
    if mode == "one_hot" and (x[-1] != 1 or len(x) == 1):
        return (*x, n)
    return (*x[:-1], n)


CATEGORY_ENCODING = LayerSpec(
    class_name="CategoryEncoding", family="Preprocessing",
    doc="Encodes integer categories 0 … num_tokens−1 as one-hot, multi-hot or count vectors.",
    args=layer_args(
        Arg("num_tokens", "int", None, nullable=True, shape_affecting=True, start=10, card="value",
            doc="Number of categories: the size of the encoded axis."),
        _mode(("count", "one_hot", "multi_hot"), "multi_hot"),
        Arg("sparse", "bool", False),
    ),
    output_shape=_category_shape, explainer="encoding")


def _hashing_shape(cfg, inputs):
    (x,) = inputs
    n, mode = cfg["num_bins"], cfg["output_mode"]
    if n <= 0:
        _refuse("num_bins", f"`num_bins` must be greater than 0; received {n}")
    if cfg["sparse"] and mode == "int":
        _refuse("sparse", "sparse=True needs an encoding output_mode, not 'int'")
    if mode == "int":
        return tuple(x)
    return (*x[:-1], n) if x else (n,)


HASHING = LayerSpec(
    class_name="Hashing", family="Preprocessing",
    doc="Hashes values (strings or integers) into num_bins buckets.",
    args=layer_args(
        Arg("num_bins", "int", None, shape_affecting=True, start=16, card="value", doc="Number of buckets."),
        Arg("mask_value", "any", None), Arg("salt", "any", None),
        _mode(("int", "one_hot", "multi_hot", "count")), Arg("sparse", "bool", False),
    ),
    output_shape=_hashing_shape, explainer="encoding")


def _discretization_shape(cfg, inputs):
    (x,) = inputs
    bounds, n, mode = cfg["bin_boundaries"], cfg["num_bins"], cfg["output_mode"]
    if cfg["sparse"] and mode == "int":
        _refuse("sparse", "sparse=True needs an encoding output_mode, not 'int'")
    if n is not None and n < 0:
        _refuse("num_bins", f"`num_bins` must be 0 or more; received {n}")
    if n is not None and bounds is not None:
        _refuse("num_bins", "give either num_bins or bin_boundaries, not both")
    if n is None and bounds is None:
        _refuse("num_bins", "needs num_bins or bin_boundaries", "e.g. bin_boundaries [0, 1, 2]")
    if mode == "int":
        return tuple(x)
    depth = len(bounds) + 1 if isinstance(bounds, (list, tuple)) else n
    if mode == "one_hot":
        return (*x[:-1], depth) if x and x[-1] == 1 and len(x) > 1 else (*x, depth)
    return (x[0], *x[2:], depth) if len(x) >= 2 else (depth,)


DISCRETIZATION = LayerSpec(
    class_name="Discretization", family="Preprocessing",
    doc="Buckets numbers by bin boundaries (given, or learned by adapt() for num_bins).",
    args=(
        Arg("bin_boundaries", "any", None, shape_affecting=True, doc="Sorted boundaries, e.g. [0, 1, 2].",
            start=[0.0, 1.0]),
        Arg("num_bins", "int", None, nullable=True, shape_affecting=True, doc="Bins adapt() learns."),
        Arg("epsilon", "float", 0.01), _mode(("int", "one_hot", "multi_hot", "count")),
        Arg("sparse", "bool", False),
        *(a for a in layer_args() if a.name in ("dtype", "name")),
    ),
    output_shape=_discretization_shape, explainer="encoding")

def _hashed_crossing_shape(cfg, inputs):
    """Two features whose last sizes match (``compute_output_shape``; the data must be (batch,) or (batch, 1))."""
    first, second = (tuple(s) for s in inputs)
    n, mode = cfg["num_bins"], cfg["output_mode"]
    if not first or not second or first[-1] != second[-1]:
        raise LayerError(f"needs two inputs of the same shape, but they are {fmt_shape(first)} and "
                         f"{fmt_shape(second)}", "give both features the shape (batch, 1)")
    if mode == "int":
        return first
    return (*first, n) if first[-1] != 1 else (*first[:-1], n)


HASHED_CROSSING = LayerSpec(
    class_name="HashedCrossing", family="Preprocessing",
    doc="Crosses two categorical features by hashing each pair of values into num_bins buckets.",
    args=layer_args(
        Arg("num_bins", "int", None, shape_affecting=True, start=16, card="value", doc="Number of buckets."),
        _mode(("int", "one_hot")), Arg("sparse", "bool", False),
    ),
    output_shape=_hashed_crossing_shape, inputs=(2, 2), call="list", explainer="encoding")

register(STRING_LOOKUP, INTEGER_LOOKUP, TEXT_VECTORIZATION, CATEGORY_ENCODING, HASHING, DISCRETIZATION,
         HASHED_CROSSING)
