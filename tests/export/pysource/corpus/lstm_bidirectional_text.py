import tensorflow as tf
from tensorflow.keras import layers

max_features = 20000
model = tf.keras.Sequential()
model.add(layers.Input(shape=(None,), dtype="int64"))
model.add(layers.Embedding(max_features, 128))
model.add(layers.Bidirectional(layers.LSTM(64, return_sequences=True)))
model.add(layers.Bidirectional(layers.LSTM(64)))
model.add(layers.Dense(1, activation="sigmoid"))
