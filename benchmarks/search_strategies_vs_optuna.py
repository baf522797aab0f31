"""Median simple regret of Optuna's TPE, CMA-ES and random samplers on the functions and budgets of
`Tests/SearchTests/SearchQualityReleaseTests.swift`, for `docs/search/tpe.md` and `docs/search/evolution.md`.

    benchmarks/setup.sh                    # .venv/ with the pinned packages (cmaes among them), once
    .venv/bin/python benchmarks/search_strategies_vs_optuna.py     # or: benchmarks/run-all.sh search-strategies
    .venv/bin/python benchmarks/search_strategies_vs_optuna.py --rosenbrock-1000

Definitions and domains as in `Sources/Search/TestFunction.swift` (Surjanovic & Bingham). Seeds 1..10; the
samplers' defaults in Optuna 5.0 (TPE: multivariate, constant liar, 10 startup trials; CMA-ES: sigma0 = 1/6 of
the range in [0, 1] coordinates).
"""

import argparse
import math

import numpy as np
import optuna

optuna.logging.set_verbosity(optuna.logging.WARNING)

A6 = np.array([[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]])
P6 = np.array([
    [0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886], [0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991],
    [0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650], [0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381],
])
ALPHA = np.array([1.0, 1.2, 3.0, 3.2])


def hartmann6(x):
    return -float(np.sum(ALPHA * np.exp(-np.sum(A6 * (np.asarray(x) - P6) ** 2, axis=1))))


def rosenbrock(x):
    x = np.asarray(x)
    return float(np.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2))


def levy(x):
    w = 1 + (np.asarray(x) - 1) / 4
    s = math.sin(math.pi * w[0]) ** 2
    s += float(np.sum((w[:-1] - 1) ** 2 * (1 + 10 * np.sin(math.pi * w[:-1] + 1) ** 2)))
    return s + (w[-1] - 1) ** 2 * (1 + math.sin(2 * math.pi * w[-1]) ** 2)


FUNCTIONS = {
    "hartmann6": (hartmann6, 6, (0.0, 1.0), -3.32236801141551),
    "rosenbrock": (rosenbrock, 10, (-5.0, 10.0), 0.0),
    "levy": (levy, 10, (-10.0, 10.0), 0.0),
}


def regret(sampler, name, trials):
    f, d, (lo, hi), minimum = FUNCTIONS[name]
    study = optuna.create_study(sampler=sampler)
    study.optimize(lambda t: f([t.suggest_float(f"x{i}", lo, hi) for i in range(d)]), n_trials=trials)
    return study.best_value - minimum


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rosenbrock-1000", action="store_true", help="Rosenbrock-10 at 1,000 trials, random and cmaes")
    parser.add_argument("--trials", type=int, default=100, help="trials per study (default: %(default)s)")
    parser.add_argument("--seeds", type=int, default=10, help="seeds 1..N (default: %(default)s)")
    parser.add_argument("--functions", default=",".join(FUNCTIONS), help="default: %(default)s")
    arguments = parser.parse_args()
    samplers = {
        "random": lambda s: optuna.samplers.RandomSampler(seed=s),
        "tpe": lambda s: optuna.samplers.TPESampler(seed=s),
        "tpe-univariate": lambda s: optuna.samplers.TPESampler(seed=s, multivariate=False),
        "cmaes": lambda s: optuna.samplers.CmaEsSampler(seed=s),
    }
    runs = [(name, arguments.trials) for name in arguments.functions.split(",")]
    if arguments.rosenbrock_1000:
        runs = [("rosenbrock", 1000)]
    for name, trials in runs:
        row = []
        for label, make in samplers.items():
            if trials > 100 and label not in ("random", "cmaes"):
                continue
            values = [regret(make(seed), name, trials) for seed in range(1, arguments.seeds + 1)]
            row.append(f"{label} {np.median(values):.4g}")
        print(f"{name} {trials} trials: " + ", ".join(row), flush=True)


if __name__ == "__main__":
    main()
