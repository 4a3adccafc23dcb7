"""Query-value attention (keras.io Attention layer docstring example)."""
import tensorflow as tf

query_input = tf.keras.Input(shape=(None,), dtype='int32')
value_input = tf.keras.Input(shape=(None,), dtype='int32')
token_embedding = tf.keras.layers.Embedding(input_dim=1000, output_dim=64)
query_embeddings = token_embedding(query_input)
value_embeddings = token_embedding(value_input)
cnn_layer = tf.keras.layers.Conv1D(filters=100, kernel_size=4, padding='same')
query_seq_encoding = cnn_layer(query_embeddings)
value_seq_encoding = cnn_layer(value_embeddings)
query_value_attention_seq = tf.keras.layers.Attention()([query_seq_encoding, value_seq_encoding])
query_encoding = tf.keras.layers.GlobalAveragePooling1D()(query_seq_encoding)
query_value_attention = tf.keras.layers.GlobalAveragePooling1D()(query_value_attention_seq)
input_layer = tf.keras.layers.Concatenate()([query_encoding, query_value_attention])
model = tf.keras.Model([query_input, value_input], tf.keras.layers.Dense(1)(input_layer))
