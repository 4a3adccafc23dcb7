"""Parameter counts written as sums with their terms, e.g. ``(3·3·16 + 1)·32 = 4,640``.

The terms come from the catalog: a spec's parameter rule returns the count
together with its named terms (`designer.layers.spec.ParamCount.terms`), so
the sum shown is the one the engine counted, never a second derivation.
`params_text` shows the terms only when their total equals the engine's count
(which mirrors Keras's), adds what ``trainable=False`` and shared layers
change, and otherwise falls back to the bare number.
"""

from __future__ import annotations

from designer.layers import get_spec
from designer.layers.spec import ParamCount

from .model import Ctx
from .text import num


def counted(ctx: Ctx) -> ParamCount | None:
    """The catalog rule's count, with its terms, for ``ctx``; None for a class outside the catalog."""
    spec = get_spec(ctx.class_name)
    if spec is None:
        return None
    result = spec.params(ctx.cfg, list(ctx.inputs))
    return result if isinstance(result, ParamCount) else ParamCount(int(result))


def params_text(ctx: Ctx, params: ParamCount) -> tuple[str, bool]:
    """The parameter explanation of a valid layer and whether its total was verified."""
    try:
        count = counted(ctx)
        text = count.terms() if count is not None and count.terms else None
    except Exception:
        return f"{num(params.total)}", False
    if count is None:
        return f"{num(params.total)}", False
    total = count.total
    if text is None:
        if total == 0 and params.total == 0:
            return f"0: {ctx.class_name} has no weights to learn", True
        text = num(total)
    if params.total == 0 and total:
        return (f"0 here: another call of the shared layer {ctx.name}, whose {num(total)} weights are counted "
                "once, at its first call"), True
    if total != params.total:
        return f"{num(params.total)}", False
    if ctx.cfg.get("trainable") is False and total and "trainable=False" not in text:
        text += (" — still trainable: Keras ignores trainable=False given to this layer's constructor"
                 if count.unfreezable else " — all non-trainable (trainable=False)")
    return text, True
