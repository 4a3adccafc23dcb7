"""A decoder block with GroupQueryAttention and no names given: Keras names the layer after its Python class
(grouped_query_attention) and its first call builds a Softmax and a Dropout, so the next ones are dropout_1 and
softmax_1."""
import keras
from keras import layers

tokens = keras.Input((10, 16))
x = layers.GroupQueryAttention(head_dim=8, num_query_heads=4, num_key_value_heads=2)(tokens, tokens)
x = layers.Dropout(0.1)(x)
x = layers.Add()([tokens, x])
x = layers.LayerNormalization()(x)
x = layers.Softmax()(x)
model = keras.Model(tokens, x)
