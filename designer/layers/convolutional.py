"""convolutional layers (being written)."""
