import keras
from keras import layers

features = {"age": 1, "income": 1, "zip": 8}
inputs = {name: keras.Input(shape=(width,), name=name) for name, width in features.items()}
encoded = [layers.Dense(4, activation="relu", name=f"enc_{name}")(inputs[name]) for name in sorted(inputs)]
x = layers.concatenate(encoded, name="all_features")
for i in range(2):
    x = layers.Dense(16 // (i + 1), activation="relu", name=f"hidden_{i}")(x)
out = layers.Dense(1, name="score")(x)
model = keras.Model(inputs=inputs, outputs=out)
