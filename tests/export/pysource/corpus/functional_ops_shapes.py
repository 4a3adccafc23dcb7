"""keras.ops that reshape, reorder, reduce and slice symbolic tensors: each is an operation in Keras 3.

The importer holds each as the catalog layer computing the same (Reshape, Permute,
GlobalAveragePooling1D, Dot, Cropping1D, Softmax…) under the operation's name.
"""
import keras
from keras import layers, ops

tokens = keras.Input(shape=(12, 8))
image = keras.Input(shape=(6, 6, 4))

x = layers.Dense(16)(tokens)
flat = ops.reshape(x, (-1, 12 * 16))
back = ops.reshape(flat, (-1, 24, 8))
swapped = ops.transpose(back, (0, 2, 1))
swapped = ops.transpose(swapped, axes=[0, -1, 1])
col = ops.expand_dims(swapped, -1)
col = layers.Conv2D(2, 3, padding="same")(col)
col = ops.squeeze(layers.Conv2D(1, 1)(col), axis=-1)
pooled = ops.mean(col, axis=1)
peak = ops.max(x, axis=-2, keepdims=True)
scores = ops.softmax(ops.matmul(x, ops.transpose(x, (0, 2, 1))), axis=-1)
context = ops.matmul(scores, x)
inner = context[:, 2:-2]
head = layers.Dense(4)(inner)
img = ops.mean(layers.Conv2D(8, 3)(image), axis=(1, 2))
corner = image[:, 1:5, 1:5]
corner = layers.Flatten()(ops.relu(corner))
joined = layers.concatenate([pooled, img, corner, layers.Flatten()(peak), layers.Flatten()(head)])
out = layers.Dense(3, activation="softmax")(joined)
model = keras.Model([tokens, image], out)
