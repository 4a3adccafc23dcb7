"""Layers the catalog does not know: their shapes come from a file, the user, or nowhere.

A layer whose class is outside the catalog (a custom layer, a ``Lambda``, an operation kept as is) is
never guessed and never counted as Keras refusing it. Its output shape is, in this order:

- *declared*: what the user said of a custom layer (``declared`` key: a shape, or ``"same"`` as its
  first input), with its declared parameters;
- *recorded*: what the model file recorded (``recorded`` key, filled by the importer from the shapes
  Keras wrote and the weights' shapes), with a note when the layer's inputs are no longer the ones
  the shape was recorded for (an upstream edit: the recorded shape may be stale);
- *declared* by the model's author: a ``Lambda``'s ``output_shape`` argument (a shape without the
  batch axis);
- otherwise unknown, said plainly; the layers after it have no shape either, and are not invalid.

For a layer the catalog knows, `recorded_mismatch` reports a computed shape that disagrees with the one
the file recorded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

from designer.layers import ParamCount
from designer.layers.shapes import fmt_shape
from designer.layers.spec import Shape
from designer.model import LayerNode
from designer.model.recorded import SAME, has_no_weights

if TYPE_CHECKING:
    from .layer_infer import LayerInference

COMPUTED, RECORDED, DECLARED = "computed", "recorded", "declared"
"""Where a layer's shape and params come from (`LayerResult.source`)."""


def _params(pair: tuple[int, int] | None) -> ParamCount | None:
    return None if pair is None else ParamCount(*pair)


def _shapes(shapes: Sequence[Shape]) -> str:
    return ", ".join(fmt_shape(tuple(s)) for s in shapes)


def outside_inference(node: LayerNode, inputs: Sequence[Shape]) -> LayerInference:
    """The `LayerInference` of a layer outside the catalog (never an error)."""
    from .layer_infer import LayerInference

    declared, recorded = node.declared, node.recorded
    if declared is not None and declared.output_shape is not None:
        if declared.output_shape == SAME:
            if not inputs:
                return LayerInference(None, _params(declared.params), unknown=(
                    f"{node.class_name} is declared with the shape of its input, but nothing is connected"))
            outputs = [tuple(inputs[0])]
        else:
            outputs = [tuple(declared.output_shape)]
        return LayerInference(outputs, _params(declared.params), source=DECLARED)
    if recorded is not None and recorded.output_shapes is not None:
        notes: tuple[str, ...] = ()
        if recorded.input_shapes is not None and tuple(map(tuple, recorded.input_shapes)) != tuple(inputs):
            notes = (f"recorded output {_shapes(recorded.output_shapes)} may be stale: it was recorded for "
                     f"input {_shapes(recorded.input_shapes)}, the input is now {_shapes(inputs)}",)
        params = _params(recorded.params)
        if params is None and has_no_weights(node.class_name):
            params = ParamCount()
        return LayerInference([tuple(s) for s in recorded.output_shapes], params, source=RECORDED, notes=notes)
    lambda_shape = _lambda_output_shape(node, inputs)
    if lambda_shape is not None:
        params = _params(recorded.params) if recorded is not None and recorded.params else ParamCount()
        return LayerInference([lambda_shape], params, source=DECLARED)
    params = _params(recorded.params) if recorded is not None else None
    if params is None and has_no_weights(node.class_name):
        params = ParamCount()
    return LayerInference(None, params, unknown=(
        f"{node.class_name} is not in the designer's catalog and no shape was recorded or declared for it: "
        "its output shape is unknown"))


def _lambda_output_shape(node: LayerNode, inputs: Sequence[Shape]) -> Shape | None:
    """A ``Lambda``'s ``output_shape`` argument (without the batch axis), with the batch size of its first input
    (of its one input, or of the first of several: Keras's ``compute_output_shape`` takes the first flattened one)."""
    if node.class_name != "Lambda" or not inputs or not inputs[0]:
        return None
    shape: Any = node.config.get("output_shape")
    if not isinstance(shape, (list, tuple)) or not all(
            d is None or (isinstance(d, int) and not isinstance(d, bool) and d >= 0) for d in shape):
        return None
    return (inputs[0][0], *shape)


def recorded_mismatch(node: LayerNode, outputs: list[Shape] | None) -> tuple[str, ...]:
    """A note when a computed output disagrees with the shape the file recorded for this layer."""
    recorded = node.recorded
    if recorded is None or recorded.output_shapes is None or outputs is None:
        return ()
    want = [tuple(s) for s in recorded.output_shapes]
    if want == [tuple(s) for s in outputs]:
        return ()
    return (f"computed output {_shapes(outputs)} differs from the one the file recorded, {_shapes(want)}",)
