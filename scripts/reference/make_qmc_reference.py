"""Reference values for the quasi-random search strategies (sobol, latin_hypercube), from scipy.stats.qmc.

Writes Tests/Fixtures/reference/qmc.json. Run from the repository root:

    .venv/bin/python scripts/reference/make_qmc_reference.py

Cases (`kind`):

* `sobol_unscrambled`: `qmc.Sobol(d, scramble=False).random(256)` for d in 1, 2, 5, 21, 100, 1111. `sha256` is the
  SHA-256 of the (256, d) float64 array's bytes, little-endian, row-major (point after point): equal digests mean
  bit-identical points. `columns` holds whole columns as floats (exact: Python's repr round-trips), all of them up
  to d = 21 and a few for d = 100 and 1111, so a mismatch can be located.
* `sobol_scrambled_given_bits`: `qmc.Sobol(8, rng=default_rng(20261202)).random(256)` together with the random
  bits scipy drew for it, replayed from the engine's `rng_seed`: `rows[k][p]` is row p of dimension k's
  lower-triangular scrambling matrix as a 30-bit mask (bit 29 - i holds ltm[k, p, i], the diagonal set, as
  scipy's `_cscramble` sets it) and `shifts[k]` its digital shift. Hyperplan's `SobolSequence` given these must
  reproduce scipy's points bit for bit.
* `discrepancy`: `qmc.discrepancy(points, method="CD")` (the squared centered L2 discrepancy) of fixed point sets,
  to check Hyperplan's implementation to 1e-12.
* `discrepancy_distribution`: the centered discrepancy of n = 128 points in 5 dimensions for rng = 0 ... 19, for
  scipy's scrambled Sobol' (`qmc.Sobol(5, rng=s).random(128)`), scipy's Latin hypercube
  (`qmc.LatinHypercube(5, rng=s).random(128)`) and independent uniform points (`default_rng(s).random((128, 5))`).

Deterministic (fixed seeds, no threads involved): two runs give byte-identical output.
"""

import copy
import hashlib
import json
import pathlib
import warnings

import numpy as np
import scipy
import sklearn
from scipy.stats import qmc

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUTPUT = ROOT / "Tests" / "Fixtures" / "reference" / "qmc.json"
N = 256
SEEDS = list(range(20))


def floats(values):
    out = [float(v) for v in np.asarray(values).ravel()]
    assert all(np.isfinite(out))
    return out


def sobol_case(d):
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # n = 256 is a power of 2: scipy must not warn
        points = qmc.Sobol(d, scramble=False).random(N)
    assert points.shape == (N, d) and points.dtype == np.float64
    digest = hashlib.sha256(np.ascontiguousarray(points, dtype="<f8").tobytes()).hexdigest()
    if d <= 21:
        kept = list(range(d))
    else:
        kept = sorted({0, 1, 20, 21, d // 2, d - 2, d - 1})
    return {
        "name": f"sobol_unscrambled/d={d}",
        "kind": "sobol_unscrambled",
        "dimensions": d,
        "n": N,
        "sha256": digest,
        "columns": [{"dimension": k, "values": floats(points[:, k])} for k in kept],
    }


def scrambled_case(d, seed):
    engine = qmc.Sobol(d, rng=np.random.default_rng(seed))
    points = engine.random(N)
    # scipy's Sobol._scramble: the shift bits first, then the lower-triangular matrices, from the engine's rng.
    bits = engine.bits
    rng = copy.deepcopy(engine.rng_seed)
    shift_bits = rng.integers(2, size=(d, bits), dtype=np.uint32)
    ltm = np.tril(rng.integers(2, size=(d, bits, bits), dtype=np.uint32))
    shifts = [int(sum(int(b) << k for k, b in enumerate(shift_bits[j]))) for j in range(d)]
    assert [int(x) for x in engine._shift] == shifts, "replayed shifts differ from scipy's"
    rows = []
    for j in range(d):
        masks = []
        for p in range(bits):
            mask = 1 << (bits - 1 - p)
            for i in range(p):
                if ltm[j, p, i]:
                    mask |= 1 << (bits - 1 - i)
            masks.append(mask)
        rows.append(masks)
    return {
        "name": f"sobol_scrambled_given_bits/d={d}",
        "kind": "sobol_scrambled_given_bits",
        "dimensions": d,
        "n": N,
        "bits": bits,
        "rows": rows,
        "shifts": shifts,
        "sha256": hashlib.sha256(np.ascontiguousarray(points, dtype="<f8").tobytes()).hexdigest(),
        "columns": [{"dimension": k, "values": floats(points[:, k])} for k in range(d)],
    }


def discrepancy_case(name, points):
    points = np.asarray(points, dtype=np.float64)
    return {
        "name": f"discrepancy/{name}",
        "kind": "discrepancy",
        "n": int(points.shape[0]),
        "dimensions": int(points.shape[1]),
        "points": [floats(row) for row in points],
        "centered_discrepancy": float(qmc.discrepancy(points, method="CD")),
    }


def distribution_case(name, make):
    values = [float(qmc.discrepancy(make(seed), method="CD")) for seed in SEEDS]
    return {
        "name": f"discrepancy_distribution/{name}",
        "kind": "discrepancy_distribution",
        "n": 128,
        "dimensions": 5,
        "seeds": SEEDS,
        "values": values,
        "min": min(values),
        "max": max(values),
        "median": float(np.median(values)),
    }


def main():
    cases = [sobol_case(d) for d in (1, 2, 5, 21, 100, 1111)]
    cases.append(scrambled_case(8, 20261202))

    rng = np.random.default_rng(20261201)
    cases.append(discrepancy_case("uniform_n10_d2", rng.random((10, 2))))
    cases.append(discrepancy_case("uniform_n50_d5", rng.random((50, 5))))
    cases.append(discrepancy_case("uniform_n7_d1", rng.random((7, 1))))
    cases.append(discrepancy_case("sobol_scrambled_n128_d5_rng0", qmc.Sobol(5, rng=0).random(128)))
    corners = [[0.0, 0.0, 1.0], [1.0, 0.5, 0.0], [0.5, 0.5, 0.5], [0.25, 1.0, 0.75]]
    cases.append(discrepancy_case("corners_n4_d3", corners))

    cases.append(distribution_case("sobol_scrambled", lambda s: qmc.Sobol(5, rng=s).random(128)))
    cases.append(distribution_case("latin_hypercube", lambda s: qmc.LatinHypercube(5, rng=s).random(128)))
    cases.append(distribution_case("uniform", lambda s: np.random.default_rng(s).random((128, 5))))

    document = {
        "generator": "scripts/reference/make_qmc_reference.py",
        "scipy_version": scipy.__version__,
        "numpy_version": np.__version__,
        "sklearn_version": sklearn.__version__,
        "cases": cases,
    }
    OUTPUT.write_text(json.dumps(document, sort_keys=True, separators=(",", ":"), allow_nan=False) + "\n")
    print(f"wrote {OUTPUT.relative_to(ROOT)}: {len(cases)} cases, {OUTPUT.stat().st_size} bytes")
    for case in cases:
        if case["kind"] == "discrepancy_distribution":
            print(case["name"], "min", case["min"], "median", case["median"], "max", case["max"])


if __name__ == "__main__":
    main()
