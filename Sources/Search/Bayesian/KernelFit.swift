import Foundation
import HyperplanCore
import HyperplanNumerics

/// Fits the Matérn kernel's hyperparameters θ = (log ℓ₁, …, log ℓ_p, log s, log σ²ₙ) by maximising the log
/// marginal likelihood plus a log prior (a maximum a posteriori estimate), within bounds, from a few
/// deterministic starts.
///
/// The prior is Optuna's `GPSampler` default (`optuna/_gp/prior.py`), written for the unit-cube inputs and
/// standardised targets used here too:
/// - each length scale: −0.1·(ℓ² + 1/ℓ²), a penalty symmetric in log ℓ with its mode at ℓ = 1, which keeps
///   a dimension with no visible effect from drifting to an infinite length scale and a noisy one from
///   collapsing to a tiny one;
/// - the signal variance: Gamma(2, 1), log density log s − s up to a constant (mode 1);
/// - the noise variance: Gamma(1.1, 30), log density 0.1·log σ²ₙ − 30·σ²ₙ (mode 0.0033: little noise
///   expected on the standardised scale).
/// The bounds are ℓ ∈ [0.01, 100], s ∈ [0.001, 1000] and σ²ₙ ∈ [10⁻⁶, 10]; the lower noise bound is the
/// numerical floor that keeps K well conditioned when two inputs coincide.
///
/// Starts: ℓ = 1, s = 1, σ²ₙ = 0.01, then `restarts − 1` points drawn from `SeededGenerator` (log ℓ uniform
/// over [log 0.05, log 5], log s over [log 0.3, log 3], log σ²ₙ over [log 10⁻⁵, log 0.1]). The best end point by
/// the fitted objective wins; ties keep the earlier start, so the result is deterministic.
package struct KernelFit: Sendable {
    package var lengthScaleBounds: ClosedRange<Double> = 0.01...100
    package var signalVarianceBounds: ClosedRange<Double> = 1e-3...1e3
    package var noiseVarianceBounds: ClosedRange<Double> = 1e-6...10
    /// Whether to add Optuna's log prior; without it the fit is maximum likelihood (what scikit-learn does).
    package var usesPrior = true
    /// How many starts, the first at the default point.
    package var restarts = 3
    package var maxIterations = 100

    package init() {}

    /// The log marginal likelihood at θ and, in `gradient`, its derivative with respect to θ:
    ///
    ///     ∂/∂θⱼ log p(y|θ) = ½·tr((ααᵀ − K⁻¹)·∂K/∂θⱼ),
    ///     ∂K/∂log ℓ_g = s·g(r)·Σ_{c∈g} (x_c − x′_c)²/ℓ²_g,  ∂K/∂log s = K − σ²ₙI,  ∂K/∂log σ²ₙ = σ²ₙI.
    ///
    /// Returns −∞ when the covariance cannot be factored.
    ///
    /// - Complexity: O(n³ + n²·columns).
    package static func logMarginalLikelihood(
        _ θ: [Double], columnGroups: [Int], inputs: [Double], targets: [Double], gradient: inout [Double]
    ) -> Double {
        let n = targets.count
        let kernel = MaternKernel(columnGroups: columnGroups, logParameters: θ)
        let groups = θ.count - 2
        let columns = columnGroups.count
        var slopeFactors = [Double](repeating: 0, count: n * n)
        let covariance = slopeFactors.withUnsafeMutableBufferPointer {
            kernel.trainingCovariance(inputs, count: n, slopeFactors: $0)
        }
        for j in gradient.indices { gradient[j] = 0 }
        guard let factor = Cholesky(covariance, size: n, summation: .blocked, jitter: .escalating) else {
            return -.infinity
        }
        let alpha = factor.solve(targets)
        var fit = 0.0
        for i in 0..<n { fit += targets[i] * alpha[i] }
        let value = -0.5 * fit - 0.5 * factor.logDeterminant - Double(n) * StandardNormal.logSquareRootTwoPi
        let inverse = factor.inverse()
        let weights = kernel.columnWeights
        let noise = kernel.noiseVariance
        var signalSum = 0.0
        var noiseSum = 0.0
        // Per column Σ_{i>j} wᵢⱼ·s·g(rᵢⱼ)·(xᵢ_c − xⱼ_c)², weighted by 1/ℓ² and summed per group afterwards.
        var columnSums = [Double](repeating: 0, count: columns)
        inputs.withUnsafeBufferPointer { x in
            inverse.withUnsafeBufferPointer { kInverse in
                covariance.withUnsafeBufferPointer { k in
                    slopeFactors.withUnsafeBufferPointer { slopes in
                        columnSums.withUnsafeMutableBufferPointer { sums in
                            for i in 0..<n {
                                let diagonal = alpha[i] * alpha[i] - kInverse[i * n + i]
                                noiseSum += diagonal
                                signalSum += diagonal * (k[i * n + i] - noise)
                                for j in 0..<i {
                                    // Off-diagonal pairs appear twice in the trace; the ½ cancels.
                                    let w = alpha[i] * alpha[j] - kInverse[i * n + j]
                                    signalSum += 2 * w * k[i * n + j]
                                    let coefficient = w * slopes[i * n + j]
                                    for c in 0..<columns {
                                        let difference = x[i * columns + c] - x[j * columns + c]
                                        sums[c] += coefficient * difference * difference
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        for g in 0..<groups { gradient[g] = 0 }
        for c in 0..<columns { gradient[columnGroups[c]] += columnSums[c] * weights[c] }
        gradient[groups] = 0.5 * signalSum
        gradient[groups + 1] = 0.5 * noiseSum * noise
        return value
    }

    /// The log prior at θ, its gradient added into `gradient`.
    package func logPrior(_ θ: [Double], gradient: inout [Double]) -> Double {
        guard usesPrior else { return 0 }
        let groups = θ.count - 2
        var value = 0.0
        for g in 0..<groups {
            let squared = exp(2 * θ[g])
            value -= 0.1 * (squared + 1 / squared)
            gradient[g] -= 0.2 * (squared - 1 / squared)
        }
        let s = exp(θ[groups])
        value += θ[groups] - s
        gradient[groups] += 1 - s
        let noise = exp(θ[groups + 1])
        value += 0.1 * θ[groups + 1] - 30 * noise
        gradient[groups + 1] += 0.1 - 30 * noise
        return value
    }

    /// The fitted kernel for `targets` at the rows of `inputs`, or `nil` when no start gives a finite
    /// objective. `key` names the `SeededGenerator` stream of the random starts.
    package func fit(
        inputs: [Double], targets: [Double], columnGroups: [Int], groupCount: Int, seed: UInt64, key: String
    ) -> MaternKernel? {
        let count = groupCount + 2
        var lower = [Double](repeating: log(lengthScaleBounds.lowerBound), count: groupCount)
        var upper = [Double](repeating: log(lengthScaleBounds.upperBound), count: groupCount)
        lower += [log(signalVarianceBounds.lowerBound), log(noiseVarianceBounds.lowerBound)]
        upper += [log(signalVarianceBounds.upperBound), log(noiseVarianceBounds.upperBound)]
        var generator = SeededGenerator(seed: seed, key: key)
        let optimizer = LBFGS(
            memory: 8, maxIterations: maxIterations, gradientTolerance: 1e-5,
            lineSearch: .projectedBacktracking(relativeTolerance: 1e-9))
        var best: (point: [Double], value: Double)?
        for start in 0..<max(1, restarts) {
            var θ = [Double](repeating: 0, count: count)
            if start == 0 {
                θ[groupCount + 1] = log(0.01)
            } else {
                func draw(_ low: Double, _ high: Double) -> Double {
                    log(low) + (log(high) - log(low)) * generator.nextUnitInterval()
                }
                for g in 0..<groupCount { θ[g] = draw(0.05, 5) }
                θ[groupCount] = draw(0.3, 3)
                θ[groupCount + 1] = draw(1e-5, 0.1)
            }
            let result = optimizer.minimize(from: θ, lower: lower, upper: upper) { point, gradient in
                let likelihood = KernelFit.logMarginalLikelihood(
                    point, columnGroups: columnGroups, inputs: inputs, targets: targets, gradient: &gradient)
                guard likelihood.isFinite else { return .infinity }
                let prior = logPrior(point, gradient: &gradient)
                for j in gradient.indices { gradient[j] = -gradient[j] }
                return -(likelihood + prior)
            }
            if result.value.isFinite, best.map({ result.value < $0.value }) ?? true {
                best = (result.parameters, result.value)
            }
        }
        guard let best else { return nil }
        return MaternKernel(columnGroups: columnGroups, logParameters: best.point)
    }
}
