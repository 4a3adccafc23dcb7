"""Lambda layers from Q&A answers (their functions never run): one declaring its output_shape, which the design
takes as declared by the code's author, one without, whose shape and what follows stay unknown."""
import keras
from keras import layers, ops

tokens = keras.Input(shape=(12, 16))
h = layers.Dense(16, activation="relu")(tokens)
first = layers.Lambda(lambda t: t[:, 0, :], output_shape=(16,), name="first_token")(h)
logits = layers.Dense(3)(first)
summed = layers.Lambda(lambda t: ops.sum(t, axis=1))(h)
extra = layers.Dense(2)(summed)
model = keras.Model(tokens, [logits, extra])
