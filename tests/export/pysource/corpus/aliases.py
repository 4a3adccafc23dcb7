from tensorflow.keras import layers as L
from tensorflow.keras.layers import Conv2D as C, MaxPool2D, GlobalAvgPool2D
import tensorflow.keras as K

inp = K.Input((48, 48, 1))
x = C(16, 3, padding='same', activation='relu')(inp)
x = MaxPool2D()(x)
x = L.Convolution2D(32, 3, activation='relu')(x)
x = L.AvgPool2D(pool_size=2)(x)
x = GlobalAvgPool2D()(x)
out = L.Dense(7, activation='softmax')(x)
net = K.Model(inp, out)
