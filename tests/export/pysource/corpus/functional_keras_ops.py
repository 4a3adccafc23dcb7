"""keras.ops on symbolic tensors, as Keras 3 records them (operations, not layers)."""
import keras
from keras import layers, ops

a = keras.Input(shape=(6,))
b = keras.Input(shape=(6,))
s = ops.add(a, b)
d = ops.subtract(s, a)
p = ops.multiply(d, b)
x = ops.concatenate([s, p], axis=-1)
x = layers.Dense(3)(x)
model = keras.Model([a, b], x)
