# stateful LSTM with Keras 2's batch_input_shape
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import LSTM, Dense

batch_size = 16
model = Sequential()
model.add(LSTM(32, batch_input_shape=(batch_size, 10, 8), return_sequences=True, stateful=True))
model.add(LSTM(16, stateful=True))
model.add(Dense(1))
