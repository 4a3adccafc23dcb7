"""The layer catalog: every supported Keras layer as data plus pure shape rules.

Importing this package registers every family module. Use `get_spec` and
`all_specs`; `normalize_config` checks a layer's arguments.
"""

from . import (  # noqa: F401  (each module registers its layers)
    activations,
    applications,
    attention,
    augmentation,
    audio,
    categorical,
    composite,
    convolutional,
    core,
    einsum_dense,
    merging,
    normalization,
    pooling,
    preprocessing,
    regularization,
    reshaping,
    rnn,
    rnn_cells,
)
from .args import normalize_config
from .registry import FAMILIES, all_specs, get_spec
from .spec import Arg, ArgumentError, LayerError, LayerSpec, ParamCount, Shape

__all__ = [
    "Arg", "ArgumentError", "FAMILIES", "LayerError", "LayerSpec", "ParamCount", "Shape",
    "all_specs", "get_spec", "normalize_config",
]
