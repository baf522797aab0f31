#!/usr/bin/env python3
"""Reference fixtures for lasso / elastic net and l1 / elastic-net / class-weighted logistic regression.

Run from the repository root:

    .venv/bin/python scripts/reference/make_linear_penalty_reference.py

Writes Tests/Fixtures/reference/linear_penalties.json (see scripts/reference/README.md, section
"linear_penalties.json"). Deterministic: single-threaded BLAS, saga with random_state=0, no shuffled folds,
sorted keys and shortest round-trip floats.

scikit-learn's own solutions are recorded, but the coefficients the Swift tests compare against are
*verified optima*: each scikit-learn solution is polished on its support (signs fixed) by an exact method
(a linear solve for the elastic net, Newton's method for logistic regression), the support is corrected
until the KKT conditions hold on every coordinate, and the remaining KKT residual is recorded.
"""

import os

# Single-threaded BLAS / OpenMP so that summation order (and every printed bit) does not depend on the
# machine's core count. Must be set before NumPy / SciPy / scikit-learn are imported.
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
from scipy.special import expit, logsumexp  # noqa: E402
from sklearn.base import BaseEstimator, ClassifierMixin  # noqa: E402
from sklearn.linear_model import ElasticNet, Lasso, LogisticRegression  # noqa: E402
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402
from sklearn.utils.class_weight import compute_class_weight  # noqa: E402

GENERATOR = "scripts/reference/make_linear_penalty_reference.py"
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
DATA_DIR = os.path.join(ROOT, "Sources", "Datasets", "Resources")
OUT_PATH = os.path.join(ROOT, "Tests", "Fixtures", "reference", "linear_penalties.json")

ENET_ALPHAS = [0.01, 0.1, 1.0, 10.0]
ENET_RATIOS = [0.2, 0.5, 0.8, 1.0]
LOGISTIC_CS = [0.1, 1.0, 10.0]
# saga is slow to reach tight optimality on correlated features (breast_cancer l1 at C=1 does not reach
# tol=1e-12 in 200,000 epochs); its result only seeds the exact polish, so the budget is bounded.
SAGA_MAX_ITER = 10000
SAGA_MAX_ITER_CV = 2000
OBSERVED = []
# KKT residuals (scikit-learn's scale) of every PolishedLogistic fit inside the current grid search.
POLISHED_KKT = []


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------

def load_numeric(name):
    with open(os.path.join(DATA_DIR, name + ".csv"), newline="", encoding="utf-8") as fh:
        rows = list(csv.reader(fh))
    X = np.array([[float(v) for v in r[:-1]] for r in rows[1:]], dtype=np.float64)
    y = np.array([r[-1] for r in rows[1:]], dtype=object)
    return X, y


def imbalanced_rows(y, cls, every):
    """All rows, except that only every `every`-th row of class `cls` (in file order) is kept."""
    kept, seen = [], 0
    for i, label in enumerate(y):
        if label == cls:
            if seen % every == 0:
                kept.append(i)
            seen += 1
        else:
            kept.append(i)
    return kept


SUBSETS = {
    # breast_cancer: 357 benign, 212 malignant -> every 5th malignant (43) kept: 400 rows, 89% benign.
    "breast_cancer_imbalanced": ("breast_cancer", "malignant", 5),
    # wine: 59/71/48 -> every 4th class_0 row (15) kept: 134 rows.
    "wine_imbalanced": ("wine", "class_0", 4),
}


def dataset_rows(subset):
    ds, cls, every = SUBSETS[subset]
    X, y = load_numeric(ds)
    rows = imbalanced_rows(y, cls, every)
    return ds, rows, X[rows], y[rows]


# --------------------------------------------------------------------------
# JSON
# --------------------------------------------------------------------------

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


def fit_quietly(label, fn):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = fn()
    for w in caught:
        msg = "%s: %s: %s" % (label, w.category.__name__, str(w.message).splitlines()[0][:100])
        if msg not in OBSERVED:
            OBSERVED.append(msg)
    return result


# --------------------------------------------------------------------------
# Elastic net: exact solution on a support
# --------------------------------------------------------------------------

def enet_exact(X, y, alpha, rho, w0):
    """The minimiser of (1/(2n))||y - Xw||^2 + alpha*rho*|w|_1 + 0.5*alpha*(1-rho)*|w|^2 (X, y centred).

    Starting from the support and signs of w0: solve the linear system on the support, drop coordinates whose
    sign flips, add the worst KKT violator off the support, until the KKT conditions hold everywhere.
    Returns (w, kkt_residual, margins, rounds)."""
    n, p = X.shape
    l1, l2 = alpha * rho, alpha * (1.0 - rho)
    G = X.T @ X / n
    c0 = X.T @ y / n
    support = [j for j in range(p) if w0[j] != 0]
    signs = {j: float(np.sign(w0[j])) for j in support}
    for rounds in range(1, 200):
        w = np.zeros(p)
        if support:
            S = np.array(support)
            A = G[np.ix_(S, S)] + l2 * np.eye(len(S))
            b = c0[S] - l1 * np.array([signs[j] for j in support])
            w[S] = np.linalg.solve(A, b)
            flipped = [j for j in support if np.sign(w[j]) != signs[j]]
            if flipped:
                support = [j for j in support if j not in flipped]
                continue
        corr = c0 - G @ w  # X^T r / n
        viol = np.abs(corr) - l1
        off = [j for j in range(p) if j not in support]
        if off:
            worst = max(off, key=lambda j: viol[j])
            if viol[worst] > 1e-13 * max(1.0, l1):
                support = sorted(support + [worst])
                signs[worst] = float(np.sign(corr[worst]))
                continue
        break
    grad = -corr + l2 * w  # gradient of the smooth part
    residual = 0.0
    margins = []
    for j in range(p):
        if w[j] != 0:
            residual = max(residual, abs(grad[j] + l1 * np.sign(w[j])))
            margins.append(None)
        else:
            residual = max(residual, max(0.0, abs(grad[j]) - l1))
            margins.append((l1 - abs(grad[j])) / l1 if l1 > 0 else None)
    return w, residual, margins, rounds


def enet_objective(X, y, w, b, alpha, rho):
    r = y - X @ w - b
    return float(r @ r / (2 * len(y)) + alpha * rho * np.sum(np.abs(w)) + 0.5 * alpha * (1 - rho) * w @ w)


def make_enet_cases():
    X_raw, y_str = load_numeric("diabetes")
    y = np.array([float(v) for v in y_str])
    cases = []
    for standardize in [True, False]:
        X = StandardScaler().fit_transform(X_raw) if standardize else X_raw
        Xc = X - X.mean(axis=0)
        yc = y - y.mean()
        for alpha in ENET_ALPHAS:
            for rho in ENET_RATIOS:
                penalty = "l1" if rho == 1.0 else "elasticnet"
                name = "diabetes/%s/%s/alpha=%r/l1_ratio=%r" % (
                    "standardized" if standardize else "raw", penalty, alpha, rho)
                if rho == 1.0:
                    model = Lasso(alpha=alpha, tol=1e-12, max_iter=10**6)
                else:
                    model = ElasticNet(alpha=alpha, l1_ratio=rho, tol=1e-12, max_iter=10**6)
                fit_quietly(name, lambda: model.fit(X, y))
                w, kkt, margins, rounds = enet_exact(Xc, yc, alpha, rho, model.coef_)
                b = y.mean() - X.mean(axis=0) @ w
                cases.append({
                    "kind": "enet",
                    "name": name,
                    "dataset": "diabetes",
                    "standardize": standardize,
                    "penalty": penalty,
                    "alpha": alpha,
                    "l1_ratio": rho,
                    "coef": w,
                    "intercept": b,
                    "objective": enet_objective(X, y, w, b, alpha, rho),
                    "kkt_residual": kkt,
                    "zero_margin": margins,
                    "alpha_max": float(np.max(np.abs(Xc.T @ yc)) / (len(y) * rho)),
                    "support_rounds": rounds,
                    "sklearn": {
                        "coef": model.coef_,
                        "intercept": float(model.intercept_),
                        "n_iter": int(model.n_iter_),
                        "dual_gap": float(model.dual_gap_),
                        "objective": enet_objective(X, y, model.coef_, model.intercept_, alpha, rho),
                        "max_abs_coef_diff_vs_exact": float(np.max(np.abs(model.coef_ - w))),
                    },
                })
    return cases


# --------------------------------------------------------------------------
# Logistic regression: objective, KKT residual and Newton polish on a support
# --------------------------------------------------------------------------

class LogisticProblem:
    """F(W, b) = C * sum_i s_i l_i + rho * |W|_1 + 0.5 * (1 - rho) * |W|^2, intercepts unpenalised.

    Parameters are a (V, p + 1) array: V = 1 (binary, sigmoid of class 1) or K (softmax), intercept last."""

    def __init__(self, X, y_idx, n_classes, C, rho, weights):
        self.X = X
        self.Xt = np.hstack([X, np.ones((X.shape[0], 1))])
        self.y = y_idx
        self.K = n_classes
        self.V = 1 if n_classes == 2 else n_classes
        self.C = C
        self.rho = rho
        self.s = weights
        n = X.shape[0]
        if self.V == 1:
            self.Y = (y_idx == 1).astype(float).reshape(-1, 1)
        else:
            self.Y = np.zeros((n, n_classes))
            self.Y[np.arange(n), y_idx] = 1.0

    def scores(self, theta):
        return self.Xt @ theta.T  # (n, V)

    def loss_terms(self, Z):
        if self.V == 1:
            z = Z[:, 0]
            return np.logaddexp(0.0, z) - self.Y[:, 0] * z
        return logsumexp(Z, axis=1) - Z[np.arange(len(self.y)), self.y]

    def probabilities(self, Z):
        if self.V == 1:
            return expit(Z)
        return np.exp(Z - logsumexp(Z, axis=1, keepdims=True))

    def objective(self, theta):
        W = theta[:, :-1]
        return float(self.C * np.sum(self.s * self.loss_terms(self.scores(theta)))
                     + self.rho * np.sum(np.abs(W)) + 0.5 * (1 - self.rho) * np.sum(W * W))

    def smooth_gradient(self, theta):
        """Gradient of C * sum s l + 0.5 (1 - rho) |W|^2 (the non-l1 part)."""
        P = self.probabilities(self.scores(theta))
        R = (P - self.Y) * self.s[:, None]
        g = self.C * (R.T @ self.Xt)
        g[:, :-1] += (1 - self.rho) * theta[:, :-1]
        return g

    def hessian(self, theta):
        """Hessian of the smooth part over all V*(p+1) parameters, row-major in theta's layout."""
        P = self.probabilities(self.scores(theta))
        n, q = self.Xt.shape
        V = self.V
        H = np.zeros((V * q, V * q))
        for k in range(V):
            for m in range(V):
                if V == 1:
                    d = P[:, 0] * (1 - P[:, 0])
                else:
                    d = P[:, k] * ((1.0 if k == m else 0.0) - P[:, m])
                H[k * q:(k + 1) * q, m * q:(m + 1) * q] = self.C * (self.Xt.T * (self.s * d)) @ self.Xt
        for k in range(V):
            for j in range(q - 1):
                H[k * q + j, k * q + j] += 1 - self.rho
        return H

    def kkt(self, theta):
        """Largest component of the minimum-norm subgradient (scikit-learn's scale)."""
        g = self.smooth_gradient(theta)
        W = theta[:, :-1]
        gW = g[:, :-1]
        nonzero = W != 0
        coef = np.where(nonzero, np.abs(gW + self.rho * np.sign(W)), np.maximum(0.0, np.abs(gW) - self.rho))
        return float(max(np.max(coef), np.max(np.abs(g[:, -1]))))

    def zero_margins(self, theta):
        """(rho - |gradient|) / rho for zero coefficients (how clearly they are zero), None for nonzeros."""
        g = self.smooth_gradient(theta)[:, :-1]
        W = theta[:, :-1]
        out = []
        for k in range(W.shape[0]):
            row = []
            for j in range(W.shape[1]):
                row.append(None if W[k, j] != 0 or self.rho == 0 else (self.rho - abs(g[k, j])) / self.rho)
            out.append(row)
        return out


def polish_logistic(problem, theta0, max_rounds=100):
    """Newton's method on the support of theta0 with its signs fixed, then support corrections, until the
    KKT conditions hold on every coordinate. Returns (theta, rounds, newton_steps)."""
    V, q = theta0.shape
    p = q - 1
    theta = theta0.copy()
    rho = problem.rho
    support = {(k, j) for k in range(V) for j in range(p) if theta[k, j] != 0}
    if rho == 0:
        support = {(k, j) for k in range(V) for j in range(p)}
    signs = {(k, j): float(np.sign(theta[k, j])) for (k, j) in support}
    steps = 0
    for rounds in range(1, max_rounds + 1):
        for (k, j) in [(k, j) for k in range(V) for j in range(p) if (k, j) not in support]:
            theta[k, j] = 0.0
        free = sorted([k * q + j for (k, j) in support] + [k * q + p for k in range(V)])
        sign_vector = np.zeros(V * q)
        for (k, j) in support:
            sign_vector[k * q + j] = signs[(k, j)]

        def smooth_value(t):
            W = t[:, :-1]
            return float(problem.C * np.sum(problem.s * problem.loss_terms(problem.scores(t)))
                         + rho * float(np.sum(sign_vector.reshape(V, q) * t))
                         + 0.5 * (1 - rho) * np.sum(W * W))

        flipped = []
        for _ in range(200):
            g = (problem.smooth_gradient(theta).reshape(-1) + rho * sign_vector)[free]
            if np.max(np.abs(g)) <= 1e-13 * max(1.0, problem.C * len(problem.y)):
                break
            H = problem.hessian(theta)[np.ix_(free, free)]
            step = np.linalg.lstsq(H, -g, rcond=None)[0]
            full = np.zeros(V * q)
            full[free] = step
            full = full.reshape(V, q)
            value = smooth_value(theta)
            t = 1.0
            while t > 1e-12:
                trial = theta + t * full
                if smooth_value(trial) <= value + 1e-4 * t * float(g @ step) + 1e-15 * abs(value):
                    break
                t *= 0.5
            theta = theta + t * full
            steps += 1
            if t <= 1e-12:
                break
        flipped = [(k, j) for (k, j) in support if np.sign(theta[k, j]) != signs[(k, j)]]
        if flipped and rho > 0:
            for key in flipped:
                support.discard(key)
                theta[key] = 0.0
            continue
        if rho == 0:
            break
        g = problem.smooth_gradient(theta)[:, :-1]
        worst, worst_value = None, 1e-12 * max(1.0, rho)
        for k in range(V):
            for j in range(p):
                if (k, j) not in support and abs(g[k, j]) - rho > worst_value:
                    worst, worst_value = (k, j), abs(g[k, j]) - rho
        if worst is None:
            break
        support.add(worst)
        signs[worst] = -float(np.sign(g[worst]))
    return theta, rounds, steps


def theta_of(model, V):
    coef = np.atleast_2d(model.coef_)
    intercept = np.atleast_1d(model.intercept_).reshape(-1, 1)
    assert coef.shape[0] == V
    return np.hstack([coef, intercept])


def centred_intercepts(theta):
    """Multinomial intercepts are determined up to a common shift; fix their sum at zero."""
    out = theta.copy()
    if out.shape[0] > 1:
        out[:, -1] -= out[:, -1].mean()
    return out


def balanced_weights(y, classes):
    return compute_class_weight("balanced", classes=np.array(classes, dtype=object), y=y)


def logistic_case(name, ds, rows, X, y, penalty, rho, C, class_weight):
    classes = sorted(set(y.tolist()))
    y_idx = np.array([classes.index(v) for v in y])
    n = len(y)
    if class_weight == "balanced":
        per_class = balanced_weights(y, classes)
        s = per_class[y_idx]
    else:
        s = np.ones(n)
    problem = LogisticProblem(X, y_idx, len(classes), C, rho, s)
    V = problem.V
    common = dict(C=C, l1_ratio=rho, class_weight=class_weight, tol=1e-12)
    if penalty == "l2":
        # newton-cholesky reaches the optimum to machine precision; lbfgs is recorded beside it.
        solver_model = LogisticRegression(solver="newton-cholesky", max_iter=1000, **common)
        fit_quietly(name, lambda: solver_model.fit(X, y))
        other = LogisticRegression(solver="lbfgs", max_iter=100000, **common)
        fit_quietly(name + " lbfgs", lambda: other.fit(X, y))
        seed = theta_of(solver_model, V)
        solver_name = "newton-cholesky"
    else:
        solver_model = LogisticRegression(solver="saga", max_iter=SAGA_MAX_ITER, random_state=0, **common)
        fit_quietly(name, lambda: solver_model.fit(X, y))
        other = None
        seed = theta_of(solver_model, V)
        solver_name = "saga"
    assert [str(c) for c in solver_model.classes_] == classes
    theta, rounds, steps = polish_logistic(problem, seed)
    theta = centred_intercepts(theta)
    seed_c = centred_intercepts(seed)
    case = {
        "kind": "logistic",
        "name": name,
        "dataset": ds,
        "rows": rows,
        "penalty": penalty,
        "l1_ratio": rho,
        "C": C,
        "class_weight": class_weight,
        "classes": classes,
        "sample_weight_per_class": (balanced_weights(y, classes) if class_weight == "balanced" else None),
        "coef": theta[:, :-1],
        "intercept": theta[:, -1],
        "objective": problem.objective(theta),
        "kkt_residual": problem.kkt(theta),
        "kkt_residual_scaled": problem.kkt(theta) / (C * n),
        "zero_margin": problem.zero_margins(theta),
        "polish": {"rounds": rounds, "newton_steps": steps},
        "sklearn": {
            "solver": solver_name,
            "coef": seed_c[:, :-1],
            "intercept": seed_c[:, -1],
            "n_iter": int(np.max(solver_model.n_iter_)),
            "max_iter": int(solver_model.max_iter),
            "objective": problem.objective(seed),
            "kkt_residual": problem.kkt(seed),
            "max_abs_diff_vs_polished": float(np.max(np.abs(seed_c - theta))),
        },
    }
    if other is not None:
        other_theta = centred_intercepts(theta_of(other, V))
        case["sklearn_lbfgs"] = {
            "coef": other_theta[:, :-1],
            "intercept": other_theta[:, -1],
            "n_iter": int(np.max(other.n_iter_)),
            "kkt_residual": problem.kkt(theta_of(other, V)),
            "max_abs_diff_vs_polished": float(np.max(np.abs(other_theta - theta))),
        }
    return case


def make_logistic_cases():
    cases = []
    for ds in ["iris", "wine", "breast_cancer"]:
        X_raw, y = load_numeric(ds)
        X = StandardScaler().fit_transform(X_raw)
        for penalty, rho in [("l1", 1.0), ("elasticnet", 0.5)]:
            for C in LOGISTIC_CS:
                name = "%s/%s/C=%r" % (ds, penalty, C)
                cases.append(logistic_case(name, ds, None, X, y, penalty, rho, C, None))
    for subset in ["breast_cancer_imbalanced", "wine_imbalanced"]:
        ds, rows, X_raw, y = dataset_rows(subset)
        X = StandardScaler().fit_transform(X_raw)
        configs = [("l2", 0.0, C) for C in LOGISTIC_CS] + [("l1", 1.0, 1.0), ("elasticnet", 0.5, 1.0)]
        for penalty, rho, C in configs:
            name = "%s/%s/balanced/C=%r" % (subset, penalty, C)
            cases.append(logistic_case(name, ds, rows, X, y, penalty, rho, C, "balanced"))
    return cases


# --------------------------------------------------------------------------
# Grid search
# --------------------------------------------------------------------------

class PolishedLogistic(ClassifierMixin, BaseEstimator):
    """saga (bounded epochs) followed by the exact polish above: a converged l1 / elastic-net fit that
    GridSearchCV can score on its own folds with its own scorers."""

    def __init__(self, C=1.0, l1_ratio=1.0, class_weight=None):
        self.C = C
        self.l1_ratio = l1_ratio
        self.class_weight = class_weight

    def fit(self, X, y):
        classes = sorted(set(y.tolist()))
        y_idx = np.array([classes.index(v) for v in y])
        s = balanced_weights(y, classes)[y_idx] if self.class_weight == "balanced" else np.ones(len(y))
        problem = LogisticProblem(X, y_idx, len(classes), self.C, self.l1_ratio, s)
        saga = LogisticRegression(C=self.C, l1_ratio=self.l1_ratio, class_weight=self.class_weight,
                                  solver="saga", tol=1e-12, max_iter=SAGA_MAX_ITER_CV, random_state=0)
        fit_quietly("gridsearch saga", lambda: saga.fit(X, y))
        theta, _, _ = polish_logistic(problem, theta_of(saga, problem.V))
        self.kkt_residual_ = problem.kkt(theta)
        POLISHED_KKT.append(self.kkt_residual_)
        self.saga_ = saga
        self.classes_ = np.array(classes, dtype=object)
        self.coef_ = theta[:, :-1]
        self.intercept_ = theta[:, -1]
        return self

    def decision_function(self, X):
        Z = X @ self.coef_.T + self.intercept_
        return Z[:, 0] if Z.shape[1] == 1 else Z

    def predict_proba(self, X):
        Z = X @ self.coef_.T + self.intercept_
        if Z.shape[1] == 1:
            p1 = expit(Z[:, 0])
            return np.column_stack([1 - p1, p1])
        return np.exp(Z - logsumexp(Z, axis=1, keepdims=True))

    def predict(self, X):
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


def grid_case(name, ds, rows, model, hyperparameters, param, values, cv_scheme, k, standardize, scoring):
    X, y = load_numeric(ds)
    if rows is not None:
        X, y = X[rows], y[rows]
    if model == "linear_regression":
        y = np.array([float(v) for v in y])
        rho = hyperparameters.get("l1_ratio", 1.0)
        est = Lasso(tol=1e-12, max_iter=10**6) if rho == 1.0 else ElasticNet(l1_ratio=rho, tol=1e-12, max_iter=10**6)
        cv = KFold(k)
    else:
        cw = hyperparameters.get("class_weight")
        if hyperparameters["penalty"] == "l2":
            est = LogisticRegression(l1_ratio=0.0, class_weight=cw, solver="newton-cholesky", tol=1e-12,
                                     max_iter=1000)
        else:
            rho = 1.0 if hyperparameters["penalty"] == "l1" else hyperparameters["l1_ratio"]
            est = PolishedLogistic(l1_ratio=rho, class_weight=cw)
        cv = StratifiedKFold(k)
    steps = ([("scaler", StandardScaler())] if standardize else []) + [("model", est)]
    POLISHED_KKT.clear()
    gs = GridSearchCV(Pipeline(steps), {"model__" + param: list(values)}, scoring=scoring, cv=cv, refit=False,
                      return_train_score=True, n_jobs=None, error_score="raise")
    fit_quietly("gridsearch " + name, lambda: gs.fit(X, y))
    res = gs.cv_results_
    configs = []
    for c in range(len(res["params"])):
        scores = {}
        for s in scoring:
            scores[s] = {
                "test": [res["split%d_test_%s" % (i, s)][c] for i in range(k)],
                "train": [res["split%d_train_%s" % (i, s)][c] for i in range(k)],
            }
        configs.append({"value": float(res["params"][c]["model__" + param]), "scores": scores})
    return {
        "kind": "gridsearch",
        "name": name,
        "dataset": ds,
        "rows": rows,
        "model": model,
        "hyperparameters": hyperparameters,
        "param": param,
        "cv": {"scheme": cv_scheme, "folds": k},
        "standardize": standardize,
        "configs": configs,
        "polished_kkt_residual_max": max(POLISHED_KKT) if POLISHED_KKT else None,
    }


def make_grid_cases():
    reg = ["r2", "neg_mean_squared_error"]
    clf = ["accuracy", "neg_log_loss"]
    alphas = [0.01, 0.1, 1.0, 10.0]
    bc_rows = dataset_rows("breast_cancer_imbalanced")[1]
    return [
        grid_case("diabetes-lasso", "diabetes", None, "linear_regression", {"penalty": "l1"}, "alpha", alphas,
                  "kfold", 5, True, reg),
        grid_case("diabetes-elasticnet", "diabetes", None, "linear_regression",
                  {"penalty": "elasticnet", "l1_ratio": 0.5}, "alpha", alphas, "kfold", 5, True, reg),
        grid_case("diabetes-lasso-raw", "diabetes", None, "linear_regression", {"penalty": "l1"}, "alpha",
                  [0.1, 1.0, 10.0], "kfold", 3, False, reg),
        grid_case("iris-logistic-l1", "iris", None, "logistic_regression", {"penalty": "l1"}, "C", LOGISTIC_CS,
                  "stratified_kfold", 5, True, clf),
        grid_case("wine-logistic-elasticnet", "wine", None, "logistic_regression",
                  {"penalty": "elasticnet", "l1_ratio": 0.5}, "C", LOGISTIC_CS, "stratified_kfold", 5, True, clf),
        grid_case("breast_cancer-logistic-l1", "breast_cancer", None, "logistic_regression", {"penalty": "l1"},
                  "C", [0.1, 1.0], "stratified_kfold", 5, True, clf),
        grid_case("breast_cancer_imbalanced-logistic-balanced", "breast_cancer", bc_rows, "logistic_regression",
                  {"penalty": "l2", "class_weight": "balanced"}, "C", LOGISTIC_CS, "stratified_kfold", 5, True,
                  clf),
        grid_case("breast_cancer_imbalanced-logistic-elasticnet-balanced", "breast_cancer", bc_rows,
                  "logistic_regression", {"penalty": "elasticnet", "l1_ratio": 0.5, "class_weight": "balanced"},
                  "C", [0.1, 1.0], "stratified_kfold", 5, True, clf),
    ]


# --------------------------------------------------------------------------

def main():
    t0 = time.perf_counter()
    cases = []
    for fn in [make_enet_cases, make_logistic_cases, make_grid_cases]:
        t = time.perf_counter()
        made = fn()
        cases += made
        print("  %s: %d cases, %.1f s" % (fn.__name__, len(made), time.perf_counter() - t))
    worst = {}
    for c in cases:
        if c["kind"] in ("enet", "logistic"):
            key = c["kind"]
            worst[key] = max(worst.get(key, 0.0), c["kkt_residual"] / max(1.0, np.max(np.abs(c["coef"]))))
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
    print("wrote %s (%d bytes, %d cases) in %.1f s" % (os.path.relpath(OUT_PATH, ROOT), len(text) + 1, len(cases),
                                                      time.perf_counter() - t0))
    print("largest KKT residual (relative to max |coef|, at least 1):", worst)
    if OBSERVED:
        print("warnings observed (cases kept):")
        for w in OBSERVED:
            print("  " + w)
    return 0


if __name__ == "__main__":
    sys.exit(main())
