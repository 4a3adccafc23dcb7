"""Initializers Keras refuses for a weight's rank: Identity needs a 2-D weight, Orthogonal at least 2-D.

Keras raises when ``build`` creates the weight (`keras/src/initializers/
random_initializers.py` ``Orthogonal``, ``constant_initializers.py``
``Identity``). A weight's rank is 1 for biases and normalization vectors; a
spec's ``weight_ranks(cfg, inputs)`` gives the others (a convolution's kernel
has ``len(kernel_size) + 2`` axes).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping, Sequence

from .spec import ArgumentError

VECTORS = ("bias", "beta", "gamma", "moving_mean", "moving_variance")
"""Weights that are always vectors (rank 1)."""

NEEDS = {"identity": (2, 2), "identityinitializer": (2, 2), "orthogonal": (2, None),
         "orthogonalinitializer": (2, None)}
"""Initializer name (lower case, underscores dropped) → (lowest rank, highest rank or None)."""


SPELLINGS = frozenset({"identity", "Identity", "IdentityInitializer", "orthogonal", "Orthogonal",
                       "OrthogonalInitializer"})


def rank_limited(value: Any) -> bool:
    """Whether an initializer value is one whose weight rank Keras limits (a string or a serialised object)."""
    if type(value) is str:
        return value in SPELLINGS
    return isinstance(value, dict) and value.get("class_name") in SPELLINGS


def _name(value: Any) -> str | None:
    name = value.get("class_name") if isinstance(value, dict) else value
    return name.lower().replace("_", "") if isinstance(name, str) else None


def check_ranks(cfg: Mapping[str, Any], inputs: Sequence, weight_ranks: Callable | None) -> None:
    """Refuse an initializer the weight's rank does not allow, as Keras does when building."""
    ranks = None
    for key, value in cfg.items():
        if not key.endswith("_initializer") or value is None:
            continue
        needs = NEEDS.get(_name(value))
        if needs is None:
            continue
        weight = key[: -len("_initializer")]
        if weight in VECTORS:
            rank = 1
        else:
            ranks = ranks if ranks is not None else (weight_ranks(cfg, inputs) if weight_ranks else {})
            rank = ranks.get(weight)
        lo, hi = needs
        if rank is not None and (rank < lo or (hi is not None and rank > hi)):
            wanted = "exactly 2" if hi == 2 else "at least 2"
            raise ArgumentError(key, f"`{key}`={value!r} needs a weight with {wanted} axes, but the {weight} "
                                     f"weight has {rank}", "use e.g. 'glorot_uniform' or 'zeros'")
