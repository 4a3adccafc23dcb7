"""Video frames: a small CNN applied per frame with TimeDistributed, then a GRU."""
from tensorflow import keras
from tensorflow.keras import layers

frames, height, width = 8, 32, 32
video = keras.Input(shape=(frames, height, width, 3))
x = layers.TimeDistributed(layers.Conv2D(8, 3, activation="relu"))(video)
x = layers.TimeDistributed(layers.MaxPooling2D())(x)
x = layers.TimeDistributed(layers.Flatten())(x)
x = layers.GRU(16)(x)
out = layers.Dense(4, activation="softmax")(x)
model = keras.Model(video, out)
