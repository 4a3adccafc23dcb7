"""The design document (format v1) and its change events; no Qt, no TensorFlow."""

from .document import Change, Document, DocumentError, LayerNode, Source
from .format_v1 import (
    document_from_dict, document_to_dict, dumps_document, load_document, parse_document, save_document,
)
from .graph import downstream, topological_order, upstream

__all__ = [
    "Change", "Document", "DocumentError", "LayerNode", "Source", "document_from_dict", "document_to_dict",
    "downstream", "dumps_document", "load_document", "parse_document", "save_document", "topological_order",
    "upstream",
]
