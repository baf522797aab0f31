import Foundation
import HyperplanNumerics

extension CMAES {
    /// One generation's update from its `populationSize` solutions, best first (see the type's documentation),
    /// followed by the margin's correction of the mean with margin.
    ///
    /// Leaves the state unchanged when the update would make it non-finite or C not positive definite (a
    /// degenerate population, such as every solution clipped to the same corner), so that a replay never
    /// propagates NaN.
    ///
    /// - Complexity: O(λ n² + n³).
    package mutating func update(sortedSolutions solutions: [[Double]]) {
        let n = dimension
        guard solutions.count == populationSize, solutions.allSatisfy({ $0.count == n }) else { return }
        var next = self
        let steps = solutions.map { x in (0..<n).map { (x[$0] - mean[$0]) / sigma } }
        var meanStep = [Double](repeating: 0, count: n)
        for i in 0..<parentCount {
            for d in 0..<n { meanStep[d] += weights[i] * steps[i][d] }
        }
        for d in 0..<n { next.mean[d] = mean[d] + sigma * meanStep[d] }

        let whitenedStep = whitened(meanStep)
        let sigmaRate = (cSigma * (2 - cSigma) * effectiveParents).squareRoot()
        for d in 0..<n { next.pathSigma[d] = (1 - cSigma) * pathSigma[d] + sigmaRate * whitenedStep[d] }
        let pathLength = next.pathSigma.map { $0 * $0 }.reduce(0, +).squareRoot()
        next.sigma = sigma * Foundation.exp((cSigma / dSigma) * (pathLength / expectedNorm - 1))

        let correction = (1 - pow(1 - cSigma, 2 * Double(generation + 1))).squareRoot()
        let pathIsShort = pathLength / correction < (1.4 + 2 / (Double(n) + 1)) * expectedNorm
        let hSigma = pathIsShort ? 1.0 : 0.0
        let cRate = (cC * (2 - cC) * effectiveParents).squareRoot()
        for d in 0..<n { next.pathC[d] = (1 - cC) * pathC[d] + hSigma * cRate * meanStep[d] }

        let adjustedWeights = (0..<populationSize).map { i -> Double in
            guard weights[i] < 0 else { return weights[i] }
            // 1e-8 keeps the scale finite for a step of zero length; the `cmaes` package adds the same.
            let norm = whitened(steps[i]).map { $0 * $0 }.reduce(0, +)
            return weights[i] * Double(n) / (norm + 1e-8)
        }
        let delta = (1 - hSigma) * cC * (2 - cC)
        let decay = 1 + c1 * delta - c1 - cMu * weights.reduce(0, +)
        for r in 0..<n {
            for c in r..<n {
                var rankMu = 0.0
                for i in 0..<populationSize { rankMu += adjustedWeights[i] * steps[i][r] * steps[i][c] }
                let value = decay * covariance[r * n + c] + c1 * next.pathC[r] * next.pathC[c] + cMu * rankMu
                next.covariance[r * n + c] = value
                next.covariance[c * n + r] = value
            }
        }
        let eigen = SymmetricEigendecomposition(symmetric: next.covariance, dimension: n)
        guard eigen.values.allSatisfy({ $0 > 0 && $0.isFinite }), next.sigma.isFinite, next.sigma > 0,
            next.mean.allSatisfy(\.isFinite)
        else { return }
        next.basis = eigen.vectors
        next.scales = eigen.values.map { $0.squareRoot() }
        next.generation = generation + 1
        if var margin = next.margin {
            var mean = next.mean
            margin.correct(mean: &mean, sigma: next.sigma, covariance: next.covariance, dimension: n)
            if mean.allSatisfy(\.isFinite), margin.scales.allSatisfy(\.isFinite) {
                next.mean = mean
                next.margin = margin
            }
        }
        self = next
    }
}
