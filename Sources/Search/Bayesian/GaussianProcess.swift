import Foundation
package import HyperplanNumerics

/// A Gaussian-process regression model with zero prior mean, conditioned on training rows: the posterior of
/// the latent function f at any point, and its gradient with respect to the point.
///
/// With K the training covariance (noise on the diagonal), L its Cholesky factor and α = K⁻¹y:
///
///     μ(x) = k(x)ᵀα,   σ²(x) = s − ‖L⁻¹k(x)‖²,
///
/// where k(x) is the covariance of x with each training row and s the signal variance. σ² is the latent
/// variance (no noise), which is what acquisition functions score, unlike scikit-learn's `predict`, whose
/// standard deviation includes the `WhiteKernel` noise.
package struct GaussianProcess: Sendable {
    package let kernel: MaternKernel
    /// The training rows, `count × kernel.columnCount` row-major.
    package let inputs: [Double]
    package let targets: [Double]
    package let count: Int
    package let factor: Cholesky
    /// α = K⁻¹y.
    package let weights: [Double]

    /// The model conditioned on `targets` at the rows of `inputs`, or `nil` when the covariance cannot be
    /// factored even with jitter (it holds NaN or infinity).
    ///
    /// - Complexity: O(n³/3 + n²·columns) for n rows.
    package init?(kernel: MaternKernel, inputs: [Double], targets: [Double]) {
        let n = targets.count
        guard inputs.count == n * kernel.columnCount else { return nil }
        guard
            let factor = Cholesky(
                kernel.trainingCovariance(inputs, count: n), size: n, summation: .blocked, jitter: .escalating)
        else { return nil }
        self.kernel = kernel
        self.inputs = inputs
        self.targets = targets
        self.count = n
        self.factor = factor
        weights = factor.solve(targets)
    }

    /// log p(y | θ) = −½·yᵀα − Σ log Lᵢᵢ − n/2·log 2π.
    package var logMarginalLikelihood: Double {
        var fit = 0.0
        for i in 0..<count { fit += targets[i] * weights[i] }
        return -0.5 * fit - 0.5 * factor.logDeterminant - Double(count) * StandardNormal.logSquareRootTwoPi
    }

    /// The posterior mean and latent variance at each row of `points` (`pointCount × columns`).
    ///
    /// - Complexity: O(pointCount · (n·columns + n²/2)).
    package func posterior(atRows points: [Double], count pointCount: Int) -> (means: [Double], variances: [Double]) {
        var means = [Double](repeating: 0, count: pointCount)
        var variances = [Double](repeating: 0, count: pointCount)
        var covariance = [Double](repeating: 0, count: count)
        let columnWeights = kernel.columnWeights
        let s = kernel.signalVariance
        let columns = kernel.columnCount
        points.withUnsafeBufferPointer { p in
            inputs.withUnsafeBufferPointer { x in
                columnWeights.withUnsafeBufferPointer { w in
                    covariance.withUnsafeMutableBufferPointer { k in
                        for row in 0..<pointCount {
                            var mean = 0.0
                            for i in 0..<count {
                                let d2 = MaternKernel.squaredDistance(p, row * columns, x, i * columns, weights: w)
                                k[i] = s * MaternKernel.correlation(squaredDistance: d2).value
                                mean += k[i] * weights[i]
                            }
                            factor.solveLower(k)
                            var explained = 0.0
                            for i in 0..<count { explained += k[i] * k[i] }
                            means[row] = mean
                            variances[row] = max(s - explained, 0)
                        }
                    }
                }
            }
        }
        return (means, variances)
    }

    /// The posterior at one point with the gradients of its mean and latent variance along `columns`.
    package struct PointPosterior: Sendable {
        package var mean: Double
        package var variance: Double
        package var meanGradient: [Double]
        package var varianceGradient: [Double]
    }

    /// The posterior at `point` with ∂μ/∂x_c and ∂σ²/∂x_c for each column c in `columns`:
    ///
    ///     ∂kᵢ/∂x_c = −s·g(rᵢ)·(x_c − Xᵢ_c)/ℓ²_c,   ∂μ/∂x_c = Σᵢ αᵢ ∂kᵢ/∂x_c,   ∂σ²/∂x_c = −2·Σᵢ (K⁻¹k)ᵢ ∂kᵢ/∂x_c.
    ///
    /// - Complexity: O(n·columns + n²).
    package func posteriorWithGradient(at point: [Double], along columns: [Int]) -> PointPosterior {
        let columnWeights = kernel.columnWeights
        let s = kernel.signalVariance
        let width = kernel.columnCount
        var covariance = [Double](repeating: 0, count: count)
        var slopes = [Double](repeating: 0, count: count)
        var mean = 0.0
        point.withUnsafeBufferPointer { p in
            inputs.withUnsafeBufferPointer { x in
                columnWeights.withUnsafeBufferPointer { w in
                    for i in 0..<count {
                        let d2 = MaternKernel.squaredDistance(p, 0, x, i * width, weights: w)
                        let (value, slope) = MaternKernel.correlation(squaredDistance: d2)
                        covariance[i] = s * value
                        slopes[i] = s * slope
                        mean += covariance[i] * weights[i]
                    }
                }
            }
        }
        // K⁻¹k by two triangular solves; ‖L⁻¹k‖² from the first.
        var solved = covariance
        var explained = 0.0
        solved.withUnsafeMutableBufferPointer { buffer in
            factor.solveLower(buffer)
            for i in 0..<count { explained += buffer[i] * buffer[i] }
            factor.solveUpper(buffer)
        }
        var meanGradient = [Double](repeating: 0, count: columns.count)
        var varianceGradient = [Double](repeating: 0, count: columns.count)
        for (position, c) in columns.enumerated() {
            var meanSum = 0.0
            var varianceSum = 0.0
            for i in 0..<count {
                let derivative = -slopes[i] * columnWeights[c] * (point[c] - inputs[i * width + c])
                meanSum += weights[i] * derivative
                varianceSum += solved[i] * derivative
            }
            meanGradient[position] = meanSum
            varianceGradient[position] = -2 * varianceSum
        }
        return PointPosterior(
            mean: mean, variance: max(s - explained, 0), meanGradient: meanGradient, varianceGradient: varianceGradient)
    }

    /// The model with extra observations at the rows of `points`, each believed to equal the current posterior
    /// mean there (the kriging believer of Ginsbourger et al. 2010), keeping the kernel.
    ///
    /// Believed values leave the posterior mean unchanged everywhere but shrink the variance around those
    /// points, so an acquisition function looks elsewhere. Conditioning on all of them at once equals
    /// conditioning one at a time, because each believed value agrees with the mean the others leave.
    package func believing(_ points: [Double], count pointCount: Int) -> GaussianProcess? {
        guard pointCount > 0 else { return self }
        let means = posterior(atRows: points, count: pointCount).means
        return GaussianProcess(kernel: kernel, inputs: inputs + points, targets: targets + means)
    }
}
