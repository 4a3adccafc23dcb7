import keras
from keras import layers

inputs_ = keras.Input(batch_shape=(None, 28, 28, 1), name='inputs')
conv1 = layers.Conv2D(filters=32, kernel_size=(3, 3), padding='same', activation='relu')(inputs_)
model = keras.Model(inputs_, conv1)
