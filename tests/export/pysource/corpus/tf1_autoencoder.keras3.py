import keras
from keras import layers

inputs_ = keras.Input(batch_shape=(None, 28, 28, 1), name='inputs')
conv1 = layers.Conv2D(16, (3, 3), padding='same', activation='relu')(inputs_)
maxpool1 = layers.MaxPooling2D((2, 2), strides=(2, 2), padding='same')(conv1)
conv2 = layers.Conv2D(8, (3, 3), padding='same', activation='relu')(maxpool1)
maxpool2 = layers.MaxPooling2D((2, 2), strides=(2, 2), padding='same')(conv2)
conv3 = layers.Conv2D(8, (3, 3), padding='same', activation='relu')(maxpool2)
encoded = layers.MaxPooling2D((2, 2), strides=(2, 2), padding='same')(conv3)
upsample1 = layers.Resizing(7, 7, interpolation='nearest')(encoded)
conv4 = layers.Conv2D(8, (3, 3), padding='same', activation='relu')(upsample1)
upsample2 = layers.Resizing(14, 14, interpolation='nearest')(conv4)
conv5 = layers.Conv2D(8, (3, 3), padding='same', activation='relu')(upsample2)
upsample3 = layers.Resizing(28, 28, interpolation='nearest')(conv5)
conv6 = layers.Conv2D(16, (3, 3), padding='same', activation='relu')(upsample3)
logits = layers.Conv2D(1, (3, 3), padding='same')(conv6)
decoded = layers.Activation('sigmoid')(logits)
model = keras.Model(inputs_, decoded)
