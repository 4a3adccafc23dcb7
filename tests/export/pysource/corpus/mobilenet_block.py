from tensorflow.keras import layers, Model, Input


def inverted_residual(x, expansion, filters, stride, block_id):
    in_channels = x.shape[-1]
    prefix = f"block_{block_id}_"
    h = layers.Conv2D(expansion * in_channels, 1, padding="same", use_bias=False, name=prefix + "expand")(x)
    h = layers.BatchNormalization(name=prefix + "expand_BN")(h)
    h = layers.ReLU(6.0, name=prefix + "expand_relu")(h)
    if stride == 2:
        h = layers.ZeroPadding2D(padding=((0, 1), (0, 1)), name=prefix + "pad")(h)
    h = layers.DepthwiseConv2D(3, strides=stride, padding="same" if stride == 1 else "valid", use_bias=False,
                               name=prefix + "depthwise")(h)
    h = layers.BatchNormalization(name=prefix + "depthwise_BN")(h)
    h = layers.ReLU(6.0, name=prefix + "depthwise_relu")(h)
    h = layers.Conv2D(filters, 1, padding="same", use_bias=False, name=prefix + "project")(h)
    h = layers.BatchNormalization(name=prefix + "project_BN")(h)
    if in_channels == filters and stride == 1:
        return layers.Add(name=prefix + "add")([x, h])
    return h


inputs = Input(shape=(96, 96, 3))
x = layers.Conv2D(16, 3, strides=2, padding="same", use_bias=False)(inputs)
block = 0
for expansion, filters, stride in [(1, 16, 1), (6, 24, 2), (6, 24, 1), (6, 32, 2)]:
    x = inverted_residual(x, expansion, filters, stride, block)
    block += 1
x = layers.GlobalAveragePooling2D()(x)
model = Model(inputs, layers.Dense(5)(x))
