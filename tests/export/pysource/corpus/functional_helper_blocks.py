from tensorflow.keras import layers, models


def conv_block(x, filters, kernel_size=3, strides=1):
    x = layers.Conv2D(filters, kernel_size, strides=strides, padding='same', use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.Activation('relu')(x)
    return x


inputs = layers.Input(shape=(96, 96, 3))
x = conv_block(inputs, 32, strides=2)
for filters in [32, 64, 128]:
    x = conv_block(x, filters)
    x = conv_block(x, filters)
    x = layers.MaxPooling2D()(x)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(3, activation='softmax')(x)
model = models.Model(inputs, outputs)
