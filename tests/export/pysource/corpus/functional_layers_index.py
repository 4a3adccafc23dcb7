"""A functional model cut at one of its layers: Model(inputs, model.layers[-3].output)."""
from tensorflow import keras
from tensorflow.keras import layers

inputs = keras.Input((64,))
x = layers.Dense(32, activation="relu")(inputs)
x = layers.Dense(16, activation="relu")(x)
x = layers.Dropout(0.2)(x)
outputs = layers.Dense(1)(x)
full = keras.Model(inputs, outputs)
encoder = keras.Model(full.input, full.layers[-3].output)
