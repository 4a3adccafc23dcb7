"""normalization layers (being written)."""
