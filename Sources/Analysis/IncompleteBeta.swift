import Foundation

/// The regularized incomplete beta function I_x(a, b) = B(x; a, b) / B(a, b), which Student's t distribution
/// is expressed in.
///
/// Evaluated by its continued fraction with the modified Lentz method (Numerical Recipes, 3rd ed., §6.4), on
/// whichever side of the mean a / (a + b) converges fast, using I_x(a, b) = 1 − I_{1−x}(b, a) on the other.
/// The prefactor x^a (1 − x)^b / B(a, b) is computed in logarithms with a log-beta function that keeps its
/// digits for large arguments (Stirling's series for the log-gamma differences, as R's `lbeta` does), and
/// log x as log1p(−(1 − x)) near 1. The relative error is about 1e-14 for a, b up to 500; for a in the tens of
/// thousands and x near the switching point the continued fraction is ill-conditioned and it grows to 1e-11
/// (Boost switches to Didonato and Morris's asymptotic series there; Student's t with ν ≤ 1000 never needs it).
enum IncompleteBeta {
    /// I_x(a, b) for a, b > 0, with `x` and `complement` = 1 − x given separately: the caller can often
    /// compute 1 − x without the cancellation that subtracting would cause.
    ///
    /// - Complexity: O(√max(a, b)) iterations of the continued fraction.
    static func regularized(a: Double, b: Double, x: Double, complement y: Double) -> Double {
        guard a > 0, b > 0, !x.isNaN, !y.isNaN else { return .nan }
        if x <= 0 { return 0 }
        if y <= 0 { return 1 }
        // log x through log1p(−(1 − x)) when x is near 1: multiplied by a large a, log x must keep its digits.
        let logX = y < 0.5 ? log1p(-y) : log(x), logY = x < 0.5 ? log1p(-x) : log(y)
        let logFront = a * logX + b * logY - logBeta(a, b)
        if x < (a + 1) / (a + b + 2) {
            return exp(logFront) * continuedFraction(a: a, b: b, x: x) / a
        }
        return 1 - exp(logFront) * continuedFraction(a: b, b: a, x: y) / b
    }

    /// The continued fraction of I_x(a, b), converging for x < (a + 1) / (a + b + 2).
    private static func continuedFraction(a: Double, b: Double, x: Double) -> Double {
        let tiny = Double.leastNormalMagnitude / Double.ulpOfOne
        let sum = a + b, plusOne = a + 1, minusOne = a - 1
        var c = 1.0
        var d = 1 - sum * x / plusOne
        if abs(d) < tiny { d = tiny }
        d = 1 / d
        var result = d
        for m in 1...100_000 {
            let m = Double(m), twice = 2 * m
            // Even step.
            var term = m * (b - m) * x / ((minusOne + twice) * (a + twice))
            d = 1 + term * d
            if abs(d) < tiny { d = tiny }
            c = 1 + term / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            result *= d * c
            // Odd step.
            term = -(a + m) * (sum + m) * x / ((a + twice) * (plusOne + twice))
            d = 1 + term * d
            if abs(d) < tiny { d = tiny }
            c = 1 + term / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let factor = d * c
            result *= factor
            if abs(factor - 1) <= Double.ulpOfOne { break }
        }
        return result
    }

    /// log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b), without the cancellation of the three log-gammas when
    /// an argument is large.
    static func logBeta(_ a: Double, _ b: Double) -> Double {
        let p = min(a, b), q = max(a, b), total = p + q
        if p >= 10 {
            let correction = stirlingCorrection(p) + stirlingCorrection(q) - stirlingCorrection(total)
            return -0.5 * log(q) + 0.5 * log(2 * Double.pi) + correction + (p - 0.5) * log(p / total)
                + q * log1p(-p / total)
        }
        if q >= 10 {
            let correction = stirlingCorrection(q) - stirlingCorrection(total)
            return lgamma(p) + correction + p - p * log(total) + (q - 0.5) * log1p(-p / total)
        }
        return lgamma(p) + lgamma(q) - lgamma(total)
    }

    /// log Γ(x) − [(x − ½) log x − x + ½ log 2π], by Stirling's series; for x ≥ 10 the terms used reach double
    /// precision.
    static func stirlingCorrection(_ x: Double) -> Double {
        // B₂ₖ / (2k (2k − 1)) for k = 1 … 8.
        let coefficients: [Double] = [
            1.0 / 12, -1.0 / 360, 1.0 / 1260, -1.0 / 1680, 1.0 / 1188, -691.0 / 360_360, 1.0 / 156,
            -3617.0 / 122_400,
        ]
        let inverseSquare = 1 / (x * x)
        var sum = 0.0
        for coefficient in coefficients.reversed() { sum = sum * inverseSquare + coefficient }
        return sum / x
    }
}
