from keras.layers import Input, Dense, Convolution2D, MaxPooling2D, Flatten, concatenate
from keras.models import Model

img = Input(shape=(32, 32, 3))
a = Convolution2D(16, (3, 3), padding='same', activation='relu')(img)
b = Convolution2D(16, (5, 5), padding='same', activation='relu')(img)
x = concatenate([a, b], axis=3)
x = MaxPooling2D(pool_size=(2, 2))(x)
x = Flatten()(x)
predictions = Dense(10, activation='softmax')(x)
model = Model(inputs=img, outputs=predictions)
