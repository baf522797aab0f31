"""Reference log-densities of TPE's Parzen estimators, l(x) and g(x), for `TPEReferenceTests`.

A literal re-implementation, with SciPy, of the formulas Optuna 5.0's `TPESampler` uses (documented in
`docs/search/tpe.md`): the good/bad split of trials (gamma, pruned trials ranked after completed ones by the
step they reached, pending trials added to the bad group by the constant liar), the kernel weights
(`default_weights`, prior last), the bandwidth rule (neighbour gaps, `consider_endpoints`, magic clip), truncated
Gaussians in natural or log space for floats, the probability mass of each integer's cell for integers, and
smoothed categorical tables. It does not call Optuna, whose internals change between versions.

Densities are written in Optuna's convention (per unit of the parameter, or of its logarithm for log
parameters); Hyperplan works in unit coordinates, whose densities are larger by log(high − low) per continuous
dimension, which the Swift test adds.

    .venv/bin/python scripts/reference/make_tpe_reference.py          # writes the fixture
    .venv/bin/python scripts/reference/make_tpe_reference.py --check-optuna  # compares, writes nothing
"""

import json
import math
import os
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import scipy  # noqa: E402
from scipy.special import logsumexp  # noqa: E402
from scipy.stats import truncnorm  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "Fixtures", "reference", "tpe.json")


# Tied observations get their bandwidths in trial order (a stable sort), which Hyperplan documents. Optuna
# sorts with numpy's default quicksort, stable only for short arrays, so `--check-optuna` switches to it.
ARGSORT_KIND = "stable"


def default_weights(n):
    if n == 0:
        return np.asarray([])
    if n < 25:
        return np.ones(n)
    return np.concatenate([np.linspace(1.0 / n, 1.0, num=n - 25), np.ones(25)])


def default_gamma(n):
    return min(math.ceil(0.1 * n), 25)


def bounds(dim):
    """The range the kernels live on, in the parameter's own (log) scale."""
    low, high = float(dim["lower"]), float(dim["upper"])
    if dim["kind"] == "int":
        low, high = low - 0.5, high + 0.5
    if dim["log"]:
        low, high = math.log(low), math.log(high)
    return low, high


def transform(dim, value):
    return math.log(value) if dim["log"] else float(value)


def numeric_kernels(dim, values, consider_endpoints):
    low, high = bounds(dim)
    mus = np.asarray([transform(dim, v) for v in values], dtype=float)
    n = len(mus)
    sigmas = np.empty(n)
    if n:
        order = np.argsort(mus, kind=ARGSORT_KIND)
        padded = np.concatenate([[low], mus[order], [high]])
        sorted_sigmas = np.maximum(padded[1:-1] - padded[:-2], padded[2:] - padded[1:-1])
        if not consider_endpoints and n >= 2:
            sorted_sigmas[0] = padded[2] - padded[1]
            sorted_sigmas[-1] = padded[-2] - padded[-3]
        sigmas[order] = sorted_sigmas
        sigmas = np.clip(sigmas, (high - low) / min(100.0, n + 2.0), high - low)
    return np.append(mus, 0.5 * (low + high)), np.append(sigmas, high - low), low, high


def kernel_log_density(dim, x, mus, sigmas, low, high):
    """log K_k(x) for every kernel k: a truncated-normal density, or the mass of an integer's cell."""
    a, b = (low - mus) / sigmas, (high - mus) / sigmas
    if dim["kind"] == "float":
        return truncnorm.logpdf(transform(dim, x), a, b, loc=mus, scale=sigmas)
    left, right = transform(dim, x - 0.5), transform(dim, x + 0.5)
    # The cell's mass from the side of the kernel it lies on, so that neither CDF difference cancels.
    upper_side = left > mus
    mass = np.where(
        upper_side,
        truncnorm.sf(left, a, b, loc=mus, scale=sigmas) - truncnorm.sf(right, a, b, loc=mus, scale=sigmas),
        truncnorm.cdf(right, a, b, loc=mus, scale=sigmas) - truncnorm.cdf(left, a, b, loc=mus, scale=sigmas),
    )
    with np.errstate(divide="ignore"):  # The branch np.where discards may underflow.
        return np.log(mass)


def categorical_table(dim, indices, prior_weight):
    count = len(dim["choices"])
    if not indices:
        return np.full((1, count), 1.0 / count)
    kernels = len(indices) + 1
    table = np.full((kernels, count), prior_weight / kernels)
    table[np.arange(len(indices)), indices] += 1
    return table / table.sum(axis=1, keepdims=True)


def log_density(space, observations, point, prior_weight, consider_endpoints):
    """log p(point) of the Parzen estimator built from `observations` (natural values, trial order)."""
    n = len(observations)
    weights = np.append(default_weights(n), prior_weight) if n else np.asarray([1.0])
    weights = weights / weights.sum()
    total = np.log(weights)
    for d, dim in enumerate(space):
        values = [obs[d] for obs in observations]
        if dim["kind"] == "choice":
            table = categorical_table(dim, [dim["choices"].index(v) for v in values], prior_weight)
            total = total + np.log(table[:, dim["choices"].index(point[d])])
        else:
            mus, sigmas, low, high = numeric_kernels(dim, values, consider_endpoints)
            total = total + kernel_log_density(dim, point[d], mus, sigmas, low, high)
    return float(logsumexp(total))


def split(history, pending, gamma, constant_liar):
    """Optuna's `_split_trials` for one objective: good = the best gamma(n) of the completed, then pruned."""
    completed = [t for t in history if t["outcome"] == "completed"]
    pruned = [t for t in history if t["outcome"] == "pruned"]
    n = len(completed) + len(pruned)
    n_good = default_gamma(n) if gamma is None else min(n, math.ceil(gamma * n))
    completed_sorted = sorted(completed, key=lambda t: t["loss"])

    def pruned_key(t):
        if t.get("loss") is None:
            return (1, 0.0)
        return (-t["resource"], float("inf") if math.isnan(t["loss"]) else t["loss"])

    pruned_sorted = sorted(pruned, key=pruned_key)
    good_completed = completed_sorted[:n_good]
    rest = max(0, n_good - len(good_completed))
    good = good_completed + pruned_sorted[:rest]
    bad = completed_sorted[n_good:] + pruned_sorted[rest:]
    good.sort(key=lambda t: t["trial"])
    bad.sort(key=lambda t: t["trial"])
    bad_values = [t["values"] for t in bad] + ([p for p in pending] if constant_liar else [])
    return [t["values"] for t in good], bad_values


def random_value(rng, dim):
    if dim["kind"] == "choice":
        return dim["choices"][int(rng.integers(len(dim["choices"])))]
    if dim["kind"] == "int":
        if dim["log"]:
            return int(round(math.exp(rng.uniform(math.log(dim["lower"]), math.log(dim["upper"])))))
        return int(rng.integers(dim["lower"], dim["upper"] + 1))
    if dim["log"]:
        return float(math.exp(rng.uniform(math.log(dim["lower"]), math.log(dim["upper"]))))
    return float(rng.uniform(dim["lower"], dim["upper"]))


def make_case(name, space, rng, completed, pruned=0, failed=0, pending=0, points=6, **options):
    history = []
    kinds = ["completed"] * completed + ["pruned"] * pruned + ["failed"] * failed
    order = rng.permutation(len(kinds))
    for trial, k in enumerate(order):
        values = [random_value(rng, dim) for dim in space]
        entry = {"trial": trial, "values": values, "outcome": kinds[k]}
        if kinds[k] == "completed":
            entry["loss"] = float(np.round(rng.normal(), 6))
        elif kinds[k] == "pruned":
            entry["resource"] = int(rng.integers(1, 4))
            entry["loss"] = None if rng.uniform() < 0.3 else float(np.round(rng.normal(), 6))
        history.append(entry)
    if completed > 2:  # A duplicate configuration, as a resumed or re-suggested trial gives.
        history[1]["values"] = list(history[0]["values"])
    pending_values = [[random_value(rng, dim) for dim in space] for _ in range(pending)]
    at = [[random_value(rng, dim) for dim in space] for _ in range(points)]
    if history:
        at.append(list(history[0]["values"]))  # At an observation, where a kernel peaks.
    prior_weight = options.get("prior_weight", 1.0)
    consider_endpoints = options.get("consider_endpoints", False)
    gamma = options.get("gamma")
    constant_liar = options.get("constant_liar", True)
    good, bad = split(history, pending_values, gamma, constant_liar)
    return {
        "name": name,
        "space": space,
        "options": {
            "prior_weight": prior_weight,
            "consider_endpoints": consider_endpoints,
            "gamma": gamma,
            "constant_liar": constant_liar,
        },
        "history": history,
        "pending": pending_values,
        "good_count": len(good),
        "bad_count": len(bad),
        "points": at,
        "log_l": [log_density(space, good, p, prior_weight, consider_endpoints) for p in at],
        "log_g": [log_density(space, bad, p, prior_weight, consider_endpoints) for p in at],
    }


def uniform(name, lower, upper, log=False):
    return {"name": name, "kind": "float", "lower": lower, "upper": upper, "log": log}


def integer(name, lower, upper, log=False):
    return {"name": name, "kind": "int", "lower": lower, "upper": upper, "log": log}


def choice(name, choices):
    return {"name": name, "kind": "choice", "choices": choices, "log": False}


def cases():
    rng = np.random.default_rng(20260415)
    mixed = [
        uniform("x", -5.0, 10.0),
        uniform("lr", 1e-4, 1.0, log=True),
        integer("depth", 1, 12),
        integer("width", 1, 1000, log=True),
        choice("act", ["relu", "tanh", "gelu"]),
    ]
    return [
        make_case("continuous", [uniform("x", -5.0, 10.0)], rng, completed=12),
        make_case("log-continuous", [uniform("lr", 1e-4, 1.0, log=True)], rng, completed=15),
        make_case("integer", [integer("depth", 1, 6)], rng, completed=14),
        make_case("log-integer", [integer("width", 1, 1000, log=True)], rng, completed=13),
        make_case("categorical", [choice("act", ["relu", "tanh", "gelu", "silu"])], rng, completed=11),
        make_case("one-observation", [uniform("x", 0.0, 1.0)], rng, completed=1),
        make_case("mixed", mixed, rng, completed=16, pruned=3, failed=2, pending=2),
        make_case("mixed-ramped-weights", mixed, rng, completed=40, pruned=4, failed=3, pending=3),
        make_case(
            "mixed-options", mixed, rng, completed=20, pruned=2, pending=2, gamma=0.3, prior_weight=2.0,
            consider_endpoints=True, constant_liar=False,
        ),
        make_case("pruned-only", mixed[:3], rng, completed=0, pruned=12, failed=1),
    ]


def check_optuna(all_cases):
    """Compares the re-implementation with Optuna's own `_ParzenEstimator` (same groups)."""
    from optuna.distributions import CategoricalDistribution, FloatDistribution, IntDistribution
    from optuna.samplers._tpe.parzen_estimator import _ParzenEstimator, _ParzenEstimatorParameters
    from optuna.samplers._tpe.sampler import default_weights as optuna_weights

    global ARGSORT_KIND
    ARGSORT_KIND = None
    all_cases = cases()
    worst = 0.0
    for case in all_cases:
        space = case["space"]
        distributions = {}
        for dim in space:
            if dim["kind"] == "float":
                distributions[dim["name"]] = FloatDistribution(dim["lower"], dim["upper"], log=dim["log"])
            elif dim["kind"] == "int":
                distributions[dim["name"]] = IntDistribution(dim["lower"], dim["upper"], log=dim["log"])
            else:
                distributions[dim["name"]] = CategoricalDistribution(dim["choices"])

        def internal(dim, value):
            return float(dim["choices"].index(value)) if dim["kind"] == "choice" else float(value)

        opts = case["options"]
        params = _ParzenEstimatorParameters(
            prior_weight=opts["prior_weight"], consider_magic_clip=True,
            consider_endpoints=opts["consider_endpoints"], weights=optuna_weights, multivariate=True,
        )
        good, bad = split(case["history"], case["pending"], opts["gamma"], opts["constant_liar"])
        for group, key in ((good, "log_l"), (bad, "log_g")):
            observations = {
                dim["name"]: np.asarray([internal(dim, obs[d]) for obs in group], dtype=float)
                for d, dim in enumerate(space)
            }
            estimator = _ParzenEstimator(observations, distributions, params)
            samples = {
                dim["name"]: np.asarray([internal(dim, p[d]) for p in case["points"]], dtype=float)
                for d, dim in enumerate(space)
            }
            theirs = estimator.log_pdf(samples)
            difference = np.max(np.abs(theirs - np.asarray(case[key])))
            worst = max(worst, difference)
            print(f"{case['name']:24} {key}: max |optuna - reference| = {difference:.3g}")
    print(f"worst difference {worst:.3g}")


def main():
    all_cases = cases()
    if "--check-optuna" in sys.argv:
        check_optuna(all_cases)
        return
    document = {
        "generator": "scripts/reference/make_tpe_reference.py",
        "numpy_version": np.__version__,
        "scipy_version": scipy.__version__,
        "convention": "log-densities per unit of each float parameter (of its log for log floats)",
        "cases": all_cases,
    }
    with open(OUT, "w") as f:
        f.write(json.dumps(document, sort_keys=True, indent=1, allow_nan=False) + "\n")


if __name__ == "__main__":
    main()
