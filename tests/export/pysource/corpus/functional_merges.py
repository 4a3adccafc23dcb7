from tensorflow.keras.layers import Input, Dense, average, maximum, minimum, multiply, concatenate
from tensorflow.keras.models import Model

x = Input(shape=(10,))
branches = [Dense(8, activation='relu')(x) for _ in range(3)]
avg = average(branches)
mx = maximum(branches)
mn = minimum([branches[0], branches[1]])
gate = Dense(8, activation='sigmoid')(x)
gated = multiply([avg, gate])
merged = concatenate([gated, mx, mn], axis=-1)
out = Dense(1)(merged)
model = Model(x, out)
