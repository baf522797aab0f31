"""What the benchmark scripts share: their JSON-lines result files, quantiles, and the Python that runs Optuna."""
import json
import math
import os
import sys


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
