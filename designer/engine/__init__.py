"""Shape inference, errors and explanations over a design; no Qt, no TensorFlow."""

from .inference import LayerResult, ModelInference, ShapeEngine, infer_document
from .layer_infer import LayerInference, infer_layer

__all__ = ["LayerInference", "LayerResult", "ModelInference", "ShapeEngine", "infer_document", "infer_layer"]
