"""The layer catalog: every supported Keras layer as data plus pure shape rules.

The family modules (`registry.MODULES`) register their specs when first
needed: `get_spec` loads them in order until it finds the class, `all_specs`
loads them all. `normalize_config` checks a layer's arguments.
"""

from .args import normalize_config
from .registry import FAMILIES, all_specs, get_spec
from .spec import Arg, ArgumentError, LayerError, LayerSpec, ParamCount, Shape

__all__ = [
    "Arg", "ArgumentError", "FAMILIES", "LayerError", "LayerSpec", "ParamCount", "Shape",
    "all_specs", "get_spec", "normalize_config",
]
