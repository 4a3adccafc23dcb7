"""CBAM-style attention from a Q&A answer: channel attention with shared Dense layers on global pools, then
spatial attention from keras.ops.mean / max over the channel axis (operations no catalog layer computes)."""
import keras
from keras import layers, ops


def channel_attention(x, ratio=8):
    channels = x.shape[-1]
    shared_1 = layers.Dense(channels // ratio, activation="relu")
    shared_2 = layers.Dense(channels)
    avg = shared_2(shared_1(layers.GlobalAveragePooling2D(keepdims=True)(x)))
    mx = shared_2(shared_1(layers.GlobalMaxPooling2D(keepdims=True)(x)))
    return layers.Multiply()([x, layers.Activation("sigmoid")(avg + mx)])


def spatial_attention(x):
    avg = ops.mean(x, axis=-1, keepdims=True)
    mx = ops.max(x, axis=-1, keepdims=True)
    att = layers.Conv2D(1, 7, padding="same", activation="sigmoid")(layers.Concatenate()([avg, mx]))
    return layers.Multiply()([x, att])


inputs = keras.Input((32, 32, 16))
x = layers.Conv2D(32, 3, padding="same", activation="relu")(inputs)
x = channel_attention(x)
x = spatial_attention(x)
x = layers.GlobalAveragePooling2D()(x)
model = keras.Model(inputs, layers.Dense(4)(x))
