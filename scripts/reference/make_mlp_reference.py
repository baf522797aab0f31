#!/usr/bin/env python3
"""Generate the scikit-learn reference fixture for Hyperplan's `mlp` learner.

Run from the repository root:

    .venv/bin/python scripts/reference/make_mlp_reference.py

Writes Tests/Fixtures/reference/mlp.json with two kinds of cases:

* `sgd_step`: one full-batch SGD step (momentum 0) from given initial weights on a small synthetic
  problem, computed by scikit-learn's MLPClassifier / MLPRegressor (`partial_fit` after setting `coefs_`
  and `intercepts_`) and checked here against an independent NumPy forward/backward pass. A GELU case,
  which scikit-learn does not have, is computed by NumPy alone.
* `cv_accuracy`: mean 5-fold CV accuracy (StratifiedKFold, unshuffled, StandardScaler fitted on each
  training fold) of MLPClassifier for 100 random_state values, on iris, wine, breast_cancer and digits, for
  three configurations. scikit-learn's own RNG drives initialisation and shuffling, so Hyperplan cannot
  reproduce single fits; the Swift test compares Hyperplan's 10 seeds with these 100 means statistically.

Deterministic: single-threaded BLAS, fixed NumPy generator seeds, sorted keys. See README.md.
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
             "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
import sklearn  # noqa: E402
from scipy.special import erf, expit  # noqa: E402
from sklearn.exceptions import ConvergenceWarning  # noqa: E402
from sklearn.model_selection import StratifiedKFold  # noqa: E402
from sklearn.neural_network import MLPClassifier, MLPRegressor  # noqa: E402
from sklearn.pipeline import Pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from make_reference import clean, load_numeric  # noqa: E402

GENERATOR = "scripts/reference/make_mlp_reference.py"
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "reference", "mlp.json")

SKLEARN_ACTIVATION = {"relu": "relu", "tanh": "tanh", "sigmoid": "logistic"}


# --------------------------------------------------------------------------
# One SGD step from given weights
# --------------------------------------------------------------------------

def gelu(z):
    return 0.5 * z * (1.0 + erf(z / math.sqrt(2.0)))


def gelu_derivative(z):
    return 0.5 * (1.0 + erf(z / math.sqrt(2.0))) + z * np.exp(-0.5 * z * z) / math.sqrt(2.0 * math.pi)


def numpy_step(X, y, task, activation, coefs, intercepts, alpha, lr):
    """scikit-learn's objective and one SGD step, written out independently with NumPy.

    Loss: mean cross-entropy (sigmoid unit for two classes, softmax for more) or half the mean squared
    error, plus alpha / (2 n) * sum ||W||^2. Gradient: (A^T delta + alpha W) / n, intercepts sum(delta) / n.
    """
    n = X.shape[0]
    acts, pres = [X], [None]
    for i, (W, b) in enumerate(zip(coefs, intercepts)):
        z = acts[-1] @ W + b
        pres.append(z)
        if i < len(coefs) - 1:
            a = {"relu": lambda v: np.maximum(v, 0), "tanh": np.tanh, "sigmoid": expit, "gelu": gelu}[activation](z)
        elif task == "regression":
            a = z
        elif W.shape[1] == 1:
            a = expit(z)
        else:
            e = np.exp(z - z.max(axis=1, keepdims=True))
            a = e / e.sum(axis=1, keepdims=True)
        acts.append(a)
    out = acts[-1]
    eps = np.finfo(np.float64).eps
    if task == "regression":
        target = y.reshape(-1, 1)
        loss = 0.5 * np.mean((target - out) ** 2)
    elif out.shape[1] == 1:
        target = y.reshape(-1, 1).astype(np.float64)
        p = np.clip(out, eps, 1 - eps)
        loss = -np.mean(target * np.log(p) + (1 - target) * np.log(1 - p))
    else:
        target = np.eye(out.shape[1])[y]
        loss = -np.mean(np.sum(target * np.log(np.clip(out, eps, 1 - eps)), axis=1))
    loss += 0.5 * alpha * sum(float(np.sum(W * W)) for W in coefs) / n
    delta = out - target
    new_coefs, new_intercepts = [None] * len(coefs), [None] * len(coefs)
    for i in range(len(coefs) - 1, -1, -1):
        grad_W = (acts[i].T @ delta + alpha * coefs[i]) / n
        grad_b = delta.sum(axis=0) / n
        new_coefs[i] = coefs[i] - lr * grad_W
        new_intercepts[i] = intercepts[i] - lr * grad_b
        if i > 0:
            delta = delta @ coefs[i].T
            h = acts[i]
            if activation == "relu":
                delta = delta * (h > 0)
            elif activation == "tanh":
                delta = delta * (1 - h * h)
            elif activation == "sigmoid":
                delta = delta * h * (1 - h)
            else:
                delta = delta * gelu_derivative(pres[i])
    return loss, new_coefs, new_intercepts


def sklearn_step(X, y, task, activation, hidden, coefs, intercepts, alpha, lr, classes):
    common = dict(hidden_layer_sizes=tuple(hidden), activation=SKLEARN_ACTIVATION[activation], solver="sgd",
                  alpha=alpha, batch_size=X.shape[0], learning_rate_init=lr, momentum=0.0, shuffle=False,
                  random_state=0)
    model = MLPRegressor(**common) if task == "regression" else MLPClassifier(**common)
    # The first partial_fit initialises the model and its optimizer; then the weights are replaced and a
    # second partial_fit takes exactly one step (momentum 0: the update is -lr * gradient).
    if task == "regression":
        model.partial_fit(X, y)
    else:
        model.partial_fit(X, y, classes=classes)
    model.coefs_ = [W.copy() for W in coefs]
    model.intercepts_ = [b.copy() for b in intercepts]
    model.partial_fit(X, y)
    return model.loss_, model.coefs_, model.intercepts_


def sgd_step_case(name, task, activation, hidden, n, p, classes, alpha, lr, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    if task == "regression":
        y = rng.normal(size=n) * 2 + 1
        outputs = 1
    else:
        y = np.arange(n) % classes
        rng.shuffle(y)
        outputs = 1 if classes == 2 else classes
    widths = [p] + list(hidden) + [outputs]
    coefs = [rng.normal(size=(widths[i], widths[i + 1])) * 0.6 for i in range(len(widths) - 1)]
    intercepts = [rng.normal(size=widths[i + 1]) * 0.3 for i in range(len(widths) - 1)]
    loss, new_coefs, new_intercepts = numpy_step(X, y, task, activation, coefs, intercepts, alpha, lr)
    reference = "numpy"
    if activation in SKLEARN_ACTIVATION:
        sk_loss, sk_coefs, sk_intercepts = sklearn_step(
            X, y, task, activation, hidden, coefs, intercepts, alpha, lr, np.arange(classes))
        assert abs(sk_loss - loss) <= 1e-12 * max(1.0, abs(loss)), (name, sk_loss, loss)
        for a, b in zip(sk_coefs + sk_intercepts, new_coefs + new_intercepts):
            assert np.max(np.abs(a - b)) <= 1e-12, (name, np.max(np.abs(a - b)))
        loss, new_coefs, new_intercepts = sk_loss, sk_coefs, sk_intercepts
        reference = "sklearn"
    return {
        "kind": "sgd_step", "name": name, "task": task, "activation": activation, "hidden_layers": list(hidden),
        "alpha": alpha, "learning_rate": lr, "class_count": classes if task != "regression" else None,
        "X": X, "y": y.tolist(), "coefs": coefs, "intercepts": intercepts, "loss": loss,
        "updated_coefs": new_coefs, "updated_intercepts": new_intercepts, "reference": reference,
    }


def make_sgd_steps():
    return [
        sgd_step_case("step/multiclass/relu", "classification", "relu", [4], 9, 3, 3, 0.01, 0.1, 1),
        sgd_step_case("step/binary/tanh/two_layers", "classification", "tanh", [5, 3], 7, 4, 2, 0.001, 0.5, 2),
        sgd_step_case("step/regression/sigmoid", "regression", "sigmoid", [4], 6, 3, 0, 0.05, 0.05, 3),
        sgd_step_case("step/multiclass/gelu", "classification", "gelu", [4], 8, 3, 4, 0.02, 0.2, 4),
    ]


# --------------------------------------------------------------------------
# Cross-validated accuracy over random states
# --------------------------------------------------------------------------

# Each configuration as Hyperplan writes it (hyperparameters, and the schedule as dotted option names) and
# as scikit-learn does.
# n_iter_no_change is set beyond max_iter so that scikit-learn, like Hyperplan, runs every epoch.
CONFIGS = [
    {
        "config": "adam_relu",
        "hidden_layers": [16], "activation": "relu", "weight_decay": 1e-4,
        "schedule": {"epochs": 50, "batch_size": 32, "optimizer.type": "adam", "learning_rate.initial": 0.01},
        "sklearn": dict(hidden_layer_sizes=(16,), activation="relu", alpha=1e-4, solver="adam", batch_size=32,
                        learning_rate_init=0.01, max_iter=50),
    },
    {
        "config": "nesterov_tanh",
        "hidden_layers": [16], "activation": "tanh", "weight_decay": 1e-4,
        "schedule": {"epochs": 50, "batch_size": 16, "optimizer.type": "nesterov", "optimizer.momentum": 0.9,
                     "learning_rate.initial": 0.01},
        "sklearn": dict(hidden_layer_sizes=(16,), activation="tanh", alpha=1e-4, solver="sgd", momentum=0.9,
                        nesterovs_momentum=True, learning_rate="constant", batch_size=16,
                        learning_rate_init=0.01, max_iter=50),
    },
    {
        "config": "adam_sigmoid_two_layers",
        "hidden_layers": [16, 8], "activation": "sigmoid", "weight_decay": 1e-3,
        "schedule": {"epochs": 50, "batch_size": 32, "optimizer.type": "adam", "learning_rate.initial": 0.01},
        "sklearn": dict(hidden_layer_sizes=(16, 8), activation="logistic", alpha=1e-3, solver="adam",
                        batch_size=32, learning_rate_init=0.01, max_iter=50),
    },
]
DATASETS = ["iris", "wine", "breast_cancer", "digits"]
# 100 random states pin scikit-learn's mean down to a standard error of ~0.0005, so that the comparison with
# Hyperplan's 10 seeds is limited by Hyperplan's sample, not by the luck of 10 reference draws.
RANDOM_STATES = list(range(100))


def cv_accuracy_case(dataset, config):
    _, X, y = load_numeric(dataset)
    y = np.array(y)
    folds = list(StratifiedKFold(n_splits=5, shuffle=False).split(X, y))
    per_state = []
    for state in RANDOM_STATES:
        fold_scores = []
        for train, test in folds:
            model = Pipeline([
                ("scale", StandardScaler()),
                ("mlp", MLPClassifier(random_state=state, n_iter_no_change=10**6, tol=1e-4, **config["sklearn"])),
            ])
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                model.fit(X[train], y[train])
            assert model.named_steps["mlp"].n_iter_ == config["sklearn"]["max_iter"]
            fold_scores.append(float(np.mean(model.predict(X[test]) == y[test])))
        per_state.append({"random_state": state, "fold_accuracy": fold_scores,
                          "mean_accuracy": float(np.mean(fold_scores))})
    means = np.array([s["mean_accuracy"] for s in per_state])
    return {
        "kind": "cv_accuracy", "name": "cv/%s/%s" % (dataset, config["config"]), "dataset": dataset,
        "config": config["config"], "hidden_layers": config["hidden_layers"], "activation": config["activation"],
        "weight_decay": config["weight_decay"], "schedule": config["schedule"],
        "sklearn_parameters": {k: list(v) if isinstance(v, tuple) else v for k, v in config["sklearn"].items()},
        "folds": 5, "random_states": per_state,
        "mean_of_means": float(means.mean()), "std_of_means": float(means.std(ddof=1)),
    }


def main():
    cases = make_sgd_steps()
    for dataset in DATASETS:
        for config in CONFIGS:
            case = cv_accuracy_case(dataset, config)
            print("%-40s mean %.4f sd %.4f" % (case["name"], case["mean_of_means"], case["std_of_means"]))
            cases.append(case)
    doc = {
        "generator": GENERATOR,
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "cases": cases,
    }
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump(clean(doc), fh, sort_keys=True, indent=1, allow_nan=False)
        fh.write("\n")
    print("wrote %s (%d cases)" % (os.path.relpath(OUT, ROOT), len(cases)))


if __name__ == "__main__":
    main()
