"""A Lambda joining two tensors, its output_shape declared (the function never runs): Keras gives it the first
input's batch size and the declared shape, with one input or several."""
import keras
from keras import layers, ops

left = keras.Input(shape=(8,))
right = keras.Input(shape=(8,))
joined = layers.Lambda(lambda t: ops.abs(t[0] - t[1]), output_shape=(8,), name="l1_distance")([left, right])
score = layers.Dense(1, activation="sigmoid")(joined)
model = keras.Model([left, right], score)
