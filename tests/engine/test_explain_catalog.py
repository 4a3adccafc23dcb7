"""Every catalog class gets an explanation whose numbers the engine confirms, and a parameter sum.

`EXAMPLES` holds one or more valid uses of every class of the catalog; a test
fails if a class has none, so a new catalog entry needs an example (and an
explainer) here. A hypothesis test runs the explainers over random CNNs.
"""

import pytest
from hypothesis import HealthCheck, given, settings

from design_factory import cnn_designs
from designer.engine import infer_document
from designer.engine.explain import explain_design
from designer.engine.explain.arithmetic import EXPLAINERS, shape_lines
from designer.engine.explain.cost import layer_cost
from designer.engine.explain.model import OPERATION_KINDS, Ctx
from designer.engine.explain.params import params_text
from designer.engine.layer_infer import infer_layer
from designer.engine.explain.spatial import EXPLAINERS as SPATIAL
from designer.layers import ParamCount, all_specs, get_spec
from designer.layers.spec import CALL_KEYWORDS, TRAITS

N = None
LSTM8 = {"class_name": "LSTM", "config": {"units": 8, "return_sequences": True}}

EXAMPLES = {
    "InputLayer": [({"shape": [28, 28, 1]}, []), ({"batch_shape": [4, 10]}, []), ({"shape": [5], "batch_size": 2}, [])],
    "Dense": [({"units": 10}, [(N, 64)]), ({"units": 32, "use_bias": False}, [(N, 10, 64)]),
              ({"units": 4, "lora_rank": 2}, [(N, 8)])],
    "EinsumDense": [({"equation": "abc,cd->abd", "output_shape": [N, 32], "bias_axes": "d"}, [(N, 10, 16)])],
    "Embedding": [({"input_dim": 100, "output_dim": 8}, [(N, 10)]),
                  ({"input_dim": 100, "output_dim": 8, "lora_rank": 2}, [(N, 10)])],
    "ReversibleEmbedding": [({"input_dim": 100, "output_dim": 8}, [(N, 10)]),
                            ({"input_dim": 100, "output_dim": 8, "tie_weights": False}, [(N, 10)])],
    "Identity": [({}, [(N, 5)])],
    "Masking": [({}, [(N, 10, 4)])],
    "Conv1D": [({"filters": 4, "kernel_size": 3, "padding": "causal", "strides": 2}, [(N, 10, 2)])],
    "Conv1DTranspose": [({"filters": 4, "kernel_size": 3, "strides": 2}, [(N, 10, 2)])],
    "Conv2D": [({"filters": 8, "kernel_size": 3, "dilation_rate": 2}, [(N, 28, 28, 3)]),
               ({"filters": 8, "kernel_size": 3, "groups": 2, "strides": 2}, [(N, 9, 9, 4)]),
               ({"filters": 8, "kernel_size": [3, 1], "data_format": "channels_first"}, [(N, 3, 10, 10)]),
               ({"filters": 2, "kernel_size": 3, "use_bias": False}, [(N, N, N, 3)]),
               ({"filters": 8, "kernel_size": 3, "lora_rank": 2}, [(N, 8, 8, 3)])],
    "Conv2DTranspose": [({"filters": 8, "kernel_size": 3, "strides": 2, "padding": "same"}, [(N, 14, 14, 3)]),
                        ({"filters": 8, "kernel_size": 3, "strides": 2, "output_padding": 1}, [(N, 7, 7, 3)])],
    "Conv3D": [({"filters": 2, "kernel_size": 3}, [(N, 8, 8, 8, 1)])],
    "Conv3DTranspose": [({"filters": 2, "kernel_size": 3, "strides": 2, "output_padding": 1}, [(N, 4, 4, 4, 1)])],
    "DepthwiseConv1D": [({"kernel_size": 3, "depth_multiplier": 2}, [(N, 10, 3)])],
    "DepthwiseConv2D": [({"kernel_size": 3}, [(N, 8, 8, 3)])],
    "SeparableConv1D": [({"filters": 4, "kernel_size": 3}, [(N, 10, 3)])],
    "SeparableConv2D": [({"filters": 4, "kernel_size": 3, "depth_multiplier": 2}, [(N, 8, 8, 3)])],
    "AveragePooling1D": [({"pool_size": 2}, [(N, 9, 3)])],
    "AveragePooling2D": [({"pool_size": 2, "padding": "same"}, [(N, 7, 7, 3)])],
    "AveragePooling3D": [({"pool_size": 2, "strides": 1}, [(N, 4, 4, 4, 1)])],
    "MaxPooling1D": [({}, [(N, 9, 3)])],
    "MaxPooling2D": [({}, [(N, 7, 7, 8)]), ({"pool_size": 3, "strides": 2}, [(N, N, 12, 8)])],
    "MaxPooling3D": [({}, [(N, 4, 4, 4, 1)])],
    **{f"Adaptive{m}Pooling{r}D": [({"output_size": 2}, [(N, *(8,) * r, 3)]),
                                   ({"output_size": 2, "data_format": "channels_first"}, [(N, 3, *(N,) * r)])]
       for m in ("Max", "Average") for r in (1, 2, 3)},
    "GlobalAveragePooling1D": [({}, [(N, 10, 3)])],
    "GlobalAveragePooling2D": [({}, [(N, 7, 7, 8)]), ({"keepdims": True}, [(N, 7, 7, 8)])],
    "GlobalAveragePooling3D": [({}, [(N, 4, 4, 4, 2)])],
    "GlobalMaxPooling1D": [({}, [(N, 10, 3)])],
    "GlobalMaxPooling2D": [({"data_format": "channels_first"}, [(N, 8, 7, 7)])],
    "GlobalMaxPooling3D": [({}, [(N, 4, 4, 4, 2)])],
    "Cropping1D": [({"cropping": [1, 2]}, [(N, 10, 3)])],
    "Cropping2D": [({"cropping": [[1, 1], [2, 2]]}, [(N, 28, 28, 3)])],
    "Cropping3D": [({}, [(N, 8, 8, 8, 1)])],
    "Flatten": [({}, [(N, 7, 7, 8)]), ({}, [(N, 5)]), ({}, [(N, N, 4)])],
    "Permute": [({"dims": [2, 1]}, [(N, 10, 4)])],
    "RepeatVector": [({"n": 3}, [(N, 4)])],
    "Reshape": [({"target_shape": [7, 7, -1]}, [(N, 392)]), ({"target_shape": [2, 6]}, [(N, 12)])],
    "UpSampling1D": [({}, [(N, 5, 3)])],
    "UpSampling2D": [({"size": [2, 2]}, [(N, 14, 14, 8)])],
    "UpSampling3D": [({}, [(N, 2, 2, 2, 1)])],
    "ZeroPadding1D": [({}, [(N, 5, 3)])],
    "ZeroPadding2D": [({"padding": [[1, 2], [3, 4]]}, [(N, 28, 28, 1)])],
    "ZeroPadding3D": [({}, [(N, 2, 2, 2, 1)])],
    "BatchNormalization": [({}, [(N, 7, 7, 32)]), ({"center": False, "scale": False}, [(N, 8)]),
                           ({"renorm": True}, [(N, 8)]), ({"trainable": False}, [(N, 4)])],
    "GroupNormalization": [({"groups": 4}, [(N, 8, 8, 16)])],
    "LayerNormalization": [({}, [(N, 10, 16)])],
    "RMSNormalization": [({}, [(N, 10, 16)])],
    "UnitNormalization": [({}, [(N, 16)])],
    "ActivityRegularization": [({}, [(N, 8)])],
    "AlphaDropout": [({"rate": 0.1}, [(N, 8)])],
    "Dropout": [({"rate": 0.5}, [(N, 8)])],
    "GaussianDropout": [({"rate": 0.1}, [(N, 8)])],
    "GaussianNoise": [({"stddev": 0.1}, [(N, 8)])],
    "SpatialDropout1D": [({"rate": 0.1}, [(N, 10, 3)])],
    "SpatialDropout2D": [({"rate": 0.1}, [(N, 8, 8, 3)])],
    "SpatialDropout3D": [({"rate": 0.1}, [(N, 4, 4, 4, 1)])],
    "Activation": [({"activation": "relu"}, [(N, 8)])],
    "ELU": [({}, [(N, 8)])],
    "LeakyReLU": [({}, [(N, 8)])],
    "PReLU": [({"shared_axes": [1, 2]}, [(N, 8, 8, 3)]), ({}, [(N, 5)])],
    "ReLU": [({}, [(N, 8)])],
    "Softmax": [({}, [(N, 8)])],
    "Add": [({}, [(N, 8), (N, 8)]), ({}, [(N, 4, 8), (N, 1, 8)])],
    "Average": [({}, [(N, 8), (N, 8)])],
    "Maximum": [({}, [(N, 8), (N, 8)])],
    "Minimum": [({}, [(N, 8), (N, 8)])],
    "Multiply": [({}, [(N, 8), (N, 8), (N, 8)])],
    "Subtract": [({}, [(N, 8), (N, 8)])],
    "Concatenate": [({"axis": -1}, [(N, 8, 8, 3), (N, 8, 8, 5)]), ({"axis": 1}, [(N, 4, 2), (N, 6, 2)])],
    "Dot": [({"axes": 1}, [(N, 8), (N, 8)]), ({"axes": [2, 2]}, [(N, 5, 8), (N, 7, 8)])],
    "Bidirectional": [({"layer": LSTM8}, [(N, 10, 4)]),
                      ({"layer": {"class_name": "GRU", "config": {"units": 4}}, "merge_mode": "sum"}, [(N, 10, 4)])],
    "ConvLSTM1D": [({"filters": 2, "kernel_size": 3}, [(N, 5, 10, 3)])],
    "ConvLSTM2D": [({"filters": 2, "kernel_size": 3, "return_sequences": True, "padding": "same"}, [(N, 5, 8, 8, 3)]),
                   ({"filters": 2, "kernel_size": 3, "return_state": True}, [(N, 5, 8, 8, 3)])],
    "ConvLSTM3D": [({"filters": 2, "kernel_size": 3}, [(N, 3, 4, 4, 4, 1)])],
    "GRU": [({"units": 8}, [(N, 10, 4)]), ({"units": 8, "reset_after": False}, [(N, N, 4)])],
    "LSTM": [({"units": 8, "return_state": True}, [(N, 10, 4)]), ({"units": 64}, [(N, 10, 32)])],
    "SimpleRNN": [({"units": 8, "return_sequences": True}, [(N, 10, 4)])],
    "TimeDistributed": [({"layer": {"class_name": "Dense", "config": {"units": 4}}}, [(N, 10, 8)]),
                        ({"layer": {"class_name": "Conv2D", "config": {"filters": 4, "kernel_size": 3}}},
                         [(N, 6, 8, 8, 3)])],
    "AdditiveAttention": [({}, [(N, 5, 8), (N, 7, 8)])],
    "Attention": [({"use_scale": True, "score_mode": "concat"}, [(N, 5, 8), (N, 7, 8)])],
    "MultiHeadAttention": [({"num_heads": 2, "key_dim": 4}, [(N, 5, 8), (N, 7, 8)]),
                           ({"num_heads": 2, "key_dim": 4, "output_shape": 6}, [(N, 5, 8), (N, 7, 8), (N, 7, 3)])],
    "GroupQueryAttention": [({"head_dim": 4, "num_query_heads": 4, "num_key_value_heads": 2}, [(N, 5, 8), (N, 7, 8)])],
    "StringLookup": [({"vocabulary": ["a", "b"], "output_mode": "one_hot"}, [(N, 5)]), ({}, [(N, 5)])],
    "IntegerLookup": [({"vocabulary": [1, 2], "output_mode": "multi_hot"}, [(N, 5)])],
    "TextVectorization": [({"output_sequence_length": 12}, [(N,)]), ({"max_tokens": 20, "output_mode": "count"}, [(N,)])],
    "CategoryEncoding": [({"num_tokens": 6, "output_mode": "one_hot"}, [(N, 5)])],
    "Hashing": [({"num_bins": 4}, [(N, 5)])],
    "Discretization": [({"bin_boundaries": [0.0, 1.0]}, [(N, 5)])],
    "RNN": [({"cell": {"class_name": "LSTMCell", "config": {"units": 4}}, "return_state": True}, [(N, 5, 3)]),
            ({"cell": [{"class_name": "SimpleRNNCell", "config": {"units": 4}},
                       {"class_name": "GRUCell", "config": {"units": 2}}], "return_sequences": True}, [(N, 5, 3)])],
    "HashedCrossing": [({"num_bins": 5, "output_mode": "one_hot"}, [(N, 1), (N, 1)])],
    "MelSpectrogram": [({}, [(N, 16000)])],
    "STFTSpectrogram": [({}, [(N, 16000, 1)]), ({"mode": "stft", "padding": "same", "frame_length": 64}, [(N, N, 2)]),
                        ({"expand_dims": True, "data_format": "channels_first", "frame_length": 64}, [(N, 3, 1000)])],
    "SpectralNormalization": [({"layer": {"class_name": "Dense", "config": {"units": 4}}}, [(N, 3)])],
    "Pipeline": [({"layers": [{"class_name": "Dense", "config": {"units": 4}},
                              {"class_name": "Dense", "config": {"units": 2}}]}, [(N, 3)])],
    "CenterCrop": [({"height": 4, "width": 4}, [(N, 8, 8, 3)])],
    "Normalization": [({}, [(N, 8)]), ({"mean": 0.5, "variance": 2.0}, [(N, 8)])],
    "Rescaling": [({"scale": 0.5}, [(N, 8)])],
    "LayerScale": [({"init_values": 1e-6, "projection_dim": 8}, [(N, 7, 7, 8)])],
    "CustomScaleLayer": [({"scale": 0.17}, [(N, 7, 7, 8), (N, 7, 7, 8)])],
    "Resizing": [({"height": 4, "width": 4}, [(N, 8, 8, 3)]), ({"height": 4, "width": 4}, [(8, 8, 3)])],
}



def _started(spec) -> dict:
    """A fresh layer's config: every required argument at its catalog starting value."""
    return {a.name: list(a.start) if isinstance(a.start, tuple) else a.start for a in spec.args
            if a.start is not None and a.default is None}


EXAMPLES.update({s.class_name: [(_started(s), [(N, 8, 8, 3)]), (_started(s), [(N, N, N, 3)])]
                 for s in all_specs() if s.family == "Augmentation"})

CASES = [(name, cfg, inputs) for name, uses in EXAMPLES.items() for cfg, inputs in uses]


def _ctx(name, cfg, inputs):
    result = infer_layer(name, cfg, [tuple(s) for s in inputs])
    assert result.error is None, f"{name}({cfg}) on {inputs}: {result.error}"
    return Ctx(name, result.config, tuple(tuple(s) for s in inputs), result.outputs, name.lower()), result


NEVER_ALONE = {"SimpleRNNCell", "LSTMCell", "GRUCell", "StackedRNNCells"}
"""Classes Keras never calls on a tensor (cells run inside RNN): no valid example of their own."""


def test_every_catalog_class_has_an_example_and_an_explainer():
    names = {spec.class_name for spec in all_specs()}
    assert names - set(EXAMPLES) - NEVER_ALONE == set(), "catalog classes without an example here"
    for name in NEVER_ALONE:
        assert not infer_layer(name, {}, [(N, 3)]).valid
    kinds = {spec.class_name: spec.explainer for spec in all_specs() if spec.explainer not in EXPLAINERS}
    assert not kinds, f"specs naming a kind of explanation that explain does not have: {kinds}"


@pytest.mark.parametrize("name,cfg,inputs", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_specs_carry_the_hooks_their_layers_need(name, cfg, inputs):
    """A layer with weights writes its sum with named terms and has a MACs rule; the rest is derived."""
    spec = get_spec(name)
    result = infer_layer(name, cfg, [tuple(s) for s in inputs])
    counted = spec.params(result.config, [tuple(s) for s in inputs])
    if result.params.total:
        assert isinstance(counted, ParamCount) and counted.terms is not None, f"{name}: parameter rule without terms"
        assert spec.macs is not None, f"{name} has weights but no macs hook"
        assert counted.terms().split(" = ")[-1].startswith(f"{counted.total:,}") or f"{counted.total:,}" in \
            counted.terms()


def test_wrappers_say_what_they_hold_and_fresh_layers_start_usable():
    for spec in all_specs():
        if any(a.kind == "layer" for a in spec.args):
            assert spec.nests is not None, f"{spec.class_name} wraps a layer but has no nests rule"
        if spec.window is not None:
            assert spec.explainer in SPATIAL, f"{spec.class_name} has a window but a non-spatial explanation"
        missing = [a.name for a in spec.args if a.required and a.start is None and a.name not in NO_GENERIC_START]
        assert not missing, f"{spec.class_name}: required arguments without a starting value: {missing}"


NO_GENERIC_START = {"target_shape", "dims", "equation", "layer", "output_shape", "shape"}
"""Required arguments with no sensible generic value: a fresh layer shows them as missing."""


def test_specs_declare_what_explanations_calls_and_the_importer_read():
    """Every trait and call keyword is a known one, and each comes with the hook that gives its details."""
    for spec in all_specs():
        name = spec.class_name
        assert spec.traits <= set(TRAITS), f"{name}: unknown traits {sorted(spec.traits - set(TRAITS))}"
        assert spec.call_keywords <= set(CALL_KEYWORDS), f"{name}: unknown call keywords"
        if spec.explainer in OPERATION_KINDS:
            assert spec.operation, f"{name}: its {spec.explainer} explanation says an operation it does not give"
        if spec.explainer == "rnn" or "initial_state" in spec.call_keywords:
            assert spec.states is not None, f"{name}: recurrent, but without the names and sizes of its states"
        assert ("return_attention_scores" in spec.call_keywords) == (spec.attention_scores is not None), \
            f"{name}: return_attention_scores and the attention_scores hook go together"
        assert ("recurrent" in spec.traits) == (spec.call_inputs == ("sequences",)), \
            f"{name}: a recurrent layer is called on sequences"
        assert spec.is_input == (spec.inputs == (0, 0)), f"{name}: only a model input takes no inputs"


def _with_return_state(spec, cfg: dict, on: bool) -> dict:
    """``cfg`` with return_state set on the layer, or on the layer it wraps."""
    if "return_state" in spec.arg_index:
        return {**cfg, "return_state": on}
    inner = cfg["layer"]
    return {**cfg, "layer": {**inner, "config": {**inner["config"], "return_state": on}}}


@pytest.mark.parametrize("name", [s.class_name for s in all_specs() if s.states is not None])
def test_states_are_the_outputs_return_state_adds(name):
    """The spec's states, one per extra output return_state=True gives, each (batch, size)."""
    spec = get_spec(name)
    for example, inputs in EXAMPLES[name]:
        cfg = _with_return_state(spec, example, True)
        result = infer_layer(name, cfg, [tuple(s) for s in inputs])
        assert result.error is None, result.error
        states = spec.states(result.config)
        without = infer_layer(name, _with_return_state(spec, example, False), [tuple(s) for s in inputs])
        assert len(result.outputs) - len(without.outputs) == len(states) > 0, f"{name}: {states}"
        for shape, (_, size) in zip(result.outputs[-len(states):], states):
            channels = shape[-1] if "channels_first" != example.get("data_format") else shape[1]
            assert channels == size and (len(shape) == 2 or "frame_convolution" in spec.traits), \
                f"{name}: state {shape} is not (batch, {size}) (or, for a ConvLSTM, a frame of {size} channels)"
        assert spec.states(cfg) == states, f"{name}: the states differ on the raw config"


def test_explain_and_calls_name_no_catalog_class():
    """No string in explain, engine/calls.py, the inspector's Call section or the importer's graph reader is the
    name of a catalog class: what they know of a class they read on its spec. The only exceptions are named
    constants of one home: the classes fixes insert and the class Keras's config format writes for an input."""
    import ast
    from pathlib import Path

    import designer.engine.explain as package
    from designer.engine.explain import fixes
    from designer.export import _import_graph

    root = Path(package.__file__).parents[3]
    paths = [*Path(package.__file__).parent.glob("*.py"), root / "designer/engine/calls.py",
             root / "designer/gui/inspector/call_section.py", root / "designer/export/_import_graph.py"]
    allowed = {fixes.FLATTEN, _import_graph.INPUT_CLASS}
    names = {spec.class_name for spec in all_specs()}
    for path in paths:
        found = {node.value for node in ast.walk(ast.parse(path.read_text()))
                 if isinstance(node, ast.Constant) and isinstance(node.value, str)}
        assert not (found & names) - allowed, f"{path.name} names classes: {sorted((found & names) - allowed)}"


def test_explain_imports_no_private_catalog_names():
    import ast
    from pathlib import Path

    import designer.engine.explain as package

    for path in Path(package.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("designer.layers"):
                private = [a.name for a in node.names if a.name.startswith("_")]
                assert not any(part.startswith("_") for part in node.module.split(".")) and not private, \
                    f"{path.name} imports private catalog names from {node.module}"


@pytest.mark.parametrize("name,cfg,inputs", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_explanation_is_verified_and_nonempty(name, cfg, inputs):
    ctx, result = _ctx(name, cfg, inputs)
    lines, exact = shape_lines(ctx)
    assert exact, f"{name}: the explainer's numbers disagree with the engine: {lines}"
    assert len(lines) >= 2 and all(line.strip() for line in lines)
    text, exact_params = params_text(ctx, result.params)
    assert exact_params, f"{name}: the parameter sum disagrees with the engine ({result.params}): {text}"
    total = f"{result.params.total:,}"
    assert text.startswith("0") or total in text
    cost = layer_cost(ctx)
    assert cost.rule and (cost.activation_bytes is None or cost.activation_bytes > 0)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cnn_designs())
def test_random_cnns_are_explained_exactly(doc):
    inference = infer_document(doc)
    for e in explain_design(doc, inference, with_fixes=False):
        assert e.exact, f"{e.id}: {e.explanation}"
        assert e.explanation and e.params
        assert e.cost.macs is not None and e.cost.activation_bytes is not None
