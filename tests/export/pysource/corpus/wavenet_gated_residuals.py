"""WaveNet-style stack: causal dilated Conv1D in a loop over dilation rates, gated activations multiplied,
residual and skip connections gathered in a list and summed with layers.add."""
from tensorflow import keras
from tensorflow.keras import layers

n_filters, filter_width = 16, 2
dilation_rates = [2 ** i for i in range(4)]

history = keras.Input(shape=(None, 1))
x = history
skips = []
for rate in dilation_rates:
    x = layers.Conv1D(16, 1, padding="same", activation="relu")(x)
    x_f = layers.Conv1D(n_filters, filter_width, padding="causal", dilation_rate=rate)(x)
    x_g = layers.Conv1D(n_filters, filter_width, padding="causal", dilation_rate=rate)(x)
    z = layers.Multiply()([layers.Activation("tanh")(x_f), layers.Activation("sigmoid")(x_g)])
    z = layers.Conv1D(16, 1, padding="same", activation="relu")(z)
    x = layers.Add()([x, z])
    skips.append(z)
out = layers.Activation("relu")(layers.add(skips))
out = layers.Conv1D(32, 1, padding="same")(out)
out = layers.Dropout(0.2)(layers.Activation("relu")(out))
out = layers.Conv1D(1, 1, padding="same")(out)
model = keras.Model(history, out)
