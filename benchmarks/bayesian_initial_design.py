#!/usr/bin/env python3
"""Does `bayesian`'s initial design matter? Its default scrambled Sobol' design against independent random draws.

Runs Hyperplan's `bayesian` strategy on the four test functions of `search_vs_optuna.py` (Branin, Hartmann-6,
Rosenbrock-10, Levy-10), 100 trials, `search.concurrency: 1`, with `initial_design: sobol` (the default) and
`initial_design: random`, over the same seeds, and prints per function the median and interquartile range of the
simple regret for each design and how many seeds each design won. Hyperplan only: no Optuna needed.

    swift build -c release
    python3 benchmarks/bayesian_initial_design.py --seeds 30          # about 10 minutes on 2 cores

(`benchmarks/run-all.sh bayesian-design` runs the published configuration.)
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import shutil

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from benchmark_records import default_hyperplan, only_summary, quantile, require_hyperplan  # noqa: E402
from search_vs_optuna import PROBLEMS  # noqa: E402


def regret(binary, problem, design, trials, seed, directory):
    model = f"type: benchmark_function, function: {problem.function}"
    if not problem.fixed_dimension:
        model += f", dims: {problem.dims}"
    text = (f"name: design-{problem.function}-{design}-{seed}\nseed: {seed}\nmodel: {{{model}}}\n"
            f"search: {{strategy: bayesian, trials: {trials}, initial_design: {design}, metric: value, "
            f"metrics: [regret], concurrency: 1}}\n")
    path = os.path.join(directory, f"{problem.function}-{design}-{seed}.yaml")
    with open(path, "w") as file:
        file.write(text)
    output = tempfile.mkdtemp(dir=directory)
    try:
        result = subprocess.run([binary, "run", path, "--quiet", "--fresh", "--output", output, "-j", "1"],
                                capture_output=True, text=True)
        if result.returncode != 0:
            raise RuntimeError(f"hyperplan run exited {result.returncode}: {result.stderr.strip()[-2000:]}")
        summary = only_summary(output)
        with open(summary) as file:
            return json.load(file)["best"]["validation"]["regret"]["mean"]
    finally:
        shutil.rmtree(output, ignore_errors=True)


def quartiles(values):
    return quantile(values, 0.5), quantile(values, 0.25), quantile(values, 0.75)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=30)
    parser.add_argument("--trials", type=int, default=100)
    parser.add_argument("--functions", default="branin,hartmann6,rosenbrock,levy")
    parser.add_argument("--hyperplan", default=default_hyperplan())
    args = parser.parse_args()
    require_hyperplan(args.hyperplan)
    directory = tempfile.mkdtemp(prefix="hyperplan-design-")
    try:
        print(f"bayesian, {args.trials} trials, seeds 0-{args.seeds - 1}: median simple regret [25%, 75%]")
        for name in args.functions.split(","):
            problem = PROBLEMS[name]
            results = {design: [regret(args.hyperplan, problem, design, args.trials, seed, directory)
                                for seed in range(args.seeds)] for design in ["sobol", "random"]}
            wins = sum(s < r for s, r in zip(results["sobol"], results["random"]))
            losses = sum(s > r for s, r in zip(results["sobol"], results["random"]))
            cells = []
            for design in ["sobol", "random"]:
                median, low, high = quartiles(results[design])
                cells.append(f"{design} {median:.3g} [{low:.3g}, {high:.3g}]")
            print(f"  {problem.label:<14} " + "   ".join(cells) + f"   sobol better on {wins}, worse on {losses} seeds",
                  flush=True)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
