#!/usr/bin/env python3
"""Generate scikit-learn reference fixtures for Hyperplan's Swift tests.

Run from the repository root:

    .venv/bin/python scripts/reference/make_reference.py

Writes JSON files to Tests/Fixtures/reference/. The output is deterministic:
no shuffling, no threads whose scheduling matters (n_jobs=None everywhere),
a fixed NumPy Generator seed for the synthetic metric inputs, sorted keys and
Python's shortest round-trip float repr. See scripts/reference/README.md.
"""

import os

# Single-threaded BLAS / OpenMP so that floating-point summation order (and
# hence every printed bit) does not depend on the machine's core count. Must
# be set before NumPy / SciPy / scikit-learn are imported.
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
from scipy.special import logsumexp  # noqa: E402
from sklearn.compose import ColumnTransformer  # noqa: E402
from sklearn.impute import SimpleImputer  # noqa: E402
from sklearn.linear_model import LinearRegression, LogisticRegression, Ridge  # noqa: E402
from sklearn.metrics import (  # noqa: E402
    accuracy_score,
    balanced_accuracy_score,
    explained_variance_score,
    f1_score,
    log_loss,
    mean_absolute_error,
    mean_squared_error,
    precision_score,
    r2_score,
    recall_score,
    roc_auc_score,
)
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import OneHotEncoder, StandardScaler  # noqa: E402

GENERATOR = "scripts/reference/make_reference.py"
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DATA_DIR = os.path.join(ROOT, "Sources", "Datasets", "Resources")
OUT_DIR = os.path.join(ROOT, "Tests", "Fixtures", "reference")

DATASETS = ["iris", "wine", "breast_cancer", "diabetes", "digits", "penguins"]
CLASSIFICATION = {"iris", "wine", "breast_cancer", "digits", "penguins"}
MISSING = {"", "NA"}

# Warnings observed while generating, reported at the end (and in README).
OBSERVED_WARNINGS = []


# --------------------------------------------------------------------------
# Data loading
# --------------------------------------------------------------------------

def read_csv(name):
    path = os.path.join(DATA_DIR, name + ".csv")
    with open(path, newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    return rows[0], rows[1:]


def load_numeric(name):
    """Return (feature_names, X float64, y list of str) for a numeric dataset.

    Target is the last column (all datasets but penguins)."""
    assert name != "penguins"
    header, rows = read_csv(name)
    X = np.array([[float(v) for v in r[:-1]] for r in rows], dtype=np.float64)
    y = [r[-1] for r in rows]
    return header[:-1], X, y


def load_labels(name):
    """Target column as strings, exactly as in the file."""
    header, rows = read_csv(name)
    col = 0 if name == "penguins" else len(header) - 1
    return [r[col] for r in rows]


def load_penguins():
    header, rows = read_csv("penguins")
    assert header[0] == "species"
    feats = header[1:]
    y = [r[0] for r in rows]
    data = {}
    for j, col in enumerate(feats, start=1):
        vals = [r[j] for r in rows]
        data[col] = vals
    return feats, data, y


# --------------------------------------------------------------------------
# JSON helpers
# --------------------------------------------------------------------------

def clean(obj):
    """Convert numpy types to plain Python and refuse NaN / Infinity."""
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
    if isinstance(obj, np.str_):
        return str(obj)
    raise TypeError("cannot serialise %r (%s)" % (obj, type(obj)))


def write_fixture(filename, cases, extra=None):
    doc = {
        "generator": GENERATOR,
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
        "cases": cases,
    }
    if extra:
        doc.update(extra)
    text = json.dumps(clean(doc), sort_keys=True, indent=1, allow_nan=False, ensure_ascii=True)
    path = os.path.join(OUT_DIR, filename)
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        fh.write("\n")
    print("wrote %s (%d bytes, %d cases)" % (os.path.relpath(path, ROOT), len(text) + 1, len(cases)))


def record_warnings(case_name, caught):
    for w in caught:
        msg = "%s: %s: %s" % (case_name, w.category.__name__, str(w.message).splitlines()[0])
        if msg not in OBSERVED_WARNINGS:
            OBSERVED_WARNINGS.append(msg)


# --------------------------------------------------------------------------
# 1. folds.json
# --------------------------------------------------------------------------

SYNTH_SMALL_CLASS = [  # 20 labels: b x10, a x8, c x2 (c has fewer members than k=3)
    "b", "a", "b", "a", "b", "b", "a", "c", "b", "c",
    "a", "a", "b", "b", "a", "b", "b", "a", "b", "a",
]
SYNTH_FIRST_APPEARANCE = ["b", "b", "a", "c", "a", "b", "c", "c", "a", "b", "a", "b"]
SYNTH_UNBALANCED = [  # 37 labels: dog x20, cat x9, bird x5, ant x3 (first appearance != sorted)
    "dog", "cat", "dog", "dog", "dog", "bird", "dog", "cat", "dog", "dog",
    "cat", "dog", "dog", "ant", "bird", "cat", "dog", "dog", "cat", "bird",
    "bird", "dog", "dog", "dog", "dog", "dog", "dog", "cat", "cat", "cat",
    "dog", "ant", "dog", "bird", "ant", "cat", "dog",
]


def fold_case(name, scheme, k, dataset, labels, n):
    if scheme == "kfold":
        splitter = KFold(n_splits=k)
        y = None
    else:
        splitter = StratifiedKFold(n_splits=k)
        y = np.array(labels if labels is not None else load_labels(dataset), dtype=object)
    X = np.zeros((n, 1))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        tests = [sorted(int(i) for i in test) for _, test in splitter.split(X, y)]
    record_warnings("folds " + name, caught)
    covered = sorted(i for t in tests for i in t)
    assert covered == list(range(n)), name
    return {
        "name": name,
        "scheme": scheme,
        "folds": k,
        "dataset": dataset,
        "labels": labels,
        "n": n,
        "test_indices": tests,
    }


def make_folds():
    cases = []
    for ds in DATASETS:
        n = len(load_labels(ds))
        for k in [2, 3, 5, 10]:
            cases.append(fold_case("%s/kfold/%d" % (ds, k), "kfold", k, ds, None, n))
            if ds in CLASSIFICATION:
                cases.append(fold_case("%s/stratified_kfold/%d" % (ds, k), "stratified_kfold", k, ds, None, n))
    synth = [
        ("synthetic/small_class/stratified_kfold/3", SYNTH_SMALL_CLASS, 3),
        ("synthetic/first_appearance/stratified_kfold/3", SYNTH_FIRST_APPEARANCE, 3),
        ("synthetic/first_appearance/stratified_kfold/4", SYNTH_FIRST_APPEARANCE, 4),
        ("synthetic/unbalanced/stratified_kfold/5", SYNTH_UNBALANCED, 5),
    ]
    for name, labels, k in synth:
        cases.append(fold_case(name, "stratified_kfold", k, None, list(labels), len(labels)))
    cases.append(fold_case("synthetic/n7/kfold/3", "kfold", 3, None, None, 7))
    cases.append(fold_case("synthetic/n10/kfold/10", "kfold", 10, None, None, 10))
    write_fixture("folds.json", cases)


# --------------------------------------------------------------------------
# 2. linear.json
# --------------------------------------------------------------------------

RIDGE_ALPHAS = [0.01, 0.1, 1.0, 10.0, 100.0]


def make_linear():
    cases = []
    for ds in ["diabetes", "digits"]:
        _, X_raw, y_str = load_numeric(ds)
        y = np.array([float(v) for v in y_str], dtype=np.float64)
        for standardize in [True, False]:
            X = StandardScaler().fit_transform(X_raw) if standardize else X_raw
            tag = "standardized" if standardize else "raw"
            models = [("none", 0.0, LinearRegression())]
            models += [("l2", a, Ridge(alpha=a, solver="cholesky")) for a in RIDGE_ALPHAS]
            for penalty, alpha, model in models:
                name = "%s/%s/%s" % (ds, tag, "ols" if penalty == "none" else "ridge/%r" % alpha)
                with warnings.catch_warnings(record=True) as caught:
                    warnings.simplefilter("always")
                    model.fit(X, y)
                    r2 = model.score(X, y)
                record_warnings("linear " + name, caught)
                cases.append({
                    "name": name,
                    "dataset": ds,
                    "standardize": standardize,
                    "penalty": penalty,
                    "alpha": alpha,
                    "coef": model.coef_,
                    "intercept": float(model.intercept_),
                    "train_r2": r2,
                })
    write_fixture("linear.json", cases)


# --------------------------------------------------------------------------
# 3. logistic.json
# --------------------------------------------------------------------------

LOGISTIC_CS = [0.001, 0.1, 1.0, 100.0, 1000.0]


def logistic_objective(clf, X, y_idx, C):
    """C * sum_i -log p(y_i | x_i) + 0.5 * ||coef||_F^2 and its gradient's inf-norm."""
    Z = clf.decision_function(X)
    n = X.shape[0]
    if Z.ndim == 1:
        # binary: p(class 1) = sigmoid(z); y_idx in {0, 1}
        s = np.where(y_idx == 1, 1.0, -1.0)
        losses = np.logaddexp(0.0, -s * Z)
        # gradient wrt z: sigmoid(z) - y
        p1 = np.exp(-np.logaddexp(0.0, -Z))
        G = (p1 - (y_idx == 1)).reshape(-1, 1)
    else:
        lse = logsumexp(Z, axis=1)
        losses = lse - Z[np.arange(n), y_idx]
        P = np.exp(Z - lse[:, None])
        Y = np.zeros_like(P)
        Y[np.arange(n), y_idx] = 1.0
        G = P - Y
    W = clf.coef_
    obj = C * float(np.sum(losses)) + 0.5 * float(np.sum(W * W))
    grad_w = C * (G.T @ X) + W
    grad_b = C * G.sum(axis=0)
    gnorm = max(float(np.max(np.abs(grad_w))), float(np.max(np.abs(grad_b))))
    return obj, gnorm


def make_logistic():
    cases = []
    for ds in ["iris", "wine", "breast_cancer", "digits"]:
        _, X_raw, y = load_numeric(ds)
        y = np.array(y, dtype=object)
        X = StandardScaler().fit_transform(X_raw)
        for C in LOGISTIC_CS:
            name = "%s/C=%r" % (ds, C)
            # penalty="l2" is deprecated in scikit-learn >= 1.8; l1_ratio=0.0 (the
            # default) is the documented equivalent. Multinomial is the only
            # multiclass formulation for lbfgs (multi_class was removed).
            clf = LogisticRegression(C=C, l1_ratio=0.0, solver="lbfgs", tol=1e-12, max_iter=100000)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                clf.fit(X, y)
            record_warnings("logistic " + name, caught)
            classes = [str(c) for c in clf.classes_]
            idx = {c: i for i, c in enumerate(classes)}
            y_idx = np.array([idx[str(v)] for v in y])
            obj, gnorm = logistic_objective(clf, X, y_idx, C)
            proba = clf.predict_proba(X)
            n_iter = int(np.max(clf.n_iter_))
            if n_iter >= clf.max_iter:
                OBSERVED_WARNINGS.append("logistic %s: n_iter hit max_iter" % name)
            # Cross-check: the same objective solved by scikit-learn's
            # newton-cholesky solver, which reaches machine precision (lbfgs
            # stops on scipy's ftol = 64 * eps relative-decrease test long
            # before its gradient reaches tol=1e-12).
            nc = LogisticRegression(C=C, l1_ratio=0.0, solver="newton-cholesky", tol=1e-12, max_iter=1000)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                nc.fit(X, y)
            record_warnings("logistic newton-cholesky " + name, caught)
            assert [str(c) for c in nc.classes_] == classes
            nc_obj, nc_gnorm = logistic_objective(nc, X, y_idx, C)
            cases.append({
                "newton_cholesky": {
                    "coef": nc.coef_,
                    "intercept": nc.intercept_,
                    "n_iter": int(np.max(nc.n_iter_)),
                    "objective": nc_obj,
                    "objective_grad_max_abs": nc_gnorm,
                    "max_abs_coef_diff_vs_lbfgs": float(max(np.max(np.abs(nc.coef_ - clf.coef_)),
                                                            np.max(np.abs(nc.intercept_ - clf.intercept_)))),
                },
                "name": name,
                "dataset": ds,
                "C": C,
                "classes": classes,
                "coef": clf.coef_,
                "intercept": clf.intercept_,
                "n_iter": n_iter,
                "objective": obj,
                "objective_grad_max_abs": gnorm,
                "train_accuracy": accuracy_score(y, clf.predict(X)),
                "train_log_loss": log_loss(y, proba, labels=clf.classes_),
            })
    write_fixture("logistic.json", cases, extra={
        "multinomial": "implicit (the installed scikit-learn has no multi_class parameter; lbfgs and newton-cholesky fit the multinomial loss for >2 classes)",
        "penalty_argument": "l1_ratio=0.0 (equivalent to penalty='l2'; penalty= is deprecated since 1.8)",
    })


# --------------------------------------------------------------------------
# 4. gridsearch.json
# --------------------------------------------------------------------------

CLF_SCORING = ["accuracy", "balanced_accuracy", "f1_macro", "precision_macro", "recall_macro", "neg_log_loss"]
REG_SCORING = ["r2", "neg_mean_squared_error", "neg_root_mean_squared_error",
               "neg_mean_absolute_error", "explained_variance"]


def grid_case(name, ds, model_kind, penalty, param, values, cv, cv_scheme, k, standardize, scoring):
    _, X, y = load_numeric(ds)
    if model_kind == "linear_regression":
        y = np.array([float(v) for v in y], dtype=np.float64)
        if penalty == "l2":
            est = Ridge(solver="cholesky")
        else:
            est = LinearRegression()
    else:
        y = np.array(y, dtype=object)
        est = LogisticRegression(l1_ratio=0.0, solver="lbfgs", tol=1e-12, max_iter=100000)
    steps = ([("scaler", StandardScaler())] if standardize else []) + [("model", est)]
    pipe = Pipeline(steps)
    grid = {"model__" + param: list(values)} if param else {}
    gs = GridSearchCV(pipe, grid, scoring=scoring, cv=cv, refit=False,
                      return_train_score=True, n_jobs=None, error_score="raise")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        gs.fit(X, y)
    record_warnings("gridsearch " + name, caught)
    res = gs.cv_results_
    n_cfg = len(res["params"])
    configs = []
    for c in range(n_cfg):
        value = float(res["params"][c]["model__" + param]) if param else None
        scores = {}
        for s in scoring:
            scores[s] = {
                "test": [res["split%d_test_%s" % (i, s)][c] for i in range(k)],
                "train": [res["split%d_train_%s" % (i, s)][c] for i in range(k)],
                "mean_test": res["mean_test_%s" % s][c],
                "std_test": res["std_test_%s" % s][c],
            }
        configs.append({"value": value, "scores": scores})
    return {
        "name": name,
        "dataset": ds,
        "model": model_kind,
        "penalty": penalty,
        "param": param,
        "cv": {"scheme": cv_scheme, "folds": k},
        "standardize": standardize,
        "configs": configs,
    }


def make_gridsearch():
    five = [0.01, 0.1, 1.0, 10.0, 100.0]
    cases = [
        grid_case("iris-logistic", "iris", "logistic_regression", "l2", "C",
                  np.logspace(-3, 3, 7), StratifiedKFold(5), "stratified_kfold", 5, True, CLF_SCORING),
        grid_case("wine-logistic", "wine", "logistic_regression", "l2", "C",
                  five, StratifiedKFold(5), "stratified_kfold", 5, True, CLF_SCORING),
        grid_case("breast_cancer-logistic", "breast_cancer", "logistic_regression", "l2", "C",
                  five, StratifiedKFold(5), "stratified_kfold", 5, True, CLF_SCORING),
        grid_case("diabetes-ridge", "diabetes", "linear_regression", "l2", "alpha",
                  five, KFold(5), "kfold", 5, True, REG_SCORING),
        grid_case("diabetes-ols", "diabetes", "linear_regression", "none", None,
                  None, KFold(10), "kfold", 10, True, REG_SCORING),
        grid_case("diabetes-ridge-raw", "diabetes", "linear_regression", "l2", "alpha",
                  [0.1, 1.0, 10.0], KFold(3), "kfold", 3, False, REG_SCORING),
    ]
    write_fixture("gridsearch.json", cases)


# --------------------------------------------------------------------------
# 5. metrics.json
# --------------------------------------------------------------------------

def round6(a):
    return np.round(np.asarray(a, dtype=np.float64), 6)


def proba_rows(rng, y_true, n_classes, sharp=1.5):
    """Random probability rows, rounded to 6 decimals, each row summing to 1.

    After rounding every entry to 6 decimals, the largest entry of each row is
    replaced by round(1 - sum(others), 6) so all stored numbers are 6-decimal
    values and the decimal row sum is exactly 1. Entries are >= 1e-6."""
    n = len(y_true)
    logits = rng.normal(size=(n, n_classes))
    logits[np.arange(n), y_true] += sharp
    P = np.exp(logits - logsumexp(logits, axis=1, keepdims=True))
    P = np.maximum(round6(P), 1e-6)
    for i in range(n):
        j = int(np.argmax(P[i]))
        others = float(np.sum(np.delete(P[i], j)))
        P[i, j] = round(1.0 - others, 6)
    assert np.all(P > 0) and np.allclose(P.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    return P


def clf_metrics(y_true, y_pred, proba, labels, binary):
    v = {
        "accuracy": accuracy_score(y_true, y_pred),
        "balanced_accuracy": balanced_accuracy_score(y_true, y_pred),
    }
    for avg in ["macro", "weighted"]:
        v["precision_" + avg] = precision_score(y_true, y_pred, labels=labels, average=avg, zero_division=0)
        v["recall_" + avg] = recall_score(y_true, y_pred, labels=labels, average=avg, zero_division=0)
        v["f1_" + avg] = f1_score(y_true, y_pred, labels=labels, average=avg, zero_division=0)
    if binary:
        P2 = np.column_stack([1.0 - proba, proba])
        v["log_loss"] = log_loss(y_true, P2, labels=labels)
        v["precision"] = precision_score(y_true, y_pred, pos_label=1, average="binary", zero_division=0)
        v["recall"] = recall_score(y_true, y_pred, pos_label=1, average="binary", zero_division=0)
        v["f1"] = f1_score(y_true, y_pred, pos_label=1, average="binary", zero_division=0)
        v["roc_auc"] = roc_auc_score(y_true, proba)
    else:
        v["log_loss"] = log_loss(y_true, proba, labels=labels)
        v["roc_auc_ovr"] = roc_auc_score(y_true, proba, multi_class="ovr", average="macro", labels=labels)
    return v


def make_metrics():
    rng = np.random.default_rng(20261129)
    cases = []

    # binary, 40 samples
    n = 40
    y_true = rng.integers(0, 2, size=n)
    P = proba_rows(rng, y_true, 2, sharp=1.0)
    proba = P[:, 1]
    y_pred = (proba >= 0.5).astype(int)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        vals = clf_metrics(y_true, y_pred, proba, [0, 1], True)
    record_warnings("metrics binary", caught)
    cases.append({"name": "binary", "task": "binary", "y_true": y_true, "y_pred": y_pred,
                  "proba": proba, "labels": [0, 1], "values": vals})

    # 3-class, 60 samples
    n = 60
    y_true = rng.integers(0, 3, size=n)
    P = proba_rows(rng, y_true, 3, sharp=1.2)
    y_pred = np.argmax(P, axis=1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        vals = clf_metrics(y_true, y_pred, P, [0, 1, 2], False)
    record_warnings("metrics multiclass3", caught)
    cases.append({"name": "multiclass3", "task": "multiclass", "y_true": y_true, "y_pred": y_pred,
                  "proba": P, "labels": [0, 1, 2], "values": vals})

    # 4-class, class 3 never predicted (zero_division=0)
    n = 48
    y_true = rng.integers(0, 4, size=n)
    P = proba_rows(rng, y_true, 4, sharp=1.2)
    y_pred = np.argmax(P[:, :3], axis=1)  # class 3 is never predicted
    assert 3 not in set(y_pred.tolist()) and 3 in set(y_true.tolist())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        vals = clf_metrics(y_true, y_pred, P, [0, 1, 2, 3], False)
    record_warnings("metrics multiclass4_missing_pred", caught)
    cases.append({"name": "multiclass4_missing_pred", "task": "multiclass", "y_true": y_true,
                  "y_pred": y_pred, "proba": P, "labels": [0, 1, 2, 3], "values": vals,
                  "zero_division": 0})

    # regression, 50 samples
    n = 50
    y_true = round6(rng.normal(loc=10.0, scale=4.0, size=n))
    y_pred = round6(y_true + rng.normal(loc=0.3, scale=1.5, size=n))
    mse = mean_squared_error(y_true, y_pred)
    vals = {
        "mse": mse,
        "rmse": math.sqrt(mse),
        "mae": mean_absolute_error(y_true, y_pred),
        "r2": r2_score(y_true, y_pred),
        "explained_variance": explained_variance_score(y_true, y_pred),
    }
    cases.append({"name": "regression", "task": "regression", "y_true": y_true, "y_pred": y_pred,
                  "proba": None, "labels": None, "values": vals})
    write_fixture("metrics.json", cases, extra={
        "seed": 20261129,
        "zero_division": 0,
    })


# --------------------------------------------------------------------------
# 6. preprocessing.json
# --------------------------------------------------------------------------

PENGUIN_NUMERIC = ["bill_length_mm", "bill_depth_mm", "flipper_length_mm", "body_mass_g", "year"]
PENGUIN_CATEGORICAL = ["island", "sex"]


def make_preprocessing():
    feats, data, y = load_penguins()
    n = len(y)
    cols = PENGUIN_NUMERIC + PENGUIN_CATEGORICAL
    assert sorted(cols) == sorted(feats)
    X = np.empty((n, len(cols)), dtype=object)
    for j, c in enumerate(cols):
        for i, v in enumerate(data[c]):
            if v in MISSING:
                X[i, j] = np.nan
            elif c in PENGUIN_NUMERIC:
                X[i, j] = float(v)
            else:
                X[i, j] = v
    train, test = next(iter(KFold(5).split(np.zeros((n, 1)))))
    train = sorted(int(i) for i in train)
    test = sorted(int(i) for i in test)

    num_idx = list(range(len(PENGUIN_NUMERIC)))
    cat_idx = list(range(len(PENGUIN_NUMERIC), len(cols)))
    ct = ColumnTransformer([
        ("num", Pipeline([("impute", SimpleImputer(strategy="mean")),
                          ("scale", StandardScaler())]), num_idx),
        ("cat", Pipeline([("impute", SimpleImputer(strategy="most_frequent")),
                          ("onehot", OneHotEncoder(handle_unknown="ignore", sparse_output=False))]), cat_idx),
    ], remainder="drop", sparse_threshold=0.0)
    X_num = X[:, num_idx].astype(np.float64)
    X_all = X.copy()
    X_all[:, num_idx] = X_num
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ct.fit(X_all[train])
        Xt = np.asarray(ct.transform(X_all[test]), dtype=np.float64)
    record_warnings("preprocessing penguins", caught)

    num_pipe = ct.named_transformers_["num"]
    cat_pipe = ct.named_transformers_["cat"]
    numeric = {}
    for j, c in enumerate(PENGUIN_NUMERIC):
        numeric[c] = {
            "impute_value": num_pipe.named_steps["impute"].statistics_[j],
            "mean": num_pipe.named_steps["scale"].mean_[j],
            "scale": num_pipe.named_steps["scale"].scale_[j],
        }
    categorical = {}
    out_names = list(PENGUIN_NUMERIC)
    for j, c in enumerate(PENGUIN_CATEGORICAL):
        cats = [str(v) for v in cat_pipe.named_steps["onehot"].categories_[j]]
        assert cats == sorted(cats)
        categorical[c] = {
            "impute_value": str(cat_pipe.named_steps["impute"].statistics_[j]),
            "categories": cats,
        }
        out_names += ["%s=%s" % (c, v) for v in cats]
    assert Xt.shape == (len(test), len(out_names))
    transformed = {name: Xt[:, j] for j, name in enumerate(out_names)}
    case = {
        "name": "penguins/kfold5/fold0",
        "dataset": "penguins",
        "split": {"scheme": "kfold", "folds": 5, "fold": 0},
        "numeric_columns": PENGUIN_NUMERIC,
        "categorical_columns": PENGUIN_CATEGORICAL,
        "output_columns": out_names,
        "train_indices": train,
        "test_indices": test,
        "numeric": numeric,
        "categorical": categorical,
        "transformed_test": transformed,
    }
    write_fixture("preprocessing.json", [case])


# --------------------------------------------------------------------------

def main():
    os.makedirs(OUT_DIR, exist_ok=True)
    t0 = time.perf_counter()
    for fn in [make_folds, make_linear, make_logistic, make_gridsearch, make_metrics, make_preprocessing]:
        t = time.perf_counter()
        fn()
        print("  %s: %.1f s" % (fn.__name__, time.perf_counter() - t))
    print("total %.1f s" % (time.perf_counter() - t0))
    if OBSERVED_WARNINGS:
        print("warnings observed (suppressed, cases kept):")
        for w in OBSERVED_WARNINGS:
            print("  " + w)
    else:
        print("no warnings observed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
