"""What a dotted library name means to the importer (never imported, only read).

`classify(path)` sorts a name such as ``tf.keras.layers.Conv2D``,
``keras.layers.concatenate``, ``tf.layers.conv2d``, ``tf.nn.relu`` or
``os.system`` into a `Kind`: a layer class, ``Input``, a model class, a merge
function, a TF1 function, an activation, a Keras object (initializer,
regularizer, constraint), an optimizer, a shape query, or something else,
which the interpreter skips.
"""

from __future__ import annotations

from typing import NamedTuple

from designer.layers import all_specs, get_spec

from .operations import BACKEND_FUNCTIONS, OPERATIONS, TF_FUNCTIONS

CLASS_ALIASES = {alias: spec.class_name for spec in all_specs() for alias in spec.aliases}
"""Other names Keras 3 exports for a layer class (``keras.layers.MaxPool2D is MaxPooling2D``)."""

MERGE_FUNCTIONS = {
    "concatenate": "Concatenate", "add": "Add", "multiply": "Multiply", "average": "Average",
    "maximum": "Maximum", "minimum": "Minimum", "subtract": "Subtract", "dot": "Dot",
}
"""``keras.layers.concatenate(inputs, **kwargs)`` and friends: a merge layer built and called at once."""

ACTIVATIONS = (
    "relu", "relu6", "sigmoid", "tanh", "softmax", "elu", "selu", "softplus", "softsign", "swish", "silu",
    "gelu", "leaky_relu", "hard_sigmoid", "exponential", "linear", "log_softmax", "mish", "hard_swish",
    "hard_silu",
)
"""Activation functions that ``tf.nn.*`` / ``keras.activations.*`` name and Keras accepts by name."""

ELEMENTWISE = {"add": "Add", "subtract": "Subtract", "multiply": "Multiply", "divide": "TrueDivide",
               "true_divide": "TrueDivide", "truediv": "TrueDivide"}
"""``keras.ops.add(a, b)`` and friends, by the Keras 3 operation they record (as ``a + b`` does)."""
OPS_MODULES = (("ops",), ("backend",), ("ops", "numpy"))
KERAS_OPS_MODULES = (("ops",), ("ops", "numpy"), ("ops", "nn"))
"""Where ``keras.ops`` functions (`operations.OPERATIONS`) are found."""
TF_MATH_MODULES = ((), ("math",))
TF_OP_MODULES = ((), ("math",), ("linalg",))

OBJECT_MODULES = {"initializers": "initializer", "regularizers": "regularizer", "constraints": "constraint"}

KERAS_ROOTS = ("tf.keras.", "tf.compat.v1.keras.", "tf.python.keras.", "keras.")
TF1_LAYER_ROOTS = ("tf.layers.", "tf.compat.v1.layers.")
PLACEHOLDERS = ("tf.placeholder", "tf.compat.v1.placeholder")
RESIZE = ("tf.image.resize_images", "tf.image.resize", "tf.compat.v1.image.resize_images",
          "tf.compat.v1.image.resize")
SHAPE_QUERIES = ("keras.backend.int_shape", "keras.ops.shape")
TRAINING_MODULES = ("losses", "metrics", "train", "optimizers", "summary", "callbacks", "datasets", "utils",
                    "preprocessing", "data", "io", "random", "saved_model", "estimator")
"""Modules whose functions train, measure, load or save a model: skipped, even when given tensors."""
TRAINING_FUNCTIONS = ("reduce_mean", "reduce_sum", "minimize", "softmax_cross_entropy_with_logits",
                      "sigmoid_cross_entropy_with_logits", "sparse_softmax_cross_entropy_with_logits",
                      "softmax_cross_entropy_with_logits_v2", "l2_loss", "argmax", "equal", "cast",
                      "global_variables_initializer", "Session", "Variable", "random_normal", "zeros", "ones")
BARE_NAMES = ("Input", "Model", "Sequential", "InputLayer", "Functional")
OPTIMIZERS = ("Adam", "AdamW", "SGD", "RMSprop", "Adagrad", "Adadelta", "Adamax", "Nadam", "Ftrl", "Lion")


class Kind(NamedTuple):
    """What a name is: ``kind`` (``layer``, ``input``, ``sequential``, ``model``, ``merge``, ``tf1_layer``,
    ``placeholder``, ``activation``, ``object``, ``optimizer``, ``resize``,
    ``shape``, ``training``, ``application``, ``operator``, ``tf_operator``, ``op``, ``tf_op``, ``backend_op``,
    ``skip``) and the detail it needs (a class name, a function name…)."""

    kind: str
    detail: str = ""


def layer_class(name: str) -> str | None:
    """The catalog class a Keras layer name stands for (aliases resolved), or None."""
    name = CLASS_ALIASES.get(name, name)
    return name if get_spec(name) is not None else None


def normalize(path: str) -> str:
    """``tensorflow.keras.layers.X`` → ``keras.layers.X``; ``tensorflow.nn.relu`` → ``tf.nn.relu``."""
    if path == "tensorflow" or path.startswith("tensorflow."):
        path = "tf" + path[len("tensorflow"):]
    for root in KERAS_ROOTS[:-1]:
        if path.startswith(root):
            return "keras." + path[len(root):]
    return path


def classify(path: str) -> Kind:
    """The meaning of the dotted name ``path`` (a bare name is looked up as ``keras.layers.<name>``)."""
    path = normalize(path)
    if "." not in path:
        return _bare(path)
    if path.startswith("keras."):
        return _keras(path)
    if path in PLACEHOLDERS:
        return Kind("placeholder")
    if path.startswith(TF1_LAYER_ROOTS):
        return Kind("tf1_layer", path.rsplit(".", 1)[1])
    if path in RESIZE:
        return Kind("resize")
    if path in ("tf.reshape", "tf.compat.v1.reshape"):
        return Kind("tf_op", "reshape")
    if path in ("tf.concat", "tf.compat.v1.concat"):
        return Kind("tf_op", "concat")
    parts = path.split(".")
    if parts[0] == "tf" and tuple(parts[1:-1]) in TF_MATH_MODULES and parts[-1] in ELEMENTWISE:
        return Kind("tf_operator", ELEMENTWISE[parts[-1]])
    if parts[0] == "tf" and tuple(parts[1:-1]) in TF_OP_MODULES and parts[-1] in TF_FUNCTIONS:
        return Kind("tf_op", parts[-1])
    last = path.rsplit(".", 1)[1]
    if path.startswith(("tf.nn.", "tf.math.", "tf.")) and last in ACTIVATIONS:
        return Kind("activation", last)
    if path.startswith("tf.") and (set(path.split(".")[1:-1]) & set(TRAINING_MODULES) or last in TRAINING_FUNCTIONS):
        return Kind("training")
    return Kind("skip")


def _bare(name: str) -> Kind:
    if name in OPTIMIZERS:
        return Kind("optimizer", name)
    if name in BARE_NAMES or layer_class(name) or name in MERGE_FUNCTIONS:
        return _keras(f"keras.layers.{name}")
    return Kind("skip")


def _keras(path: str) -> Kind:
    parts = path.split(".")
    last, modules = parts[-1], parts[1:-1]
    if last == "Input":
        return Kind("input")
    if last == "Sequential":
        return Kind("sequential")
    if last in ("Model", "Functional"):
        return Kind("model")
    if path in SHAPE_QUERIES:
        return Kind("shape")
    if tuple(modules) in OPS_MODULES and last in ELEMENTWISE:
        return Kind("operator", ELEMENTWISE[last])
    if tuple(modules) in KERAS_OPS_MODULES and last in OPERATIONS:
        return Kind("op", last)
    if modules == ["ops", "image"] and f"image.{last}" in OPERATIONS:
        return Kind("op", f"image.{last}")
    if modules == ["backend"] and last in BACKEND_FUNCTIONS:
        return Kind("backend_op", last)
    for module, kind in OBJECT_MODULES.items():
        if module in modules:
            return Kind("object", kind)
    if "optimizers" in modules:
        return Kind("optimizer", last)
    if "applications" in modules and last[:1].isupper():
        return Kind("application", last)
    if set(modules) & set(TRAINING_MODULES):
        return Kind("training")
    if "activations" in modules and last in ACTIVATIONS:
        return Kind("activation", last)
    if modules[:1] == ["layers"] or not modules:
        if last == "InputLayer":
            return Kind("layer", "InputLayer")
        cls = layer_class(last)
        if cls is not None:
            return Kind("layer", cls)
        if last in MERGE_FUNCTIONS:
            return Kind("merge", MERGE_FUNCTIONS[last])
        if modules and last[:1].isupper():
            return Kind("layer", last)  # a Keras layer outside the catalog: an unknown layer
    return Kind("skip")
