#!/usr/bin/env python3
"""Hyperplan against scikit-learn's GridSearchCV: same grid, same data, same folds, one after the other.

For each case the script writes an experiment file (and, for synthetic data, a CSV made with scikit-learn's
make_classification so that both tools read identical rows), then runs

  1. `hyperplan run FILE -j N --quiet --fresh` as a subprocess (end to end: start-up, CSV parsing, planning,
     every fit, the journal, writing the bundle; --fresh because a rerun into the same --output would otherwise
     resume from the bundle's journal and restore every fit instead of computing it), and
  2. a Python subprocess that loads the same CSV and runs GridSearchCV(Pipeline([StandardScaler(), model]),
     grid, cv=unshuffled (Stratified)KFold, n_jobs=N, refit=True) — timed end to end and fit-only. Hyperplan
     always scores each fold's training rows as well as its validation rows (and the refit model on all rows);
     GridSearchCV by default does not, and --sklearn-train-scores makes it (return_train_score=True),

each `--repeat` times, then each once more for peak memory, and prints per case:

  - the median wall times and the ratios (scikit-learn ÷ Hyperplan: above 1 means Hyperplan is faster), end to
    end and with scikit-learn's fit alone;
  - peak memory: `MiB` is the largest single process's peak RSS (GNU time), `tree` the peak PSS summed over
    the whole process tree (scikit-learn's n_jobs workers are separate processes; Hyperplan is one);
  - both best cross-validation scores (Hyperplan's from the bundle the run reported) and whether they agree:
    `exact` where both sides make the same deterministic fits (logistic, ridge, lasso, elastic net, kNN, and
    trees up to exact ties between candidate splits, which scikit-learn breaks by random_state and Hyperplan
    by feature index: a tree `DIFFER` needs that checked), `~ ±d` with the difference where the fits are
    different random draws (forests, mlp).

    benchmarks/setup.sh                    # .venv/ with the pinned packages, once
    swift build -c release
    .venv/bin/python benchmarks/gridsearch_vs_sklearn.py --jobs 2 [--cases small|large|all|NAME,...]
        [--repeat 3] [--sklearn-train-scores]

(`benchmarks/run-all.sh gridsearch-small`, `gridsearch-large`, `gridsearch-knn-train-scores` run the published
configurations.)

Groups: `small` (logistic, knn, tree, forest, mlp on iris, wine, breast_cancer and digits; ridge, lasso and
elastic net on diabetes) and `large` (a 100,000 × 50 make_classification with logistic, knn, tree, forest and
mlp). Needs only scikit-learn (and pandas for fast CSV reading on the scikit-learn side); it is a measurement,
not a test, and is not run in CI. docs/benchmarks.md has the machine, the results and the goals.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchmark_records import default_hyperplan, require_hyperplan  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DATASETS = os.path.join(ROOT, "Sources", "Datasets", "Resources")
BUILTIN_TARGETS = {"iris": "species", "wine": "cultivar", "breast_cancer": "diagnosis", "diabetes": "progression",
                   "digits": "digit"}

# Each case: dataset (built-in name or a synthetic spec), the Hyperplan model section (YAML text with the grid)
# and optional schedule section, the scikit-learn estimator and grid, CV folds, metric (Hyperplan name,
# scikit-learn scorer), and which agreement of the best scores to expect: "exact" where both sides compute the
# same deterministic fits, "comparable" where they draw from different random streams (forest bootstraps and
# feature draws, mlp initialisation and batch order), so only the distribution of scores is the same.
#
# The two sides of every case must describe the same grid point for point. Defaults that decide results are
# spelt out on the scikit-learn side where its defaults differ from Hyperplan's (tol, max_iter, algorithm,
# stopping rules) and left as they are where both agree (docs/learners/*.md list Hyperplan's defaults).
LARGE = {"kind": "classification", "n_samples": 100_000, "n_features": 50, "n_informative": 10}
ACCURACY, R2 = ("accuracy", "accuracy"), ("r2", "r2")


def case(data, model, sklearn, grid, task="classification", schedule="", expect="exact", folds=5):
    metric = ACCURACY if task == "classification" else R2
    return dict(data=data, task=task, folds=folds, model=model, schedule=schedule, sklearn=sklearn, grid=grid,
                metric=metric, expect=expect)


def logistic(data, decades=(-3, 3)):
    # l2, C on a log grid; both sides L-BFGS to tol 1e-10 (Hyperplan's default tol and max_iter).
    low, high = decades
    points = high - low + 1
    return case(data, f"  type: logistic_regression\n  C: {{loguniform: [{10.0 ** low:g}, {10.0 ** high:g}], "
                      f"grid: {points}}}\n",
                "LogisticRegression(tol=1e-10, max_iter=10000)", {"model__C": f"np.logspace({low}, {high}, {points})"})


def knn(data):
    # Brute force on both sides (Hyperplan's kNN is brute force only); metric minkowski p=2 on both sides.
    return case(data, "  type: knn\n  n_neighbors: {choice: [1, 3, 5, 7, 9, 15]}\n"
                      "  weights: {choice: [uniform, distance]}\n",
                "KNeighborsClassifier(algorithm='brute')",
                {"model__n_neighbors": "[1, 3, 5, 7, 9, 15]", "model__weights": "['uniform', 'distance']"})


def decision_tree(data):
    # Both: splitter best, max_features none (all), min_samples_split 2, min_samples_leaf 1. scikit-learn
    # visits the features in a random order at every node, which decides exact ties between splits;
    # Hyperplan takes the lowest feature index (docs/learners/trees.md), so ties can give different trees.
    return case(data, "  type: decision_tree\n  max_depth: {choice: [2, 4, 8, none]}\n"
                      "  criterion: {choice: [gini, entropy]}\n",
                "DecisionTreeClassifier(random_state=0)",
                {"model__max_depth": "[2, 4, 8, None]", "model__criterion": "['gini', 'entropy']"})


def random_forest(data):
    # Both: bootstrap, max_features sqrt, 50 trees; the forests are different random draws.
    return case(data, "  type: random_forest\n  n_estimators: 50\n  max_depth: {choice: [4, 8, none]}\n",
                "RandomForestClassifier(n_estimators=50, random_state=0)", {"model__max_depth": "[4, 8, None]"},
                expect="comparable")


# scikit-learn's MLPClassifier as close to Hyperplan's schedule as it goes: adam, constant learning rate, the
# given batch size and epochs (max_iter), no early stopping and no tolerance stop (n_iter_no_change larger
# than the epochs), alpha 1e-4 = Hyperplan's weight_decay default, Glorot-uniform initialisation on both.
# Hyperplan's activation default is relu, as scikit-learn's; the small cases search it.
MLP_SKLEARN = ("MLPClassifier(hidden_layer_sizes=({units},), activation='relu', solver='adam', batch_size={batch}, "
               "max_iter={epochs}, learning_rate='constant', early_stopping=False, n_iter_no_change=10**9, tol=1e-12, "
               "alpha=1e-4, shuffle=True, random_state=0)")


def mlp(data):
    return case(data, "  type: mlp\n  hidden_layers: [32]\n  activation: {choice: [relu, tanh]}\n",
                MLP_SKLEARN.format(units=32, batch=32, epochs=50),
                {"model__activation": "['relu', 'tanh']", "model__learning_rate_init": "[0.001, 0.01]"},
                schedule="schedule:\n  epochs: 50\n  batch_size: 32\n  optimizer: adam\n"
                         "  learning_rate: {choice: [0.001, 0.01]}\n",
                expect="comparable")


CASES = {}
for name in ["iris", "wine", "breast_cancer", "digits"]:
    CASES[f"{name}-logistic"] = logistic(name, (-3, 1) if name == "digits" else (-3, 3))
    CASES[f"{name}-knn"] = knn(name)
    CASES[f"{name}-tree"] = decision_tree(name)
    CASES[f"{name}-forest"] = random_forest(name)
    CASES[f"{name}-mlp"] = mlp(name)
CASES.update({
    # Ridge: alpha on the sum of squared residuals, solved by Cholesky on both sides.
    "diabetes-ridge": case(
        "diabetes", "  type: linear_regression\n  penalty: l2\n  alpha: {loguniform: [0.001, 1000], grid: 13}\n",
        "Ridge(solver='cholesky')", {"model__alpha": "np.logspace(-3, 3, 13)"}, task="regression"),
    # Lasso and elastic net: coordinate descent to a duality gap of tol 1e-10 (Hyperplan's default tol, the same
    # stopping test as scikit-learn's) and max_iter 100,000 on both sides.
    "diabetes-lasso": case(
        "diabetes", "  type: linear_regression\n  penalty: l1\n  alpha: {loguniform: [0.001, 10], grid: 9}\n",
        "Lasso(tol=1e-10, max_iter=100000)", {"model__alpha": "np.logspace(-3, 1, 9)"}, task="regression"),
    "diabetes-elasticnet": case(
        "diabetes", "  type: linear_regression\n  penalty: elasticnet\n  alpha: {loguniform: [0.001, 10], grid: 9}\n"
                    "  l1_ratio: {choice: [0.2, 0.5, 0.8]}\n",
        "ElasticNet(tol=1e-10, max_iter=100000)",
        {"model__alpha": "np.logspace(-3, 1, 9)", "model__l1_ratio": "[0.2, 0.5, 0.8]"}, task="regression"),
    "synthetic100k-logistic": case(
        LARGE, "  type: logistic_regression\n  C: {choice: [0.01, 1.0]}\n",
        "LogisticRegression(tol=1e-10, max_iter=10000)", {"model__C": "[0.01, 1.0]"}),
    # One configuration: 5 neighbours, uniform weights, euclidean, brute force.
    "synthetic100k-knn": case(
        LARGE, "  type: knn\n  n_neighbors: 5\n",
        "KNeighborsClassifier(n_neighbors=5, algorithm='brute')", {"model__n_neighbors": "[5]"}),
    "synthetic100k-tree": case(
        LARGE, "  type: decision_tree\n  max_depth: {choice: [4, 8, 16]}\n",
        "DecisionTreeClassifier(random_state=0)", {"model__max_depth": "[4, 8, 16]"}),
    "synthetic100k-forest": case(
        LARGE, "  type: random_forest\n  n_estimators: 20\n  max_depth: 10\n",
        "RandomForestClassifier(n_estimators=20, max_depth=10, random_state=0)", {"model__n_estimators": "[20]"},
        expect="comparable"),
    # One hidden layer of 64 relu units, 20 epochs of batches of 256, adam at 0.001.
    "synthetic100k-mlp": case(
        LARGE, "  type: mlp\n  hidden_layers: [64]\n  activation: relu\n",
        MLP_SKLEARN.format(units=64, batch=256, epochs=20),
        {"model__learning_rate_init": "[0.001]"},
        schedule="schedule:\n  epochs: 20\n  batch_size: 256\n  optimizer: adam\n  learning_rate: 0.001\n",
        expect="comparable"),
})
GROUPS = {"small": [name for name in CASES if not name.startswith("synthetic")],
          "large": [name for name in CASES if name.startswith("synthetic")]}

SKLEARN_WORKER = r"""
import json, sys, time
t0 = time.perf_counter()
import numpy as np
import pandas as pd
from sklearn.ensemble import RandomForestClassifier
from sklearn.linear_model import ElasticNet, Lasso, LinearRegression, LogisticRegression, Ridge
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold
from sklearn.neighbors import KNeighborsClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
from sklearn.tree import DecisionTreeClassifier
spec = json.loads(sys.argv[1])
frame = pd.read_csv(spec["csv"])
y = frame[spec["target"]].to_numpy()
X = frame.drop(columns=[spec["target"]]).to_numpy(dtype=float)
cv = StratifiedKFold(spec["folds"]) if spec["task"] == "classification" else KFold(spec["folds"])
model = eval(spec["sklearn"])
grid = {k: eval(v) for k, v in spec["grid"].items()}
search = GridSearchCV(Pipeline([("scale", StandardScaler()), ("model", model)]), grid, cv=cv, scoring=spec["scorer"],
                      n_jobs=spec["jobs"], refit=True, return_train_score=spec["train_scores"])
t1 = time.perf_counter()
search.fit(X, y)
t2 = time.perf_counter()
print(json.dumps({"fit_seconds": t2 - t1, "total_seconds": t2 - t0, "best_score": float(search.best_score_),
                  "best_params": search.best_params_}, default=lambda v: v.item() if hasattr(v, "item") else str(v)))
"""


def csv_for(case, directory):
    data = case["data"]
    if isinstance(data, str):
        return os.path.join(DATASETS, data + ".csv"), BUILTIN_TARGETS[data]
    path = os.path.join(directory, f"{data['kind']}-{data['n_samples']}x{data['n_features']}.csv")
    if not os.path.exists(path):
        import numpy as np
        from sklearn.datasets import make_classification, make_regression
        options = {k: v for k, v in data.items() if k != "kind"}
        make = make_classification if data["kind"] == "classification" else make_regression
        X, y = make(random_state=0, **options)
        header = ",".join([f"x{i}" for i in range(X.shape[1])] + ["y"])
        np.savetxt(path, np.column_stack([X, y]), delimiter=",", header=header, comments="", fmt="%.10g")
    return path, "y"


def experiment_text(name, case, csv, target):
    scheme = "stratified_kfold" if case["task"] == "classification" else "kfold"
    return (f"name: {name}\nseed: 0\ndataset:\n  source: {csv}\n  target: {target}\n  task: {case['task']}\n"
            f"  preprocess: [standardize]\nmodel:\n{case['model']}{case['schedule']}"
            f"cv:\n  scheme: {scheme}\n  folds: {case['folds']}\n  shuffle: false\n"
            f"search:\n  strategy: grid\n  metric: {case['metric'][0]}\n")


# The scikit-learn side prints ConvergenceWarnings for every mlp fit that stops at max_iter (which is the point:
# it must run every epoch, as Hyperplan does); its worker processes inherit this.
QUIET_ENVIRONMENT = dict(os.environ, PYTHONWARNINGS="ignore")


def run_measured(command):
    """Runs a command and returns (wall seconds, standard output)."""
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, env=QUIET_ENVIRONMENT)
    wall = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr}")
    return wall, result.stdout


def process_tree(root):
    """The process ids of `root` and all its descendants, from /proc."""
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as file:
                    parent = int(file.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry))
    tree, stack = [], [root]
    while stack:
        pid = stack.pop()
        tree.append(pid)
        stack.extend(children.get(pid, []))
    return tree


def proportional_set_size(pid):
    """PSS of one process in KiB (its private pages plus its share of pages shared with others); 0 once gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as file:
            for line in file:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def peak_memory(command):
    """Peak memory of one run of `command`, in MiB: (largest single process, whole process tree).

    The first is the peak RSS of the largest process (GNU time's %M: the maximum over the command and the
    children it waited for). It undercounts scikit-learn, whose n_jobs > 1 work is spread over a parent and
    worker processes, against Hyperplan's one process. The second is the peak over time of the PSS summed over
    the process tree, sampled every 50 ms: the memory the work occupies at once, with shared library pages
    counted once. It can miss a peak shorter than the sampling interval.
    """
    with tempfile.TemporaryFile(mode="w+") as errors:
        process = subprocess.Popen(["/usr/bin/time", "-f", "%M"] + command, stdout=subprocess.DEVNULL,
                                   stderr=errors, env=QUIET_ENVIRONMENT)
        tree_peak = 0
        while process.poll() is None:
            tree_peak = max(tree_peak, sum(proportional_set_size(pid) for pid in process_tree(process.pid)))
            time.sleep(0.05)
        errors.seek(0)
        lines = errors.read().strip().splitlines()
    try:
        largest = int(lines[-1]) / 1024
    except (ValueError, IndexError):
        largest = float("nan")
    return largest, tree_peak / 1024


def hyperplan_bundle(stdout):
    """The bundle directory a `hyperplan run` reported, after checking that it recomputed every node.

    A rerun into the same --output resumes from the bundle's journal and restores finished nodes instead of
    fitting them; the timed runs pass --fresh, and the summary line "nodes: R of N reused, M run" must say 0.
    """
    lines = {line.split(":", 1)[0]: line.split(":", 1)[1].strip() for line in stdout.splitlines() if ":" in line}
    reused = lines.get("nodes", "").split(" of ")[0]
    if reused != "0":
        sys.exit(f"hyperplan reused earlier results ({lines.get('nodes')!r}); the timing would not be a full run")
    if not lines.get("trials", "").endswith(" 0 failed"):
        print(f"warning: hyperplan trials: {lines.get('trials')}", file=sys.stderr)
    return os.path.abspath(lines["bundle"])


def agreement(expect, hp_best, sk_best):
    difference = hp_best - sk_best
    if expect == "exact":
        return "exact" if abs(difference) <= 1e-9 else f"DIFFER {difference:+.4f}"
    return f"~ {difference:+.4f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cases", default="small", help="a group (small, large, all) or comma-separated case names")
    parser.add_argument("--hyperplan", default=default_hyperplan())
    parser.add_argument("--synthetic-rows", type=int, default=LARGE["n_samples"],
                        help="rows of the large cases' make_classification (default: %(default)s; fewer for a smoke test)")
    parser.add_argument("--sklearn-train-scores", action="store_true",
                        help="GridSearchCV(return_train_score=True): score every fold's training rows too, as "
                             "Hyperplan always does (costly for knn, whose prediction is the work)")
    arguments = parser.parse_args()
    LARGE["n_samples"] = arguments.synthetic_rows  # every large case refers to this one dictionary
    names = (GROUPS["small"] + GROUPS["large"] if arguments.cases == "all"
             else GROUPS.get(arguments.cases, arguments.cases.split(",")))
    unknown = [name for name in names if name not in CASES]
    if unknown:
        sys.exit(f"unknown case {', '.join(unknown)}; cases: {', '.join(CASES)}")
    require_hyperplan(arguments.hyperplan)
    work = tempfile.mkdtemp(prefix="hyperplan-bench-")
    print(f"jobs {arguments.jobs}, median of {arguments.repeat}, scikit-learn train scores "
          f"{'on' if arguments.sklearn_train_scores else 'off'}, scratch {work}")
    print(f"{'case':24} {'hyperplan s':>11} {'sklearn s':>10} {'fit-only s':>10} {'ratio':>6} {'ratio fit':>9} "
          f"{'hp MiB':>7} {'sk MiB':>7} {'hp tree':>7} {'sk tree':>7} {'hp best':>8} {'sk best':>8}  check",
          flush=True)
    for name in names:
        case = CASES[name]
        csv, target = csv_for(case, work)
        experiment = os.path.join(work, f"{name}.yaml")
        with open(experiment, "w") as file:
            file.write(experiment_text(name, case, csv, target))
        hyperplan = [arguments.hyperplan, "run", experiment, "-j", str(arguments.jobs), "--quiet", "--fresh",
                     "--output", os.path.join(work, "runs")]
        worker_spec = json.dumps(dict(csv=csv, target=target, folds=case["folds"], task=case["task"],
                                      sklearn=case["sklearn"], grid=case["grid"], scorer=case["metric"][1],
                                      jobs=arguments.jobs, train_scores=arguments.sklearn_train_scores))
        sklearn = [sys.executable, "-c", SKLEARN_WORKER, worker_spec]
        hp_times, sk_times, sk_fit_times = [], [], []
        for _ in range(arguments.repeat):
            wall, output = run_measured(hyperplan)
            bundle = hyperplan_bundle(output)
            hp_times.append(wall)
            wall, output = run_measured(sklearn)
            report = json.loads(output)
            sk_times.append(wall)
            sk_fit_times.append(report["fit_seconds"])
        with open(os.path.join(bundle, "summary.json")) as file:
            hp_summary = json.load(file)["best"]
        hp_best = hp_summary["validation"][case["metric"][0]]["mean"]
        (hp_peak, hp_tree), (sk_peak, sk_tree) = peak_memory(hyperplan), peak_memory(sklearn)
        hp, sk, skf = (statistics.median(t) for t in (hp_times, sk_times, sk_fit_times))
        check = agreement(case["expect"], hp_best, report["best_score"])
        print(f"{name:24} {hp:11.3f} {sk:10.3f} {skf:10.3f} {sk / hp:6.1f} {skf / hp:9.1f} {hp_peak:7.0f} "
              f"{sk_peak:7.0f} {hp_tree:7.0f} {sk_tree:7.0f} {hp_best:8.5f} {report['best_score']:8.5f}  {check}",
              flush=True)
        if check.startswith("DIFFER"):
            print(f"{'':24} best: hyperplan {json.dumps(hp_summary['parameters'])}, "
                  f"scikit-learn {json.dumps(report['best_params'])}", flush=True)


if __name__ == "__main__":
    main()
