# a model built from a config dict, a while loop and a flag
from keras import Sequential, Input
from keras.layers import Dense, Dropout, BatchNormalization

CONFIG = {"input_dim": 20, "hidden": [128, 64, 32], "dropout": 0.25, "batch_norm": True, "classes": 3}

model = Sequential(name="mlp")
model.add(Input(shape=(CONFIG["input_dim"],)))
i = 0
while i < len(CONFIG["hidden"]):
    model.add(Dense(CONFIG["hidden"][i], activation="relu"))
    if CONFIG["batch_norm"]:
        model.add(BatchNormalization())
    else:
        model.add(Dropout(CONFIG["dropout"]))
    i += 1
model.add(Dense(CONFIG["classes"], activation="softmax" if CONFIG["classes"] > 2 else "sigmoid"))
