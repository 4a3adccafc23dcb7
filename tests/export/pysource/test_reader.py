"""The source importer's reading of Python and Keras constructs (no TensorFlow: shapes from the engine)."""

from __future__ import annotations

import pytest

from designer.engine import infer_document
from designer.export.pysource import import_source


def _open(source: str):
    result = import_source(source)
    inference = infer_document(result.document)
    return result, {r.name: r for r in inference.results()}, "\n".join(result.notes)


def test_subclassed_layer_and_unknown_function_become_unknown_layers_with_their_lines():
    result, rows, notes = _open(
        "import tensorflow as tf\nfrom tensorflow.keras import layers\n"
        "class MyBlock(layers.Layer):\n    def call(self, x):\n        return x\n"
        "inp = layers.Input((8, 8, 3))\nx = MyBlock()(inp)\ny = tf.signal.rfft(inp)\n"
        "z = layers.Conv2D(4, 3)(inp)\nmodel = tf.keras.Model(inp, [x, y, z])\n")
    assert rows["my_block"].class_name == "MyBlock" and rows["my_block"].outputs is None
    assert rows["rfft"].class_name == "rfft"
    assert rows["conv2d"].output_shape == (None, 6, 6, 4)  # the rest of the model still opens
    assert "line 7: MyBlock is a class defined in the code" in notes
    assert "line 8: tf.signal.rfft(…) on a tensor is not understood" in notes


def test_positional_arguments_follow_keras_signature_order_and_aliases_resolve():
    result, rows, _ = _open("from keras.layers import *\nfrom keras.models import Model\n"
                            "i = Input((32, 32, 3))\nx = Convolution2D(8, 5, 2, 'same')(i)\n"
                            "x = MaxPool2D(2, 1)(x)\nm = Model(i, x)\n")
    conv = result.document.layer("conv2d").config
    assert conv["filters"] == 8 and conv["kernel_size"] == 5 and conv["strides"] == 2 and conv["padding"] == "same"
    assert rows["conv2d"].output_shape == (None, 16, 16, 8)
    assert rows["max_pooling2d"].output_shape == (None, 15, 15, 8)


def test_shared_layer_gives_one_design_layer_per_call_with_weights_counted_once():
    result, _, _ = _open("import keras\nfrom keras import layers\nd = layers.Dense(4)\n"
                         "a = keras.Input((3,))\nb = keras.Input((3,))\n"
                         "m = keras.Model([a, b], layers.add([d(a), d(b)]))\n")
    ids = [n.id for n in result.document if n.class_name == "Dense"]
    assert ids == ["dense", "dense__2"]
    assert infer_document(result.document).params.total == 16


def test_shape_of_a_tensor_drives_python_code():
    _, rows, _ = _open("import keras\nfrom keras import layers\nfrom keras import backend as K\n"
                       "i = keras.Input((10, 10, 6))\nx = layers.Conv2D(i.shape[-1] * 2, 3)(i)\n"
                       "n = K.int_shape(x)[1]\nx = layers.Reshape((n * n * 12,))(x)\n"
                       "m = keras.Model(i, x)\n")
    assert rows["conv2d"].output_shape == (None, 8, 8, 12)
    assert rows["reshape"].output_shape == (None, 768)


def test_lstm_return_state_unpacks_into_its_outputs():
    result, _, _ = _open("from keras.layers import Input, LSTM, Dense\nfrom keras.models import Model\n"
                         "i = Input((5, 3))\nout, h, c = LSTM(7, return_state=True)(i)\n"
                         "m = Model(i, [Dense(2)(h), c])\n")
    dense = result.document.layer("dense")
    assert dense.inbound[0].index == 1
    assert [s.index for s in result.document.outputs()] == [0, 2]


def test_everything_that_does_not_build_the_model_is_skipped_and_listed():
    _, rows, notes = _open(
        "import numpy as np\nimport keras\nx_train = np.load('data.npy')\n"
        "model = keras.Sequential([keras.Input((4,)), keras.layers.Dense(1)])\n"
        "model.compile(optimizer=keras.optimizers.SGD(lr=0.1), loss='mse')\n"
        "model.fit(x_train, x_train, epochs=3)\nprint(model.summary())\n")
    assert list(rows) == ["input_layer", "dense"]
    assert "line 5: SGD(lr=…) fails in Keras 3: use SGD(learning_rate=…)" in notes
    skipped = next(n for n in notes.splitlines() if n.startswith("skipped"))
    for what in ("numpy.load (line 3)", "compile (line 5)", "fit (line 6)", "print (line 7)"):
        assert what in skipped


def test_keras2_spellings_are_read_and_flagged_with_the_keras3_spelling():
    result, rows, notes = _open("from keras.models import Sequential\nfrom keras.layers import Dense, LeakyReLU\n"
                                "m = Sequential()\nm.add(Dense(8, input_dim=3))\nm.add(LeakyReLU(alpha=0.1))\n")
    assert rows["dense"].inputs == ((None, 3),)
    assert result.document.layer("leaky_re_lu").config["negative_slope"] == 0.1
    assert "line 4: Dense(input_dim=…)" in notes and "keras.Input(shape=(3,))" in notes
    assert "line 5: LeakyReLU(alpha=…) is the Keras 2 spelling; Keras 3 calls it negative_slope=" in notes


def test_a_model_returned_by_a_function_called_at_module_level_is_the_one_opened():
    result, _, notes = _open("import keras\n"
                             "def head(n):\n    return keras.Sequential([keras.Input((n,)), keras.layers.Dense(n)])\n"
                             "def build(width=6):\n    i = keras.Input((3,))\n"
                             "    return keras.Model(i, keras.layers.Dense(width)(i), name='main')\n"
                             "model = build(9)\n")
    assert result.document.name == "main"
    assert infer_document(result.document).params.total == 36
    assert "never called" not in notes


@pytest.mark.parametrize("spelling", ["keras.layers.Dense", "tf.keras.layers.Dense", "layers.Dense", "L.Dense",
                                      "Dense"])
def test_the_usual_spellings_of_a_layer_all_resolve(spelling):
    header = ("import keras\nimport tensorflow as tf\nfrom tensorflow.keras import layers\n"
              "from tensorflow.keras import layers as L\nfrom keras.layers import *\n")
    result, rows, _ = _open(header + f"m = keras.Sequential([keras.Input((2,)), {spelling}(5)])\n")
    assert rows["dense"].params.total == 15


def test_the_sources_own_syntax_warnings_are_not_printed():
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        import_source('p = "\\d+"\nok = 1 is 1\nimport keras\n'
                      'm = keras.Sequential([keras.Input((2,)), keras.layers.Dense(1)])\n')
    assert caught == []


def test_a_keras_application_base_opens_as_one_unknown_layer_with_the_head_after_it():
    result, rows, notes = _open(
        "from tensorflow.keras.applications import VGG16\nfrom tensorflow.keras import layers, Model\n"
        "base = VGG16(weights='imagenet', include_top=False, input_shape=(224, 224, 3))\n"
        "x = layers.GlobalAveragePooling2D()(base.output)\npreds = layers.Dense(5)(x)\n"
        "model = Model(inputs=base.input, outputs=preds)\n")
    assert [r.class_name for r in rows.values()] == ["InputLayer", "VGG16", "GlobalAveragePooling2D", "Dense"]
    assert rows["input_layer"].output_shape == (None, 224, 224, 3)
    assert rows["dense"].outputs is None  # after an unknown layer: unknown, never guessed
    assert "line 3: keras.applications.VGG16(…) is a whole pretrained architecture" in notes


def test_a_subclassed_model_is_refused_with_the_reason_and_the_way_out():
    from designer.model import DocumentError

    with pytest.raises(DocumentError, match=r"line 2: Net is a subclassed model: .* functional API"):
        import_source("import keras\nclass Net(keras.Model):\n    def call(self, x):\n        return x\n"
                      "model = Net()\n")


def test_keras1_arguments_are_renamed_and_flagged_and_keras1_kernel_rows_columns_are_warned():
    result, rows, notes = _open(
        "from keras.models import Sequential\nfrom keras.layers import Convolution2D, Dense, Flatten\n"
        "model = Sequential()\n"
        "model.add(Convolution2D(32, 3, 3, border_mode='same', input_shape=(28, 28, 1)))\n"
        "model.add(Flatten())\nmodel.add(Dense(output_dim=10))\n")
    assert rows["conv2d"].output_shape == (None, 10, 10, 32)  # Keras 3 reads the second 3 as strides=3
    assert rows["dense"].params.total == 3200 * 10 + 10
    assert "line 4: Conv2D(border_mode=…) is the Keras 1 spelling and fails in Keras 3: use padding=" in notes
    assert "Keras 3 reads the third as strides=3. Write Conv2D(32, (3, 3))" in notes
    assert "line 6: Dense(output_dim=…) is the Keras 1 spelling and fails in Keras 3: use units=" in notes


def test_tensorflow_functions_on_keras_tensors_are_read_as_keras3_operations_and_flagged():
    _, rows, notes = _open("import tensorflow as tf\nimport keras\nfrom keras import backend as K\n"
                           "a = keras.Input((8,))\nb = keras.Input((8,))\nc = tf.add(a, b)\n"
                           "d = K.concatenate([c, tf.nn.relu(c)], axis=-1)\nm = keras.Model([a, b], d)\n")
    assert [(r.class_name, r.output_shape) for r in rows.values()][2:] == [
        ("Add", (None, 8)), ("Activation", (None, 8)), ("Concatenate", (None, 16))]
    assert "line 6: tf.add on a Keras tensor fails in Keras 3: use keras.ops.add" in notes
    assert "line 7: tf.nn.relu(x) on a Keras tensor fails in Keras 3: use keras.layers.Activation('relu')(x)" in notes


def test_two_layers_given_the_same_name_both_open_under_distinct_names_with_a_warning():
    result, rows, notes = _open("import keras\nfrom keras import layers\ni = keras.Input((4,))\n"
                                "x = layers.Dense(3, name='fc')(i)\nx = layers.Dense(2, name='fc')(x)\n"
                                "m = keras.Model(i, x)\n")
    assert [r.name for r in rows.values()] == ["input_layer", "fc", "fc_1"]
    assert "line 5: the name 'fc' is already used by the layer of line 4; Keras 3 refuses" in notes


def test_layer_names_built_with_format_and_percent_are_read_but_format_lookups_are_not():
    result, rows, notes = _open("import keras\nfrom keras import layers\nx = i = keras.Input((4,))\n"
                                "for k in range(2):\n"
                                "    x = layers.Dense(4, name='fc{}_{n}'.format(k, n='a'))(x)\n"
                                "x = layers.Dense(2, name='out%d' % 7)(x)\n"
                                "x = layers.Dense(2, name='{0.__class__}'.format(x))(x)\n"
                                "m = keras.Model(i, x)\n")
    assert list(rows)[1:] == ["fc0_a", "fc1_a", "out7"]
    assert "line 7: not understood" in notes


def test_shapes_read_in_a_loop_follow_each_new_layer():
    _, rows, _ = _open("import keras\nfrom keras import layers\ni = keras.Input((8, 8, 3))\nwidths = []\n"
                       "for f in [4, 8, 16, 32, 64]:\n    t = layers.Conv2D(f, 1)(i)\n"
                       "    widths.append(t.shape[-1])\n"
                       "x = layers.Dense(sum(widths))(layers.Flatten()(i))\nm = keras.Model(i, x)\n")
    assert rows["dense"].output_shape == (None, 124)


def test_a_sequential_gives_its_graph_to_a_model_built_from_its_layers():
    result, rows, notes = _open(
        "import keras\nfrom keras import layers\n"
        "model = keras.Sequential([keras.Input((6,)), layers.Dense(4, name='f'), layers.Dense(2)])\n"
        "extractor = keras.Model(inputs=model.input, outputs=model.get_layer('f').output)\n")
    assert [(r.name, r.output_shape) for r in rows.values()] == [("input_layer", (None, 6)), ("f", (None, 4))]
    assert ("line 4: sequential.input of a Sequential model never called fails in Keras 3 "
            "(\"has no defined input\"): use sequential.inputs[0]") in notes


def test_tf_functions_on_keras_tensors_are_told_and_read_as_the_keras_ops_operation():
    result, rows, notes = _open(
        "import tensorflow as tf\nimport keras\ninp = keras.Input((4, 6))\n"
        "t = tf.transpose(inp, perm=[0, 2, 1])\nm = tf.reduce_mean(t, axis=1)\n"
        "model = keras.Model(inp, m)\n")
    assert (rows["transpose"].class_name, rows["transpose"].output_shape) == ("Permute", (None, 6, 4))
    assert (rows["mean"].class_name, rows["mean"].output_shape) == ("GlobalAveragePooling1D", (None, 4))
    assert "tf.transpose on a Keras tensor fails in Keras 3: use keras.ops.transpose" in notes
    assert "tf.reduce_mean on a Keras tensor fails in Keras 3: use keras.ops.mean" in notes


def test_operation_without_a_catalog_layer_keeps_keras_class_and_name_and_the_model_opens():
    result, rows, notes = _open(
        "import keras\nfrom keras import layers, ops\ninp = keras.Input((10, 16))\n"
        "a, b = ops.split(inp, [4], axis=-1)\ncls = inp[:, 0]\n"
        "model = keras.Model(inp, [layers.Dense(2)(cls), layers.Dense(3)(a), b])\n")
    assert rows["get_item"].class_name == "ops.GetItem" and rows["get_item"].outputs is None
    assert rows["split"].class_name == "ops.Split" and rows["dense_1"].error is None
    assert rows["dense"].unknown_from == "get_item"
    assert "line 5: x[…]: the designer's catalog has no layer computing this operation" in notes
    assert result.document.layer("split").config["indices_or_sections"] == [4]


def test_starred_targets_and_starred_arguments_unpack_as_python_does():
    result, rows, _ = _open(
        "import keras\nfrom keras import layers\n"
        "first, *middle, last = [layers.Dense(n) for n in (1, 2, 3, 4)]\n"
        "def stack(x, *blocks, scale=1):\n    for b in blocks:\n        x = b(x)\n    return x\n"
        "inp = keras.Input((5,))\nkw = {'scale': 2}\n"
        "model = keras.Model(inp, last(stack(inp, *middle, **kw)))\n")
    assert [(r.name, r.output_shape) for r in rows.values() if r.class_name == "Dense"] == [
        ("dense_1", (None, 2)), ("dense_2", (None, 3)), ("dense_3", (None, 4))]


def test_a_layers_several_outputs_slice_as_a_list_and_keyword_tensors_stay_connected():
    result, rows, _ = _open(
        "import keras\nfrom keras import layers\nenc_in = keras.Input((None, 8))\ndec_in = keras.Input((None, 5))\n"
        "results = layers.LSTM(16, return_state=True)(enc_in)\nstates = results[1:]\n"
        "seq = layers.LSTM(16, return_sequences=True)(dec_in, initial_state=states)\n"
        "model = keras.Model([enc_in, dec_in], [layers.Dense(3)(seq), results[-1]])\n")
    assert [src.layer for src in result.document.layer("lstm_1").inbound] == ["input_layer_1", "lstm", "lstm"]
    assert rows["lstm_1"].output_shape == (None, None, 16) and rows["dense"].output_shape == (None, None, 3)


def test_layers_a_subclassed_layer_constructs_in_init_take_keras_automatic_names_without_running_it():
    result, rows, notes = _open(
        "import keras\nfrom keras import layers\n"
        "class Block(layers.Layer):\n    def __init__(self):\n        super().__init__()\n"
        "        self.ffn = keras.Sequential([layers.Dense(4), layers.Dense(4)])\n"
        "        self.att = layers.MultiHeadAttention(2, 4)\n        self.out = layers.Dense(4, name='proj')\n"
        "class Loop(layers.Layer):\n    def __init__(self, n):\n        super().__init__()\n"
        "        self.parts = [layers.Dropout(0.1) for _ in range(n)]\n"
        "inp = keras.Input((3, 4))\nx = Block()(inp)\nx = Loop(2)(x)\n"
        "model = keras.Model(inp, layers.Dropout(0.2)(layers.Dense(2)(x)))\n")
    assert [r.name for r in rows.values()][1:] == ["block", "loop", "dense_2", "dropout_1"]
    assert "line 15: Loop.__init__ creates layers in loops or conditions, which are never run" in notes


def test_keras2_backend_functions_are_told_and_read_as_the_keras_ops_that_keras3_has():
    _, rows, notes = _open(
        "from keras import backend as K\nfrom keras.layers import Input, Dense\nfrom keras.models import Model\n"
        "i = Input((6, 4))\nx = K.expand_dims(Dense(8)(i))\nx = K.permute_dimensions(K.squeeze(x, -1), (0, 2, 1))\n"
        "n = K.int_shape(x)[-1]\nx = K.mean(x, axis=1)\nm = Model(i, Dense(n)(x))\n")
    assert [(r.name, r.class_name, r.output_shape) for r in rows.values()][2:] == [
        ("expand_dims", "Reshape", (None, 6, 8, 1)), ("squeeze", "Reshape", (None, 6, 8)),
        ("transpose", "Permute", (None, 8, 6)), ("mean", "GlobalAveragePooling1D", (None, 6)),
        ("dense_1", "Dense", (None, 6))]
    assert "keras.backend.mean is Keras 2 and fails in Keras 3 (its keras.backend has no mean): use keras.ops.mean" \
        in notes
    assert "keras.backend.int_shape is Keras 2 and fails in Keras 3" in notes


def test_a_tensors_ndim_is_its_rank_from_the_engine():
    _, rows, _ = _open("import keras\nfrom keras import ops\ni = keras.Input((4, 6, 3))\n"
                       "x = ops.mean(i, axis=tuple(range(1, i.ndim - 1)))\nm = keras.Model(i, x)\n")
    assert (rows["mean"].class_name, rows["mean"].output_shape) == ("GlobalAveragePooling2D", (None, 3))


def test_a_layers_several_outputs_iterate_and_star_into_lists():
    result, rows, _ = _open(
        "import keras\nfrom keras import layers\ni = keras.Input((5, 3))\n"
        "outs = [*layers.LSTM(4, return_state=True)(i)]\nstates = [t for t in layers.GRU(2, return_state=True)(i)]\n"
        "model = keras.Model(i, layers.concatenate([*outs, *states]))\n")
    assert rows["concatenate"].output_shape == (None, 16)


def test_a_subclassed_layer_whose_call_applies_operations_is_told_to_shift_later_operation_names():
    _, rows, notes = _open(
        "import keras\nfrom keras import layers, ops\nclass Scale(layers.Layer):\n    def call(self, x):\n"
        "        return ops.sqrt(x) * 2.0\nclass Plain(layers.Layer):\n    def call(self, x):\n        return x\n"
        "i = keras.Input((3,))\nm = keras.Model(i, Plain()(Scale()(i)))\n")
    assert "line 10: Scale.call applies operations (keras.ops, a + b…), which Keras names as it runs call()" in notes
    assert "Plain.call applies" not in notes


def test_tensorflow_shape_methods_are_told_and_read_as_keras3_shapes():
    _, rows, notes = _open("import keras\nfrom keras import layers\ni = keras.Input((8, 8, 3))\n"
                           "x = layers.Conv2D(4, 3)(i)\nh, w, c = x.get_shape().as_list()[1:]\n"
                           "n = i.shape.as_list()[-1]\nx = layers.Reshape((h * w * c,))(x)\n"
                           "m = keras.Model(i, layers.Dense(n)(x))\n")
    assert rows["reshape"].output_shape == (None, 144) and rows["dense"].output_shape == (None, 3)
    assert "x.get_shape() is TensorFlow's; a Keras 3 tensor has none: use x.shape" in notes
    assert "shape.as_list() is TensorFlow's; a Keras 3 tensor's shape is a tuple: use list(x.shape)" in notes
