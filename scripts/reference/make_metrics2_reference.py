#!/usr/bin/env python3
"""Second metrics fixture: tied scores, binary edge cases and a larger ranking problem.

Run from the repository root:

    .venv/bin/python scripts/reference/make_metrics2_reference.py

Writes Tests/Fixtures/reference/metrics2.json in the same case format as
metrics.json (see scripts/reference/README.md), so the same Swift test reads
both. The inputs come from numpy.random.default_rng(20260301) and are stored in
the fixture; the stored inputs are exactly what was scored. Output is
deterministic: sorted keys, shortest round-trip floats, single-threaded BLAS.
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
             "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import json  # noqa: E402
import warnings  # noqa: E402

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import sklearn  # noqa: E402
from sklearn.metrics import (  # noqa: E402
    accuracy_score,
    balanced_accuracy_score,
    f1_score,
    log_loss,
    precision_score,
    recall_score,
    roc_auc_score,
)

GENERATOR = "scripts/reference/make_metrics2_reference.py"
SEED = 20260301
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT = os.path.join(ROOT, "Tests", "Fixtures", "reference", "metrics2.json")
WARNINGS = []


def label_metrics(y_true, y_pred, labels):
    v = {
        "accuracy": accuracy_score(y_true, y_pred),
        "balanced_accuracy": balanced_accuracy_score(y_true, y_pred),
    }
    for avg in ["macro", "weighted"]:
        v["precision_" + avg] = precision_score(y_true, y_pred, labels=labels, average=avg, zero_division=0)
        v["recall_" + avg] = recall_score(y_true, y_pred, labels=labels, average=avg, zero_division=0)
        v["f1_" + avg] = f1_score(y_true, y_pred, labels=labels, average=avg, zero_division=0)
    return v


def binary_case(name, y_true, proba, note):
    """A two-class case; `proba` is P(class 1) and y_pred = proba >= 0.5, as in metrics.json."""
    y_true = np.asarray(y_true, dtype=int)
    proba = np.asarray(proba, dtype=np.float64)
    y_pred = (proba >= 0.5).astype(int)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        v = label_metrics(y_true, y_pred, [0, 1])
        v["log_loss"] = log_loss(y_true, np.column_stack([1.0 - proba, proba]), labels=[0, 1])
        for key, fn in [("precision", precision_score), ("recall", recall_score), ("f1", f1_score)]:
            v[key] = fn(y_true, y_pred, pos_label=1, average="binary", zero_division=0)
        if len(set(y_true.tolist())) == 2:
            # The roc_auc and roc_auc_ovr scorers agree on binary targets.
            v["roc_auc"] = roc_auc_score(y_true, proba)
            v["roc_auc_ovr"] = roc_auc_score(y_true, proba, multi_class="ovr")
    for w in caught:
        WARNINGS.append("%s: %s" % (name, str(w.message).splitlines()[0]))
    return {"name": name, "task": "binary", "labels": [0, 1], "y_true": y_true.tolist(),
            "y_pred": y_pred.tolist(), "proba": proba.tolist(), "values": {k: float(x) for k, x in v.items()},
            "note": note}


def multiclass_case(name, y_true, P, note):
    labels = list(range(P.shape[1]))
    y_pred = np.argmax(P, axis=1)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        v = label_metrics(y_true, y_pred, labels)
        v["log_loss"] = log_loss(y_true, P, labels=labels)
        v["roc_auc_ovr"] = roc_auc_score(y_true, P, multi_class="ovr", average="macro", labels=labels)
    for w in caught:
        WARNINGS.append("%s: %s" % (name, str(w.message).splitlines()[0]))
    return {"name": name, "task": "multiclass", "labels": labels, "y_true": y_true.tolist(),
            "y_pred": y_pred.tolist(), "proba": P.tolist(), "values": {k: float(x) for k, x in v.items()},
            "note": note}


def main():
    rng = np.random.default_rng(SEED)
    cases = []

    # Scores on a 0.1 grid in [0.1, 0.9]: nine distinct values for 60 rows, so every group is tied.
    y = rng.integers(0, 2, size=60)
    steps = np.clip(np.round(3 * y + rng.normal(3.5, 2.0, size=60)), 1, 9)
    cases.append(binary_case("binary_ties", y, steps / 10, "scores on a 0.1 grid: heavy ties"))

    # 2000 rows, about 5 % positive, scores on a 0.01 grid: a larger sort with ties.
    y = (rng.uniform(size=2000) < 0.05).astype(int)
    steps = np.clip(np.round(100 * (0.35 + 0.2 * y + rng.normal(0, 0.15, size=2000))), 1, 99)
    cases.append(binary_case("binary_imbalanced_2000", y, steps / 100, "5 % positives, 0.01 grid"))

    # Nothing predicted positive: precision is 0/0 -> 0 (zero_division=0), recall and F1 0.
    y = np.array([0, 1, 0, 1, 1, 0, 0, 1, 0, 0, 1, 0])
    proba = np.array([0.1, 0.4, 0.2, 0.3, 0.45, 0.05, 0.3, 0.2, 0.1, 0.35, 0.49, 0.4])
    cases.append(binary_case("binary_no_predicted_positive", y, proba, "y_pred all 0"))

    # No true positive: recall is 0/0 -> 0; ROC AUC is undefined (scikit-learn raises), so absent.
    y = np.zeros(10, dtype=int)
    proba = np.array([0.1, 0.6, 0.2, 0.7, 0.3, 0.05, 0.9, 0.2, 0.4, 0.3])
    cases.append(binary_case("binary_no_true_positive", y, proba, "y_true all 0; no roc_auc"))

    # Every score equal: one tied group, AUC 1/2; everything predicted positive.
    y = np.array([1, 0, 0, 1, 0, 1, 1, 0, 0])
    cases.append(binary_case("binary_all_equal_scores", y, np.full(9, 0.5), "all scores 0.5"))

    # Five classes, 100 rows; each row splits ten tenths among the classes, at least one each:
    # probabilities in {0.1, ..., 0.6}, many ties within every column.
    n, k = 100, 5
    y = rng.integers(0, k, size=n)
    units = np.ones((n, k), dtype=int)
    for i in range(n):
        weights = np.full(k, 1.0)
        weights[y[i]] = 3.0
        units[i] += rng.multinomial(5, weights / weights.sum())
    P = units / 10.0
    assert np.allclose(P.sum(axis=1), 1.0, rtol=0, atol=1e-12)
    cases.append(multiclass_case("multiclass5_ties", y, P, "probabilities on a 0.1 grid"))

    doc = {
        "generator": GENERATOR,
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
        "seed": SEED,
        "zero_division": 0,
        "cases": cases,
    }
    text = json.dumps(doc, sort_keys=True, indent=1, allow_nan=False, ensure_ascii=True)
    with open(OUT, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text)
        fh.write("\n")
    print("wrote %s (%d bytes, %d cases)" % (os.path.relpath(OUT, ROOT), len(text) + 1, len(cases)))
    for w in WARNINGS:
        print("warning:", w)


if __name__ == "__main__":
    main()
