"""Hand-written scaled dot-product attention in a functional model (a common answer to "attention without
MultiHeadAttention"): Dense projections, keras.ops.matmul / transpose / softmax, scaling by a number."""
import keras
from keras import layers, ops

seq_len, d_model, d_k = 20, 32, 16

inputs = keras.Input(shape=(seq_len, d_model))
q = layers.Dense(d_k)(inputs)
k = layers.Dense(d_k)(inputs)
v = layers.Dense(d_k)(inputs)
scores = ops.matmul(q, ops.transpose(k, axes=(0, 2, 1))) / d_k ** 0.5
weights = ops.softmax(scores, axis=-1)
context = ops.matmul(weights, v)
x = layers.LayerNormalization()(layers.Dense(d_model)(context) + inputs)
x = ops.mean(x, axis=1)
outputs = layers.Dense(3, activation="softmax")(x)
model = keras.Model(inputs, outputs)
