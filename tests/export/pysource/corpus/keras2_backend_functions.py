"""Keras 2 code from an answer that pools and reshapes with keras.backend functions (K.mean, K.max,
K.expand_dims, K.permute_dimensions, K.concatenate, K.int_shape), which Keras 3's keras.backend no longer has."""
from keras import backend as K
from keras.layers import Input, Conv1D, Dense
from keras.models import Model

seq = Input(shape=(50, 12))
h = Conv1D(32, 5, padding='same', activation='relu')(seq)
h = K.permute_dimensions(h, (0, 2, 1))
h = Dense(25)(h)
h = K.permute_dimensions(h, (0, 2, 1))
avg = K.mean(h, axis=1)
peak = K.max(h, axis=1)
pooled = K.concatenate([avg, peak], axis=-1)
width = K.int_shape(pooled)[-1]
out = Dense(width // 4, activation='relu')(pooled)
out = K.expand_dims(out)
out = Conv1D(1, 3, padding='same')(out)
model = Model(inputs=seq, outputs=out)
