import Foundation

/// How Bayesian optimisation scores a candidate from the Gaussian process's posterior N(μ, σ²) of its
/// (standardised, lower-is-better) loss, higher being more worth evaluating.
///
/// With y* the best loss seen and z = (y* − ξ − μ)/σ:
/// - expected improvement, scored as its logarithm: log EI = log σ + log h(z), h(z) = z·Φ(z) + φ(z) (the
///   LogEI of Ament et al. 2023, which BoTorch and Optuna use: EI itself underflows to 0 over most of the
///   space once the model is confident, leaving the optimiser no slope to follow);
/// - probability of improvement, as log PI = log Φ(z);
/// - the lower confidence bound for a minimised loss, scored as −(μ − κ·σ) (GP-UCB of Srinivas et al. 2010,
///   with a constant κ rather than the theory's slowly growing one).
///
/// ξ and κ are in standard deviations of the observed losses, because the losses are standardised first.
package enum AcquisitionFunction: Sendable, Hashable {
    case expectedImprovement(xi: Double)
    case probabilityOfImprovement(xi: Double)
    case upperConfidenceBound(kappa: Double)

    /// The score and its partial derivatives with respect to the posterior mean and standard deviation.
    package struct Score: Sendable {
        package var value: Double
        package var meanSlope: Double
        package var deviationSlope: Double
    }

    /// The smallest standard deviation used: below it the posterior is treated as this sure, so log EI stays
    /// finite and tends to log(max(y* − ξ − μ, 0)) as the model becomes certain.
    static let minimumDeviation = 1e-9

    /// The score of a posterior N(mean, deviation²) against the best loss `best`.
    package func score(mean: Double, deviation rawDeviation: Double, best: Double) -> Score {
        let deviation = max(rawDeviation, AcquisitionFunction.minimumDeviation)
        switch self {
        case .expectedImprovement(let xi):
            let z = (best - xi - mean) / deviation
            let slope = StandardNormal.logImprovementFactorSlope(z)
            return Score(
                value: log(deviation) + StandardNormal.logImprovementFactor(z),
                meanSlope: -slope / deviation,
                deviationSlope: (1 - slope * z) / deviation)
        case .probabilityOfImprovement(let xi):
            let z = (best - xi - mean) / deviation
            let slope = StandardNormal.logCumulativeSlope(z)
            return Score(
                value: StandardNormal.logCumulative(z), meanSlope: -slope / deviation,
                deviationSlope: -slope * z / deviation)
        case .upperConfidenceBound(let kappa):
            return Score(value: -mean + kappa * deviation, meanSlope: -1, deviationSlope: kappa)
        }
    }

    /// The score alone, for the many candidates scored before local search.
    package func value(mean: Double, deviation: Double, best: Double) -> Double {
        score(mean: mean, deviation: deviation, best: best).value
    }
}
