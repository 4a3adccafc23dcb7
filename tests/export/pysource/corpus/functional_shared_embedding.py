"""keras.io functional API guide: shared layers."""
import keras
from keras import layers

shared_embedding = layers.Embedding(1000, 128)
text_input_a = keras.Input(shape=(None,), dtype="int32")
text_input_b = keras.Input(shape=(None,), dtype="int32")
encoded_input_a = shared_embedding(text_input_a)
encoded_input_b = shared_embedding(text_input_b)
shared_lstm = layers.LSTM(64)
a = shared_lstm(encoded_input_a)
b = shared_lstm(encoded_input_b)
merged = layers.concatenate([a, b], axis=-1)
predictions = layers.Dense(1, activation="sigmoid")(merged)
model = keras.Model(inputs=[text_input_a, text_input_b], outputs=predictions)
