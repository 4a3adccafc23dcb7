import keras
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import LSTM, Dense

batch_size = 16
model = Sequential()
model.add(keras.Input(batch_shape=(batch_size, 10, 8)))
model.add(LSTM(32, return_sequences=True, stateful=True))
model.add(LSTM(16, stateful=True))
model.add(Dense(1))
