"""keras-designer: design Keras models and see every shape, parameter count and error as you edit."""

__version__ = "0.1.0"
