"""Conditional GAN generator: a label embedded and multiplied into the noise, then Dense, Reshape and
Conv2DTranspose upsampling with LeakyReLU and BatchNormalization."""
import keras
from keras import layers

latent_dim, num_classes = 64, 10

noise = keras.Input(shape=(latent_dim,))
label = keras.Input(shape=(1,), dtype="int32")
label_embedding = layers.Flatten()(layers.Embedding(num_classes, latent_dim)(label))
h = layers.multiply([noise, label_embedding])
h = layers.Dense(7 * 7 * 64, use_bias=False)(h)
h = layers.BatchNormalization()(h)
h = layers.LeakyReLU(negative_slope=0.2)(h)
h = layers.Reshape((7, 7, 64))(h)
for filters in (64, 32):
    h = layers.Conv2DTranspose(filters, 4, strides=2, padding="same", use_bias=False)(h)
    h = layers.BatchNormalization()(h)
    h = layers.LeakyReLU(negative_slope=0.2)(h)
image = layers.Conv2D(1, 7, padding="same", activation="tanh")(h)
generator = keras.Model([noise, label], image, name="generator")
