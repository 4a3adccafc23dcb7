from tensorflow.keras.layers import Input, Dense, Lambda, subtract
from tensorflow.keras.models import Model

left = Input(shape=(20,))
right = Input(shape=(20,))
tower1 = Dense(32, activation='relu')
tower2 = Dense(16, activation='relu')
l = tower2(tower1(left))
r = tower2(tower1(right))
diff = subtract([l, r])
out = Dense(1, activation='sigmoid')(diff)
siamese = Model([left, right], out)
