"""Operations no catalog layer computes (a class token x[:, 0], a split, a sum over features): they stay
operations of unknown shape, and the model still opens around them."""
import keras
from keras import layers, ops

seq = keras.Input(shape=(10, 16))
h = layers.Dense(16, activation="gelu")(seq)
cls_token = h[:, 0]
left, right = ops.split(h, 2, axis=-1)
energy = ops.sum(ops.square(left), axis=-1)
mixed = layers.Dense(8)(right)
out = layers.Dense(2)(cls_token)
model = keras.Model(seq, [out, energy, mixed])
