"""A trained Sequential's inner layer as a feature extractor (a common Q&A pattern)."""
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(28, 28, 1)),
    layers.Conv2D(8, 3, activation="relu"),
    layers.MaxPooling2D(),
    layers.Flatten(),
    layers.Dense(32, activation="relu", name="features"),
    layers.Dense(10, activation="softmax"),
])
model.compile(optimizer="adam", loss="sparse_categorical_crossentropy")
extractor = keras.Model(inputs=model.inputs, outputs=model.get_layer("features").output)
