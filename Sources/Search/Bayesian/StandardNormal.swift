import Foundation

/// The standard normal distribution's functions in the forms the acquisition functions need: logarithms that
/// stay finite and accurate far in the lower tail, where Φ(z) and the expected-improvement factor
/// h(z) = z·Φ(z) + φ(z) underflow (z below about −38) or lose every digit to cancellation (z below about −5).
///
/// The tail forms use the scaled complementary error function erfcx(t) = exp(t²)·erfc(t) and its asymptotic
/// series, as in Ament et al., "Unexpected improvements to expected improvement for Bayesian optimization"
/// (NeurIPS 2023), the LogEI that BoTorch and Optuna use.
package enum StandardNormal {
    static let logSquareRootTwoPi = 0.5 * log(2 * Double.pi)
    static let squareRootHalfPi = (Double.pi / 2).squareRoot()
    static let inverseSquareRootTwo = 1 / 2.0.squareRoot()

    /// φ(z).
    package static func density(_ z: Double) -> Double { exp(-0.5 * z * z - logSquareRootTwoPi) }

    /// Φ(z).
    package static func cumulative(_ z: Double) -> Double { 0.5 * erfc(-z * inverseSquareRootTwo) }

    /// erfcx(t) = exp(t²)·erfc(t) for t ≥ 0: directly below 26 (where exp(t²) is finite and erfc(t) is not
    /// yet subnormal), else by its asymptotic series 1/(t√π)·(1 − 1/(2t²) + 3/(4t⁴) − …), accurate to 10⁻¹³
    /// there.
    static func scaledComplementaryError(_ t: Double) -> Double {
        if t < 26 { return exp(t * t) * erfc(t) }
        let u = 1 / (2 * t * t)
        let series = 1 - u * (1 - 3 * u * (1 - 5 * u * (1 - 7 * u * (1 - 9 * u))))
        return series / (t * Double.pi.squareRoot())
    }

    /// The Mills ratio R(w) = Φ(−w)/φ(w) = √(π/2)·erfcx(w/√2), for w ≥ 0.
    static func millsRatio(_ w: Double) -> Double {
        squareRootHalfPi * scaledComplementaryError(w * inverseSquareRootTwo)
    }

    /// h(w)/φ(w) at z = −w for w ≥ 1, that is 1 − w·R(w): by its asymptotic series
    /// 1/w² − 3/w⁴ + 15/w⁶ − … where the subtraction would cancel (w ≥ 36), directly otherwise.
    private static func improvementFactorOverDensity(_ w: Double) -> Double {
        if w < 36 { return 1 - w * millsRatio(w) }
        let v = 1 / (w * w)
        return v * (1 - 3 * v * (1 - 5 * v * (1 - 7 * v * (1 - 9 * v * (1 - 11 * v)))))
    }

    /// log h(z), h(z) = z·Φ(z) + φ(z) = E[max(z + ε, 0)] for ε ~ N(0, 1): the expected improvement of a unit
    /// normal over a threshold z standard deviations below its mean.
    package static func logImprovementFactor(_ z: Double) -> Double {
        if z >= -1 { return log(z * cumulative(z) + density(z)) }
        return -0.5 * z * z - logSquareRootTwoPi + log(improvementFactorOverDensity(-z))
    }

    /// d log h / dz = Φ(z) / h(z).
    package static func logImprovementFactorSlope(_ z: Double) -> Double {
        if z >= -1 { return cumulative(z) / (z * cumulative(z) + density(z)) }
        let w = -z
        return millsRatio(w) / improvementFactorOverDensity(w)
    }

    /// log Φ(z).
    package static func logCumulative(_ z: Double) -> Double {
        if z > 0 { return log1p(-0.5 * erfc(z * inverseSquareRootTwo)) }
        if z >= -1 { return log(cumulative(z)) }
        let w = -z
        return log(millsRatio(w)) - 0.5 * w * w - logSquareRootTwoPi
    }

    /// d log Φ / dz = φ(z) / Φ(z).
    package static func logCumulativeSlope(_ z: Double) -> Double {
        if z >= -1 { return density(z) / cumulative(z) }
        return 1 / millsRatio(-z)
    }
}
