"""reshaping layers (being written)."""
