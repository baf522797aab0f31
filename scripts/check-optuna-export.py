#!/usr/bin/env python3
"""Checks `hyperplan export --format optuna-journal` with Optuna itself.

Runs small experiments with the hyperplan binary (a grid over a logistic C, a TPE search of an MLP with median
pruning, a choice of models, a trial command with failing trials), exports each bundle as an Optuna journal,
loads it with `optuna.load_study` and compares the study with the bundle's own files (summary.json,
trials.jsonl, resolved.json): the trial count, each trial's state, value, parameters, distributions and
intermediate values, the best value and parameters. `optuna.copy_study` must accept every trial (it validates
them), and `optuna.visualization`'s optimization history, parameter importances (fANOVA, Optuna's default) and
intermediate values plots must draw.

Needs optuna, plotly and scikit-learn: scripts/check-optuna-export.sh installs the pinned versions into a
temporary virtual environment and runs this. Prints one line per check; exits 1 on any mismatch.
"""
import argparse
import json
import math
import pathlib
import subprocess
import sys
import tempfile

import optuna
import optuna.visualization
from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
from optuna.storages import InMemoryStorage, JournalStorage

try:
    from optuna.storages.journal import JournalFileBackend
except ImportError:  # Optuna 3.x names it JournalFileStorage
    from optuna.storages import JournalFileStorage as JournalFileBackend
from optuna.trial import TrialState

REPOSITORY = pathlib.Path(__file__).resolve().parent.parent
CASES = [
    # (experiment file, the trial states the export must contain, whether it must have intermediate values)
    (REPOSITORY / "experiments" / "quickstart.yaml", {TrialState.COMPLETE}, False),
    (REPOSITORY / "scripts" / "optuna-export" / "mlp-tpe-pruning.yaml", {TrialState.COMPLETE, TrialState.PRUNED}, True),
    (REPOSITORY / "scripts" / "optuna-export" / "model-choice.yaml", {TrialState.COMPLETE}, False),
    (REPOSITORY / "scripts" / "optuna-export" / "command-failing.yaml", {TrialState.COMPLETE, TrialState.FAIL}, True),
]


class Checker:
    def __init__(self, name):
        self.name = name
        self.problems = []

    def expect(self, condition, message):
        if not condition:
            self.problems.append(message)
        return condition


def optuna_choice(value):
    """A Hyperplan choice as the export stores it: scalars as they are, lists as canonical JSON text."""
    if isinstance(value, (list, dict)):
        return json.dumps(value, separators=(",", ":"), sort_keys=True)
    return value


def expected_distribution(domain):
    if "choice" in domain:
        return CategoricalDistribution([optuna_choice(value) for value in domain["choice"]])
    if "uniform" in domain:
        return FloatDistribution(domain["uniform"][0], domain["uniform"][1])
    if "loguniform" in domain:
        return FloatDistribution(domain["loguniform"][0], domain["loguniform"][1], log=True)
    return IntDistribution(domain["int"][0], domain["int"][1], log=bool(domain.get("log", False)))


def expected_parameter(value, distribution):
    if isinstance(distribution, CategoricalDistribution):
        return optuna_choice(value)
    if isinstance(distribution, IntDistribution):
        return int(value)
    return float(value)


def finite(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def learning_curve(record, metric):
    """Step → mean over the folds that reached it: per-epoch validation metric, or a command's step reports."""
    sums = {}
    for fold in record.get("folds", []):
        history = (fold.get("fit") or {}).get("history", [])
        points = [(epoch.get("epoch"), epoch.get("validation_metric")) for epoch in history]
        for report in fold.get("reports", []):
            step = report.get("epoch", report.get("step"))
            points.append((step, report.get(metric)))
        for step, value in points:
            if isinstance(step, int) and finite(value):
                total, count = sums.get(step, (0.0, 0))
                sums[step] = (total + value, count + 1)
    return {step: total / count for step, (total, count) in sums.items()}


def close(a, b):
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-15)


def check_export(path, bundle, check, states, wants_intermediate):
    summary = json.loads((bundle / "summary.json").read_text())
    resolved = json.loads((bundle / "resolved.json").read_text())
    records = [json.loads(line) for line in (bundle / "trials.jsonl").read_text().splitlines() if line]
    records = [record for record in records if record["status"] != "skipped"]
    metric = summary["metric"]
    storage = JournalStorage(JournalFileBackend(str(path)))
    names = optuna.get_all_study_names(storage)
    check.expect(names == [summary["name"]], f"studies {names}, expected the experiment's name alone")
    study = optuna.load_study(study_name=summary["name"], storage=storage)
    directions = optuna.study.StudyDirection
    direction = directions.MAXIMIZE if summary["goal"] == "maximize" else directions.MINIMIZE
    check.expect(study.direction == direction, f"direction {study.direction}, expected {direction}")
    check.expect(study.user_attrs.get("experiment") == summary["experiment"], "study attribute 'experiment'")
    check.expect(study.user_attrs.get("metric") == metric, "study attribute 'metric'")
    check.expect(pathlib.Path(study.user_attrs.get("bundle", "")) == bundle.resolve(), "study attribute 'bundle'")

    space = {}
    for section in ("model", "schedule"):
        for entry in (resolved.get(section) or {}).get("space", []):
            space[entry["name"]] = expected_distribution(entry["domain"])

    trials = study.get_trials(deepcopy=False)
    check.expect(len(trials) == len(records), f"{len(trials)} trials, expected {len(records)} (trials.jsonl)")
    for trial, record in zip(trials, records):
        where = f"trial {record['trial']}"
        check.expect(
            trial.user_attrs.get("hyperplan_trial") == record["trial"], f"{where}: user attribute 'hyperplan_trial'")
        mean = (record.get("validation") or {}).get(metric, {}).get("mean")
        curve = learning_curve(record, metric)
        if record["status"] == "ok" and finite(mean):
            state, value = TrialState.COMPLETE, mean
        elif record["status"] == "pruned":
            state, value = TrialState.PRUNED, curve[max(curve)] if curve else None
        else:
            state, value = TrialState.FAIL, None
        check.expect(trial.state == state, f"{where}: state {trial.state.name}, expected {state.name}")
        if value is None:
            check.expect(trial.value is None, f"{where}: value {trial.value}, expected none")
        else:
            check.expect(close(trial.value, value), f"{where}: value {trial.value}, expected {value}")
        parameters = record["parameters"]
        expected_params = {name: expected_parameter(v, space[name]) for name, v in parameters.items() if name in space}
        check.expect(set(parameters) <= set(space), f"{where}: a parameter without a dimension in resolved.json")
        check.expect(trial.params == expected_params, f"{where}: params {trial.params}, expected {expected_params}")
        expected_distributions = {name: space[name] for name in record["parameters"] if name in space}
        check.expect(
            trial.distributions == expected_distributions,
            f"{where}: distributions {trial.distributions}, expected {expected_distributions}")
        check.expect(
            set(trial.intermediate_values) == set(curve)
            and all(close(trial.intermediate_values[step], curve[step]) for step in curve),
            f"{where}: intermediate values {trial.intermediate_values}, expected {curve}")
        if record.get("rank") is not None:
            check.expect(trial.user_attrs.get("rank") == record["rank"], f"{where}: user attribute 'rank'")

    found = {trial.state for trial in trials}
    names = sorted(state.name for state in found)
    check.expect(states <= found, f"states {names}, expected at least {sorted(state.name for state in states)}")
    if wants_intermediate:
        check.expect(any(trial.intermediate_values for trial in trials), "no trial has intermediate values")

    best = summary.get("best")
    if check.expect(best is not None, "summary.json has no best trial"):
        best_value = best["validation"][metric]["mean"]
        check.expect(close(study.best_value, best_value), f"best value {study.best_value}, expected {best_value}")
        check.expect(study.best_trial.user_attrs.get("hyperplan_trial") == best["trial"],
                     f"best trial {study.best_trial.user_attrs.get('hyperplan_trial')}, expected {best['trial']}")
        expected_best = {
            name: expected_parameter(value, space[name]) for name, value in best["parameters"].items() if name in space}
        check.expect(study.best_params == expected_best, f"best params {study.best_params}, expected {expected_best}")

    # copy_study adds every trial through Optuna's own validation (states, values, datetimes, params in range).
    try:
        optuna.copy_study(from_study_name=study.study_name, from_storage=storage, to_storage=InMemoryStorage(),
                          to_study_name="copy")
    except Exception as error:  # noqa: BLE001 - any failure is a finding
        check.expect(False, f"optuna.copy_study refused a trial: {error!r}")
    plots = [("plot_optimization_history", optuna.visualization.plot_optimization_history),
             ("plot_param_importances", optuna.visualization.plot_param_importances)]
    if wants_intermediate:
        plots.append(("plot_intermediate_values", optuna.visualization.plot_intermediate_values))
    for name, plot in plots:
        try:
            figure = plot(study)
            check.expect(len(figure.data) > 0, f"{name} drew nothing")
        except Exception as error:  # noqa: BLE001 - any failure is a finding
            check.expect(False, f"{name} failed: {error!r}")
    counts = [(sum(trial.state == state for trial in trials), state.name)
              for state in (TrialState.COMPLETE, TrialState.PRUNED, TrialState.FAIL)]
    states_text = ", ".join(f"{count} {name}" for count, name in counts if count)
    return f"{len(trials)} trials ({states_text}), best {study.best_value:.6g}, params {study.best_params}"


def run(command, **kwargs):
    return subprocess.run(command, capture_output=True, text=True, **kwargs)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--hyperplan", required=True, help="the hyperplan binary")
    parser.add_argument("--work", help="a folder for the bundles and exports (default: a temporary one)")
    arguments = parser.parse_args()
    binary = str(pathlib.Path(arguments.hyperplan).resolve())
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    print(f"optuna {optuna.__version__}, hyperplan {run([binary, '--version']).stdout.strip()}")
    with tempfile.TemporaryDirectory(prefix="optuna-export-") as temporary:
        return check_all(binary, pathlib.Path(arguments.work or temporary))


def check_all(binary, work):
    failures = 0
    for experiment, states, wants_intermediate in CASES:
        check = Checker(experiment.name)
        ran = run([binary, "run", str(experiment), "--output", str(work / "runs"), "--quiet"])
        lines = [line for line in ran.stdout.splitlines() if line.startswith("bundle: ")]
        if ran.returncode != 0 or not lines:
            print(f"FAIL {experiment.name}: hyperplan run exited {ran.returncode}\n{ran.stderr}")
            failures += 1
            continue
        bundle = pathlib.Path(lines[-1][len("bundle: "):])
        bundle = bundle if bundle.is_absolute() else (pathlib.Path.cwd() / bundle)
        path = work / f"{experiment.stem}.optuna.jsonl"
        exported = run([binary, "export", str(bundle), "--format", "optuna-journal", "--output", str(path)])
        if exported.returncode != 0:
            print(f"FAIL {experiment.name}: hyperplan export exited {exported.returncode}\n{exported.stderr}")
            failures += 1
            continue
        try:
            description = check_export(path, bundle, check, states, wants_intermediate)
        except Exception as error:  # noqa: BLE001 - report and go on with the next experiment
            check.expect(False, f"loading the export failed: {error!r}")
            description = ""
        if check.problems:
            failures += 1
            print(f"FAIL {experiment.name}: {path}")
            for problem in check.problems:
                print(f"  mismatch: {problem}")
        else:
            print(f"ok   {experiment.name}: {description}")
    print(f"{len(CASES) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
