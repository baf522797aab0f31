#!/usr/bin/env python3
"""Reference values for Student's t distribution and the corrected resampled t-test, for the Analysis tests.

Run from the repository root:

    benchmarks/setup.sh     # .venv/ with every pin, requirements-fanova.txt included
    .venv/bin/python scripts/reference/make_ttest_reference.py

Writes Tests/Fixtures/reference/ttest.json with

* `distribution`: `scipy.stats.t.cdf` and `.sf` at many (df, x), and `.ppf` at many (df, p). SciPy evaluates
  them with Boost's `students_t`, accurate to a few ulps, so the Swift test can ask for 1e-10 relative.
* `cases`: corrected resampled t-tests (Nadeau and Bengio 2003) computed here from the formula with NumPy and
  SciPy: J = len(d) differences, mean d̄, sample variance σ̂² (ddof = 1), corrected variance
  (1/J + n_test/n_train) σ̂², t = d̄ / sqrt(corrected variance), df = J − 1, p = 2 t.sf(|t|, df), and the 95 %
  interval d̄ ± t.ppf(0.975, df) sqrt(corrected variance). Where n_test/n_train is 1/(k − 1) (k-fold), the
  script also checks mean, corrected variance and df against baycomp's `CorrelatedTTest.compute_statistics`
  (an independent implementation of the same correction) and refuses to write on a mismatch. Some cases use
  real per-fold scores of two scikit-learn models on breast_cancer.

Deterministic: fixed data, unshuffled or seeded folds, single-threaded BLAS, sorted keys, shortest round-trip
floats.
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
             "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import csv  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import sklearn  # noqa: E402
from baycomp.single import CorrelatedTTest  # noqa: E402
from scipy.stats import t as student_t  # noqa: E402
from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import KFold, RepeatedKFold, cross_val_score  # noqa: E402
from sklearn.neighbors import KNeighborsClassifier  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402
from sklearn.preprocessing import StandardScaler  # noqa: E402

GENERATOR = "scripts/reference/make_ttest_reference.py"
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT_PATH = os.path.join(ROOT, "Tests", "Fixtures", "reference", "ttest.json")
BREAST_CANCER = os.path.join(ROOT, "Sources", "Datasets", "Resources", "breast_cancer.csv")

DEGREES = [0.5, 1, 1.5, 2, 3, 4, 5, 7, 9, 10, 14, 19, 29, 49, 99, 299, 1000, 100000]
POINTS = [0.0, 0.1, 0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.0, 6.0, 10.0, 30.0, 100.0, 10000.0]
PROBABILITIES = [1e-10, 1e-6, 0.001, 0.01, 0.025, 0.05, 0.1, 0.25, 0.4, 0.6, 0.75, 0.9, 0.95, 0.975, 0.99,
                 0.995, 0.999, 1 - 1e-6]


def distribution():
    values, quantiles = [], []
    for df in DEGREES:
        for magnitude in POINTS:
            for x in ([magnitude] if magnitude == 0 else [-magnitude, magnitude]):
                values.append({"df": df, "x": x, "cdf": float(student_t.cdf(x, df)), "sf": float(student_t.sf(x, df))})
        for p in PROBABILITIES:
            quantiles.append({"df": df, "p": p, "ppf": float(student_t.ppf(p, df))})
    return values, quantiles


def corrected_test(name, differences, test_size, train_size, folds=None, repeats=1, note=""):
    d = np.asarray(differences, dtype=float)
    j = len(d)
    mean = float(np.mean(d))
    variance = float(np.var(d, ddof=1))
    ratio = test_size / train_size
    corrected = (1.0 / j + ratio) * variance
    t_stat = mean / math.sqrt(corrected)
    df = j - 1
    p_value = float(2 * student_t.sf(abs(t_stat), df))
    half = float(student_t.ppf(0.975, df)) * math.sqrt(corrected)
    checked = False
    if folds is not None and abs(ratio - 1.0 / (folds - 1)) < 1e-12:
        # baycomp forms y − x and takes nfolds = J / runs; its correction is 1/J + 1/(nfolds − 1).
        b_mean, b_var, b_df = CorrelatedTTest.compute_statistics(np.zeros(j), d, runs=repeats)
        for ours, theirs in ((mean, b_mean), (corrected, b_var)):
            if abs(ours - theirs) > 1e-12 * max(abs(ours), 1e-300):
                raise SystemExit("case %s: baycomp gives %r, the formula %r" % (name, theirs, ours))
        if b_df != df:
            raise SystemExit("case %s: baycomp's df %r differs from %r" % (name, b_df, df))
        checked = True
    return {
        "name": name, "note": note, "differences": [float(v) for v in d], "test_size": test_size,
        "train_size": train_size, "mean": mean, "variance": variance, "corrected_variance": corrected,
        "t": t_stat, "df": df, "p_value": p_value, "ci95": [mean - half, mean + half], "baycomp_checked": checked,
    }


def breast_cancer_scores(cv):
    with open(BREAST_CANCER, newline="") as fh:
        rows = list(csv.reader(fh))
    x = np.array([[float(v) for v in r[:-1]] for r in rows[1:]])
    labels = [r[-1] for r in rows[1:]]
    classes = sorted(set(labels))
    y = np.array([classes.index(v) for v in labels])
    logistic = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=10000))
    knn = make_pipeline(StandardScaler(), KNeighborsClassifier(n_neighbors=15))
    first = cross_val_score(logistic, x, y, cv=cv, scoring="accuracy")
    second = cross_val_score(knn, x, y, cv=cv, scoring="accuracy")
    return (first - second).tolist(), len(y)


def cases():
    rng = np.random.default_rng(20260615)
    result = [
        corrected_test("five_fold_positive", [0.021, 0.013, 0.030, 0.008, 0.017], 20, 80, folds=5,
                       note="5-fold, a clear positive difference"),
        corrected_test("five_fold_mixed", [0.012, -0.004, 0.020, -0.009, 0.006], 20, 80, folds=5,
                       note="5-fold, differences of both signs: not distinguishable from fold noise"),
        corrected_test("two_folds", [0.05, 0.01], 50, 50, folds=2, note="the smallest test: J = 2, df = 1"),
        corrected_test("ten_fold_negative", (rng.normal(-0.01, 0.015, 10)).round(6).tolist(), 57, 512,
                       note="10-fold sizes of 569 rows (57 test, 512 train): ratio 57/512, not 1/9"),
        corrected_test("holdout_ratio", (rng.normal(0.004, 0.01, 8)).round(6).tolist(), 30, 70,
                       note="eight repeated 30/70 holdouts"),
        corrected_test("large_offset", (1000.0 + rng.normal(0.0, 1e-3, 6)).round(9).tolist(), 1, 5, folds=6,
                       note="differences near 1000 with a tiny spread: the mean must not swamp the variance"),
    ]
    differences, n = breast_cancer_scores(KFold(n_splits=10, shuffle=False))
    result.append(corrected_test("breast_cancer_logistic_vs_knn_10fold", differences, n // 10, n - n // 10,
                                 note="accuracy of standardised logistic regression minus 15-NN, KFold(10) "
                                      "unshuffled on breast_cancer (569 rows; sizes 57/512 for most folds, "
                                      "the ratio uses 56/513)"))
    differences, n = breast_cancer_scores(RepeatedKFold(n_splits=5, n_repeats=3, random_state=0))
    test = n // 5
    result.append(corrected_test("breast_cancer_logistic_vs_knn_5x3", differences, test, n - test, repeats=3,
                                 note="the same models, RepeatedKFold(5, 3 repeats, random_state=0): J = 15, "
                                      "ratio 113/456"))
    # The k-fold ratio exactly, so that baycomp checks the repeated case too.
    result.append(corrected_test("breast_cancer_5x3_kfold_ratio", differences, 1, 4, folds=5, repeats=3,
                                 note="the same 15 differences with n_test/n_train = 1/4"))
    return result


def main():
    values, quantiles = distribution()
    doc = {
        "generator": GENERATOR,
        "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
        "distribution": values,
        "quantiles": quantiles,
        "cases": cases(),
    }
    text = json.dumps(doc, sort_keys=True, indent=1, allow_nan=False, ensure_ascii=True)
    with open(OUT_PATH, "w", encoding="utf-8", newline="\n") as fh:
        fh.write(text + "\n")
    print("wrote %s (%d bytes: %d distribution values, %d quantiles, %d tests, %d checked with baycomp)" % (
        os.path.relpath(OUT_PATH, ROOT), len(text) + 1, len(values), len(quantiles), len(doc["cases"]),
        sum(c["baycomp_checked"] for c in doc["cases"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
