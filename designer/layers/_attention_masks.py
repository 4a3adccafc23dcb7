"""The masks an attention layer with heads takes by keyword, checked as its ``predict()`` would.

Keras builds a model whatever the shapes of ``attention_mask``, ``query_mask``,
``value_mask`` and ``key_mask`` (the symbolic call does not broadcast them), so
these are warnings, not refusals: the first ``predict()`` or ``fit()`` fails.
The rules follow Keras 3.15's ``_compute_attention_mask`` and ``_masked_softmax``:

- ``query_mask`` ``(B, T)`` becomes ``(B, T, 1)``; ``value_mask`` and ``key_mask``
  ``(B, S)`` become ``(B, 1, S)``; ``attention_mask`` must broadcast to the scores
  ``(B, heads, T, S)`` once ``expand_dims`` has given it rank 4 at axis -3:
  ``(B, T, S)`` or ``(B, heads, T, S)``, any of these axes 1.
- MultiHeadAttention's ``call`` replaces ``query_mask`` by the query's own Keras
  mask: a ``query_mask=`` passed by keyword is ignored.

Only the common case is checked: query and value of rank 3 (batch, length,
features) and the default ``attention_axes``.
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

from .shapes import fmt_shape
from .spec import Config, Shape

PREDICT_FAILS = "Keras builds the model, but predict() and fit() fail on it"


def _fits(size: Any, want: Any) -> bool:
    return size is None or want is None or size == 1 or size == want


def _attention_mask_fits(mask: Shape, heads: int, query_len: Any, value_len: Any) -> bool:
    """Whether ``mask`` broadcasts to the scores ``(B, heads, T, S)`` after Keras expands it to rank 4."""
    if len(mask) == 3:
        return _fits(mask[1], query_len) and _fits(mask[2], value_len)
    if len(mask) == 4:
        return _fits(mask[1], heads) and _fits(mask[2], query_len) and _fits(mask[3], value_len)
    return False


def mask_caveats(heads_arg: str, reads_query_mask: bool) -> Callable[..., list[tuple[str, str]]]:
    """A spec's ``call_caveats`` hook for an attention layer whose number of heads is ``heads_arg``."""

    def caveats(cfg: Config, positional: Sequence[Shape], keyword: Mapping[str, list[Shape]]
                ) -> list[tuple[str, str]]:
        if len(positional) < 2 or len(positional[0]) != 3 or len(positional[1]) != 3 \
                or cfg.get("attention_axes") is not None:
            return []
        query_len, value_len = positional[0][1], positional[1][1]
        key_len = positional[2][1] if len(positional) > 2 and len(positional[2]) == 3 else value_len
        found = []
        heads = cfg[heads_arg]
        for mask in keyword.get("attention_mask", ()):
            if not _attention_mask_fits(mask, heads, query_len, value_len):
                found.append(("attention_mask_shape", (
                    f"attention_mask {fmt_shape(mask)} does not fit the attention scores "
                    f"{fmt_shape((None, heads, query_len, value_len))} (batch, heads, query length, value "
                    f"length): {PREDICT_FAILS}. Pass a mask of shape {fmt_shape((None, query_len, value_len))}.")))
        lengths = (("query_mask", query_len, "query"), ("value_mask", value_len, "value"), ("key_mask", key_len, "key"))
        for name, length, what in lengths:
            for mask in keyword.get(name, ()):
                if name == "query_mask" and not reads_query_mask:
                    found.append(("query_mask_ignored", (
                        "query_mask= has no effect here: Keras's call replaces it by the query's own mask (the one "
                        "Embedding(mask_zero=True) or Masking gives). Pass the mask as attention_mask instead, "
                        f"of shape {fmt_shape((None, query_len, 1))}.")))
                elif len(mask) != 2 or not (mask[1] is None or length is None or mask[1] == length):
                    found.append((f"{name}_shape", (
                        f"{name} {fmt_shape(mask)} does not match the {what} length {length} (it must be "
                        f"{fmt_shape((None, length))}): {PREDICT_FAILS}.")))
        return found

    return caveats
