"""Normalization layers against Keras: BatchNormalization, LayerNormalization,
GroupNormalization, UnitNormalization, RMSNormalization."""

import pytest
from hypothesis import given, settings, strategies as st

from keras_oracle import assert_agrees

pytestmark = pytest.mark.keras

BN, LN, GN = "BatchNormalization", "LayerNormalization", "GroupNormalization"

CASES = [
    # BatchNormalization: gamma/beta trainable, moving mean/variance not
    (BN, {}, [(None, 10)]),
    (BN, {}, [(None, 28, 28, 16)]),
    (BN, {"axis": 1}, [(None, 16, 28, 28)]),
    (BN, {"axis": 1}, [(None, 4, None)]),
    (BN, {"axis": -3}, [(None, 16, 28, 28)]),
    (BN, {"axis": -4}, [(None, 16, 28, 28)]),
    (BN, {"axis": 4}, [(None, 16, 28, 28)]),
    (BN, {"axis": 0}, [(None, 4, 3)]),
    (BN, {"axis": 0}, [(2, 4, 3)]),
    (BN, {"axis": [1]}, [(None, 4, 3)]),
    (BN, {}, [(None, None)]),
    (BN, {}, [(None,)]),
    (BN, {"center": False}, [(None, 4, 3)]),
    (BN, {"scale": False}, [(None, 4, 3)]),
    (BN, {"center": False, "scale": False}, [(None, 4, 3)]),
    (BN, {"center": False, "scale": False}, [(None, 4, None)]),
    (BN, {"trainable": False}, [(None, 4, 3)]),
    (BN, {"synchronized": True}, [(None, 4, 3)]),
    (BN, {"momentum": 5, "epsilon": -1}, [(None, 4, 3)]),
    (BN, {"renorm": True}, [(None, 4, 3)]),
    (BN, {"renorm": True, "renorm_clipping": {"rmax": 3, "rmin": 0.3, "dmax": 5}}, [(None, 4, 3)]),
    (BN, {"renorm": True, "renorm_clipping": {"rmax": 1, "rmin": 2}}, [(None, 4, 3)]),
    (BN, {"renorm": True, "renorm_clipping": {"dmax": -1}}, [(None, 4, 3)]),
    (BN, {"renorm": True, "renorm_clipping": {"foo": 1}}, [(None, 4, 3)]),
    (BN, {"renorm": False, "renorm_clipping": {"foo": 1}}, [(None, 4, 3)]),
    # LayerNormalization: weights shaped like the normalised axes (sorted, repeats included)
    (LN, {}, [(None, 10)]),
    (LN, {}, [(None, 7, 10)]),
    (LN, {"axis": [1, 2]}, [(None, 4, 3)]),
    (LN, {"axis": [-1, -2]}, [(None, 4, 3)]),
    (LN, {"axis": [1, 1]}, [(None, 4, 3)]),
    (LN, {"axis": [1, -2]}, [(None, 4, 3)]),
    (LN, {"axis": []}, [(None, 4, 3)]),
    (LN, {"axis": 0}, [(None, 4, 3)]),
    (LN, {"axis": 0}, [(2, 4, 3)]),
    (LN, {"axis": 3}, [(None, 4, 3)]),
    (LN, {"axis": -4}, [(None, 4, 3)]),
    (LN, {"axis": [1, 5]}, [(None, 4, 3)]),
    (LN, {}, [(None, None)]),
    (LN, {"axis": [1, 2]}, [(None, None, 3)]),
    (LN, {"center": False}, [(None, 4, 3)]),
    (LN, {"scale": False}, [(None, 4, 3)]),
    (LN, {"center": False, "scale": False}, [(None, None)]),
    (LN, {"center": False, "scale": False, "axis": 3}, [(None, None, 2)]),
    (LN, {"trainable": False}, [(None, 4, 3)]),
    # GroupNormalization: groups must divide the channels; -1 means one group per channel
    (GN, {}, [(None, 64)]),
    (GN, {}, [(None, 8, 8, 64)]),
    (GN, {}, [(None, 8, 16)]),
    (GN, {"groups": 4}, [(None, 8, 12)]),
    (GN, {"groups": 4}, [(None, 8, 6)]),
    (GN, {"groups": -1}, [(None, 8, 12)]),
    (GN, {"groups": 0}, [(None, 8, 12)]),
    (GN, {"groups": -2}, [(None, 8, 12)]),
    (GN, {"groups": 4}, [(None, 8, None)]),
    (GN, {"groups": -1}, [(None, 8, None)]),
    (GN, {"groups": 4, "axis": 1}, [(None, 8, None)]),
    (GN, {"groups": 2, "axis": -2}, [(None, 3, 4, 5)]),
    (GN, {"groups": 4, "axis": 0}, [(8, 8, 3)]),
    (GN, {"groups": 4, "axis": -3}, [(None, 8, 3)]),
    (GN, {"groups": 4, "axis": 3}, [(None, 8, 3)]),
    (GN, {"groups": 4, "axis": [1]}, [(None, 8, 3)]),
    (GN, {"groups": 1}, [(5,)]),
    (GN, {"groups": 1}, [(None,)]),
    (GN, {"groups": 2, "center": False}, [(None, 3, 4, 6)]),
    (GN, {"groups": 2, "center": False, "scale": False}, [(None, 3, 4, 6)]),
    (GN, {"groups": 2, "trainable": False}, [(None, 3, 4, 6)]),
    # UnitNormalization: no weights, the axes must exist
    ("UnitNormalization", {}, [(None, 5)]),
    ("UnitNormalization", {}, [(None,)]),
    ("UnitNormalization", {}, [(None, None, None)]),
    ("UnitNormalization", {"axis": [1, 2]}, [(None, 5, 4)]),
    ("UnitNormalization", {"axis": [1, 3]}, [(None, 5, 4)]),
    ("UnitNormalization", {"axis": 2}, [(None, 5)]),
    ("UnitNormalization", {"axis": -2}, [(None, 5)]),
    ("UnitNormalization", {"axis": -3}, [(None, 5)]),
    ("UnitNormalization", {"axis": []}, [(None, 5, 4)]),
    # RMSNormalization: one learned scale per normalised value
    ("RMSNormalization", {}, [(None, 5)]),
    ("RMSNormalization", {}, [(None, None)]),
    ("RMSNormalization", {"axis": [1, 1]}, [(None, 4, 3)]),
    ("RMSNormalization", {"axis": []}, [(None, 4, 3)]),
    ("RMSNormalization", {"axis": 3}, [(None, 4, 3)]),
    ("RMSNormalization", {"axis": [2, -3]}, [(2, 4, 3)]),
    ("RMSNormalization", {"axis": [2, -3]}, [(None, 4, 3)]),
    ("RMSNormalization", {"trainable": False}, [(None, 4, 3)]),
]


@pytest.mark.parametrize("class_name,config,inputs", CASES)
def test_normalization_table(class_name, config, inputs):
    assert_agrees(class_name, config, inputs)


dims = st.one_of(st.none(), st.integers(1, 8))


@settings(max_examples=40, deadline=None)
@given(groups=st.integers(-2, 9), axis=st.integers(-4, 3), center=st.booleans(), scale=st.booleans(),
       shape=st.lists(dims, min_size=0, max_size=3))
def test_group_normalization_random(groups, axis, center, scale, shape):
    config = {"groups": groups, "axis": axis, "center": center, "scale": scale}
    assert_agrees(GN, config, [(None, *shape)])


@settings(max_examples=40, deadline=None)
@given(class_name=st.sampled_from([BN, LN, "RMSNormalization", "UnitNormalization"]),
       axis=st.one_of(st.integers(-4, 3), st.lists(st.integers(-4, 3), max_size=3)),
       center=st.booleans(), scale=st.booleans(), shape=st.lists(dims, min_size=0, max_size=3))
def test_axis_normalizations_random(class_name, axis, center, scale, shape):
    config = {"axis": axis}
    if class_name in (BN, LN):
        config.update(center=center, scale=scale)
    assert_agrees(class_name, config, [(None, *shape)])
