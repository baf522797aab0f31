"""Reference CMA-ES generations from the `cmaes` package (0.13.1, the library Optuna 5.0's CmaEsSampler uses),
for `CMAESReferenceTests`.

Each case runs `cmaes.CMA` (unbounded) on a test function for a few generations, sampling with the package's
own `ask`, and records per generation the solutions in the order `tell` ranks them (best first) and the state
after `tell`: mean, step size σ and covariance matrix C. The Swift test starts `CMAES` from the same mean and σ,
applies the recorded solutions generation by generation with `update(sortedSolutions:)`, and compares the
states, so it checks the update (weights, learning rates, evolution paths, step-size control, rank-one and
rank-μ updates with negative weights) against an independent implementation, not the sampling.

One known difference is excluded rather than hidden: for the stall indicator h_σ, `cmaes` corrects ‖p_σ‖ by
√(1 − (1 − c_σ)^(2(g+1))) with g already counting the current generation, where Hansen's tutorial (and
Hyperplan) use 2(g+1) with g counting the generations before it. The script checks, for every recorded
generation, that both conventions give the same h_σ, and fails otherwise, so the fixture never depends on it.

With margin (`cmaes.CMAwM`, Hamano et al. 2022, Optuna's `with_margin=True`), on [0, 1] coordinates some of
which are discrete (values 0, s, 2s, ... up to 1), the script records the same per generation after `tell`
of the unencoded samples (`x_for_tell`), plus the margin's per-coordinate scale A. The solutions are ranked by
the function at the encoded samples, as the sampler evaluates them.

    .venv/bin/python scripts/reference/make_cmaes_reference.py   # writes the fixture
"""

import json
import math
import os
import sys

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import cmaes  # noqa: E402
import numpy as np  # noqa: E402

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "Fixtures", "reference", "cmaes.json")


def rotated_ellipsoid(x):
    n = len(x)
    rotation = np.linalg.qr(np.random.default_rng(7).standard_normal((n, n)))[0]
    y = rotation @ (x - 0.25)
    return float(np.sum(10 ** (3 * np.arange(n) / (n - 1)) * y * y))


def sphere(x):
    return float(np.sum((x - 0.7) ** 2))


def rosenbrock(x):
    return float(np.sum(100 * (x[1:] - x[:-1] ** 2) ** 2 + (1 - x[:-1]) ** 2))


def h_sigma(norm, c_sigma, generations, n, chi_n):
    return norm / math.sqrt(1 - (1 - c_sigma) ** (2 * generations)) < (1.4 + 2 / (n + 1)) * chi_n


def plain_case(name, function, mean, sigma, generations, seed, population=None):
    es = cmaes.CMA(mean=np.array(mean, dtype=float), sigma=sigma, seed=seed, population_size=population)
    records = []
    for _ in range(generations):
        solutions = [(x, function(x)) for x in (es.ask() for _ in range(es.population_size))]
        ranked = sorted(solutions, key=lambda s: s[1])  # `tell` sorts the same way (stable)
        es.tell(list(solutions))
        norm = float(np.linalg.norm(es._p_sigma))
        package = h_sigma(norm, es._c_sigma, es.generation + 1, es.dim, es._chi_n)
        tutorial = h_sigma(norm, es._c_sigma, es.generation, es.dim, es._chi_n)
        if package != tutorial:
            sys.exit(f"{name}: generation {es.generation} depends on the h_sigma convention; choose another seed")
        records.append({
            "solutions": [[float(v) for v in x] for x, _ in ranked],
            "mean": [float(v) for v in es._mean],
            "sigma": float(es._sigma),
            "covariance": [float(v) for v in es._C.reshape(-1)],
            "h_sigma": bool(package),
        })
    return {"name": name, "mean": mean, "sigma": sigma, "population": es.population_size,
            "generations": records}


def margin_case(name, function, mean, sigma, steps, generations, seed):
    n = len(mean)
    es = cmaes.CMAwM(mean=np.array(mean, dtype=float), sigma=sigma, bounds=np.array([[0.0, 1.0]] * n),
                     steps=np.array(steps, dtype=float), seed=seed, n_max_resampling=10 * n)
    records = []
    for _ in range(generations):
        asked = [es.ask() for _ in range(es.population_size)]
        solutions = [(raw, function(encoded)) for encoded, raw in asked]
        ranked = sorted(solutions, key=lambda s: s[1])
        es.tell(list(solutions))
        records.append({
            "solutions": [[float(v) for v in x] for x, _ in ranked],
            "mean": [float(v) for v in es._cma._mean],
            "sigma": float(es._cma._sigma),
            "covariance": [float(v) for v in es._cma._C.reshape(-1)],
            "margin_scale": [float(v) for v in es._A],
        })
    discrete = [i for i, step in enumerate(steps) if step > 0]
    return {"name": name, "mean": mean, "sigma": sigma, "population": es.population_size,
            "margin": {"coordinates": discrete, "low": [float(es._discrete_space_low[k]) for k in range(len(discrete))],
                       "step": [float(steps[i]) for i in discrete],
                       "size": [int(es._discrete_space_size[k]) for k in range(len(discrete))],
                       "alpha": float(es.margin)},
            "generations": records}


def main():
    cases = [
        plain_case("rotated ellipsoid 5-D", rotated_ellipsoid, [0.5] * 5, 0.3, 8, seed=1),
        plain_case("shifted sphere 10-D", sphere, [0.5] * 10, 1 / 6, 5, seed=2),
        plain_case("Rosenbrock 3-D, population 6", rosenbrock, [0.0, 0.5, 1.0], 0.5, 10, seed=3, population=6),
        margin_case("margin: 2 continuous and 3 five-valued coordinates", sphere, [0.5] * 5, 1 / 6,
                    [0.0, 0.0, 0.25, 0.25, 0.25], 15, seed=4),
        margin_case("margin: 4 binary and 2 continuous coordinates", rotated_ellipsoid, [0.5] * 6, 1 / 6,
                    [1.0, 1.0, 1.0, 1.0, 0.0, 0.0], 15, seed=5),
        margin_case("margin: 3 three-valued coordinates", rosenbrock, [0.5] * 3, 0.3, [0.5, 0.5, 0.5], 15, seed=6),
    ]
    document = {
        "generator": "scripts/reference/make_cmaes_reference.py",
        "cmaes_version": cmaes.__version__,
        "numpy_version": np.__version__,
        "cases": cases,
    }
    with open(OUT, "w") as file:
        file.write(json.dumps(document, sort_keys=True, indent=1, allow_nan=False) + "\n")
    print(f"wrote {os.path.normpath(OUT)}: {len(cases)} cases")


if __name__ == "__main__":
    main()
