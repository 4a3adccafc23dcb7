"""keras.io Vision Transformer: patches extracted by a layer subclassed in the code (never run: an unknown
layer), then projection, transformer blocks with an mlp helper and the classification head; the
augmentation is a nested Sequential."""
import keras
from keras import layers, ops

image_size, patch_size, projection_dim = 32, 8, 32
num_patches = (image_size // patch_size) ** 2
transformer_units = [projection_dim * 2, projection_dim]

data_augmentation = keras.Sequential(
    [layers.Resizing(image_size, image_size), layers.RandomFlip("horizontal"), layers.RandomRotation(factor=0.02)],
    name="data_augmentation",
)


def mlp(x, hidden_units, dropout_rate):
    for units in hidden_units:
        x = layers.Dense(units, activation=keras.activations.gelu)(x)
        x = layers.Dropout(dropout_rate)(x)
    return x


class Patches(layers.Layer):
    def __init__(self, patch_size):
        super().__init__()
        self.patch_size = patch_size

    def call(self, images):
        patches = keras.ops.image.extract_patches(images, size=self.patch_size)
        return ops.reshape(patches, (-1, num_patches, self.patch_size * self.patch_size * 3))


inputs = keras.Input(shape=(32, 32, 3))
augmented = data_augmentation(inputs)
patches = Patches(patch_size)(augmented)
encoded = layers.Dense(projection_dim)(patches)
for _ in range(2):
    x1 = layers.LayerNormalization(epsilon=1e-6)(encoded)
    attention_output = layers.MultiHeadAttention(num_heads=4, key_dim=projection_dim, dropout=0.1)(x1, x1)
    x2 = layers.Add()([attention_output, encoded])
    x3 = layers.LayerNormalization(epsilon=1e-6)(x2)
    x3 = mlp(x3, hidden_units=transformer_units, dropout_rate=0.1)
    encoded = layers.Add()([x3, x2])
representation = layers.LayerNormalization(epsilon=1e-6)(encoded)
representation = layers.Flatten()(representation)
features = mlp(representation, hidden_units=[64, 32], dropout_rate=0.5)
logits = layers.Dense(10)(features)
model = keras.Model(inputs=inputs, outputs=logits)
