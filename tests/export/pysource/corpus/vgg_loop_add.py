from keras.models import Sequential
from keras.layers import Conv2D, MaxPooling2D, Flatten, Dense, Input

model = Sequential()
model.add(Input(shape=(64, 64, 3)))
for i, filters in enumerate([32, 64, 128]):
    for _ in range(2 if i else 1):
        model.add(Conv2D(filters, (3, 3), padding='same', activation='relu'))
    model.add(MaxPooling2D((2, 2)))
model.add(Flatten())
model.add(Dense(256, activation='relu'))
model.add(Dense(10, activation='softmax'))
