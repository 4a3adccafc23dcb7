"""regularization layers (being written)."""
