import tensorflow as tf
from tensorflow.keras import layers, models

model = models.Sequential()
model.add(layers.Input((100, 1)))
model.add(layers.Conv1D(32, kernel_size=5, strides=2, activation='relu'))
model.add(layers.MaxPooling1D(pool_size=2))
model.add(layers.LSTM(50, return_sequences=True))
model.add(layers.LSTM(50))
model.add(layers.RepeatVector(10))
model.add(layers.LSTM(20, return_sequences=True))
model.add(layers.TimeDistributed(layers.Dense(1)))
model.compile(loss='mse', optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3))
