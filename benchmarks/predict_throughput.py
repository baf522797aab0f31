#!/usr/bin/env python3
"""`hyperplan predict` throughput: a linear model on 50 features applied to 1,000,000 rows, against scikit-learn.

The script makes a regression table with scikit-learn's make_regression (random_state=0): 20,000 training rows
and, as a separate file, --rows rows to predict (without the target column), both written with NumPy's
savetxt in "%.10g" (ten significant digits, as benchmarks/gridsearch_vs_sklearn.py writes its data). Then:

  1. `hyperplan run` of a ridge regression (penalty l2, alpha 1, standardize, 2-fold CV of the one
     configuration) on the training file, which writes the bundle whose model.json predict reads;
  2. `hyperplan predict BUNDLE --input rows.csv --output out.csv`, timed as a whole process (start-up, reading
     model.json, reading and parsing the CSV, the pipeline, the model, formatting and writing the output), --repeat
     times;
  3. the same in Python: a subprocess that reads the rows with pandas (C engine), applies a
     Pipeline([StandardScaler(), Ridge(alpha=1, solver="cholesky")]) fitted on the same training rows, and writes
     the predictions with pandas' to_csv; timed as a whole process, and inside it phase by phase (imports, fit,
     read_csv, predict, to_csv) with time.perf_counter;

and prints the median wall times and CPU times (user + system over all threads, from getrusage: on a shared,
loaded machine the wall time depends on the other processes, the CPU time much less), rows per second and the
ratios, and checks that both sides predicted the
same values (to 1e-9 relative: the two fit the same ridge by Cholesky, in different floating-point orders).

    benchmarks/setup.sh                    # .venv/ with the pinned packages, once
    swift build -c release
    .venv/bin/python benchmarks/predict_throughput.py [--rows 1000000] [--features 50] [--repeat 3]

(`benchmarks/run-all.sh predict` runs the published configuration.)

It is a measurement, not a test, and is not run in CI. docs/benchmarks.md has the machine and the results.
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchmark_records import default_hyperplan, require_hyperplan  # noqa: E402

TRAINING_ROWS = 20_000

SKLEARN_WORKER = r"""
import json, sys, time
t0 = time.perf_counter()
import numpy as np
import pandas as pd
from sklearn.linear_model import Ridge
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler
spec = json.loads(sys.argv[1])
t1 = time.perf_counter()
train = pd.read_csv(spec["train"])
y = train.pop("y").to_numpy()
model = Pipeline([("scale", StandardScaler()), ("model", Ridge(alpha=1.0, solver="cholesky"))]).fit(train.to_numpy(), y)
t2 = time.perf_counter()
rows = pd.read_csv(spec["rows"])
t3 = time.perf_counter()
predicted = model.predict(rows.to_numpy())
t4 = time.perf_counter()
pd.DataFrame({"row": np.arange(len(predicted)), "predicted": predicted}).to_csv(spec["output"], index=False)
t5 = time.perf_counter()
print(json.dumps({"imports": t1 - t0, "fit": t2 - t1, "read_csv": t3 - t2, "predict": t4 - t3, "to_csv": t5 - t4}))
"""


def make_data(directory, rows, features):
    """The training and prediction CSV files (made once per directory, size and width)."""
    train = os.path.join(directory, f"train-{features}.csv")
    predict = os.path.join(directory, f"rows-{rows}x{features}.csv")
    if os.path.exists(train) and os.path.exists(predict):
        return train, predict
    import numpy as np
    from sklearn.datasets import make_regression
    X, y = make_regression(n_samples=TRAINING_ROWS + rows, n_features=features, n_informative=features // 2,
                           noise=1.0, random_state=0)
    names = [f"x{i}" for i in range(features)]
    np.savetxt(train, np.column_stack([X[:TRAINING_ROWS], y[:TRAINING_ROWS]]), delimiter=",",
               header=",".join(names + ["y"]), comments="", fmt="%.10g")
    np.savetxt(predict, X[TRAINING_ROWS:], delimiter=",", header=",".join(names), comments="", fmt="%.10g")
    return train, predict


def run(command, **kwargs):
    """Runs a command; returns (wall seconds, CPU seconds (user + system, all threads), standard output)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, capture_output=True, text=True, **kwargs)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{result.stderr}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, result.stdout


def hyperplan_bundle(hyperplan, directory, train):
    experiment = os.path.join(directory, "predict-throughput.yaml")
    with open(experiment, "w") as file:
        file.write(f"name: predict-throughput\nseed: 0\ndataset:\n  source: {train}\n  target: y\n"
                   f"  task: regression\n  preprocess: [standardize]\nmodel:\n  type: linear_regression\n"
                   f"  penalty: l2\n  alpha: 1.0\ncv:\n  scheme: kfold\n  folds: 2\nsearch:\n  metric: r2\n")
    _, _, stdout = run([hyperplan, "run", experiment, "--quiet", "--output", os.path.join(directory, "runs")])
    lines = {line.split(":", 1)[0]: line.split(":", 1)[1].strip() for line in stdout.splitlines() if ":" in line}
    return os.path.join(directory, lines["bundle"]) if not os.path.isabs(lines["bundle"]) else lines["bundle"]


def predictions(path):
    with open(path) as file:
        next(file)
        return [float(line.rsplit(",", 1)[1]) for line in file]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--features", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--hyperplan", default=default_hyperplan())
    parser.add_argument("--workdir", help="where to keep the data files between runs (default: a temporary folder)")
    arguments = parser.parse_args()
    require_hyperplan(arguments.hyperplan)
    directory = arguments.workdir or tempfile.mkdtemp(prefix="hyperplan-predict-bench-")
    os.makedirs(directory, exist_ok=True)
    train, rows = make_data(directory, arguments.rows, arguments.features)
    size = os.path.getsize(rows) / 2**20
    print(f"input: {arguments.rows:,} rows x {arguments.features} features, {size:,.0f} MiB of CSV ('%.10g')")

    bundle = hyperplan_bundle(arguments.hyperplan, directory, train)
    load = os.getloadavg()[0]
    hp_output = os.path.join(directory, "hyperplan-out.csv")
    hp_runs = [run([arguments.hyperplan, "predict", bundle, "--input", rows, "--output", hp_output])
               for _ in range(arguments.repeat)]
    hp_times = [wall for wall, _, _ in hp_runs]
    hp_cpu = statistics.median(cpu for _, cpu, _ in hp_runs)

    import json
    sk_output = os.path.join(directory, "sklearn-out.csv")
    spec = json.dumps({"train": train, "rows": rows, "output": sk_output})
    sk_times, sk_cpus, sk_phases = [], [], []
    for _ in range(arguments.repeat):
        wall, cpu, stdout = run([sys.executable, "-c", SKLEARN_WORKER, spec])
        sk_times.append(wall)
        sk_cpus.append(cpu)
        sk_phases.append(json.loads(stdout))
    sk_cpu = statistics.median(sk_cpus)

    hp, sk = statistics.median(hp_times), statistics.median(sk_times)
    phase = {key: statistics.median(p[key] for p in sk_phases) for key in sk_phases[0]}
    print(f"load average at the start: {load:.1f} on {os.cpu_count()} CPUs")
    print(f"hyperplan predict (whole process):  {hp:7.2f} s wall  {arguments.rows / hp:12,.0f} rows/s;  "
          f"CPU {hp_cpu:.2f} s = {arguments.rows / hp_cpu:,.0f} rows per CPU-second")
    print(f"scikit-learn      (whole process):  {sk:7.2f} s wall  {arguments.rows / sk:12,.0f} rows/s;  "
          f"CPU {sk_cpu:.2f} s = {arguments.rows / sk_cpu:,.0f} rows per CPU-second")
    print(f"ratio scikit-learn / hyperplan: {sk / hp:.2f} (wall), {sk_cpu / hp_cpu:.2f} (CPU)")
    print(f"  scikit-learn in process: imports {phase['imports']:.2f} s, fit {phase['fit']:.2f} s, "
          f"read_csv {phase['read_csv']:.2f} s, predict {phase['predict']:.3f} s, to_csv {phase['to_csv']:.2f} s; "
          f"read_csv + predict + to_csv {phase['read_csv'] + phase['predict'] + phase['to_csv']:.2f} s = "
          f"{arguments.rows / (phase['read_csv'] + phase['predict'] + phase['to_csv']):,.0f} rows/s")
    ours, theirs = predictions(hp_output), predictions(sk_output)
    worst = max(abs(a - b) / max(abs(b), 1.0) for a, b in zip(ours, theirs))
    agree = len(ours) == len(theirs) and worst <= 1e-9
    print(f"predictions agree: {'yes' if agree else 'NO'} (largest relative difference {worst:.1e})")
    print(f"runs: hyperplan {', '.join(f'{t:.2f}' for t in hp_times)} s; "
          f"scikit-learn {', '.join(f'{t:.2f}' for t in sk_times)} s")


if __name__ == "__main__":
    main()
