"""LoRA (low-rank adaptation), as Keras's Dense, EinsumDense, Embedding and Conv layers enable it.

``lora_rank`` freezes the kernel and adds two trainable factors ``fan_in × rank``
and ``rank × fan_out`` (`keras/src/layers/core/dense.py` ``enable_lora``).
Keras refuses LoRA together with a constraint on the adapted weight.
"""

from __future__ import annotations

from typing import Any, Mapping

from .spec import Arg, ArgumentError, ParamCount
from .terms import num

LORA_ARGS = (
    Arg("lora_rank", "int", None, nullable=True, minimum=0, shape_affecting=True,
        doc="Rank of the LoRA update (0 or None: no LoRA); freezes the kernel and adds two small trainable matrices."),
    Arg("lora_alpha", "float", None, nullable=True),
    Arg("quantization_config", "any", None),
)


def check_lora(cfg: Mapping[str, Any], weight: str = "kernel") -> int | None:
    """The LoRA rank (None or 0: no LoRA); refuses a constraint on the adapted weight, as Keras does."""
    rank = cfg.get("lora_rank")
    if rank and cfg.get(f"{weight}_constraint") is not None:
        words = "embedding" if weight == "embeddings" else weight
        raise ArgumentError(
            "lora_rank", f"LoRA is incompatible with {words} constraints (`{weight}_constraint`)",
            f"remove the {weight}_constraint or the lora_rank",
        )
    return rank or None


def lora_params(cfg: Mapping[str, Any], fan_in: int, fan_out: int, bias: int, weight: str = "kernel",
                fan_in_text: str | None = None) -> ParamCount:
    """A frozen ``fan_in × fan_out`` weight plus the two trainable LoRA factors and the bias.

    Call it only when ``lora_rank`` is set; ``fan_in_text`` writes the fan-in
    as its factors (``3·3·16`` for a convolution).
    """
    rank = check_lora(cfg, weight)
    kernel = fan_in * fan_out
    trainable = rank * (fan_in + fan_out) + bias

    def terms() -> str:
        text = (f"{fan_in_text or fan_in}·{fan_out} (frozen {weight}) + {rank}·({fan_in} + {fan_out}) "
                "(LoRA A and B)")
        return text + (f" + {bias} (bias)" if bias else "") + f" = {num(kernel + trainable)}"

    return ParamCount(trainable, kernel, terms)
