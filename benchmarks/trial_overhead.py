#!/usr/bin/env python3
"""Per-trial overhead of a durable sweep: Hyperplan's executor and journal against Optuna's storages.

Both run N trivial trials (the 10-dimensional Rosenbrock function at random points: microseconds of work, so
what is measured is the machinery around each trial) with durable storage, one after the other in one run:

  - Hyperplan: `hyperplan run` of a `benchmark_function` experiment with random search, end to end (start-up,
    planning, executing, the fsynced journal, writing the bundle), with -j 1 and -j 2;
  - Optuna: `study.optimize` with RandomSampler and JournalStorage(JournalFileBackend) (its durable journal:
    one append and fsync per trial event), RDBStorage on SQLite, and in-memory storage for reference.

Prints milliseconds per trial and the ratio to Optuna's journal (above 1: Hyperplan has less overhead).

    benchmarks/setup.sh                    # .venv/ with the pinned packages, once
    swift build -c release
    .venv/bin/python benchmarks/trial_overhead.py [--trials 10000] [--repeat 3]

(`benchmarks/run-all.sh trial-overhead` runs the published configuration.)
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchmark_records import default_hyperplan, require_hyperplan  # noqa: E402

def rosenbrock(x):
    return sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(len(x) - 1))


def optuna_seconds(storage_kind, trials, directory):
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    if storage_kind == "journal":
        from optuna.storages import JournalStorage
        from optuna.storages.journal import JournalFileBackend

        storage = JournalStorage(JournalFileBackend(os.path.join(directory, f"journal-{time.time_ns()}.log")))
    elif storage_kind == "sqlite":
        storage = f"sqlite:///{os.path.join(directory, f'optuna-{time.time_ns()}.db')}"
    else:
        storage = None

    def objective(trial):
        return rosenbrock([trial.suggest_float(f"x{i}", -5, 10) for i in range(10)])

    start = time.perf_counter()
    study = optuna.create_study(storage=storage, sampler=optuna.samplers.RandomSampler(seed=0))
    study.optimize(objective, n_trials=trials)
    return time.perf_counter() - start


def hyperplan_seconds(binary, trials, jobs, directory):
    experiment = os.path.join(directory, f"overhead-{trials}.yaml")
    with open(experiment, "w") as file:
        file.write(f"name: overhead\nmodel: {{type: benchmark_function, function: rosenbrock, dims: 10}}\n"
                   f"search: {{strategy: random, trials: {trials}}}\n")
    output = os.path.join(directory, f"runs-{time.time_ns()}")
    start = time.perf_counter()
    subprocess.run([binary, "run", experiment, "-j", str(jobs), "--quiet", "--output", output], check=True,
                   stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--trials", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--sqlite-trials", type=int, default=300, help="SQLite is slow; fewer trials suffice")
    parser.add_argument("--hyperplan", default=default_hyperplan())
    arguments = parser.parse_args()
    require_hyperplan(arguments.hyperplan)
    directory = tempfile.mkdtemp(prefix="hyperplan-overhead-")
    print(f"{'runner':36} {'trials':>7} {'seconds':>8} {'ms/trial':>9} {'vs optuna journal':>18}", flush=True)
    runs = [(f"optuna journal", "journal", arguments.trials)]
    runs += [(f"hyperplan -j {jobs} (durable journal)", jobs, arguments.trials) for jobs in (1, 2)]
    runs += [("optuna sqlite", "sqlite", arguments.sqlite_trials), ("optuna memory", "memory", arguments.trials)]
    journal = None
    for name, kind, trials in runs:
        if isinstance(kind, int):
            samples = [hyperplan_seconds(arguments.hyperplan, trials, kind, directory) for _ in range(arguments.repeat)]
        else:
            samples = [optuna_seconds(kind, trials, directory) for _ in range(arguments.repeat)]
        per_trial = statistics.median(samples) / trials
        journal = journal or per_trial
        print(f"{name:36} {trials:7} {statistics.median(samples):8.2f} {per_trial * 1000:9.3f} "
              f"{journal / per_trial:17.1f}x", flush=True)


if __name__ == "__main__":
    main()
