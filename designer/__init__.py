"""keras-designer: design Keras models and see every shape, parameter count and error as you edit."""

__version__ = "0.1.0"

KERAS_RULES = "Keras 3.15 (TensorFlow 2.21)"
"""The Keras release whose shapes, parameter counts and refusals the catalog's rules follow (tests check it)."""
