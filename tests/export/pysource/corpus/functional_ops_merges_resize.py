"""keras.ops.maximum / minimum of two tensors (the Maximum / Minimum merges a design holds), of a tensor and a
number (kept as the operation), keras.ops.image.resize (a Resizing layer) and a stacked pair."""
import keras
from keras import layers, ops

image = keras.Input(shape=(16, 16, 3))
a = layers.Conv2D(8, 3, padding="same")(image)
b = layers.Conv2D(8, 3, padding="same")(image)
hi = ops.maximum(a, b)
lo = ops.minimum(a, b)
small = ops.image.resize(hi, (8, 8))
smaller = ops.image.resize(lo, size=(8, 8), interpolation="nearest")
x = layers.Concatenate()([small, smaller])
x = layers.GlobalAveragePooling2D()(x)
clipped = ops.maximum(x, 0.0)
pair = ops.stack([x, x], axis=1)
model = keras.Model(image, [layers.Dense(2)(x), clipped, pair])
