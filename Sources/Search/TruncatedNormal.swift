import Foundation
package import HyperplanCore

/// The standard normal distribution restricted to an interval, in log space: what the Parzen estimator's
/// kernels are made of.
///
/// Probabilities are computed as SciPy's `truncnorm` does, so that log-densities agree to ~1e-14 even in the
/// tails: log Φ via `erfc` for x > −20 and its asymptotic series below, and the mass Φ(b) − Φ(a) of an
/// interval computed from whichever tail keeps it free of cancellation.
package enum TruncatedNormal {
    package static let logSqrtTwoPi = 0.5 * Foundation.log(2 * Double.pi)

    /// Φ(x), the standard normal CDF, accurate relative to its value for x < 0.
    package static func cdf(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// log φ(x), the standard normal log-density.
    package static func logPDF(_ x: Double) -> Double { -0.5 * x * x - logSqrtTwoPi }

    /// log Φ(x): SciPy's `log_ndtr` split (−Φ(−x) for x > 6, log Φ(x) for x > −20, otherwise the asymptotic
    /// series log φ(x)/|x| · (1 − 1/x² + 3/x⁴ − …) summed until it stops changing).
    package static func logCDF(_ x: Double) -> Double {
        if x > 6 { return -cdf(-x) }
        if x > -20 { return Foundation.log(cdf(x)) }
        let logLeading = -0.5 * x * x - Foundation.log(-x) - logSqrtTwoPi
        var total = 1.0, previous = 0.0, numerator = 1.0, denominatorFactor = 1.0, sign = 1.0
        let inverseSquare = 1 / (x * x)
        var term = 0
        while abs(previous - total) > Double.ulpOfOne, term < 100 {
            term += 1
            previous = total
            sign = -sign
            denominatorFactor *= inverseSquare
            numerator *= Double(2 * term - 1)
            total += sign * numerator * denominatorFactor
        }
        return logLeading + Foundation.log(total)
    }

    /// log(exp(p) − exp(q)) for q ≤ p.
    package static func logDifference(_ p: Double, _ q: Double) -> Double {
        p + Foundation.log1p(-Foundation.exp(q - p))
    }

    /// log(Φ(b) − Φ(a)), the log-probability of [a, b] under the standard normal, for a ≤ b.
    ///
    /// Both ends in the left tail: from log Φ; both in the right: by symmetry; straddling 0: 1 minus both tails.
    package static func logMass(_ a: Double, _ b: Double) -> Double {
        if b <= 0 { return logDifference(logCDF(b), logCDF(a)) }
        if a > 0 { return logDifference(logCDF(-a), logCDF(-b)) }
        return Foundation.log1p(-cdf(a) - cdf(-b))
    }

    /// The log-probability of [a, b] when the interval may be so narrow that the difference of CDFs loses all
    /// its digits (an integer cell of a 2⁶⁴-wide range): then the midpoint rule with its second-order term,
    /// log(w φ(m) (1 + (m² − 1) w²/24)), exact to ~1e-16 relative in that regime.
    package static func logMassOfCell(_ a: Double, _ b: Double) -> Double {
        let width = b - a, middle = 0.5 * (a + b)
        if width * (1 + abs(middle)) < 1e-5 {
            return Foundation.log(width) + logPDF(middle) + Foundation.log1p((middle * middle - 1) * width * width / 24)
        }
        return logMass(a, b)
    }

    /// Φ⁻¹(p) for p in (0, 1): Acklam's rational approximation refined by one Halley step (~1e-15 relative).
    package static func quantile(_ p: Double) -> Double {
        if p <= 0 { return -.infinity }
        if p >= 1 { return .infinity }
        let a = [
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02,
            -3.066479806614716e+01, 2.506628277459239e+00,
        ]
        let b = [
            -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01,
            -1.328068155288572e+01,
        ]
        let c = [
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00,
            4.374664141464968e+00, 2.938163982698783e+00,
        ]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        var x: Double
        if p < low || p > 1 - low {
            let q = (-2 * Foundation.log(p < low ? p : 1 - p)).squareRoot()
            let numerator = ((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]
            let denominator = (((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1
            x = p < low ? numerator / denominator : -numerator / denominator
        } else {
            let q = p - 0.5, r = q * q
            let numerator = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            let denominator = ((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1
            x = numerator / denominator
        }
        // Halley's step on Φ(x) − p, with the error measured from the nearer tail.
        let error = x < 0 ? cdf(x) - p : (1 - p) - cdf(-x)
        let u = error * (2 * Double.pi).squareRoot() * Foundation.exp(0.5 * x * x)
        x -= u / (1 + 0.5 * x * u)
        return x
    }

    /// A draw from N(mu, sigma²) restricted to [low, high] (which must contain mu, as every kernel of the Parzen
    /// estimator does, so the mass is at least Φ(1) − Φ(0) and inversion of the CDF is well-conditioned).
    package static func sample(
        mu: Double, sigma: Double, low: Double, high: Double, using generator: inout SeededGenerator
    )
        -> Double
    {
        let a = (low - mu) / sigma, b = (high - mu) / sigma
        let u = generator.nextUnitInterval()
        let lowerCDF = cdf(a), upperCDF = cdf(b)
        let p = lowerCDF + u * (upperCDF - lowerCDF)
        // Above the median, invert the upper tail instead, where 1 − p keeps its digits.
        let z: Double
        if p < 0.5 {
            z = quantile(p)
        } else {
            let lowerTail = cdf(-a), upperTail = cdf(-b)
            z = -quantile(lowerTail - u * (lowerTail - upperTail))
        }
        return min(high, max(low, mu + sigma * z))
    }
}
