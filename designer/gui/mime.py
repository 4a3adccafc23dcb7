"""MIME types of the app's drags."""

LAYER_MIME = "application/x-keras-designer-layer"
"""A palette drag: the payload is the Keras class name, UTF-8."""

LAYERS_CLIPBOARD_MIME = "application/x-keras-designer-layers"
"""Copied layers: a JSON list of layer objects in the design format."""
