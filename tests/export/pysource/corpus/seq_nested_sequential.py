import keras
from keras import layers

features = keras.Sequential([
    keras.Input(shape=(64, 64, 3)),
    layers.Conv2D(8, 3, strides=2, activation="relu"),
    layers.Conv2D(16, 3, strides=2, activation="relu"),
    layers.GlobalMaxPooling2D(),
], name="features")

model = keras.Sequential([
    keras.Input(shape=(64, 64, 3)),
    features,
    layers.Dense(32, activation="relu"),
    layers.Dense(5),
])
