"""Python source → a design: parse, check the limits, interpret, pick the model, import its config.

The model chosen is the last one the code builds that is not used inside
another; a function that builds a model but is never called is called with
its defaults; code that builds tensors but no ``Model`` (TF1 style) gives the
model from its inputs to the tensors nothing consumes.
"""

from __future__ import annotations

import ast
import warnings

from designer.model import DocumentError

from ..keras_import import ImportResult, import_model_config
from .budget import MAX_SOURCE_CHARS, Budget, LimitExceeded
from .builder import Builder
from .graph import Graph, flat_tensors
from .interpreter import Interpreter
from .messages import Messages
from .values import LayerObject, Model, Tensor


def parse_source(text: str) -> ast.Module:
    """The syntax tree of ``text``, or a `DocumentError` saying where it is not Python."""
    if len(text) > MAX_SOURCE_CHARS:
        raise DocumentError(f"the source is {len(text):,} characters, more than {MAX_SOURCE_CHARS:,}: "
                            "too large to be a model script")
    try:
        with warnings.catch_warnings():  # the source's own warnings (invalid escapes…) are not ours to print
            warnings.simplefilter("ignore")
            tree = ast.parse(text)
    except SyntaxError as exc:
        raise DocumentError(f"not valid Python (line {exc.lineno}: {exc.msg})") from None
    except (RecursionError, MemoryError):
        raise DocumentError("the source nests too deeply to be read") from None
    except ValueError as exc:
        raise DocumentError(f"not valid Python source ({exc})") from None
    return tree


def read_source(text: str, *, budget: Budget | None = None) -> ImportResult:
    """Import the model that Python source ``text`` builds, without running any of it."""
    tree = parse_source(text)
    messages = Messages()
    builder = Builder(Graph(), messages)
    interpreter = Interpreter(builder, messages, budget or Budget())
    try:
        interpreter.run_module(tree)
        model = _pick(builder)
        if model is None:
            model = _call_uncalled(interpreter, builder, messages)
        if model is None:
            model = _dangling(builder, messages)
    except LimitExceeded as exc:
        raise DocumentError(f"{exc} (nothing in the code was run)") from None
    except RecursionError:
        raise DocumentError("the code nests or recurses too deeply to be read (nothing in it was run)") from None
    except (AttributeError, TypeError, ValueError, IndexError, KeyError) as exc:  # a construct the reader mishandles
        raise DocumentError(f"the code could not be read ({type(exc).__name__}: {exc}); nothing in it was run") from None
    if model is None and builder.subclassed_models:
        cls = builder.subclassed_models[-1]
        raise DocumentError(f"line {cls.line}: {cls.name} is a subclassed model: its layers are connected by Python "
                            "code in call(), which is never run, so it has no layer graph to open; build it with "
                            "Sequential or the functional API (keras.Input … keras.Model(inputs, outputs))")
    if model is None:
        raise DocumentError("no Keras model found in the code: expected Sequential(…), .add(…) calls, "
                            "Model(inputs, outputs) or layers called on an Input")
    data = builder.graph.model_config(model)
    result = import_model_config(data, source="Python source")
    kind = "Sequential" if model.kind == "Sequential" else "functional"
    summary = (f"opened the {kind} model {model.name!r} from Python source (line {model.line}): "
               f"{len(result.document)} layers; nothing in the code was run")
    return ImportResult(result.document, [summary, *messages.lines(), *result.notes[1:]])


def _pick(builder: Builder) -> Model | None:
    for model in reversed(builder.models):
        if id(model) in builder.nested:
            continue
        if model.kind == "Sequential" and not model.layers:
            continue
        return model
    return None


def _call_uncalled(interpreter: Interpreter, builder: Builder, messages: Messages) -> Model | None:
    """Call, with their defaults, module functions never called, until one builds a model."""
    for fn in list(interpreter.functions):
        if fn.called or not interpreter.has_defaults(fn):
            continue
        before = len(builder.models)
        interpreter.call_function(fn, [], {}, fn.line)
        if len(builder.models) > before or builder.layer_calls:
            messages.warn(fn.line, f"{fn.name}() is never called in the code; it was called with its defaults")
            model = _pick(builder)
            if model is not None:
                return model
    return None


def _dangling(builder: Builder, messages: Messages) -> Model | None:
    """A model from every input to the tensors no known layer consumes (code that builds no ``Model``).

    Unknown calls at the ends (a TF1 loss, ``tf.reduce_mean`` of it) are left out.
    """
    if not builder.layer_calls:
        return None
    known = [t for t in builder.layer_calls if not (isinstance(t.producer, LayerObject) and not t.producer.known)]
    consumed = {(id(source.producer), source.call) for t in known
                for source in flat_tensors(t.producer.calls[t.call])}
    outputs = [t for t in known if (id(t.producer), t.call) not in consumed]
    if not outputs:
        return None
    producers, _ = builder.graph._reachable(outputs)
    inputs = [Tensor(p) for p in builder.inputs if id(p) in producers]
    if not inputs:
        return None
    model = builder.new_model("Functional", "model", outputs[0].producer.line)
    model.inputs, model.outputs = inputs, outputs
    messages.warn(model.line, "the code builds no Model: the design goes from its inputs to the tensors "
                              "nothing else uses")
    return model
