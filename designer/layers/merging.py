"""merging layers (being written)."""
