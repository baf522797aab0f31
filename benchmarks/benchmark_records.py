"""What the benchmark scripts share: where the hyperplan binary and the Python environment are, their JSON-lines
result files, and quantiles.

Every path is found from the repository (this file's folder's parent), so the scripts run from any clone:
the binary is HYPERPLAN_BIN or .build/release/hyperplan (`swift build -c release`), the Python for the worker
processes HYPERPLAN_BENCH_PYTHON or .venv/bin/python (made by benchmarks/setup.sh).
"""
import glob
import json
import math
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def default_hyperplan():
    """The hyperplan binary the scripts run: $HYPERPLAN_BIN, else the repository's release build."""
    return os.environ.get("HYPERPLAN_BIN") or os.path.join(ROOT, ".build", "release", "hyperplan")


def require_hyperplan(path):
    """Exits with what to do when `path` is not an executable."""
    if not os.access(path, os.X_OK):
        sys.exit(f"{path} not found: run `swift build -c release` in {ROOT} (benchmarks/run-all.sh builds it), "
                 "or set HYPERPLAN_BIN or --hyperplan")


def default_python():
    """The Python with the pinned packages: $HYPERPLAN_BENCH_PYTHON, else the repository's .venv (made by
    benchmarks/setup.sh), else the Python running this script."""
    configured = os.environ.get("HYPERPLAN_BENCH_PYTHON")
    if configured:
        return configured
    return first_python(os.path.join(ROOT, ".venv", "bin", "python"))


def quantile(values, q):
    """Linear interpolation between order statistics (NumPy's default percentile)."""
    ordered = sorted(values)
    position = (len(ordered) - 1) * q
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def load_records(paths, key):
    """The records of the JSON-lines files `paths` (missing files are skipped), the last one per `key(record)`."""
    records = {}
    for path in paths:
        if not path or not os.path.exists(path):
            continue
        with open(path) as file:
            for line in file:
                if line.strip():
                    record = json.loads(line)
                    records[key(record)] = record
    return list(records.values())


def first_python(*candidates):
    """The first of `candidates` that exists, else the Python running this script."""
    for candidate in candidates:
        if os.path.exists(candidate):
            return candidate
    return sys.executable


def only_summary(output):
    """The summary.json of the one bundle a run wrote under the --output folder `output`.

    Each experiment folder also holds `latest`, a symbolic link to its newest bundle, which is skipped.
    """
    paths = [path for path in glob.glob(os.path.join(output, "*", "*", "summary.json"))
             if not os.path.islink(os.path.dirname(path))]
    if len(paths) != 1:
        raise RuntimeError(f"expected one bundle under {output}, found {len(paths)}")
    return paths[0]
