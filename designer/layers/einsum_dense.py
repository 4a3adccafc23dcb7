"""einsum_dense layers (being written)."""
