"""Operations no catalog layer computes (a class token x[:, 0], a split, a sum over features, patches from
keras.ops.image.extract_patches, keras.ops.concatenate over its default batch axis): they stay operations of
unknown shape, and the model still opens around them."""
import keras
from keras import layers, ops

seq = keras.Input(shape=(10, 16))
image = keras.Input(shape=(8, 8, 3))
h = layers.Dense(16, activation="gelu")(seq)
cls_token = h[:, 0]
left, right = ops.split(h, 2, axis=-1)
energy = ops.sum(ops.square(left), axis=-1)
mixed = layers.Dense(8)(right)
out = layers.Dense(2)(cls_token)
patches = ops.image.extract_patches(image, 4)
tokens = ops.reshape(patches, (-1, 4, 48))
both = ops.concatenate([out, out])
model = keras.Model([seq, image], [both, energy, mixed, layers.Dense(5)(tokens)])
