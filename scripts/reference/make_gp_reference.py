#!/usr/bin/env python3
"""Generate scikit-learn / SciPy reference fixtures for Hyperplan's Gaussian process (`bayesian` search).

Run from the repository root:

    .venv/bin/python scripts/reference/make_gp_reference.py

Writes Tests/Fixtures/reference/gaussian_process.json. Deterministic: inputs come from
numpy.random.default_rng with fixed seeds and are stored in the fixture, BLAS is single-threaded,
the fitted cases use random_state=0, keys are sorted and floats use Python's shortest round-trip repr.
See scripts/reference/README.md ("gaussian_process.json").

Three kinds of cases (key "kind"):

* "fixed": GaussianProcessRegressor(kernel=ConstantKernel(s) * Matern(length_scale=[...], nu=2.5)
  + WhiteKernel(noise), optimizer=None, alpha=0, normalize_y=False) fitted on X, y at fixed
  hyperparameters. Stored: log_marginal_likelihood and its gradient with respect to
  theta = (log s, log l_1..l_d, log noise) -- scikit-learn's order -- and the posterior mean and
  *latent* variance (predict's std**2 minus the WhiteKernel noise, which predict includes) at test
  points. "column_groups" ties length scales over a one-hot block: the hyperparameters given for
  a block's columns are equal, and Hyperplan's single length scale of the block has the sum of the
  block's gradient entries as its gradient. "exact_gradient" is the same gradient computed in exact
  rational arithmetic (fractions.Fraction) from the float64 covariance and covariance derivatives that
  scikit-learn's kernel produced: it shows how far scikit-learn's own float64 linear algebra is from
  the true value when K is ill-conditioned ("condition_number", the "duplicates" case).
* "fitted": the same model with hyperparameters fitted by scikit-learn's L-BFGS-B maximum-likelihood
  optimiser (n_restarts_optimizer=5, random_state=0) within the bounds s in [1e-3, 1e3],
  l in [1e-2, 1e2], noise in [1e-6, 10] (Hyperplan's bounds). Stored: the fitted theta and
  log_marginal_likelihood. y is standardised (mean 0, population std 1) before fitting.
* "acquisition": expected improvement, probability of improvement and the confidence bound of a
  normal posterior N(mu, sigma^2) for a minimised loss with best value `best` and margin `xi`:
  z = (best - xi - mu) / sigma, EI = sigma * (z Phi(z) + phi(z)), PI = Phi(z), UCB score = -mu + kappa sigma.
  EI and PI from scipy.stats.norm; for z < 0, log EI from the integral
  h(z) / phi(z) = int_0^inf u exp(-w u - u^2 / 2) du with w = -z (scipy.integrate.quad), which has no
  cancellation and no underflow far in the lower tail (for z >= 0, z Phi(z) + phi(z) directly); log PI from scipy.special.log_ndtr; the
  slopes d log h / dz = Phi(z) / h(z) and d log Phi / dz = phi(z) / Phi(z) from the same integrals.
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS",
             "BLIS_NUM_THREADS", "VECLIB_MAXIMUM_THREADS", "NUMEXPR_NUM_THREADS"):
    os.environ[_var] = "1"

import json  # noqa: E402
import math  # noqa: E402
from fractions import Fraction  # noqa: E402

import numpy as np  # noqa: E402
import scipy  # noqa: E402
import sklearn  # noqa: E402
from scipy import integrate, special, stats  # noqa: E402
from sklearn.gaussian_process import GaussianProcessRegressor  # noqa: E402
from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel  # noqa: E402

GENERATOR = "scripts/reference/make_gp_reference.py"
ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
OUT_PATH = os.path.join(ROOT, "Tests", "Fixtures", "reference", "gaussian_process.json")


def branin(x):
    x0 = -5 + 15 * x[:, 0]
    x1 = 15 * x[:, 1]
    b, c, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 1 / (8 * math.pi)
    return (x1 - b * x0 ** 2 + c * x0 - 6) ** 2 + 10 * (1 - t) * np.cos(x0) + 10


def kernel(signal, length_scales, noise, bounds=None):
    if bounds is None:
        return ConstantKernel(signal) * Matern(length_scale=length_scales, nu=2.5) + WhiteKernel(noise)
    return (ConstantKernel(signal, constant_value_bounds=bounds["signal"])
            * Matern(length_scale=length_scales, length_scale_bounds=bounds["length_scale"], nu=2.5)
            + WhiteKernel(noise, noise_level_bounds=bounds["noise"]))


def exact_gradient(K, dK, y):
    """0.5 tr((a a^T - K^-1) dK/dtheta) in exact rational arithmetic for the float64 K and dK that
    scikit-learn's kernel produced, a = K^-1 y: the gradient without rounding in the linear algebra."""
    n = len(y)
    rows = [[Fraction(K[i, j]) for j in range(n)] + [Fraction(int(i == j)) for j in range(n)]
            for i in range(n)]
    for col in range(n):  # Gauss-Jordan; K is positive definite, so no pivoting is needed.
        pivot = rows[col][col]
        rows[col] = [v / pivot for v in rows[col]]
        for r in range(n):
            if r != col and rows[r][col] != 0:
                factor = rows[r][col]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[col])]
    inverse = [row[n:] for row in rows]
    ys = [Fraction(v) for v in y]
    alpha = [sum(inverse[i][j] * ys[j] for j in range(n)) for i in range(n)]
    result = []
    for p in range(dK.shape[2]):
        total = Fraction(0)
        for i in range(n):
            for j in range(n):
                if dK[j, i, p] != 0:
                    total += (alpha[i] * alpha[j] - inverse[i][j]) * Fraction(dK[j, i, p])
        result.append(float(total / 2))
    return result


def fixed_case(name, X, y, X_test, signal, length_scales, noise, column_groups):
    gp = GaussianProcessRegressor(kernel=kernel(signal, length_scales, noise), optimizer=None,
                                  alpha=0.0, normalize_y=False)
    gp.fit(X, y)
    lml, gradient = gp.log_marginal_likelihood(gp.kernel_.theta, eval_gradient=True)
    K, dK = gp.kernel_(X, eval_gradient=True)
    mean, std = gp.predict(X_test, return_std=True)
    return {
        "kind": "fixed", "name": name, "X": X.tolist(), "y": y.tolist(), "X_test": X_test.tolist(),
        "signal_variance": signal, "length_scales": list(length_scales), "noise_variance": noise,
        "column_groups": column_groups,
        "log_marginal_likelihood": float(lml), "gradient": gradient.tolist(),
        "exact_gradient": exact_gradient(K, dK, y),
        "condition_number": float(np.linalg.cond(K)),
        "theta_names": [h.name for h in gp.kernel_.hyperparameters],
        "mean": mean.tolist(), "latent_variance": (std ** 2 - noise).tolist(),
    }


BOUNDS = {"signal": (1e-3, 1e3), "length_scale": (1e-2, 1e2), "noise": (1e-6, 10.0)}


def fitted_case(name, X, y):
    y = (y - y.mean()) / y.std()
    d = X.shape[1]
    gp = GaussianProcessRegressor(kernel=kernel(1.0, [1.0] * d, 1e-2, BOUNDS), alpha=0.0,
                                  normalize_y=False, n_restarts_optimizer=5, random_state=0)
    gp.fit(X, y)
    return {
        "kind": "fitted", "name": name, "X": X.tolist(), "y": y.tolist(),
        "bounds": {k: list(v) for k, v in BOUNDS.items()},
        "theta": gp.kernel_.theta.tolist(),
        "theta_names": [h.name for h in gp.kernel_.hyperparameters],
        "log_marginal_likelihood": float(gp.log_marginal_likelihood_value_),
    }


def improvement_integrals(z):
    """(h(z)/phi(z), Phi(z)/phi(z)) for z < 0 by quadrature over u >= 0 with w = -z > 0.

    For w > 1 the variable is rescaled, v = w u, so the integrand's mass sits near v = 1 whatever w is:
    int u e^(-w u - u^2/2) du = w^-2 int v e^(-v - v^2/(2 w^2)) dv, and likewise with w^-1 for Phi/phi.
    """
    w = -z
    opts = {"epsabs": 0.0, "epsrel": 2e-14, "limit": 200}
    if w > 1:
        first, _ = integrate.quad(lambda v: v * math.exp(-v - 0.5 * (v / w) ** 2), 0, np.inf, **opts)
        zeroth, _ = integrate.quad(lambda v: math.exp(-v - 0.5 * (v / w) ** 2), 0, np.inf, **opts)
        return first / (w * w), zeroth / w
    first, _ = integrate.quad(lambda u: u * math.exp(-w * u - 0.5 * u * u), 0, np.inf, **opts)
    zeroth, _ = integrate.quad(lambda u: math.exp(-w * u - 0.5 * u * u), 0, np.inf, **opts)
    return first, zeroth


def acquisition_case(mu, sigma, best, xi, kappa):
    z = (best - xi - mu) / sigma
    log_phi = -0.5 * z * z - 0.5 * math.log(2 * math.pi)
    if z >= 0:
        # Both terms positive: no cancellation, and the integrals would overflow.
        h = z * stats.norm.cdf(z) + stats.norm.pdf(z)
        log_h = math.log(h)
        ei_slope, pi_slope = stats.norm.cdf(z) / h, stats.norm.pdf(z) / stats.norm.cdf(z)
    else:
        h_over_phi, cdf_over_phi = improvement_integrals(z)
        log_h = log_phi + math.log(h_over_phi)
        ei_slope, pi_slope = cdf_over_phi / h_over_phi, 1.0 / cdf_over_phi
    ei = sigma * (z * stats.norm.cdf(z) + stats.norm.pdf(z))
    return {
        "mu": mu, "sigma": sigma, "best": best, "xi": xi, "kappa": kappa, "z": z,
        "ei": float(ei), "log_ei": math.log(sigma) + log_h,
        "log_ei_slope_z": float(ei_slope),
        "pi": float(stats.norm.cdf(z)), "log_pi": float(special.log_ndtr(z)),
        "log_pi_slope_z": float(pi_slope),
        "ucb": -mu + kappa * sigma,
    }


def main():
    cases = []
    rng = np.random.default_rng(20260517)
    # 1-D, smooth function, small noise.
    X = rng.uniform(size=(7, 1))
    y = np.sin(6 * X[:, 0]) + 0.3 * X[:, 0]
    X_test = np.vstack([rng.uniform(size=(4, 1)), X[:1]])
    cases.append(fixed_case("1d", X, y, X_test, 1.5, [0.3], 1e-3, [0]))
    # 2-D Branin on the unit square, ARD.
    X = rng.uniform(size=(12, 2))
    y = (branin(X) - 50) / 50
    X_test = rng.uniform(size=(6, 2))
    cases.append(fixed_case("2d_branin", X, y, X_test, 0.8, [0.2, 0.7], 1e-2, [0, 1]))
    # 4-D, very different length scales, tiny noise.
    X = rng.uniform(size=(25, 4))
    y = np.sin(5 * X[:, 0]) + X[:, 1] ** 2 - 0.5 * X[:, 2] + 0.1 * rng.normal(size=25)
    X_test = rng.uniform(size=(6, 4))
    cases.append(fixed_case("4d_ard", X, y, X_test, 2.0, [0.3, 0.5, 1.2, 2.0], 1e-4, [0, 1, 2, 3]))
    # Two continuous columns and a one-hot block of three categories (tied length scale).
    Xc = rng.uniform(size=(15, 2))
    categories = rng.integers(0, 3, size=15)
    X = np.hstack([Xc, np.eye(3)[categories]])
    y = np.cos(4 * Xc[:, 0]) + Xc[:, 1] + np.array([0.0, 0.8, -0.5])[categories]
    test_categories = np.array([0, 1, 2, 1, 0])
    X_test = np.hstack([rng.uniform(size=(5, 2)), np.eye(3)[test_categories]])
    cases.append(fixed_case("categorical_block", X, y, X_test, 1.2, [0.4, 0.6, 0.9, 0.9, 0.9], 1e-3,
                            [0, 1, 2, 2, 2]))
    # Duplicate inputs at the noise floor: nearly singular without the noise.
    X = np.array([[0.1], [0.4], [0.4], [0.7], [0.7], [0.9]])
    y = np.array([0.3, -0.2, -0.25, 0.8, 0.81, 0.1])
    X_test = np.array([[0.4], [0.55], [1.0]])
    cases.append(fixed_case("duplicates", X, y, X_test, 1.0, [0.25], 1e-6, [0]))

    # Maximum-likelihood fits.
    X = rng.uniform(size=(10, 1))
    cases.append(fitted_case("fit_1d", X, np.sin(6 * X[:, 0]) + 0.3 * X[:, 0]))
    X = rng.uniform(size=(15, 2))
    cases.append(fitted_case("fit_2d_branin", X, branin(X)))
    X = rng.uniform(size=(30, 4))
    cases.append(fitted_case("fit_4d", X, np.sin(5 * X[:, 0]) + X[:, 1] ** 2 - 0.5 * X[:, 2]
                             + 0.05 * rng.normal(size=30)))

    acquisition = []
    for mu, sigma, best, xi in [(0.0, 1.0, 0.0, 0.0), (0.3, 0.5, 0.1, 0.0), (-0.2, 0.1, 0.0, 0.01),
                                (1.0, 0.2, -0.5, 0.0), (2.0, 0.1, -1.0, 0.0), (5.0, 0.1, -0.5, 0.0),
                                (10.0, 0.05, -1.0, 0.0), (-1.0, 0.3, 0.0, 0.0), (-3.0, 0.01, 0.0, 0.01),
                                (0.5, 1e-3, 0.0, 0.0), (0.0, 2.0, 0.5, 0.1)]:
        acquisition.append(acquisition_case(mu, sigma, best, xi, 2.0))
    cases.append({"kind": "acquisition", "name": "acquisition", "points": acquisition})

    document = {
        "generator": GENERATOR, "sklearn_version": sklearn.__version__,
        "numpy_version": np.__version__, "scipy_version": scipy.__version__, "cases": cases,
    }
    with open(OUT_PATH, "w") as handle:
        handle.write(json.dumps(document, sort_keys=True, indent=1, allow_nan=False))
        handle.write("\n")
    for case in cases:
        if case["kind"] == "fitted":
            print(case["name"], "sklearn fitted log marginal likelihood", case["log_marginal_likelihood"])


if __name__ == "__main__":
    main()
