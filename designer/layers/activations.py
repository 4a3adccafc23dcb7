"""activations layers (being written)."""
