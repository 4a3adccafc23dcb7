"""Every catalog entry has differential cases in some family's CASES table."""

import importlib
from pathlib import Path

from designer.layers import all_specs

HERE = Path(__file__).resolve().parent


def test_every_catalog_entry_has_differential_cases():
    covered = set()
    for path in HERE.glob("test_*.py"):
        module = importlib.import_module(path.stem)
        for case in getattr(module, "CASES", []):
            covered.add(case[0])
    missing = sorted(s.class_name for s in all_specs() if s.class_name not in covered)
    assert not missing, f"catalog entries without differential cases: {missing}"


def test_catalog_covers_the_issue_list():
    required = """InputLayer Dense EinsumDense Activation ReLU LeakyReLU PReLU ELU Softmax Dropout SpatialDropout1D
    SpatialDropout2D SpatialDropout3D GaussianNoise GaussianDropout AlphaDropout Flatten Reshape Permute RepeatVector
    Embedding Masking Identity Conv1D Conv2D Conv3D Conv1DTranspose Conv2DTranspose Conv3DTranspose SeparableConv1D
    SeparableConv2D DepthwiseConv1D DepthwiseConv2D MaxPooling1D MaxPooling2D MaxPooling3D AveragePooling1D
    AveragePooling2D AveragePooling3D GlobalMaxPooling1D GlobalMaxPooling2D GlobalMaxPooling3D GlobalAveragePooling1D
    GlobalAveragePooling2D GlobalAveragePooling3D UpSampling1D UpSampling2D UpSampling3D ZeroPadding1D ZeroPadding2D
    ZeroPadding3D Cropping1D Cropping2D Cropping3D BatchNormalization LayerNormalization GroupNormalization
    UnitNormalization Add Subtract Multiply Average Maximum Minimum Concatenate Dot SimpleRNN LSTM GRU Bidirectional
    TimeDistributed ConvLSTM2D MultiHeadAttention Attention AdditiveAttention Rescaling Resizing CenterCrop
    Normalization""".split()
    have = {s.class_name for s in all_specs()}
    assert not sorted(set(required) - have)
