from keras.models import Model
from keras.layers import Input, Conv2D, MaxPooling2D, Flatten, Dense


def build_cnn(input_shape=(64, 64, 1), classes=2):
    inp = Input(input_shape)
    x = Conv2D(16, 5, activation='relu')(inp)
    x = MaxPooling2D()(x)
    x = Conv2D(32, 5, activation='relu')(x)
    x = MaxPooling2D()(x)
    x = Flatten()(x)
    out = Dense(classes, activation='softmax')(x)
    model = Model(inp, out)
    return model


model = build_cnn()
