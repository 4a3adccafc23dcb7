inputs_ = tf.placeholder(tf.float32, (None, 28, 28, 1), name='inputs')

conv1 = tf.layers.conv2d(inputs=inputs_, filters=32, kernel_size=(3,3), padding='same', activation=tf.nn.relu)
# Now 28x28x32
