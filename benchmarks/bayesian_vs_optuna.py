#!/usr/bin/env python3
"""Optuna's numbers for comparison with Hyperplan's `bayesian` search on Hartmann-6 and Branin.

Runs Optuna's TPESampler (defaults: 10 random start-up trials, then TPE) and RandomSampler, seeds 1-10, and
prints the median simple regret (best loss minus the known minimum) after N trials. Optuna's GPSampler needs
PyTorch, which the default benchmark environment does not have (`benchmarks/setup.sh --gp` adds it), and it is
not run here.

Hyperplan's side is the gated test in Tests/SearchTests/BayesianSearchBenchmarkTests.swift:

    swift test --filter BayesianSearchBenchmark
    .venv/bin/python benchmarks/bayesian_vs_optuna.py [--trials 50]    # or: benchmarks/run-all.sh bayesian-optuna
"""
import argparse
import math
import statistics

import optuna

HARTMANN6_MIN = -3.32236801141551
BRANIN_MIN = 0.39788735772973816
ALPHA = [1.0, 1.2, 3.0, 3.2]
A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
P = [[0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
     [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381]]


def hartmann6(trial):
    x = [trial.suggest_float(f"x{i}", 0, 1) for i in range(6)]
    return -sum(ALPHA[i] * math.exp(-sum(A[i][j] * (x[j] - P[i][j]) ** 2 for j in range(6))) for i in range(4))


def branin(trial):
    x0, x1 = trial.suggest_float("x0", -5, 10), trial.suggest_float("x1", 0, 15)
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x1 - b * x0 ** 2 + c * x0 - 6) ** 2 + 10 * (1 - t) * math.cos(x0) + 10


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--trials", type=int, default=50)
    parser.add_argument("--branin-trials", type=int, default=30)
    parser.add_argument("--seeds", type=int, default=10, help="seeds 1..N (default: %(default)s)")
    args = parser.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    for name, objective, minimum, trials in [("hartmann6", hartmann6, HARTMANN6_MIN, args.trials),
                                             ("branin", branin, BRANIN_MIN, args.branin_trials)]:
        for sampler_name, make in [("tpe", lambda s: optuna.samplers.TPESampler(seed=s)),
                                   ("random", lambda s: optuna.samplers.RandomSampler(seed=s))]:
            regrets = []
            for seed in range(1, args.seeds + 1):
                study = optuna.create_study(sampler=make(seed))
                study.optimize(objective, n_trials=trials)
                regrets.append(study.best_value - minimum)
            print(f"{name} {trials} trials, optuna {sampler_name}: median regret {statistics.median(regrets):.4g}, "
                  f"regrets {[round(r, 4) for r in regrets]}")


if __name__ == "__main__":
    main()
