"""Keras-applications style ResNet: identity_block and conv_block helpers that name every layer from the stage
and block (``'res' + str(stage) + block + '_branch'``), ZeroPadding2D and BatchNormalization(axis=3)."""
from keras.layers import (Activation, BatchNormalization, Conv2D, Dense, Flatten, Input, MaxPooling2D,
                          AveragePooling2D, ZeroPadding2D, add)
from keras.models import Model


def identity_block(input_tensor, kernel_size, filters, stage, block):
    filters1, filters2, filters3 = filters
    conv_name_base = 'res' + str(stage) + block + '_branch'
    bn_name_base = 'bn' + str(stage) + block + '_branch'
    x = Conv2D(filters1, (1, 1), name=conv_name_base + '2a')(input_tensor)
    x = BatchNormalization(axis=3, name=bn_name_base + '2a')(x)
    x = Activation('relu')(x)
    x = Conv2D(filters2, kernel_size, padding='same', name=conv_name_base + '2b')(x)
    x = BatchNormalization(axis=3, name=bn_name_base + '2b')(x)
    x = Activation('relu')(x)
    x = Conv2D(filters3, (1, 1), name=conv_name_base + '2c')(x)
    x = BatchNormalization(axis=3, name=bn_name_base + '2c')(x)
    x = add([x, input_tensor])
    return Activation('relu')(x)


def conv_block(input_tensor, kernel_size, filters, stage, block, strides=(2, 2)):
    filters1, filters2, filters3 = filters
    conv_name_base = 'res%d%s_branch' % (stage, block)
    bn_name_base = 'bn{}{}_branch'.format(stage, block)
    x = Conv2D(filters1, (1, 1), strides=strides, name=conv_name_base + '2a')(input_tensor)
    x = BatchNormalization(axis=3, name=bn_name_base + '2a')(x)
    x = Activation('relu')(x)
    x = Conv2D(filters2, kernel_size, padding='same', name=conv_name_base + '2b')(x)
    x = BatchNormalization(axis=3, name=bn_name_base + '2b')(x)
    x = Activation('relu')(x)
    x = Conv2D(filters3, (1, 1), name=conv_name_base + '2c')(x)
    x = BatchNormalization(axis=3, name=bn_name_base + '2c')(x)
    shortcut = Conv2D(filters3, (1, 1), strides=strides, name=conv_name_base + '1')(input_tensor)
    shortcut = BatchNormalization(axis=3, name=bn_name_base + '1')(shortcut)
    x = add([x, shortcut])
    return Activation('relu')(x)


img_input = Input(shape=(64, 64, 3))
x = ZeroPadding2D((3, 3))(img_input)
x = Conv2D(16, (7, 7), strides=(2, 2), name='conv1')(x)
x = BatchNormalization(axis=3, name='bn_conv1')(x)
x = Activation('relu')(x)
x = MaxPooling2D((3, 3), strides=(2, 2))(x)

x = conv_block(x, 3, [16, 16, 64], stage=2, block='a', strides=(1, 1))
x = identity_block(x, 3, [16, 16, 64], stage=2, block='b')
x = conv_block(x, 3, [32, 32, 128], stage=3, block='a')
x = identity_block(x, 3, [32, 32, 128], stage=3, block='b')

x = AveragePooling2D((2, 2), name='avg_pool')(x)
x = Flatten()(x)
x = Dense(10, activation='softmax', name='fc10')(x)
model = Model(img_input, x, name='resnet_small')
