#!/usr/bin/env python3
"""A stand-in for a training script: "trains" for a few epochs on a noisy bowl and reports its loss.

Hyperplan passes the parameters as arguments (and as JSON in $HYPERPLAN_PARAMS) and reads the JSON lines this
prints: one per epoch (intermediate values) and a final one with the metrics. Standard library only.
"""
import argparse
import json
import math
import os
import random

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, required=True)
parser.add_argument("--layers", type=int, required=True)
parser.add_argument("--epochs", type=int, default=5)
arguments = parser.parse_args()

rng = random.Random(int(os.environ.get("HYPERPLAN_SEED", "0")))
print(f"training with lr={arguments.lr} layers={arguments.layers}")  # ordinary output goes to the log
# The best learning rate is 0.01 and the best depth 3; the loss falls with the epochs towards that bowl.
bowl = (math.log10(arguments.lr) + 2) ** 2 + 0.1 * (arguments.layers - 3) ** 2
for epoch in range(1, arguments.epochs + 1):
    loss = bowl + 1.0 / epoch + rng.gauss(0, 0.01)
    print(json.dumps({"epoch": epoch, "val_loss": loss}), flush=True)
print(json.dumps({"val_loss": loss, "train_val_loss": loss - 0.05}))
