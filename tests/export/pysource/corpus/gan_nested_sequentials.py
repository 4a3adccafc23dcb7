from keras.models import Sequential
from keras.layers import Dense, Input, LeakyReLU, Dropout

latent_dim = 32
generator = Sequential([Input(shape=(latent_dim,)), Dense(64), LeakyReLU(negative_slope=0.2), Dense(784, activation='tanh')],
                       name="generator")
discriminator = Sequential([Input(shape=(784,)), Dense(64), LeakyReLU(negative_slope=0.2), Dropout(0.3),
                            Dense(1, activation='sigmoid')], name="discriminator")
discriminator.trainable = False
gan = Sequential([Input(shape=(latent_dim,)), generator, discriminator])
gan.compile(loss='binary_crossentropy', optimizer='adam')
