#!/usr/bin/env python3
"""Hyperplan against scikit-learn's GridSearchCV: same grid, same data, same folds, one after the other.

For each case the script writes an experiment file (and, for synthetic data, a CSV made with scikit-learn's
make_classification / make_regression so that both tools read identical rows), then runs

  1. `hyperplan run FILE -j N --quiet` as a subprocess (end to end: start-up, CSV parsing, planning, every fit,
     writing the bundle), and
  2. a Python subprocess that loads the same CSV and runs GridSearchCV(Pipeline([StandardScaler(), model]),
     grid, cv=unshuffled (Stratified)KFold, n_jobs=N, refit=True) — timed end to end and fit-only,

each `--repeat` times, and prints the median wall times, the ratios (scikit-learn ÷ Hyperplan: above 1 means
Hyperplan is faster), peak memory (max RSS of each subprocess) and both best cross-validation scores, which
must agree.

    python3 -m venv /work/venv-bench && /work/venv-bench/bin/pip install scikit-learn pandas threadpoolctl
    swift build -c release
    /work/venv-bench/bin/python benchmarks/gridsearch_vs_sklearn.py --jobs 2 [--cases small] [--repeat 3]

Needs only scikit-learn (and pandas for fast CSV reading on the scikit-learn side); it is a measurement, not a
test, and is not run in CI.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATASETS = os.path.join(ROOT, "Sources", "Datasets", "Resources")
BUILTIN_TARGETS = {"iris": "species", "wine": "cultivar", "breast_cancer": "diagnosis", "diabetes": "progression",
                   "digits": "digit"}

# Each case: dataset (built-in name or a synthetic spec), Hyperplan model section (YAML text with the grid),
# the scikit-learn estimator and grid, CV, metric (Hyperplan name, scikit-learn scorer).
CASES = {
    "iris-logistic": dict(
        data="iris", task="classification", folds=5,
        model="  type: logistic_regression\n  C: {loguniform: [0.001, 1000], grid: 7}\n",
        sklearn="LogisticRegression(tol=1e-10, max_iter=10000)", grid={"model__C": "np.logspace(-3, 3, 7)"},
        metric=("accuracy", "accuracy")),
    "wine-logistic": dict(
        data="wine", task="classification", folds=5,
        model="  type: logistic_regression\n  C: {loguniform: [0.001, 1000], grid: 7}\n",
        sklearn="LogisticRegression(tol=1e-10, max_iter=10000)", grid={"model__C": "np.logspace(-3, 3, 7)"},
        metric=("accuracy", "accuracy")),
    "breast_cancer-logistic": dict(
        data="breast_cancer", task="classification", folds=5,
        model="  type: logistic_regression\n  C: {loguniform: [0.001, 1000], grid: 7}\n",
        sklearn="LogisticRegression(tol=1e-10, max_iter=10000)", grid={"model__C": "np.logspace(-3, 3, 7)"},
        metric=("accuracy", "accuracy")),
    "digits-logistic": dict(
        data="digits", task="classification", folds=5,
        model="  type: logistic_regression\n  C: {loguniform: [0.001, 10], grid: 5}\n",
        sklearn="LogisticRegression(tol=1e-10, max_iter=10000)", grid={"model__C": "np.logspace(-3, 1, 5)"},
        metric=("accuracy", "accuracy")),
    "diabetes-ridge": dict(
        data="diabetes", task="regression", folds=5,
        model="  type: linear_regression\n  penalty: l2\n  alpha: {loguniform: [0.001, 1000], grid: 13}\n",
        sklearn="Ridge(solver='cholesky')", grid={"model__alpha": "np.logspace(-3, 3, 13)"},
        metric=("r2", "r2")),
    "synthetic100k-logistic": dict(
        data={"kind": "classification", "n_samples": 100_000, "n_features": 50, "n_informative": 10}, task="classification",
        folds=5, model="  type: logistic_regression\n  C: {choice: [0.01, 1.0]}\n",
        sklearn="LogisticRegression(tol=1e-10, max_iter=10000)", grid={"model__C": "[0.01, 1.0]"},
        metric=("accuracy", "accuracy")),
}
GROUPS = {"small": ["iris-logistic", "wine-logistic", "breast_cancer-logistic", "digits-logistic", "diabetes-ridge"],
          "large": ["synthetic100k-logistic"]}

SKLEARN_WORKER = r'''
import json, sys, time
t0 = time.perf_counter()
import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression, Ridge, LinearRegression, Lasso, ElasticNet
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
spec = json.loads(sys.argv[1])
frame = pd.read_csv(spec["csv"])
y = frame[spec["target"]].to_numpy()
X = frame.drop(columns=[spec["target"]]).to_numpy(dtype=float)
cv = StratifiedKFold(spec["folds"]) if spec["task"] == "classification" else KFold(spec["folds"])
model = eval(spec["sklearn"])
grid = {k: eval(v) for k, v in spec["grid"].items()}
search = GridSearchCV(Pipeline([("scale", StandardScaler()), ("model", model)]), grid, cv=cv, scoring=spec["scorer"],
                      n_jobs=spec["jobs"], refit=True)
t1 = time.perf_counter()
search.fit(X, y)
t2 = time.perf_counter()
print(json.dumps({"fit_seconds": t2 - t1, "total_seconds": t2 - t0, "best_score": float(search.best_score_),
                  "best_params": {k: float(v) for k, v in search.best_params_.items()}}))
'''


def csv_for(case, directory):
    data = case["data"]
    if isinstance(data, str):
        return os.path.join(DATASETS, data + ".csv"), BUILTIN_TARGETS[data]
    import numpy as np
    from sklearn.datasets import make_classification, make_regression
    options = {k: v for k, v in data.items() if k != "kind"}
    make = make_classification if data["kind"] == "classification" else make_regression
    X, y = make(random_state=0, **options)
    path = os.path.join(directory, f"{data['kind']}-{data['n_samples']}x{data['n_features']}.csv")
    if not os.path.exists(path):
        header = ",".join([f"x{i}" for i in range(X.shape[1])] + ["y"])
        np.savetxt(path, np.column_stack([X, y]), delimiter=",", header=header, comments="", fmt="%.10g")
    return path, "y"


def run_measured(command):
    """Runs a command and returns (wall seconds, standard output)."""
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr}")
    return wall, result.stdout


def peak_rss(command):
    """Peak RSS (MiB) of one run of `command`, measured with GNU time."""
    result = subprocess.run(["/usr/bin/time", "-f", "%M"] + command, capture_output=True, text=True)
    try:
        return int(result.stderr.strip().splitlines()[-1]) / 1024
    except (ValueError, IndexError):
        return float("nan")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cases", default="small", help="a group (small, large, all) or comma-separated case names")
    parser.add_argument("--hyperplan", default=os.path.join(ROOT, ".build", "release", "hyperplan"))
    arguments = parser.parse_args()
    names = (GROUPS["small"] + GROUPS["large"] if arguments.cases == "all"
             else GROUPS.get(arguments.cases, arguments.cases.split(",")))
    if not os.path.exists(arguments.hyperplan):
        sys.exit(f"{arguments.hyperplan} not found: run `swift build -c release` first")
    work = tempfile.mkdtemp(prefix="hyperplan-bench-")
    print(f"jobs {arguments.jobs}, median of {arguments.repeat}, scratch {work}")
    print(f"{'case':26} {'hyperplan s':>11} {'sklearn s':>10} {'fit-only s':>10} {'ratio':>7} {'ratio fit':>9} "
          f"{'hp MiB':>7} {'sk MiB':>7} {'hp best':>9} {'sk best':>9}")
    for name in names:
        case = CASES[name]
        csv, target = csv_for(case, work)
        metric, scorer = case["metric"]
        experiment = os.path.join(work, f"{name}.yaml")
        with open(experiment, "w") as file:
            file.write(f"name: {name}\ndataset:\n  source: {csv}\n  target: {target}\n  preprocess: [standardize]\n"
                       f"model:\n{case['model']}cv:\n  folds: {case['folds']}\nsearch:\n  metric: {metric}\n")
        hyperplan = [arguments.hyperplan, "run", experiment, "-j", str(arguments.jobs), "--quiet",
                     "--output", os.path.join(work, "runs")]
        worker_spec = json.dumps(dict(csv=csv, target=target, folds=case["folds"], task=case["task"],
                                      sklearn=case["sklearn"], grid=case["grid"], scorer=scorer, jobs=arguments.jobs))
        sklearn = [sys.executable, "-c", SKLEARN_WORKER, worker_spec]
        hp_times, sk_times, sk_fit_times = [], [], []
        for _ in range(arguments.repeat):
            wall, _ = run_measured(hyperplan)
            hp_times.append(wall)
            wall, output = run_measured(sklearn)
            report = json.loads(output)
            sk_times.append(wall)
            sk_fit_times.append(report["fit_seconds"])
        hp_peak, sk_peak = peak_rss(hyperplan), peak_rss(sklearn)
        summary_path = os.path.join(work, "runs", name)
        bundle = os.path.join(summary_path, sorted(os.listdir(summary_path))[0], "summary.json")
        with open(bundle) as file:
            hp_best = json.load(file)["best"]["validation"][metric]["mean"]
        hp, sk, skf = (statistics.median(t) for t in (hp_times, sk_times, sk_fit_times))
        print(f"{name:26} {hp:11.3f} {sk:10.3f} {skf:10.3f} {sk / hp:7.1f} {skf / hp:9.1f} {hp_peak:7.0f} "
              f"{sk_peak:7.0f} {hp_best:9.5f} {report['best_score']:9.5f}")


if __name__ == "__main__":
    main()
