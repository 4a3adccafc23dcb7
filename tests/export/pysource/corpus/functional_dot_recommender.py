from keras.layers import Input, Embedding, Flatten, Dot, dot, Dense
from keras.models import Model

n_users, n_items, k = 500, 300, 16
user = Input(shape=(1,), name='user')
item = Input(shape=(1,), name='item')
u = Flatten()(Embedding(n_users, k)(user))
i = Flatten()(Embedding(n_items, k)(item))
score = dot([u, i], axes=1)
cos = Dot(axes=1, normalize=True)([u, i])
model = Model(inputs=[user, item], outputs=[score, cos])
