"""Operations kept as Keras records them (``ops.Reshape``, ``ops.GetItem``, ``ops.Mean``) have no weights: an
import counts them as 0, so its totals are Keras's, not "at least N (k layers unknown)"."""

from __future__ import annotations

import pytest

from designer.engine import infer_document

pytestmark = pytest.mark.keras


@pytest.mark.parametrize("suffix", [".keras", ".json"])
def test_operations_count_no_weights_and_the_totals_are_keras(tmp_path, suffix):
    import keras
    from keras import layers, ops

    from designer.export.keras_import import import_model

    inp = keras.Input((16, 16, 3))
    x = layers.Conv2D(8, 3, padding="same")(inp)
    x = ops.reshape(x, (-1, 256, 8))
    pooled = ops.mean(x, axis=1)
    out = layers.Dense(4)(layers.Concatenate()([x[:, 0], pooled]))
    model = keras.Model(inp, out)
    path = tmp_path / f"ops{suffix}"
    if suffix == ".json":
        path.write_text(model.to_json())
    else:
        model.save(path)
    doc = import_model(str(path)).document
    operations = [n for n in doc if n.class_name.startswith("ops.")]
    assert len(operations) == 3, [n.class_name for n in doc]
    inference = infer_document(doc)
    assert inference.unknown_params == 0
    assert inference.params.total == model.count_params()
    assert all(inference[n.id].params.total == 0 for n in operations)
