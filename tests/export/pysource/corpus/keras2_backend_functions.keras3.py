"""Keras 3 twin of keras2_backend_functions.py: keras.ops where the Keras 2 code used keras.backend."""
import keras
from keras import ops
from keras.layers import Input, Conv1D, Dense
from keras.models import Model

seq = Input(shape=(50, 12))
h = Conv1D(32, 5, padding='same', activation='relu')(seq)
h = ops.transpose(h, (0, 2, 1))
h = Dense(25)(h)
h = ops.transpose(h, (0, 2, 1))
avg = ops.mean(h, axis=1)
peak = ops.max(h, axis=1)
pooled = ops.concatenate([avg, peak], axis=-1)
width = pooled.shape[-1]
out = Dense(width // 4, activation='relu')(pooled)
out = ops.expand_dims(out, -1)
out = Conv1D(1, 3, padding='same')(out)
model = Model(inputs=seq, outputs=out)
