from tensorflow import keras
from tensorflow.keras.layers import InputLayer, Conv2D, MaxPool2D, Flatten, Dense

model = keras.Sequential()
model.add(InputLayer(input_shape=(32, 32, 3)))
model.add(Conv2D(16, 3, activation='relu', padding='same'))
model.add(MaxPool2D())
model.add(Conv2D(32, 3, activation='relu'))
model.add(MaxPool2D(2))
model.add(Flatten())
model.add(Dense(10, activation='softmax'))
