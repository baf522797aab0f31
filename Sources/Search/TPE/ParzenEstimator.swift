import Foundation
import HyperplanCore

/// A Parzen (kernel) density estimator over unit coordinates, the l(x) and g(x) of TPE (Bergstra et al. 2011),
/// built as Optuna's `_ParzenEstimator` builds it.
///
/// The density is a mixture of product kernels, one component per observation plus a prior component:
///
///     p(x) = Σₖ wₖ Πᵈ Kₖᵈ(xᵈ)
///
/// - Weights: `ParzenEstimator.weights(count:)` per observation in trial order (older ones ramped down once there
///   are 25 or more), then `priorWeight`, normalised to sum 1. With no observations, the prior alone.
/// - Continuous coordinates: Kₖ is N(μₖ, σₖ²) truncated to [0, 1], μₖ the observation. σₖ is the larger of the
///   gaps to its sorted neighbours (the ends 0 and 1 counting as neighbours), except that unless
///   `considerEndpoints` the lowest and highest observations use only the gap to their inner neighbour; then
///   clipped to [1 / min(100, n + 2), 1] ("magic clip"; n observations). The prior is N(½, 1) truncated.
/// - Integer coordinates: the same Gaussians, and Kₖ(x) is the mass of x's cell (its integer's [n − ½, n + ½]) divided by
///   the mass of [0, 1].
/// - Categorical coordinates: Kₖ(c) ∝ prior/(n+1) + [c = observation k]; the prior component is uniform.
///
/// Observations are the rows of `coordinates` (one `UnitCoordinates` vector per trial); the estimator models the
/// dimensions listed in `dimensions` (the rest are ignored), so a univariate TPE builds one per dimension.
package struct ParzenEstimator: Sendable {
    package let dimensions: [Int]
    package let kinds: [UnitCoordinates.Kind]
    /// log wₖ for the K = n + 1 components (observations first, then the prior).
    package let logWeights: [Double]
    /// μₖ and σₖ of ordered dimension `position` at [position · K + k]; unused for categorical positions.
    package let mus: [Double]
    package let sigmas: [Double]
    /// log σₖ and log(Φ(bₖ) − Φ(aₖ)), the mass of [0, 1] under each kernel, same layout.
    package let logSigmas: [Double]
    package let logMasses: [Double]
    /// Categorical kernels: log probabilities at [offset(position) + k · count + c].
    package let logProbabilities: [Double]
    package let categoricalOffsets: [Int]
    package let componentCount: Int
    /// The space the coordinates belong to (for integer cell widths).
    package let space: UnitCoordinates

    /// Optuna's `default_weights`: 1 for the newest 25 observations, a linear ramp from 1/n up to 1 for older ones.
    package static func weights(count n: Int) -> [Double] {
        guard n >= 25 else { return [Double](repeating: 1, count: n) }
        let rampCount = n - 25
        var result = [Double](repeating: 1, count: n)
        let start = 1 / Double(n)
        if rampCount == 1 { result[0] = start }
        if rampCount > 1 {
            // numpy.linspace(1/n, 1, n − 25): start + i·step, the last point exactly 1.
            let step = (1 - start) / Double(rampCount - 1)
            for i in 0..<(rampCount - 1) { result[i] = start + Double(i) * step }
            result[rampCount - 1] = 1
        }
        return result
    }

    /// - Parameters:
    ///   - observations: coordinate vectors in trial order (older first).
    ///   - dimensions: the dimensions of `space` to model.
    package init(
        observations: [[Double]], dimensions: [Int], space: UnitCoordinates, priorWeight: Double,
        considerEndpoints: Bool
    ) {
        self.dimensions = dimensions
        self.space = space
        let kinds = space.kinds
        self.kinds = dimensions.map { kinds[$0] }
        let n = observations.count
        let count = n + 1
        componentCount = count
        var weights = Self.weights(count: n)
        if n == 0 { weights = [1] } else { weights.append(priorWeight) }
        let total = weights.reduce(0, +)
        logWeights = weights.map { Foundation.log($0 / total) }

        var mus = [Double](repeating: 0, count: dimensions.count * count)
        var sigmas = mus, logSigmas = mus, logMasses = mus
        var logProbabilities: [Double] = []
        var offsets = [Int](repeating: 0, count: dimensions.count)
        for (position, dimension) in dimensions.enumerated() {
            let base = position * count
            if case .categorical(let categories) = kinds[dimension] {
                offsets[position] = logProbabilities.count
                logProbabilities += Self.categoricalTable(
                    observations.map { Int($0[dimension]) }, categories: categories, priorWeight: priorWeight)
                continue
            }
            let column = observations.map { $0[dimension] }
            let bandwidths = Self.bandwidths(column, considerEndpoints: considerEndpoints)
            for k in 0..<count {
                let mu = k < n ? column[k] : 0.5
                let sigma = k < n ? bandwidths[k] : 1
                mus[base + k] = mu
                sigmas[base + k] = sigma
                logSigmas[base + k] = Foundation.log(sigma)
                logMasses[base + k] = TruncatedNormal.logMass(-mu / sigma, (1 - mu) / sigma)
            }
        }
        self.mus = mus
        self.sigmas = sigmas
        self.logSigmas = logSigmas
        self.logMasses = logMasses
        self.logProbabilities = logProbabilities
        categoricalOffsets = offsets
    }

    /// Kernel widths by Optuna's rule (see the type's documentation), in observation order.
    package static func bandwidths(_ mus: [Double], considerEndpoints: Bool) -> [Double] {
        let n = mus.count
        guard n > 0 else { return [] }
        // Stable order: ties keep trial order, so the result never depends on the sort algorithm.
        let order = mus.indices.sorted { mus[$0] < mus[$1] || (mus[$0] == mus[$1] && $0 < $1) }
        var padded = [0.0]
        padded += order.map { mus[$0] }
        padded.append(1)
        var sorted = [Double](repeating: 0, count: n)
        for rank in 0..<n {
            let position = rank + 1
            sorted[rank] = max(padded[position] - padded[position - 1], padded[position + 1] - padded[position])
        }
        if !considerEndpoints && n >= 2 {
            sorted[0] = padded[2] - padded[1]
            sorted[n - 1] = padded[n] - padded[n - 1]
        }
        let minimum = 1 / min(100, Double(n + 2))
        var result = [Double](repeating: 0, count: n)
        for (rank, index) in order.enumerated() { result[index] = min(1, max(minimum, sorted[rank])) }
        return result
    }

    /// The log-probability table of a categorical dimension, observations' rows then the prior's.
    package static func categoricalTable(_ observed: [Int], categories: Int, priorWeight: Double) -> [Double] {
        guard !observed.isEmpty else {
            return [Double](repeating: -Foundation.log(Double(categories)), count: categories)
        }
        let count = observed.count + 1
        var table = [Double](repeating: priorWeight / Double(count), count: count * categories)
        for (k, category) in observed.enumerated() { table[k * categories + category] += 1 }
        for k in 0..<count {
            let row = k * categories
            let sum = table[row..<(row + categories)].reduce(0, +)
            for c in 0..<categories { table[row + c] = Foundation.log(table[row + c] / sum) }
        }
        return table
    }
}
