#!/usr/bin/env python3
"""Reference fANOVA importances from Optuna's `FanovaImportanceEvaluator`, for `FANOVAReferenceTests`.

Run from the repository root (Optuna is not in requirements.txt; see requirements-fanova.txt):

    benchmarks/setup.sh     # .venv/ with every pin, requirements-fanova.txt included
    .venv/bin/python scripts/reference/make_fanova_reference.py

Writes Tests/Fixtures/reference/fanova.json. Each case is a study built from trials with fixed parameters
(`optuna.trial.create_trial` + `study.add_trials`), its parameters drawn once from `numpy.random.default_rng`
(log-uniformly for log parameters) and stored in the fixture. For every seed in SEEDS the script records
`optuna.importance.get_param_importances(study, evaluator=FanovaImportanceEvaluator(seed=seed))`, normalised
as Optuna normalises them, and then the mean, the population standard deviation, the minimum and maximum over
the seeds. Hyperplan's forest cannot draw scikit-learn's random numbers, so its importances are one more draw
from the same distribution: the Swift test compares them with the mean, within a tolerance built from the
spread over seeds, and requires Optuna's ranking of the mean importances.

The script refuses a case whose ranking is not well defined: sorted by mean importance, every parameter's
smallest importance over the seeds must exceed the next parameter's largest.

It also stores, for the first TREES_PER_CASE trees of seed 0, the fitted scikit-learn tree (feature, threshold,
children, value) with what Optuna's `_FanovaTree` computes from it: the tree's total variance and each
parameter's marginal variance. These let the Swift test check the variance decomposition itself, given the same
tree, to rounding error. They are read from Optuna's private attributes (`_evaluator._trees`), which may change
between Optuna versions; requirements-fanova.txt pins the version used.

Deterministic: fixed generators, single-threaded BLAS, `json.dumps(sort_keys=True)`, shortest round-trip floats.
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
             "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import csv  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import optuna  # noqa: E402
import scipy  # noqa: E402
import sklearn  # noqa: E402
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution  # noqa: E402
from optuna.importance import FanovaImportanceEvaluator, get_param_importances  # noqa: E402
from sklearn.model_selection import KFold, cross_val_score  # noqa: E402
from sklearn.neighbors import KNeighborsRegressor  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

GENERATOR = "scripts/reference/make_fanova_reference.py"
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT_PATH = os.path.join(ROOT, "Tests", "Fixtures", "reference", "fanova.json")
DIABETES = os.path.join(ROOT, "Sources", "Datasets", "Resources", "diabetes.csv")
SEEDS = list(range(8))
TREES_PER_CASE = 3

optuna.logging.set_verbosity(optuna.logging.WARNING)


# --- Search spaces and sampling -------------------------------------------------------------------------

def floating(low, high, log=False):
    return FloatDistribution(low, high, log=log)


def integer(low, high, log=False):
    return IntDistribution(low, high, log=log)


def categorical(*choices):
    return CategoricalDistribution(list(choices))


def draw(distribution, rng):
    """One value: uniform, log-uniform, a uniform integer (log: rounded log-uniform on [low - ½, high + ½])."""
    d = distribution
    if isinstance(d, CategoricalDistribution):
        return d.choices[int(rng.integers(0, len(d.choices)))]
    if isinstance(d, IntDistribution):
        if d.log:
            value = math.exp(rng.uniform(math.log(d.low - 0.5), math.log(d.high + 0.5)))
            return int(min(max(round(value), d.low), d.high))
        return int(rng.integers(d.low, d.high + 1))
    if d.log:
        return float(min(max(math.exp(rng.uniform(math.log(d.low), math.log(d.high))), d.low), d.high))
    return float(rng.uniform(d.low, d.high))


def describe(name, d):
    if isinstance(d, CategoricalDistribution):
        return {"name": name, "kind": "categorical", "choices": [str(c) for c in d.choices]}
    kind = "int" if isinstance(d, IntDistribution) else "float"
    return {"name": name, "kind": kind, "low": d.low, "high": d.high, "log": bool(d.log)}


def encode(d, value):
    """The value as the fixture stores it: the number itself, or the index of a choice."""
    if isinstance(d, CategoricalDistribution):
        return d.choices.index(value)
    return value


# --- The studies ----------------------------------------------------------------------------------------

def numeric_study(rng):
    """Five floats of clearly different influence, one on a log scale (which Optuna's fANOVA measures in its
    own scale, not in log space: the top decade of `lr` holds 90 % of its range)."""
    space = {
        "x1": floating(0.0, 1.0), "x2": floating(-2.0, 2.0), "lr": floating(1e-4, 1e-1, log=True),
        "x4": floating(0.0, 1.0), "x5": floating(0.0, 1.0),
    }

    def objective(p):
        return (3.0 * p["x1"] ** 2 + 0.8 * math.sin(p["x2"]) + 1.5 * math.sqrt(p["lr"] / 0.1)
                + 0.5 * p["x4"] + 0.1 * p["x5"])

    return space, objective, 200


def mixed_study(rng):
    """Two categoricals (one-hot encoded by Optuna, each one feature for importance) and two floats."""
    space = {
        "optimizer": categorical("sgd", "adam", "rmsprop"), "activation": categorical("relu", "tanh"),
        "x": floating(0.0, 1.0), "y": floating(0.0, 1.0),
    }
    optimizer_effect = {"sgd": 0.0, "adam": 1.6, "rmsprop": 1.0}
    activation_effect = {"relu": 0.0, "tanh": 0.35}

    def objective(p):
        return optimizer_effect[p["optimizer"]] + activation_effect[p["activation"]] + 1.2 * p["x"] + 0.3 * p["y"] ** 2

    return space, objective, 200


def integer_study(rng):
    """Integer parameters, one on a log scale, with a float and a nearly inert integer."""
    space = {
        "layers": integer(1, 8), "units": integer(16, 512, log=True), "dropout": floating(0.0, 0.5),
        "batch": integer(1, 4),
    }

    def objective(p):
        return (0.04 * (p["layers"] - 5) ** 2 + 0.5 * math.sqrt(p["units"] / 512.0) + 1.2 * p["dropout"]
                + 0.01 * p["batch"])

    return space, objective, 200


def knn_study(rng):
    """A real sweep: k-nearest-neighbours regression on diabetes (standardised features), 5-fold CV R²."""
    with open(DIABETES, newline="") as fh:
        rows = list(csv.reader(fh))
    data = np.array([[float(v) for v in r] for r in rows[1:]])
    x, y = data[:, :-1], data[:, -1]
    folds = KFold(n_splits=5, shuffle=False)
    space = {
        "n_neighbors": integer(1, 60), "weights": categorical("uniform", "distance"),
        "p": floating(1.0, 3.0), "leaf_size": integer(10, 50),
    }

    def objective(params):
        model = make_pipeline(StandardScaler(), KNeighborsRegressor(
            n_neighbors=params["n_neighbors"], weights=params["weights"], p=params["p"],
            leaf_size=params["leaf_size"]))
        return float(np.mean(cross_val_score(model, x, y, cv=folds, scoring="r2")))

    return space, objective, 150


STUDIES = [
    ("numeric", numeric_study, 20260611),
    ("mixed", mixed_study, 20260612),
    ("integer", integer_study, 20260613),
    ("knn_diabetes", knn_study, 20260614),
]


# --- Optuna ---------------------------------------------------------------------------------------------

def build_study(space, objective, count, rng):
    study = optuna.create_study(direction="minimize")
    trials, params_list, values = [], [], []
    for _ in range(count):
        params = {name: draw(d, rng) for name, d in space.items()}
        value = objective(params)
        trials.append(optuna.trial.create_trial(params=params, distributions=space, value=value))
        params_list.append(params)
        values.append(value)
    study.add_trials(trials)
    return study, params_list, values


def tree_record(sk_tree, fanova_tree, groups):
    return {
        "feature": [int(v) for v in sk_tree.feature],
        "threshold": [float(v) if f >= 0 else 0.0 for v, f in zip(sk_tree.threshold, sk_tree.feature)],
        "left": [int(v) for v in sk_tree.children_left],
        "right": [int(v) for v in sk_tree.children_right],
        "value": [float(v) for v in np.asarray(sk_tree.value)[:, 0, 0]],
        "variance": float(fanova_tree.variance),
        "marginal_variances": [float(fanova_tree.get_marginal_variance(np.asarray(g))) for g in groups],
    }


def make_case(name, make, seed):
    rng = np.random.default_rng(seed)
    space, objective, count = make(rng)
    study, params_list, values = build_study(space, objective, count, rng)
    # Optuna evaluates the intersection search space, whose parameters it sorts by name.
    names = sorted(space)
    per_seed, trees = [], []
    for s in SEEDS:
        evaluator = FanovaImportanceEvaluator(seed=s)
        importances = get_param_importances(study, evaluator=evaluator)
        per_seed.append([importances[n] for n in names])
        if s == SEEDS[0]:
            groups, column = [], 0
            for n in names:
                width = len(space[n].choices) if isinstance(space[n], CategoricalDistribution) else 1
                groups.append(list(range(column, column + width)))
                column += width
            fanova = evaluator._evaluator
            for sk, ft in list(zip(fanova._forest.estimators_, fanova._trees))[:TREES_PER_CASE]:
                trees.append(tree_record(sk.tree_, ft, groups))
    table = np.asarray(per_seed)
    mean, std = table.mean(axis=0), table.std(axis=0)
    lows, highs = table.min(axis=0), table.max(axis=0)
    order = sorted(range(len(names)), key=lambda i: -mean[i])
    for a, b in zip(order, order[1:]):
        if lows[a] <= highs[b]:
            raise SystemExit("case %s: the importances of %s and %s overlap across seeds (%.4f..%.4f vs %.4f..%.4f)"
                             % (name, names[a], names[b], lows[a], highs[a], lows[b], highs[b]))
    print("%-13s %s" % (name, "  ".join("%s %.4f±%.4f" % (names[i], mean[i], std[i]) for i in order)))
    return {
        "name": name,
        "dimensions": [describe(n, space[n]) for n in names],
        "rows": [[encode(space[n], p[n]) for n in names] for p in params_list],
        "values": values,
        "importances_per_seed": per_seed,
        "importance_mean": mean.tolist(),
        "importance_std": std.tolist(),
        "importance_min": lows.tolist(),
        "importance_max": highs.tolist(),
        "ranking": [names[i] for i in order],
        "trees": trees,
    }


def main():
    t0 = time.perf_counter()
    only = set(sys.argv[1:])
    cases = [make_case(name, make, seed) for name, make, seed in STUDIES if not only or name in only]
    doc = {
        "generator": GENERATOR,
        "optuna_version": optuna.__version__,
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
        "seeds": SEEDS,
        "evaluator": "FanovaImportanceEvaluator(n_trees=64, max_depth=64, seed=s), get_param_importances normalised",
        "cases": cases,
    }
    if only:
        print("partial run (%s): fixture not written" % ", ".join(sorted(only)))
    else:
        text = json.dumps(doc, sort_keys=True, indent=1, allow_nan=False, ensure_ascii=True)
        with open(OUT_PATH, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text + "\n")
        print("wrote %s (%d bytes, %d cases)" % (os.path.relpath(OUT_PATH, ROOT), len(text) + 1, len(cases)))
    print("total %.1f s" % (time.perf_counter() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
