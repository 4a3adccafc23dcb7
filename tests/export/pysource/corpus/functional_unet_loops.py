import keras
from keras import layers

IMG_SIZE = (128, 128)
depth = 3
base = 16

inputs = keras.Input(shape=IMG_SIZE + (3,))
x = inputs
skips = []
for i in range(depth):
    filters = base * 2 ** i
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)
    skips.append(x)
    x = layers.MaxPooling2D(2)(x)

x = layers.Conv2D(base * 2 ** depth, 3, padding="same", activation="relu")(x)

for i in reversed(range(depth)):
    filters = base * 2 ** i
    x = layers.Conv2DTranspose(filters, 2, strides=2, padding="same")(x)
    x = layers.concatenate([x, skips.pop()])
    x = layers.Conv2D(filters, 3, padding="same", activation="relu")(x)

outputs = layers.Conv2D(1, 1, activation="sigmoid")(x)
model = keras.Model(inputs, outputs)
