"""How much space-filling designs help a search on Branin, with SciPy's own designs (numbers quoted in
Tests/SearchTests/QuasiRandomSearchTests.swift and docs/search/quasi-random.md; no fixture is written).

For 64 points on Branin's standard domain [-5, 10] x [0, 15], the simple regret (best value found minus the
global minimum 0.397887...) of independent uniform points (`default_rng(s)`), scrambled Sobol' points
(`qmc.Sobol(2, rng=s)`) and Latin hypercubes (`qmc.LatinHypercube(2, rng=s)`), for seeds 0-399 and 400-799.

    .venv/bin/python -W ignore scripts/reference/measure_qmc_regret.py
"""

import numpy as np
from scipy.stats import qmc

MINIMUM = 0.39788735772973816
TRIALS = 64


def branin(unit):
    x0 = -5 + 15 * unit[:, 0]
    x1 = 15 * unit[:, 1]
    b, c, t = 5.1 / (4 * np.pi**2), 5 / np.pi, 1 / (8 * np.pi)
    return (x1 - b * x0**2 + c * x0 - 6) ** 2 + 10 * (1 - t) * np.cos(x0) + 10


DESIGNS = {
    "random": lambda s: np.random.default_rng(s).random((TRIALS, 2)),
    "sobol": lambda s: qmc.Sobol(2, rng=s).random(TRIALS),
    "latin_hypercube": lambda s: qmc.LatinHypercube(2, rng=s).random(TRIALS),
}


def main():
    for seeds in (range(0, 400), range(400, 800)):
        print(f"seeds {seeds.start}-{seeds.stop - 1}, {TRIALS} trials")
        for name, design in DESIGNS.items():
            regrets = np.array([branin(design(s)).min() - MINIMUM for s in seeds])
            print(
                f"  {name:16s} median {np.median(regrets):.3f}  mean {regrets.mean():.3f}  "
                f"p90 {np.percentile(regrets, 90):.3f}  worst {regrets.max():.3f}"
            )


if __name__ == "__main__":
    main()
