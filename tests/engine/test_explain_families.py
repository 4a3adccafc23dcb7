"""The rule of each layer family with the layer's own numbers, and parameter counts as sums."""

import pytest

from designer.engine.explain.arithmetic import none_notes, shape_lines
from designer.engine.explain.cost import layer_cost
from designer.engine.explain.model import Ctx
from designer.engine.explain.params import params_text
from designer.engine.layer_infer import infer_layer

N = None


def explain(class_name, config, *inputs):
    r = infer_layer(class_name, config, [tuple(s) for s in inputs])
    assert r.error is None, r.error
    ctx = Ctx(class_name, r.config, tuple(tuple(s) for s in inputs), r.outputs, class_name.lower())
    lines, exact = shape_lines(ctx)
    params, exact_params = params_text(ctx, r.params)
    assert exact and exact_params
    return "\n".join(lines), params, ctx


@pytest.mark.parametrize("class_name,config,shape,expected", [
    ("MaxPooling2D", {}, (N, 7, 7, 8), ["height: floor((7 − 2) / 2) + 1 = 3", "strides not set"]),
    ("MaxPooling2D", {"padding": "same"}, (N, 7, 7, 8), ["height: ceil(7 / 2) = 4"]),
    ("AveragePooling1D", {"pool_size": 3, "strides": 1}, (N, 10, 2), ["steps: floor((10 − 3) / 1) + 1 = 8"]),
    ("Conv2D", {"filters": 32, "kernel_size": 3, "padding": "same"}, (N, 28, 28, 1),
     ["height: ceil(28 / 1) = 28", "channels: filters = 32"]),
    ("Conv2D", {"filters": 32, "kernel_size": 3, "padding": "same", "strides": 3}, (N, 28, 28, 1),
     ["height: ceil(28 / 3) = 10"]),
    ("Conv2D", {"filters": 64, "kernel_size": 3}, (N, 572, 572, 1), ["height: floor((572 − 3) / 1) + 1 = 570"]),
    ("Conv2D", {"filters": 4, "kernel_size": 3, "dilation_rate": 2}, (N, 28, 28, 1),
     ["effective kernel = (3 − 1)·2 + 1 = 5", "height: floor((28 − 5) / 1) + 1 = 24"]),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2}, (N, 14, 14, 8),
     ["height: 14·2 + max(3 − 2, 0) = 29"]),
    ("Conv2DTranspose", {"filters": 4, "kernel_size": 3, "strides": 2, "padding": "same"}, (N, 14, 14, 8),
     ["height: 14·2 = 28"]),
    ("DepthwiseConv2D", {"kernel_size": 3, "depth_multiplier": 2}, (N, 8, 8, 3), ["channels: 3·2 = 6"]),
    ("UpSampling2D", {}, (N, 14, 14, 8), ["height: 14 × 2 = 28", "width: 14 × 2 = 28"]),
    ("ZeroPadding2D", {"padding": [[1, 2], [0, 0]]}, (N, 28, 28, 1),
     ["height: 1 + 28 + 2 = 31", "width: 0 + 28 + 0 = 28"]),
    ("Cropping2D", {"cropping": [[2, 2], [0, 1]]}, (N, 28, 28, 1),
     ["height: 28 − 2 − 2 = 24", "width: 28 − 0 − 1 = 27"]),
    ("Flatten", {}, (N, 7, 7, 8), ["features: 7·7·8 = 392"]),
    ("Reshape", {"target_shape": [7, -1, 8]}, (N, 392), ["-1 is worked out: 392 / (7·8) = 7"]),
    ("Dense", {"units": 32}, (N, 10, 64), ["Dense acts on the last axis only: 64 → units = 32",
                                           "at each of the 10 positions"]),
    ("GlobalAveragePooling2D", {}, (N, 7, 7, 8), ["average over all of height×width (7×7)", "channels: 8"]),
    ("Permute", {"dims": [2, 1]}, (N, 10, 4), ["axis 1: input axis 2 (4)", "axis 2: input axis 1 (10)"]),
    ("RepeatVector", {"n": 5}, (N, 32), ["steps: n = 5"]),
    ("Embedding", {"input_dim": 1000, "output_dim": 64}, (N, 10), ["output_dim = 64"]),
    ("LSTM", {"units": 64, "return_sequences": True}, (N, 10, 32), ["steps: 10 (return_sequences=True",
                                                                    "features: units = 64"]),
    ("GRU", {"units": 16}, (N, 10, 32), ["steps: dropped (return_sequences=False"]),
    ("LSTM", {"units": 8, "return_state": True}, (N, 10, 4), ["final states h and c, (None, 8) each"]),
    ("ConvLSTM2D", {"filters": 4, "kernel_size": 3}, (N, 5, 10, 10, 1), ["height: floor((10 − 3) / 1) + 1 = 8",
                                                                          "steps: dropped"]),
    ("Activation", {"activation": "relu"}, (N, 8), ["same shape as its input", "relu"]),
    ("Resizing", {"height": 224, "width": 200}, (N, 32, 32, 3), ["height: 224", "width: 200"]),
])
def test_single_input_families(class_name, config, shape, expected):
    text, _, _ = explain(class_name, config, shape)
    for fragment in expected:
        assert fragment in text, f"{fragment!r} not in:\n{text}"


def test_concatenate_says_which_axis_is_summed():
    text, _, _ = explain("Concatenate", {"axis": 3}, (N, 88, 88, 256), (N, 88, 88, 256))
    assert "joins the inputs along axis 3 (channels): 256 + 256 = 512" in text
    assert "88×88" in text


def test_add_explains_broadcasting():
    text, _, _ = explain("Add", {}, (N, 4, 8), (N, 1, 8))
    assert "broadcasting" in text and "steps: 4 and 1 → 4" in text
    text, _, _ = explain("Add", {}, (N, 8), (N, 8))
    assert "value by value" in text and "(8,)" in text


def test_attention_and_bidirectional_and_time_distributed():
    text, _, _ = explain("Attention", {}, (N, 5, 8), (N, 7, 16))
    assert "the query's shape (None, 5, 8) with the value's last size 16" in text
    text, params, _ = explain("MultiHeadAttention", {"num_heads": 2, "key_dim": 4}, (N, 5, 8), (N, 7, 8))
    assert "2 heads" in text and "5 query positions × 7 key positions" in text
    assert params.startswith("query 8·2·4 + 2·4 + key")
    assert params.endswith("= 288 (kernel + bias of each projection)")
    text, params, _ = explain("Bidirectional", {"layer": {"class_name": "LSTM", "config": {"units": 8}}}, (N, 10, 4))
    assert "8 (forward) + 8 (backward) = 16" in text
    assert params.startswith("416 (forward) + 416 (backward) = 832")
    text, _, _ = explain("TimeDistributed", {"layer": {"class_name": "Dense", "config": {"units": 4}}}, (N, 10, 8))
    assert "each of the 10 time steps" in text and "per step: features: 8 → units = 4" in text


@pytest.mark.parametrize("class_name,config,inputs,expected", [
    ("Conv2D", {"filters": 32, "kernel_size": 3}, [(N, 14, 14, 16)], "(3·3·16 + 1)·32 = 4,640"),
    ("Conv2D", {"filters": 32, "kernel_size": 3, "use_bias": False}, [(N, 14, 14, 16)], "3·3·16·32 = 4,608"),
    ("Conv2D", {"filters": 8, "kernel_size": 3, "groups": 2}, [(N, 9, 9, 4)], "(3·3·(4/2) + 1)·8 = 152"),
    ("SeparableConv2D", {"filters": 4, "kernel_size": 3}, [(N, 8, 8, 3)], "3·3·3·1 + 3·1·4 + 4 = 43"),
    ("Dense", {"units": 10}, [(N, 392)], "(392 + 1)·10 = 3,930"),
    ("BatchNormalization", {}, [(N, 7, 7, 32)],
     "4·32 = 128 (64 trainable γ, β + 64 non-trainable moving mean/variance)"),
    ("LayerNormalization", {}, [(N, 10, 16)], "2·16 = 32 (γ, β"),
    ("LSTM", {"units": 64}, [(N, 10, 32)], "4·((32 + 64)·64 + 64) = 24,832"),
    ("GRU", {"units": 8}, [(N, 10, 4)], "3·((4 + 8)·8 + 2·8) = 336"),
    ("SimpleRNN", {"units": 8}, [(N, 10, 4)], "(4 + 8)·8 + 8 = 104"),
    ("Embedding", {"input_dim": 1000, "output_dim": 64}, [(N, 10)], "1000·64 = 64,000"),
    ("MaxPooling2D", {}, [(N, 8, 8, 3)], "0: MaxPooling2D has no weights"),
    ("Dense", {"units": 4, "trainable": False}, [(N, 8)], "all non-trainable (trainable=False)"),
])
def test_parameter_sums(class_name, config, inputs, expected):
    _, params, _ = explain(class_name, config, *inputs)
    assert expected in params, params


def test_none_means_batch_or_a_size_left_open():
    _, _, ctx = explain("LSTM", {"units": 8, "return_sequences": True}, (N, N, 4))
    notes = none_notes(ctx)
    assert any("batch axis: any number of samples" in n for n in notes)
    assert any("axis 1 (steps): a size left open" in n for n in notes)


def test_cost_conventions():
    _, _, ctx = explain("Conv2D", {"filters": 32, "kernel_size": 3, "padding": "same"}, (N, 28, 28, 1))
    cost = layer_cost(ctx)
    assert cost.macs == 28 * 28 * 3 * 3 * 1 * 32 and cost.activation_bytes == 28 * 28 * 32 * 4
    assert "out positions·kernel·(in/groups)·filters" in cost.rule
    _, _, ctx = explain("Dense", {"units": 32}, (N, 10, 64))
    assert layer_cost(ctx).macs == 10 * 64 * 32
    _, _, ctx = explain("LSTM", {"units": 64}, (N, 10, 32))
    assert layer_cost(ctx).macs == 10 * 4 * (32 + 64) * 64
    _, _, ctx = explain("LSTM", {"units": 64}, (N, N, 32))
    assert layer_cost(ctx).macs is None
    _, _, ctx = explain("MaxPooling2D", {}, (N, 8, 8, 3))
    assert layer_cost(ctx).macs == 0 and layer_cost(ctx).activation_bytes == 4 * 4 * 3 * 4
