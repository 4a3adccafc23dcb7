"""attention layers (being written)."""
