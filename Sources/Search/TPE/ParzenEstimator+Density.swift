import Foundation
package import HyperplanCore

extension ParzenEstimator {
    /// log p(x) at a full coordinate vector (only the modelled dimensions are read).
    ///
    /// Each component's log-weight plus its kernels' log-densities, combined by log-sum-exp as Optuna does.
    ///
    /// - Complexity: O(K · D) for K components and D modelled dimensions.
    package func logDensity(at point: [Double]) -> Double {
        var terms = logWeights
        let count = componentCount
        terms.withUnsafeMutableBufferPointer { terms in
            for (position, dimension) in dimensions.enumerated() {
                let x = point[dimension]
                let base = position * count
                switch kinds[position] {
                case .categorical(let categories):
                    let offset = categoricalOffsets[position] + Int(x)
                    for k in 0..<count { terms[k] += logProbabilities[offset + k * categories] }
                case .integer:
                    let cell = space.cell(at: x, dimension: dimension)
                    for k in 0..<count {
                        let mu = mus[base + k], sigma = sigmas[base + k]
                        terms[k] +=
                            TruncatedNormal.logMassOfCell((cell.lower - mu) / sigma, (cell.upper - mu) / sigma)
                            - logMasses[base + k]
                    }
                case .continuous:
                    for k in 0..<count {
                        let z = (x - mus[base + k]) / sigmas[base + k]
                        terms[k] += TruncatedNormal.logPDF(z) - logSigmas[base + k] - logMasses[base + k]
                    }
                case .fixed:
                    continue
                }
            }
        }
        let largest = terms.max() ?? -.infinity
        guard largest > -.infinity else { return -.infinity }
        var sum = 0.0
        for term in terms { sum += Foundation.exp(term - largest) }
        return Foundation.log(sum) + largest
    }

    /// A draw from the mixture: a component by weight, then each modelled coordinate from its kernel (integers
    /// rounded to the nearest integer's coordinate, as Optuna rounds its samples). Unmodelled coordinates are 0.
    package func sample(using generator: inout SeededGenerator) -> [Double] {
        var point = [Double](repeating: 0, count: space.kinds.count)
        let u = generator.nextUnitInterval()
        var component = componentCount - 1
        var cumulative = 0.0
        for k in 0..<componentCount {
            cumulative += Foundation.exp(logWeights[k])
            if u < cumulative {
                component = k
                break
            }
        }
        for (position, dimension) in dimensions.enumerated() {
            let index = position * componentCount + component
            switch kinds[position] {
            case .categorical(let categories):
                let row = categoricalOffsets[position] + component * categories
                let v = generator.nextUnitInterval()
                var category = categories - 1
                var total = 0.0
                for c in 0..<categories {
                    total += Foundation.exp(logProbabilities[row + c])
                    if v < total {
                        category = c
                        break
                    }
                }
                point[dimension] = Double(category)
            case .continuous, .integer:
                let x = TruncatedNormal.sample(
                    mu: mus[index], sigma: sigmas[index], low: 0, high: 1, using: &generator)
                point[dimension] = kinds[position] == .integer ? space.roundedInteger(x, dimension: dimension) : x
            case .fixed:
                continue
            }
        }
        return point
    }
}
