"""rnn layers (being written)."""
