"""preprocessing layers (being written)."""
