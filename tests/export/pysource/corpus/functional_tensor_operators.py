"""Operators on tensors, as Keras 3 records them (operations add, multiply…)."""
import keras
from keras import layers

a = keras.Input(shape=(16,))
b = keras.Input(shape=(16,))
x = a + b
y = x * b
z = layers.Add()([x, y])
w = z - a
out = layers.Dense(4)(w)
model = keras.Model([a, b], out)
