#!/usr/bin/env python3
"""How far a 10-seed median regret of CMA-ES moves by chance alone, on Hartmann-6 at 100 trials.

Runs the `cmaes` package's CMA (the optimizer inside Optuna's CmaEsSampler) with the sampler's settings for a
[0, 1]^6 box: mean 1/2, sigma 1/6, bounds [0, 1], 10n resamplings before clipping, default population. It does
so over many seeds, with and without Optuna's one random start-up trial (`n_startup_trials=1`, a uniform draw
before CMA-ES starts), and prints the median regret and IQR of each, and the spread of the medians of disjoint
groups of 10 seeds: the resolution of the 10-seed comparison in benchmarks/search_vs_optuna.py.

    .venv/bin/python benchmarks/cmaes_seed_spread.py --seeds 200      # or: benchmarks/run-all.sh cmaes-spread
"""
import argparse
import math

import numpy as np
from cmaes import CMA

A = np.array([[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8],
              [17, 8, 0.05, 10, 0.1, 14]])
P = np.array([[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
              [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]])
ALPHA = np.array([1.0, 1.2, 3.0, 3.2])
MINIMUM = -3.32237  # as Sources/Search/TestFunction.swift


def hartmann6(x):
    return -float(np.sum(ALPHA * np.exp(-np.sum(A * (x - P) ** 2, axis=1))))


def regret(seed, startup, trials=100, n=6):
    best, done = math.inf, 0
    start = np.random.RandomState(seed + 100_000)
    for _ in range(startup):
        best = min(best, hartmann6(start.uniform(0, 1, n)))
        done += 1
    es = CMA(mean=np.full(n, 0.5), sigma=1 / 6, bounds=np.array([[0.0, 1.0]] * n), n_max_resampling=10 * n,
             seed=seed)
    solutions = []
    while done < trials:
        x = es.ask()
        value = hartmann6(x)
        best = min(best, value)
        solutions.append((x, value))
        done += 1
        if len(solutions) == es.population_size:
            es.tell(solutions)
            solutions = []
    return best - MINIMUM


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=200)
    arguments = parser.parse_args()
    for startup in (0, 1):
        regrets = np.array([regret(seed, startup) for seed in range(arguments.seeds)])
        q25, q50, q75 = np.percentile(regrets, [25, 50, 75])
        groups = [np.median(regrets[i:i + 10]) for i in range(0, len(regrets) - 9, 10)]
        print(f"random start-up trials {startup}: {arguments.seeds} seeds, median {q50:.3f} (IQR {q25:.3f}-{q75:.3f});"
              f" medians of {len(groups)} groups of 10 seeds: {min(groups):.3f} to {max(groups):.3f}"
              f" (25-75%: {np.percentile(groups, 25):.3f}-{np.percentile(groups, 75):.3f})")


if __name__ == "__main__":
    main()
