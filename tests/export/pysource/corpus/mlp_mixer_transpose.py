"""MLP-Mixer written functionally (keras.io wraps it in a layer; this is the same block as helpers):
token mixing on ops.transpose(x, (0, 2, 1)), channel mixing, a Conv2D patch stem and ops.reshape."""
import keras
from keras import layers, ops

image_size, patch_size, hidden = 32, 4, 48
num_patches = (image_size // patch_size) ** 2


def mlp(x, units, dropout_rate=0.1):
    x = layers.Dense(units, activation="gelu")(x)
    x = layers.Dense(units)(x)
    return layers.Dropout(dropout_rate)(x)


def mixer_block(x, num_patches, hidden):
    y = layers.LayerNormalization(epsilon=1e-6)(x)
    y = ops.transpose(y, (0, 2, 1))
    y = layers.Dense(num_patches, activation="gelu")(y)
    y = layers.Dense(num_patches)(y)
    y = ops.transpose(y, (0, 2, 1))
    x = layers.Add()([x, y])
    y = layers.LayerNormalization(epsilon=1e-6)(x)
    y = mlp(y, hidden)
    return layers.Add()([x, y])


inputs = keras.Input(shape=(image_size, image_size, 3))
x = layers.Rescaling(1.0 / 255)(inputs)
x = layers.Conv2D(hidden, kernel_size=patch_size, strides=patch_size)(x)
x = ops.reshape(x, (-1, num_patches, hidden))
for _ in range(2):
    x = mixer_block(x, num_patches, hidden)
x = layers.GlobalAveragePooling1D()(x)
outputs = layers.Dense(10)(x)
mixer = keras.Model(inputs, outputs, name="mlp_mixer")
