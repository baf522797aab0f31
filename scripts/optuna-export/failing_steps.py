#!/usr/bin/env python3
"""A stand-in training program for scripts/check-optuna-export.sh: reports a loss at steps 10, 20 and 30, and
fails (exit status 3) at depth 2, so that the exported study has failed trials. Standard library only."""
import argparse
import json
import math
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--lr", type=float, required=True)
parser.add_argument("--depth", type=int, required=True)
arguments = parser.parse_args()

bowl = (math.log10(arguments.lr) + 2) ** 2 + 0.2 * (arguments.depth - 3) ** 2
for step in (10, 20, 30):
    loss = bowl + 10.0 / step
    print(json.dumps({"step": step, "val_loss": loss}), flush=True)
    if arguments.depth == 2 and step == 20:
        print("depth 2 diverged", file=sys.stderr)
        sys.exit(3)
print(json.dumps({"val_loss": loss, "train_val_loss": loss - 0.1}))
