#!/usr/bin/env python3
"""Choosing among models: Hyperplan's `tpe` against Optuna's TPE with scikit-learn, side by side in one run.

The classic "which model and which hyperparameters" search, the same space on both sides:

  - knn                 n_neighbors int [1, 50], weights {uniform, distance}
  - decision_tree       max_depth int [1, 30], min_samples_leaf int [1, 20]
  - logistic_regression C loguniform [1e-3, 1e3]

on the built-in datasets wine, breast_cancer and digits, standardized per fold, with 5-fold unshuffled
StratifiedKFold and mean validation accuracy maximised. Per dataset it prints the median and interquartile range
over the seeds of the best cross-validation accuracy each tool found, the median wall time of a run and the
ratio, and the share of trials each tool gave to each model family, with a verdict: Hyperplan "matches or
beats" Optuna when its median best is at least Optuna's median best minus half Optuna's IQR.

Hyperplan: one experiment per (dataset, trials, seed) with `dataset: {source: builtin:NAME, preprocess:
[standardize]}`, `model: {choice: [the three blocks]}`, `cv: {scheme: stratified_kfold, folds: 5, shuffle:
false}` and `search: {strategy: tpe, trials: N, metric: accuracy, concurrency: 1}` (concurrency 1: every
suggestion sees every earlier trial, as in Optuna's sequential loop), run as
`hyperplan run FILE --quiet --fresh --output DIR -j 2` (-j 2 runs a trial's folds in parallel). The wall time is
the whole subprocess (start-up, data, every trial, and the refit of the best configuration on all rows and the
bundle, which the Optuna side does not do); the best score is `best.validation.accuracy.mean` in summary.json,
the model of each trial the `model.type` column of results.csv.

Optuna 5.0: one process per (dataset, seed, cross_val_score n_jobs) running
`TPESampler(seed=S, multivariate=True, group=True)` in memory, `study.optimize(objective, n_trials=N,
n_jobs=1)`, whose objective suggests a categorical "model" and then that model's parameters (the standard
conditional idiom) and returns `cross_val_score(Pipeline([StandardScaler(), model]), X, y,
cv=StratifiedKFold(5), scoring="accuracy", n_jobs=J).mean()`. X and y are read from the CSV files the built-in
datasets are made of (Sources/Datasets/Resources), in file order. The learners are spelt out where scikit-learn's
defaults differ from Hyperplan's: `LogisticRegression(C=C, tol=1e-10, max_iter=10000)` (Hyperplan solves to a
gradient of 1e-10 by default; scikit-learn's tol 1e-4 / max_iter 100 would stop early, a different objective),
`KNeighborsClassifier(algorithm="brute")` (Hyperplan's search is exact brute force; scikit-learn's k-d tree
gives the same neighbours) and `DecisionTreeClassifier(random_state=0)`. The wall time runs from the worker's
start (before importing Optuna and scikit-learn, loading the CSV) to the end of trial N, so it counts what
Hyperplan's process counts, except Python's own start-up (tens of milliseconds). Optuna does not know how many
trials follow, so one 100-trial study gives the 50-trial result too. `--optuna-cv-jobs 1,2` (the default) runs
each study with cross_val_score(n_jobs=1) and, on the first `--timing-seeds` seeds of the invocation, again with
n_jobs=2 (joblib worker processes; the same trials and scores, only the time differs); the report names the
faster one on the seeds both ran the parallel peer.

Before the runs, a cross-check fits three fixed configurations per dataset (knn k=7 distance, decision tree
depth 5 leaf 3, logistic C=0.1) on both sides and prints both mean validation accuracies: knn and logistic
must agree to 1e-9 (the same deterministic fits); the tree may differ where exact ties between splits are
broken differently (scikit-learn by random_state, Hyperplan by feature index, docs/learners/trees.md).

Differences that remain: Hyperplan also scores every fold's training rows (recorded per trial) and refits the
best configuration on all rows at the end; Optuna's cross_val_score does neither. The TPE random streams differ,
so the two tools try different configurations from the same seed: compare distributions over seeds, not seeds.

Setup, from the repository root (`benchmarks/run-all.sh model-choice` runs the published configuration):

    benchmarks/setup.sh                                   # .venv/ with the pinned packages
    swift build -c release
    .venv/bin/python benchmarks/model_choice_vs_optuna.py --out choice.jsonl   # --trials 50,100
    .venv/bin/python benchmarks/model_choice_vs_optuna.py --report choice.jsonl

`--out` appends every run as a JSON line and skips the runs it already holds, so an interrupted benchmark
continues where it stopped; `--report` re-prints the tables without running anything. Runs go one at a time
(each side uses both cores), interleaved per seed so that a change in machine load hits both tools alike.
"""
import argparse
import csv
import json
import math
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import benchmark_records  # noqa: E402
from benchmark_records import default_hyperplan, default_python, only_summary, quantile, require_hyperplan  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESOURCES = os.path.join(ROOT, "Sources", "Datasets", "Resources")
TARGETS = {"wine": "cultivar", "breast_cancer": "diagnosis", "digits": "digit"}
FAMILIES = ["knn", "decision_tree", "logistic_regression"]
FOLDS = 5

HYPERPLAN_MODEL = """model:
  choice:
    - {type: knn, n_neighbors: {int: [1, 50]}, weights: {choice: [uniform, distance]}}
    - {type: decision_tree, max_depth: {int: [1, 30]}, min_samples_leaf: {int: [1, 20]}}
    - {type: logistic_regression, C: {loguniform: [0.001, 1000]}}
"""
# Fixed configurations for the cross-check: (Hyperplan model line, scikit-learn estimator, must agree exactly).
CHECKS = [
    ("{type: knn, n_neighbors: 7, weights: distance}",
     "KNeighborsClassifier(n_neighbors=7, weights='distance', algorithm='brute')", True),
    ("{type: decision_tree, max_depth: 5, min_samples_leaf: 3}",
     "DecisionTreeClassifier(max_depth=5, min_samples_leaf=3, random_state=0)", False),
    ("{type: logistic_regression, C: 0.1}", "LogisticRegression(C=0.1, tol=1e-10, max_iter=10000)", True),
]


# --- Python side: runs in the venv with Optuna and scikit-learn ----------------------------------------------

def load_xy(dataset):
    import pandas as pd

    frame = pd.read_csv(os.path.join(RESOURCES, dataset + ".csv"))
    target = TARGETS[dataset]
    return frame.drop(columns=[target]).to_numpy(dtype=float), frame[target].to_numpy()


def optuna_worker(task):
    started = time.perf_counter()
    import warnings

    import optuna
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.neighbors import KNeighborsClassifier
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.tree import DecisionTreeClassifier

    warnings.filterwarnings("ignore")
    optuna.logging.set_verbosity(optuna.logging.ERROR)
    X, y = load_xy(task["dataset"])
    folds = StratifiedKFold(n_splits=FOLDS)

    def objective(trial):
        family = trial.suggest_categorical("model", FAMILIES)
        if family == "knn":
            model = KNeighborsClassifier(n_neighbors=trial.suggest_int("knn.n_neighbors", 1, 50),
                                         weights=trial.suggest_categorical("knn.weights", ["uniform", "distance"]),
                                         algorithm="brute")
        elif family == "decision_tree":
            model = DecisionTreeClassifier(max_depth=trial.suggest_int("decision_tree.max_depth", 1, 30),
                                           min_samples_leaf=trial.suggest_int("decision_tree.min_samples_leaf", 1,
                                                                              20),
                                           random_state=0)
        else:
            model = LogisticRegression(C=trial.suggest_float("logistic_regression.C", 1e-3, 1e3, log=True),
                                       tol=1e-10, max_iter=10000)
        pipeline = Pipeline([("scale", StandardScaler()), ("model", model)])
        return cross_val_score(pipeline, X, y, cv=folds, scoring="accuracy", n_jobs=task["cv_jobs"]).mean()

    checkpoints = sorted(task["trials"])
    state = {"best": -math.inf, "counts": dict.fromkeys(FAMILIES, 0)}

    def callback(study, trial):
        state["best"] = max(state["best"], trial.value)
        state["counts"][trial.params["model"]] += 1
        number = trial.number + 1
        if number in checkpoints:
            print(json.dumps({"best": state["best"], "wall_seconds": time.perf_counter() - started,
                              "study_seconds": time.perf_counter() - state["study_started"], "trials": number,
                              "families": dict(state["counts"]), "optuna": optuna.__version__}), flush=True)

    sampler = optuna.samplers.TPESampler(seed=task["seed"], multivariate=True, group=True)
    study = optuna.create_study(direction="maximize", sampler=sampler)
    state["study_started"] = time.perf_counter()
    study.optimize(objective, n_trials=checkpoints[-1], n_jobs=1, callbacks=[callback])


def sklearn_check(task):
    import warnings

    from sklearn.linear_model import LogisticRegression  # noqa: F401 (used by eval)
    from sklearn.model_selection import StratifiedKFold, cross_val_score
    from sklearn.neighbors import KNeighborsClassifier  # noqa: F401
    from sklearn.pipeline import Pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.tree import DecisionTreeClassifier  # noqa: F401

    warnings.filterwarnings("ignore")
    X, y = load_xy(task["dataset"])
    scores = []
    for _, estimator, _ in CHECKS:
        pipeline = Pipeline([("scale", StandardScaler()), ("model", eval(estimator))])
        scores.append(cross_val_score(pipeline, X, y, cv=StratifiedKFold(n_splits=FOLDS), scoring="accuracy").mean())
    print(json.dumps(scores))


# --- Hyperplan side ------------------------------------------------------------------------------------------

def experiment_yaml(dataset, trials, seed, fixed=None):
    lines = [f"name: mc-{dataset}-{trials}-{seed}", f"seed: {seed}", "dataset:", f"  source: builtin:{dataset}",
             "  preprocess: [standardize]"]
    text = "\n".join(lines) + "\n"
    text += f"model: {fixed}\n" if fixed else HYPERPLAN_MODEL
    text += f"cv: {{scheme: stratified_kfold, folds: {FOLDS}, shuffle: false}}\n"
    if fixed:
        text += "search: {metric: accuracy}\n"
    else:
        text += f"search: {{strategy: tpe, trials: {trials}, metric: accuracy, concurrency: 1}}\n"
    return text


def hyperplan_run(binary, dataset, trials, seed, directory, jobs, fixed=None):
    handle, path = tempfile.mkstemp(suffix=".yaml", dir=directory)
    with os.fdopen(handle, "w") as file:
        file.write(experiment_yaml(dataset, trials, seed, fixed))
    output = tempfile.mkdtemp(dir=directory)
    try:
        started = time.perf_counter()
        result = subprocess.run([binary, "run", path, "--quiet", "--fresh", "--output", output, "-j", str(jobs)],
                                capture_output=True, text=True)
        wall = time.perf_counter() - started
        if result.returncode != 0:
            raise RuntimeError(f"hyperplan run exited {result.returncode}: {result.stderr.strip()[-2000:]}")
        summary_path = only_summary(output)
        with open(summary_path) as file:
            summary = json.load(file)
        counts = dict.fromkeys(FAMILIES, 0)
        with open(os.path.join(os.path.dirname(summary_path), "results.csv")) as file:
            for row in csv.DictReader(file):
                family = row.get("model.type") or "?"
                counts[family] = counts.get(family, 0) + 1
        return {"best": summary["best"]["validation"]["accuracy"]["mean"], "wall_seconds": wall,
                "families": counts, "evaluated": summary["counts"]["trials"], "failed": summary["counts"]["failed"],
                "best_parameters": summary["best"]["parameters"]}
    finally:
        shutil.rmtree(output, ignore_errors=True)
        os.unlink(path)


def cross_check(binary, python, datasets, directory, jobs):
    for dataset in datasets:
        result = subprocess.run([python, os.path.abspath(__file__), "--sklearn-check", json.dumps(
            {"dataset": dataset})], capture_output=True, text=True, check=True)
        theirs = json.loads(result.stdout)
        for (model, estimator, exact), expected in zip(CHECKS, theirs):
            mine = hyperplan_run(binary, dataset, 1, 0, directory, jobs, fixed=model)["best"]
            difference = mine - expected
            status = "agree" if abs(difference) <= 1e-9 else ("DIFFER" if exact else "differ (tree ties)")
            print(f"check: {dataset:13} {model:55} hyperplan {mine:.6f} scikit-learn {expected:.6f}: {status}",
                  file=sys.stderr)
            if exact and status != "agree":
                print(f"warning: {dataset} {model}: the two sides do not compute the same objective", file=sys.stderr)


# --- Running -----------------------------------------------------------------------------------------------------

def record_key(record):
    return (record["side"], record.get("cv_jobs", 0), record["dataset"], record["trials"], record["seed"])


def load_records(paths):
    return benchmark_records.load_records(paths, record_key)


def machine_load():
    try:
        return list(os.getloadavg())
    except OSError:
        return None


def run_benchmark(arguments):
    directory = tempfile.mkdtemp(prefix="hyperplan-choice-bench-")
    machine = {"host": platform.node(), "cpus": os.cpu_count(), "python": platform.python_version()}
    done = {record_key(record) for record in load_records([arguments.out])}
    out_file = open(arguments.out, "a") if arguments.out else None
    results = []

    def store(record):
        record.update(machine=machine, load=machine_load(), recorded=time.strftime("%Y-%m-%dT%H:%M:%S"))
        results.append(record)
        if out_file:
            out_file.write(json.dumps(record, sort_keys=True) + "\n")
            out_file.flush()
        side = record["side"] + (f" cv{record['cv_jobs']}" if record["side"] == "optuna" else "")
        shares = " ".join(f"{family[:5]} {count:3}" for family, count in record["families"].items())
        print(f"{side:10} {record['dataset']:13} {record['trials']:4} seed {record['seed']:2}: best "
              f"{record['best']:.5f}, {record['wall_seconds']:7.2f} s, {shares}", file=sys.stderr, flush=True)

    failures = 0
    try:
        if not arguments.no_check:
            cross_check(arguments.hyperplan, arguments.optuna_python, arguments.datasets, directory, arguments.jobs)
        for dataset in arguments.datasets:
            seeds = arguments.seeds_for.get(dataset, arguments.seeds)
            for seed in seeds:
                for trials in arguments.trials:
                    key = ("hyperplan", 0, dataset, trials, seed)
                    if key in done:
                        continue
                    try:
                        run = hyperplan_run(arguments.hyperplan, dataset, trials, seed, directory, arguments.jobs)
                    except RuntimeError as error:
                        failures += 1
                        print(f"error: hyperplan {dataset} {trials} seed {seed}: {error}", file=sys.stderr)
                        continue
                    run.update(side="hyperplan", cv_jobs=0, jobs=arguments.jobs, dataset=dataset, trials=trials,
                               seed=seed)
                    store(run)
                for cv_jobs in arguments.optuna_cv_jobs:
                    if cv_jobs != arguments.optuna_cv_jobs[0] and seed not in seeds[:arguments.timing_seeds]:
                        continue  # the other n_jobs gives the same trials: only its time is new
                    missing = [trials for trials in arguments.trials
                               if ("optuna", cv_jobs, dataset, trials, seed) not in done]
                    if not missing:
                        continue
                    payload = json.dumps({"dataset": dataset, "seed": seed, "trials": missing, "cv_jobs": cv_jobs})
                    result = subprocess.run([arguments.optuna_python, os.path.abspath(__file__), "--optuna-worker",
                                             payload], capture_output=True, text=True)
                    if result.returncode != 0:
                        failures += 1
                        print(f"error: optuna {dataset} seed {seed} cv_jobs {cv_jobs}: "
                              f"{result.stderr.strip()[-2000:]}", file=sys.stderr)
                        continue
                    for line in result.stdout.splitlines():
                        run = json.loads(line)
                        run.update(side="optuna", cv_jobs=cv_jobs, dataset=dataset, seed=seed)
                        store(run)
    finally:
        if out_file:
            out_file.close()
        shutil.rmtree(directory, ignore_errors=True)
    return (load_records([arguments.out]) if arguments.out else results), failures


# --- Report ------------------------------------------------------------------------------------------------------

def report(records):
    groups = {}
    for record in records:
        groups.setdefault((record["dataset"], record["trials"]), []).append(record)
    order = list(TARGETS)
    print("Best 5-fold CV accuracy found (median and 25th-75th percentile over the seeds), median wall seconds per\n"
          "run, and the share of all trials each tool gave to each model family. ratio: Optuna's median wall time\n"
          "over Hyperplan's on the same seeds (above 1: Hyperplan is faster); study s: Optuna's study.optimize\n"
          "alone (without importing Optuna and scikit-learn and reading the CSV) and its ratio to Hyperplan's whole\n"
          "run. cv1/cv2: cross_val_score(n_jobs=1/2). Verdict: Hyperplan matches or beats Optuna when its median\n"
          "best >= Optuna's median best - Optuna's IQR / 2.\n")
    for dataset, trials in sorted(groups, key=lambda case: (order.index(case[0]) if case[0] in order else 99,
                                                            case[1])):
        runs = groups[dataset, trials]
        sides = {}
        for run in runs:
            name = "hyperplan" if run["side"] == "hyperplan" else f"optuna cv{run['cv_jobs']}"
            sides.setdefault(name, []).append(run)
        print(f"{dataset}, {trials} trials")
        header = (f"  {'tool':13} {'runs':>4} {'median':>8} {'25%':>8} {'75%':>8} {'IQR':>7} {'wall s':>8} "
                  f"{'ratio':>6} {'study s':>8} {'ratio':>6}  " + " ".join(f"{family[:13]:>13}" for family in FAMILIES))
        print(header)
        print("  " + "-" * (len(header) - 2))
        stats = {}
        for name in sorted(sides, key=lambda name: (name != "hyperplan", name)):
            group = sides[name]
            bests = [run["best"] for run in group]
            walls = [run["wall_seconds"] for run in group]
            studies = [run.get("study_seconds", run["wall_seconds"]) for run in group]
            total = sum(sum(run["families"].values()) for run in group)
            shares = {family: sum(run["families"].get(family, 0) for run in group) / total for family in FAMILIES}
            stats[name] = {"median": quantile(bests, 0.5), "q25": quantile(bests, 0.25),
                           "q75": quantile(bests, 0.75), "wall": quantile(walls, 0.5), "runs": len(group),
                           "study": quantile(studies, 0.5),
                           "seeds": {run["seed"] for run in group}}
            entry = stats[name]
            ratio, study_ratio, study = "", "", ""
            if name != "hyperplan" and "hyperplan" in sides:
                # Hyperplan's median over the seeds this row ran, so that rows with fewer seeds compare alike.
                paired = [run["wall_seconds"] for run in sides["hyperplan"] if run["seed"] in entry["seeds"]]
                if paired:
                    ratio = f"{entry['wall'] / quantile(paired, 0.5):.2f}"
                    study_ratio = f"{entry['study'] / quantile(paired, 0.5):.2f}"
                study = f"{entry['study']:.2f}"
            print(f"  {name:13} {entry['runs']:4} {entry['median']:8.4f} {entry['q25']:8.4f} {entry['q75']:8.4f} "
                  f"{entry['q75'] - entry['q25']:7.4f} {entry['wall']:8.2f} {ratio:>6} {study:>8} {study_ratio:>6}  "
                  + " ".join(f"{100 * shares[family]:12.1f}%" for family in FAMILIES))
        mine, theirs = stats.get("hyperplan"), stats.get("optuna cv1") or next(
            (value for key, value in stats.items() if key.startswith("optuna")), None)
        if mine and theirs:
            threshold = theirs["median"] - (theirs["q75"] - theirs["q25"]) / 2
            verdict = "matches or beats" if mine["median"] >= threshold else "WORSE than"
            print(f"  verdict: Hyperplan {verdict} Optuna ({mine['median']:.4f} vs threshold {threshold:.4f})")
            peers = [(value["wall"], key) for key, value in stats.items() if key.startswith("optuna")]
            if len(peers) > 1:
                # Compare the n_jobs variants on the seeds both ran, with Hyperplan on the same seeds.
                common = set.intersection(*(stats[key]["seeds"] for _, key in peers)) & mine["seeds"]
                if common:
                    def median_wall(name):
                        return quantile([run["wall_seconds"] for run in sides[name] if run["seed"] in common], 0.5)
                    fastest = min((median_wall(key), key) for _, key in peers)
                    print(f"  parallel peer (seeds {','.join(map(str, sorted(common)))}): {fastest[1]}, "
                          f"{fastest[0]:.2f} s vs Hyperplan {median_wall('hyperplan'):.2f} s: ratio "
                          f"{fastest[0] / median_wall('hyperplan'):.2f}; " + ", ".join(
                              f"{key} {median_wall(key):.2f} s" for _, key in sorted(peers)))
        print()
    loads = [run["load"][0] for run in records if run.get("load")]
    if loads:
        print(f"1-minute load average during the runs: {min(loads):.2f} to {max(loads):.2f} "
              f"(median {quantile(loads, 0.5):.2f}) on {records[0]['machine']['cpus']} cores")


def default_optuna_python():
    return default_python()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", default=",".join(TARGETS), help="default: %(default)s")
    parser.add_argument("--trials", default="50", help="trial counts, comma-separated (default: %(default)s)")
    parser.add_argument("--seeds", default="1-10", help="seeds, as FIRST-LAST or a comma list (default: %(default)s)")
    parser.add_argument("--digits-seeds", help="fewer seeds for digits, same syntax (default: --seeds)")
    parser.add_argument("--jobs", type=int, default=2, help="hyperplan run -j (default: %(default)s)")
    parser.add_argument("--optuna-cv-jobs", default="1,2",
                        help="cross_val_score n_jobs values, comma-separated; the first runs every seed, the others "
                             "only --timing-seeds seeds (default: %(default)s)")
    parser.add_argument("--timing-seeds", type=int, default=3,
                        help="seeds per dataset for the other cross_val_score n_jobs values (default: %(default)s)")
    parser.add_argument("--out", help="append raw results to this JSON-lines file, skipping runs it already holds")
    parser.add_argument("--report", nargs="+", metavar="JSONL", help="print the tables of earlier results and exit")
    parser.add_argument("--hyperplan", default=default_hyperplan())
    parser.add_argument("--optuna-python", default=default_optuna_python(),
                        help="Python with optuna, scikit-learn and pandas (default: %(default)s)")
    parser.add_argument("--no-check", action="store_true", help="skip the fixed-configuration cross-check")
    parser.add_argument("--optuna-worker", help=argparse.SUPPRESS)
    parser.add_argument("--sklearn-check", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.optuna_worker:
        optuna_worker(json.loads(arguments.optuna_worker))
        return
    if arguments.sklearn_check:
        sklearn_check(json.loads(arguments.sklearn_check))
        return
    if arguments.report:
        report(load_records(arguments.report))
        return

    def seeds(text):
        if "-" in text:
            first, last = text.split("-")
            return list(range(int(first), int(last) + 1))
        return [int(value) for value in text.split(",") if value]

    arguments.datasets = [name for name in arguments.datasets.split(",") if name]
    unknown = [name for name in arguments.datasets if name not in TARGETS]
    if unknown:
        sys.exit(f"unknown dataset {', '.join(unknown)} (known: {', '.join(TARGETS)})")
    arguments.trials = sorted({int(value) for value in arguments.trials.split(",")})
    arguments.seeds = seeds(arguments.seeds)
    arguments.seeds_for = {"digits": seeds(arguments.digits_seeds)} if arguments.digits_seeds else {}
    arguments.optuna_cv_jobs = [int(value) for value in arguments.optuna_cv_jobs.split(",") if value]
    require_hyperplan(arguments.hyperplan)
    records, failures = run_benchmark(arguments)
    report(records)
    if failures:
        sys.exit(f"{failures} run(s) failed")


if __name__ == "__main__":
    main()
