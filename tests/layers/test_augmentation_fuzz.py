"""Augmentation layers against Keras on drawn factors, value ranges and kernel sizes.

The catalog-wide fuzz leaves free-form ("any") arguments at their defaults,
and these layers keep every factor in one: here each class gets numbers
(booleans included) around its bounds, lists of one to three of them, and
value ranges of any two values, for every such argument at once.
"""

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from keras_oracle import assert_agrees
from designer.layers import all_specs

pytestmark = pytest.mark.keras

AUGMENTATION = [s for s in all_specs() if s.family == "Augmentation"]
FREE = {"factor", "height_factor", "width_factor", "x_factor", "y_factor", "addition_factor", "threshold_factor",
        "brightness_factor", "contrast_factor", "saturation_factor", "hue_factor", "scale", "sigma", "kernel_size",
        "value_range"}

number = st.one_of(st.integers(-2, 9), st.floats(-1.5, 1.5, allow_nan=False), st.booleans(),
                   st.sampled_from([-1.0, -0.5, 0.0, 0.5, 1.0, 8.0]))
value = st.one_of(number, st.lists(number, min_size=1, max_size=3), st.just(None), st.just("a"),
                  st.lists(st.one_of(number, st.just("a"), st.none()), min_size=2, max_size=2))


REQUIRED = {"RandomRotation": ("factor",), "RandomZoom": ("height_factor",),
            "RandomTranslation": ("height_factor", "width_factor"), "RandomContrast": ("factor",),
            "RandomBrightness": ("factor",), "RandomColorDegeneration": ("factor",), "RandomHue": ("factor",),
            "RandomSaturation": ("factor",), "RandomSharpness": ("factor",), "RandomPosterization": ("factor",)}
"""Factors Keras has no default for: always drawn, never null. Left out, Keras and the engine both refuse the
layer; an explicit null RandomRotation and RandomBrightness take as 0 (``factor or 0.0``), which the engine,
seeing the same null for both, cannot tell from a factor left out."""


@st.composite
def _layer(draw):
    spec = draw(st.sampled_from(AUGMENTATION))
    free = [a.name for a in spec.args if a.name in FREE and a.kind == "any"]
    chosen = draw(st.lists(st.sampled_from(free), unique=True)) if free else []
    config = {name: draw(value) for name in chosen}
    config.update({name: draw(value.filter(lambda v: v is not None)) for name in REQUIRED.get(spec.class_name, ())})
    if spec.class_name == "RandomCrop":
        config.update(height=4, width=5)
    return spec.class_name, config


@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck), database=None)
@given(layer=_layer())
def test_augmentation_agrees_with_keras_on_drawn_arguments(layer):
    class_name, config = layer
    assert_agrees(class_name, config, [(None, 8, 8, 3)])
