"""Seq2seq encoder: an LSTM with return_state unpacked into three tensors."""
from tensorflow.keras.layers import Input, LSTM, Dense, Concatenate
from tensorflow.keras.models import Model

encoder_inputs = Input(shape=(None, 71))
encoder = LSTM(256, return_state=True)
encoder_outputs, state_h, state_c = encoder(encoder_inputs)
states = Concatenate()([state_h, state_c])
out = Dense(10)(states)
model = Model(encoder_inputs, [encoder_outputs, out])
