# Keras 1 functional spellings: Model(input=..., output=...), merge via concatenate
from keras.layers import Input, Dense, Convolution2D, MaxPooling2D, Flatten, concatenate
from keras.models import Model
from keras.optimizers import SGD

img = Input(shape=(32, 32, 3))
a = Convolution2D(16, (3, 3), padding='same', activation='relu')(img)
b = Convolution2D(16, (5, 5), padding='same', activation='relu')(img)
x = concatenate([a, b], axis=3)
x = MaxPooling2D(pool_size=(2, 2))(x)
x = Flatten()(x)
predictions = Dense(10, activation='softmax')(x)
model = Model(input=img, output=predictions)
model.compile(optimizer=SGD(lr=0.01, momentum=0.9), loss='categorical_crossentropy')
