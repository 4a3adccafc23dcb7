"""DenseNet and Inception blocks as helpers: a dense block growing its features with concatenate in a loop,
a transition, and an Inception module whose four branches meet in one concatenate."""
from tensorflow.keras import layers, Model, Input


def conv_bn(x, filters, kernel_size, **kwargs):
    x = layers.BatchNormalization()(x)
    x = layers.Activation("relu")(x)
    return layers.Conv2D(filters, kernel_size, padding="same", use_bias=False, **kwargs)(x)


def dense_block(x, num_layers, growth_rate):
    for _ in range(num_layers):
        y = conv_bn(x, 4 * growth_rate, 1)
        y = conv_bn(y, growth_rate, 3)
        x = layers.concatenate([x, y])
    return x


def transition(x, reduction=0.5):
    x = conv_bn(x, int(x.shape[-1] * reduction), 1)
    return layers.AveragePooling2D(2, strides=2)(x)


def inception_module(x, f1, f3_in, f3, f5_in, f5, pool_proj):
    branches = [
        layers.Conv2D(f1, 1, padding="same", activation="relu")(x),
        layers.Conv2D(f3, 3, padding="same", activation="relu")(
            layers.Conv2D(f3_in, 1, padding="same", activation="relu")(x)),
        layers.Conv2D(f5, 5, padding="same", activation="relu")(
            layers.Conv2D(f5_in, 1, padding="same", activation="relu")(x)),
        layers.Conv2D(pool_proj, 1, padding="same", activation="relu")(
            layers.MaxPooling2D(3, strides=1, padding="same")(x)),
    ]
    return layers.Concatenate(axis=-1)(branches)


inputs = Input(shape=(32, 32, 3))
x = layers.Conv2D(24, 3, padding="same", use_bias=False)(inputs)
x = dense_block(x, num_layers=3, growth_rate=12)
x = transition(x)
x = inception_module(x, 16, 16, 24, 4, 8, 8)
x = layers.GlobalAveragePooling2D()(x)
outputs = layers.Dense(10, activation="softmax")(x)
model = Model(inputs, outputs, name="densenet_inception")
