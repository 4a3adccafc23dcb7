import keras
from keras import layers

x = keras.Input(batch_shape=(None, 28, 28, 1), name='x')
conv1 = layers.Conv2D(32, (5, 5), padding="same", activation="relu")(x)
pool1 = layers.MaxPooling2D(pool_size=(2, 2), strides=2)(conv1)
conv2 = layers.Conv2D(64, (5, 5), padding="same", activation="relu")(pool1)
pool2 = layers.MaxPooling2D((2, 2), 2)(conv2)
pool2_flat = layers.Reshape((7 * 7 * 64,))(pool2)
dense = layers.Dense(1024, activation="relu")(pool2_flat)
dropout = layers.Dropout(0.4)(dense)
logits = layers.Dense(10)(dropout)
model = keras.Model(x, logits)
