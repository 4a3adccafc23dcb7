import keras
from keras import layers

inputs = keras.Input(shape=(28, 28, 1))
x = inputs / 255.0
x = layers.Conv2D(8, 3, activation="relu")(x)
x = layers.Flatten()(x)
x = x * 0.5
outputs = layers.Dense(10, activation="softmax")(x)
model = keras.Model(inputs, outputs)
