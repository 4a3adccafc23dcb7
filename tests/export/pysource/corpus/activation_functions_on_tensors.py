"""Activation functions applied to tensors, as people write them between layers: keras.activations.relu /
gelu / elu / leaky_relu / linear and keras.ops.sigmoid / silu (each an operation in Keras 3, not a layer)."""
import keras
from keras import activations, layers, ops

inputs = keras.Input(shape=(24,))
x = layers.Dense(32)(inputs)
x = activations.relu(x)
x = layers.Dense(32)(x)
x = keras.activations.gelu(x)
x = keras.activations.linear(layers.Dense(16)(x))
skip = ops.sigmoid(x)
x = activations.elu(layers.BatchNormalization()(x))
x = activations.leaky_relu(x) * skip
x = ops.silu(layers.Dense(8)(x))
x = keras.activations.softmax(x)
model = keras.Model(inputs, x)
