#!/usr/bin/env python3
"""Generate scikit-learn reference fixtures for Hyperplan's k-nearest-neighbours learner (`knn`).

Run from the repository root:

    .venv/bin/python scripts/reference/make_knn_reference.py

Writes Tests/Fixtures/reference/knn.json. Deterministic: folds are unshuffled, BLAS and OpenMP are
single-threaded, n_jobs=None, keys are sorted and floats use Python's shortest round-trip repr. See
scripts/reference/README.md ("knn.json").

Two kinds of cases (key "kind"):

* "gridsearch": GridSearchCV(Pipeline(StandardScaler, KNeighbors{Classifier,Regressor}(algorithm="brute")))
  per-configuration, per-split test and train scores (refit=False, return_train_score=True) on
  iris, wine, breast_cancer, digits (StratifiedKFold(5); accuracy, f1_macro, neg_log_loss) and
  diabetes (KFold(5); r2, neg_mean_squared_error). Grid: n_neighbors in {1, 3, 5, 15} x weights in
  {uniform, distance} x metric in {euclidean, manhattan, minkowski p=2, minkowski p=3}.
  For the configurations whose distance is euclidean, scikit-learn's kneighbors() uses its "fast
  euclidean" GEMM decomposition |x|^2 - 2 x.y + |y|^2, which is not exact: the distance of a training
  row to itself comes out as up to ~1e-6 instead of 0. Those configurations are therefore also run
  with metric="l2" -- the same Euclidean distance, which scikit-learn computes directly as a
  sequential sum of squared differences -- and stored as "exact_distance_scores".
* "predictions": kneighbors() distances and indices, predict() and predict_proba() of one fitted
  model on given query rows, plus the neighbour order of scikit-learn's ArgKmin with the
  "parallel_on_X" strategy (see README for why the strategy changes the order of equal distances).
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
import warnings  # noqa: E402

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import sklearn  # noqa: E402
from sklearn.datasets import make_classification  # noqa: E402
from sklearn.metrics._pairwise_distances_reduction import ArgKmin  # noqa: E402
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier, KNeighborsRegressor  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

GENERATOR = "scripts/reference/make_knn_reference.py"
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DATA_DIR = os.path.join(ROOT, "Sources", "Datasets", "Resources")
OUT_PATH = os.path.join(ROOT, "Tests", "Fixtures", "reference", "knn.json")
CLASSIFICATION = {"iris", "wine", "breast_cancer", "digits"}
CLF_SCORING = ["accuracy", "f1_macro", "neg_log_loss"]
REG_SCORING = ["r2", "neg_mean_squared_error"]
NEIGHBORS = [1, 3, 5, 15]
WEIGHTS = ["uniform", "distance"]
# (metric, p): p is only passed for minkowski, as a user of scikit-learn would.
METRICS = [("euclidean", None), ("manhattan", None), ("minkowski", 2.0), ("minkowski", 3.0)]
OBSERVED_WARNINGS = []


def load(name):
    """(X float64, y): class labels as the strings in the file (scikit-learn sorts them), or floats."""
    with open(os.path.join(DATA_DIR, name + ".csv"), newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))[1:]
    X = np.array([[float(v) for v in r[:-1]] for r in rows], dtype=np.float64)
    labels = [r[-1] for r in rows]
    if name in CLASSIFICATION:
        return X, np.array(labels, dtype=object)
    return X, np.array([float(v) for v in labels], dtype=np.float64)


def clean(obj):
    """Plain Python values for json; NaN and infinities are refused."""
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


def record_warnings(case_name, caught):
    for w in caught:
        msg = "%s: %s: %s" % (case_name, w.category.__name__, str(w.message).splitlines()[0])
        if msg not in OBSERVED_WARNINGS:
            OBSERVED_WARNINGS.append(msg)


def estimator(name, **params):
    cls = KNeighborsClassifier if name in CLASSIFICATION else KNeighborsRegressor
    return cls(algorithm="brute", **params)


# --------------------------------------------------------------------------
# Grid search cases
# --------------------------------------------------------------------------

def run_grid(name, X, y, grid, cv, scoring):
    pipe = Pipeline([("scaler", StandardScaler()), ("model", estimator(name))])
    gs = GridSearchCV(pipe, grid, scoring=scoring, cv=cv, refit=False, return_train_score=True,
                      n_jobs=None, error_score="raise")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gs.fit(X, y)
    record_warnings("gridsearch " + name, caught)
    res = gs.cv_results_
    results = []
    for c, params in enumerate(res["params"]):
        scores = {}
        for s in scoring:
            scores[s] = {
                "test": [res["split%d_test_%s" % (i, s)][c] for i in range(cv.get_n_splits())],
                "train": [res["split%d_train_%s" % (i, s)][c] for i in range(cv.get_n_splits())],
                "mean_test": res["mean_test_%s" % s][c],
                "std_test": res["std_test_%s" % s][c],
            }
        results.append((params, scores))
    return results


def config_key(params):
    metric = params["model__metric"]
    p = params.get("model__p")
    return (params["model__n_neighbors"], params["model__weights"], metric, p)


def grid_case(name):
    X, y = load(name)
    if name in CLASSIFICATION:
        cv, scheme, scoring = StratifiedKFold(5), "stratified_kfold", CLF_SCORING
    else:
        cv, scheme, scoring = KFold(5), "kfold", REG_SCORING
    grid = []
    for metric, p in METRICS:
        entry = {"model__n_neighbors": NEIGHBORS, "model__weights": WEIGHTS, "model__metric": [metric]}
        if p is not None:
            entry["model__p"] = [p]
        grid.append(entry)
    default = run_grid(name, X, y, grid, cv, scoring)
    # The same Euclidean configurations with metric "l2": scikit-learn's direct (exact) computation.
    exact = run_grid(name, X, y, {"model__n_neighbors": NEIGHBORS, "model__weights": WEIGHTS,
                                  "model__metric": ["l2"]}, cv, scoring)
    exact_by_key = {(params["model__n_neighbors"], params["model__weights"]): scores
                    for params, scores in exact}
    configs = []
    differing = 0
    for params, scores in default:
        k, weights, metric, p = config_key(params)
        config = {
            "n_neighbors": k,
            "weights": weights,
            "metric": metric,
            "p": p,
            "scores": scores,
        }
        if metric == "euclidean" or (metric == "minkowski" and p == 2.0):
            exact_scores = exact_by_key[(k, weights)]
            config["exact_distance_scores"] = exact_scores
            for s in scoring:
                for side in ("test", "train"):
                    for a, b in zip(scores[s][side], exact_scores[s][side]):
                        if abs(a - b) > 1e-9:
                            differing += 1
        configs.append(config)
    print("  %s: %d configurations, %d per-split scores of the GEMM path differ from the exact path by > 1e-9"
          % (name, len(configs), differing))
    return {
        "kind": "gridsearch",
        "name": name + "-knn",
        "dataset": name,
        "task": "classification" if name in CLASSIFICATION else "regression",
        "cv": {"scheme": scheme, "folds": 5},
        "standardize": True,
        "configs": configs,
    }


# --------------------------------------------------------------------------
# Prediction cases
# --------------------------------------------------------------------------

def argkmin_parallel_on_x(fit_X, query, k, metric, p):
    """scikit-learn's ArgKmin with the parallel_on_X strategy: one pass over the training rows per query."""
    kwargs = {"p": p} if metric == "minkowski" else {}
    dist, ind = ArgKmin.compute(X=np.ascontiguousarray(query), Y=np.ascontiguousarray(fit_X), k=k,
                                metric=metric, metric_kwargs=kwargs, strategy="parallel_on_X",
                                return_distance=True)
    return dist, ind


def prediction_case(case_name, name, X, y, train, test, standardize, k, weights, metric, p):
    """One fitted model on rows `train`, queried on rows `test` (indices into the dataset), or on
    explicit feature matrices when name is None."""
    A, B = X[train], X[test]
    if standardize:
        scaler = StandardScaler().fit(A)
        A, B = scaler.transform(A), scaler.transform(B)
    params = {"n_neighbors": k, "weights": weights, "metric": metric}
    if p is not None:
        params["p"] = p
    classification = y.dtype == object or np.issubdtype(y.dtype, np.integer)
    model = (KNeighborsClassifier if classification else KNeighborsRegressor)(algorithm="brute", **params)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model.fit(A, y[train])
        dist, ind = model.kneighbors(B)
        prediction = model.predict(B)
        proba = model.predict_proba(B) if classification else None
    record_warnings("predictions " + case_name, caught)
    effective = model.effective_metric_
    x_dist, x_ind = argkmin_parallel_on_x(A, B, k, effective, model.effective_metric_params_.get("p"))
    # The two strategies agree on which neighbours and which distances; only equal distances may be
    # listed in another order.
    assert np.array_equal(dist, x_dist), case_name
    assert all(set(a) == set(b) for a, b in zip(ind, x_ind)), case_name
    case = {
        "kind": "predictions",
        "name": case_name,
        "dataset": name,
        "standardize": standardize,
        "train_indices": [int(i) for i in train],
        "test_indices": [int(i) for i in test],
        "n_neighbors": k,
        "weights": weights,
        "metric": metric,
        "p": p,
        "effective_metric": effective,
        "kneighbors_distances": dist,
        "kneighbors_indices": ind,
        "parallel_on_x_indices": x_ind,
    }
    if classification:
        classes = [str(c) for c in model.classes_]
        case["classes"] = classes
        case["predicted_labels"] = [classes.index(str(v)) for v in prediction]
        case["probabilities"] = proba
    else:
        case["predicted_values"] = prediction
    return case


def synthetic_offset():
    """make_classification rows shifted far from the origin: the distances are small against the norms."""
    X, y = make_classification(n_samples=240, n_features=6, n_informative=3, n_redundant=1,
                               random_state=7)
    X = np.round(X, 3) + np.array([1e6, -3e5, 2e4, 0.0, 1e7, -5.0])
    X[200:220] = X[0:20]  # exact duplicates of earlier rows
    return X, y


def make_predictions():
    cases = []
    iris_X, iris_y = load("iris")
    folds = list(StratifiedKFold(5).split(iris_X, iris_y))
    train, test = folds[0]
    cases.append(prediction_case("iris-fold0-k5-distance-l2", "iris", iris_X, iris_y, train, test, True,
                                 5, "distance", "l2", None))
    everything = np.arange(len(iris_y))
    cases.append(prediction_case("iris-self-k20-uniform-manhattan", "iris", iris_X, iris_y, everything,
                                 everything, True, 20, "uniform", "manhattan", None))
    cases.append(prediction_case("iris-self-k7-distance-l2-raw", "iris", iris_X, iris_y, everything,
                                 everything, False, 7, "distance", "l2", None))

    wine_X, wine_y = load("wine")
    train, test = list(StratifiedKFold(5).split(wine_X, wine_y))[2]
    cases.append(prediction_case("wine-fold2-k3-uniform-l2-raw", "wine", wine_X, wine_y, train, test, False,
                                 3, "uniform", "l2", None))

    digits_X, digits_y = load("digits")
    train, test = list(StratifiedKFold(5).split(digits_X, digits_y))[1]
    cases.append(prediction_case("digits-fold1-k15-distance-manhattan", "digits", digits_X, digits_y, train,
                                 test, True, 15, "distance", "manhattan", None))
    cases.append(prediction_case("digits-fold1-k9-distance-minkowski1.5", "digits", digits_X, digits_y,
                                 train, test, True, 9, "distance", "minkowski", 1.5))

    diabetes_X, diabetes_y = load("diabetes")
    train, test = list(KFold(5).split(diabetes_X))[0]
    cases.append(prediction_case("diabetes-fold0-k15-distance-minkowski3", "diabetes", diabetes_X, diabetes_y,
                                 train, test, True, 15, "distance", "minkowski", 3.0))
    cases.append(prediction_case("diabetes-fold0-k20-uniform-l2", "diabetes", diabetes_X, diabetes_y, train,
                                 test, True, 20, "uniform", "l2", None))

    X, y = synthetic_offset()
    train, test = np.arange(0, 180), np.arange(180, 240)
    for k, weights, metric in [(5, "distance", "l2"), (4, "uniform", "manhattan")]:
        case = prediction_case("synthetic-offset-k%d-%s-%s" % (k, weights, metric), None, X, y, train, test,
                               False, k, weights, metric, None)
        case["features"] = X
        case["labels"] = y
        cases.append(case)
    return cases


# --------------------------------------------------------------------------

def main():
    t0 = time.perf_counter()
    cases = []
    for name in ["iris", "wine", "breast_cancer", "digits", "diabetes"]:
        t = time.perf_counter()
        cases.append(grid_case(name))
        print("  %s grid: %.1f s" % (name, time.perf_counter() - t))
    cases.extend(make_predictions())
    doc = {
        "generator": GENERATOR,
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
        "cases": cases,
    }
    text = json.dumps(clean(doc), sort_keys=True, indent=1, allow_nan=False, ensure_ascii=True)
    with open(OUT_PATH, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        fh.write("\n")
    print("wrote %s (%d bytes, %d cases) in %.1f s"
          % (os.path.relpath(OUT_PATH, ROOT), len(text) + 1, len(cases), time.perf_counter() - t0))
    if OBSERVED_WARNINGS:
        print("warnings observed (suppressed, cases kept):")
        for w in OBSERVED_WARNINGS:
            print("  " + w)
    else:
        print("no warnings observed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
