#!/usr/bin/env python3
"""Generate scikit-learn reference fixtures for Hyperplan's decision trees and random forests.

Run from the repository root:

    .venv/bin/python scripts/reference/make_tree_reference.py

Writes Tests/Fixtures/reference/trees.json. Deterministic: every estimator gets an explicit
random_state, folds are unshuffled, BLAS is single-threaded, n_jobs=None, keys are sorted and floats
use Python's shortest round-trip repr. See scripts/reference/README.md ("trees.json").

Two kinds of cases:

* "structure" cases (decision trees examining every feature): fitted with random_state 0..9 on all
  rows and on each training fold. scikit-learn visits features in a random order even with
  max_features=None, so exact ties between splits are broken by its RNG; a fit is "stable" when all
  ten random states give the identical tree (same features, thresholds, children, values, sample
  counts). The tree of a stable all-rows fit is stored; per fold the ten test scores are stored with
  the fold's stability.
* Every structure case also stores the tree of random_state=0 and the top-level
  "rand_r_seed_random_state_0", the state scikit-learn's splitter seeds its xorshift generator
  (`our_rand_r`) with for random_state=0: RandomState(0).randint(0, RAND_R_MAX). A test that draws
  features with that generator, as `node_split_best` does, can reproduce even the tie-breaking.
* "forest_exact" cases: small forests with, per tree, the splitter's rand_r seed and the bootstrap
  counts scikit-learn passed as sample weights, and the forest's predictions on the training rows.
* "statistical" cases (random forests, and trees with max_features below the feature count): the
  per-fold test scores for random_state 0..9. Hyperplan cannot reproduce scikit-learn's random
  streams, so the Swift test compares the two samples of seed-mean scores (Welch's t-test at
  alpha = 0.01; the critical values t(0.995, df) for df = 1..200 are stored under "t_critical_0995").
"""

import os

# Single-threaded BLAS / OpenMP before NumPy is imported (see make_reference.py).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
             "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import csv  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import scipy.stats  # noqa: E402
import sklearn  # noqa: E402
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor  # noqa: E402
from sklearn.ensemble._forest import _generate_sample_indices, _get_n_samples_bootstrap  # noqa: E402
from sklearn.metrics import accuracy_score, r2_score  # noqa: E402
from sklearn.model_selection import KFold, StratifiedKFold  # noqa: E402
from sklearn.tree import DecisionTreeClassifier, DecisionTreeRegressor  # noqa: E402

GENERATOR = "scripts/reference/make_tree_reference.py"
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DATA_DIR = os.path.join(ROOT, "Sources", "Datasets", "Resources")
OUT_PATH = os.path.join(ROOT, "Tests", "Fixtures", "reference", "trees.json")
SEEDS = list(range(10))
FOLDS = 5
CLASSIFICATION = {"iris", "wine", "breast_cancer", "digits"}
RAND_R_MAX = 2147483647


def load(name):
    """(X float64, y) with the target in the last column; classes encoded as indices of sorted names."""
    with open(os.path.join(DATA_DIR, name + ".csv"), newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))[1:]
    X = np.array([[float(v) for v in r[:-1]] for r in rows], dtype=np.float64)
    labels = [r[-1] for r in rows]
    if name in CLASSIFICATION:
        classes = sorted(set(labels))
        y = np.array([classes.index(v) for v in labels], dtype=np.int64)
    else:
        y = np.array([float(v) for v in labels], dtype=np.float64)
    return X, y, labels


def folds(name, X, labels):
    """Unshuffled StratifiedKFold(5) on the label strings for classification, KFold(5) otherwise."""
    if name in CLASSIFICATION:
        return list(StratifiedKFold(FOLDS).split(X, np.array(labels, dtype=object)))
    return list(KFold(FOLDS).split(X))


def score(name, y_true, y_pred):
    return float(accuracy_score(y_true, y_pred)) if name in CLASSIFICATION else float(r2_score(y_true, y_pred))


def tree_arrays(model):
    t = model.tree_
    leaf = t.children_left < 0
    value = t.value[:, 0, :]
    return {
        "left": t.children_left.tolist(),
        "right": t.children_right.tolist(),
        "feature": np.where(leaf, -1, t.feature).tolist(),
        "threshold": [None if is_leaf else float(v) for is_leaf, v in zip(leaf, t.threshold)],
        "value": value.tolist() if value.shape[1] > 1 else value[:, 0].tolist(),
        "impurity": t.impurity.tolist(),
        "n_samples": t.n_node_samples.tolist(),
        "depth": int(t.max_depth),
    }


def same_tree(a, b):
    ta, tb = a.tree_, b.tree_
    return (ta.node_count == tb.node_count
            and np.array_equal(ta.children_left, tb.children_left)
            and np.array_equal(ta.children_right, tb.children_right)
            and np.array_equal(ta.feature, tb.feature)
            and np.array_equal(ta.threshold, tb.threshold)
            and np.array_equal(ta.value, tb.value)
            and np.array_equal(ta.n_node_samples, tb.n_node_samples))


def tree_model(name, params, seed):
    cls = DecisionTreeClassifier if name in CLASSIFICATION else DecisionTreeRegressor
    return cls(random_state=seed, **params)


def structure_case(name, params, data):
    X, y, labels = data
    fits = [tree_model(name, params, s).fit(X, y) for s in SEEDS]
    stable = all(same_tree(fits[0], f) for f in fits[1:])
    fold_entries = []
    for train, test in folds(name, X, labels):
        models = [tree_model(name, params, s).fit(X[train], y[train]) for s in SEEDS]
        fold_entries.append({
            "stable": all(same_tree(models[0], m) for m in models[1:]),
            "scores": [score(name, y[test], m.predict(X[test])) for m in models],
        })
    tag = "/".join("%s=%s" % (k, params[k]) for k in sorted(params))
    return {
        "name": "decision_tree/%s/%s" % (name, tag),
        "kind": "structure",
        "model": "decision_tree",
        "dataset": name,
        "task": "classification" if name in CLASSIFICATION else "regression",
        "hyperparameters": params,
        "stable": stable,
        "tree": tree_arrays(fits[0]),
        "folds": fold_entries,
    }


def rand_r_seed(random_state):
    """The state scikit-learn's splitter gives its generator for an integer random_state."""
    return int(np.random.RandomState(random_state).randint(0, RAND_R_MAX))


def forest_exact_case(name, params, data):
    X, y, _ = data
    cls = RandomForestClassifier if name in CLASSIFICATION else RandomForestRegressor
    forest = cls(random_state=0, **params).fit(X, y)
    n = X.shape[0]
    trees = []
    for est in forest.estimators_:
        entry = {"rand_r_seed": rand_r_seed(est.random_state), "node_count": int(est.tree_.node_count),
                 "counts": None}
        if forest.bootstrap:
            drawn = _get_n_samples_bootstrap(n, forest.max_samples, None)
            entry["counts"] = np.bincount(_generate_sample_indices(est.random_state, n, drawn, None),
                                          minlength=n).tolist()
        trees.append(entry)
    if name in CLASSIFICATION:
        predictions = forest.predict_proba(X).tolist()
    else:
        predictions = forest.predict(X).tolist()
    tag = "/".join("%s=%s" % (k, params[k]) for k in sorted(params))
    return {
        "name": "random_forest_exact/%s/%s" % (name, tag),
        "kind": "forest_exact",
        "model": "random_forest",
        "dataset": name,
        "task": "classification" if name in CLASSIFICATION else "regression",
        "hyperparameters": params,
        "trees": trees,
        "predictions": predictions,
    }


def statistical_case(name, model, params, data):
    X, y, labels = data
    scores = []
    for seed in SEEDS:
        per_fold = []
        for train, test in folds(name, X, labels):
            if model == "random_forest":
                cls = RandomForestClassifier if name in CLASSIFICATION else RandomForestRegressor
            else:
                cls = DecisionTreeClassifier if name in CLASSIFICATION else DecisionTreeRegressor
            m = cls(random_state=seed, **params).fit(X[train], y[train])
            per_fold.append(score(name, y[test], m.predict(X[test])))
        scores.append(per_fold)
    tag = "/".join("%s=%s" % (k, params[k]) for k in sorted(params))
    return {
        "name": "%s/%s/%s" % (model, name, tag),
        "kind": "statistical",
        "model": model,
        "dataset": name,
        "task": "classification" if name in CLASSIFICATION else "regression",
        "hyperparameters": params,
        "scores": scores,
    }


def structure_params():
    """(dataset, hyperparameters) of the structure cases."""
    out = []
    for name in ["iris", "wine", "breast_cancer", "digits"]:
        for criterion in ["gini", "entropy"]:
            for depth in [None, 2, 4]:
                for leaf in [1, 5]:
                    out.append((name, {"criterion": criterion, "max_depth": depth, "min_samples_leaf": leaf}))
    for criterion in ["squared_error", "absolute_error", "poisson"]:
        for depth in [None, 3]:
            for leaf in [1, 10]:
                out.append(("diabetes", {"criterion": criterion, "max_depth": depth, "min_samples_leaf": leaf}))
    out += [
        ("iris", {"criterion": "gini", "max_leaf_nodes": 5}),
        ("breast_cancer", {"criterion": "gini", "max_leaf_nodes": 10}),
        ("digits", {"criterion": "entropy", "max_leaf_nodes": 20}),
        ("diabetes", {"criterion": "squared_error", "max_leaf_nodes": 20}),
        ("breast_cancer", {"criterion": "gini", "min_samples_split": 20}),
        ("wine", {"criterion": "entropy", "min_samples_leaf": 0.05}),
        ("diabetes", {"criterion": "squared_error", "min_samples_split": 0.1}),
        ("breast_cancer", {"criterion": "gini", "min_impurity_decrease": 0.005}),
        ("diabetes", {"criterion": "squared_error", "min_impurity_decrease": 20.0}),
        ("digits", {"criterion": "gini", "max_depth": 6, "min_samples_split": 30}),
        ("wine", {"criterion": "gini", "max_features": "sqrt"}),
        ("breast_cancer", {"criterion": "entropy", "max_features": 0.2, "max_depth": 4}),
        ("digits", {"criterion": "gini", "max_features": 3, "max_depth": 6}),
        ("diabetes", {"criterion": "squared_error", "max_features": 0.5, "max_depth": 4}),
        ("diabetes", {"criterion": "absolute_error", "max_features": "log2", "max_depth": 3}),
    ]
    return out


def forest_exact_params():
    return [
        ("iris", {"n_estimators": 10}),
        ("breast_cancer", {"n_estimators": 10, "max_samples": 0.5, "criterion": "entropy"}),
        ("wine", {"n_estimators": 5, "bootstrap": False, "min_samples_leaf": 3}),
        ("diabetes", {"n_estimators": 10, "max_features": "sqrt"}),
        ("diabetes", {"n_estimators": 5, "max_depth": 5, "max_samples": 200}),
    ]


def statistical_params():
    """(model, dataset, hyperparameters) of the statistical cases."""
    return [
        ("random_forest", "iris", {"n_estimators": 50}),
        ("random_forest", "wine", {"n_estimators": 50}),
        ("random_forest", "breast_cancer", {"n_estimators": 50}),
        ("random_forest", "breast_cancer", {"n_estimators": 30, "bootstrap": False}),
        ("random_forest", "wine", {"n_estimators": 30, "criterion": "entropy", "max_samples": 0.5}),
        ("random_forest", "digits", {"n_estimators": 20, "max_depth": 8}),
        ("random_forest", "diabetes", {"n_estimators": 50}),
        ("random_forest", "diabetes", {"n_estimators": 30, "max_features": "sqrt", "min_samples_leaf": 5}),
        ("decision_tree", "wine", {"max_features": "sqrt"}),
        ("decision_tree", "breast_cancer", {"max_features": 0.2, "max_depth": 4}),
        ("decision_tree", "diabetes", {"max_features": 0.5, "max_depth": 4}),
    ]


def clean(obj):
    if isinstance(obj, dict):
        return {str(k): clean(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple)):
        return [clean(v) for v in obj]
    if isinstance(obj, np.ndarray):
        return clean(obj.tolist())
    if isinstance(obj, (bool, np.bool_)):
        return bool(obj)
    if isinstance(obj, (int, np.integer)):
        return int(obj)
    if isinstance(obj, (float, np.floating)):
        f = float(obj)
        if not math.isfinite(f):
            raise ValueError("non-finite float in fixture: %r" % f)
        return f
    if obj is None or isinstance(obj, str):
        return obj
    raise TypeError("cannot serialise %r (%s)" % (obj, type(obj)))


def main():
    t0 = time.perf_counter()
    data = {name: load(name) for name in ["iris", "wine", "breast_cancer", "digits", "diabetes"]}
    cases = []
    for name, params in structure_params():
        cases.append(structure_case(name, params, data[name]))
    for name, params in forest_exact_params():
        cases.append(forest_exact_case(name, params, data[name]))
    for model, name, params in statistical_params():
        cases.append(statistical_case(name, model, params, data[name]))
    structure = [c for c in cases if c["kind"] == "structure"]
    doc = {
        "generator": GENERATOR,
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
        "seeds": SEEDS,
        "rand_r_seed_random_state_0": rand_r_seed(0),
        "folds": FOLDS,
        "t_critical_0995": [float(scipy.stats.t.ppf(0.995, df)) for df in range(1, 201)],
        "cases": cases,
    }
    text = json.dumps(clean(doc), sort_keys=True, separators=(",", ":"), allow_nan=False, ensure_ascii=True)
    with open(OUT_PATH, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        fh.write("\n")
    print("wrote %s (%d bytes, %d cases: %d structure, %d stable on all rows, %d of %d folds stable)" % (
        os.path.relpath(OUT_PATH, ROOT), len(text) + 1, len(cases), len(structure),
        sum(c["stable"] for c in structure),
        sum(f["stable"] for c in structure for f in c["folds"]), sum(len(c["folds"]) for c in structure)))
    print("total %.1f s" % (time.perf_counter() - t0))
    return 0


if __name__ == "__main__":
    sys.exit(main())
