import Foundation
import HyperplanCore
import HyperplanNumerics

/// The mean cross-entropy of a linear classifier plus an l2 penalty on its coefficients:
/// (1/n)·Σᵢ sᵢℓᵢ + (λ/2)·‖W‖², with parameters laid out as `vectors` blocks of (coefficients…, intercept) and
/// row weights sᵢ (all 1 when `sampleWeights` is nil).
///
/// One vector means the binary sigmoid model; more mean the softmax over `vectors` classes.
struct CrossEntropyObjective: DifferentiableObjective {
    let features: Matrix
    let labels: [Int]
    let vectors: Int
    let fitIntercept: Bool
    let penaltyWeight: Double
    let sampleWeights: [Double]?
    /// One row's scores, then its residuals: scratch for `accumulate`.
    private var scores: [Double]

    init(
        features: Matrix, labels: [Int], vectors: Int, fitIntercept: Bool, penaltyWeight: Double,
        sampleWeights: [Double]? = nil
    ) {
        self.features = features
        self.labels = labels
        self.vectors = vectors
        self.fitIntercept = fitIntercept
        self.penaltyWeight = penaltyWeight
        self.sampleWeights = sampleWeights
        scores = [Double](repeating: 0, count: vectors)
    }

    var dimension: Int { vectors * (features.columns + 1) }

    mutating func evaluate(_ parameters: [Double], gradient: inout [Double]) -> Double {
        let rows = features.rows, columns = features.columns, stride = columns + 1, k = vectors
        for index in gradient.indices { gradient[index] = 0 }
        var loss = 0.0
        features.storage.withUnsafeBufferPointer { x in
            parameters.withUnsafeBufferPointer { theta in
                scores.withUnsafeMutableBufferPointer { z in
                    gradient.withUnsafeMutableBufferPointer { g in
                        for i in 0..<rows {
                            loss += Self.accumulate(
                                row: UnsafeBufferPointer(rebasing: x[(i * columns)..<((i + 1) * columns)]),
                                label: labels[i], weight: sampleWeights?[i] ?? 1, parameters: theta, classes: k,
                                fitIntercept: fitIntercept, scores: z, gradient: g)
                        }
                        let inverseRows = 1 / Double(rows)
                        for index in 0..<(k * stride) { g[index] *= inverseRows }
                        if penaltyWeight > 0 {
                            for v in 0..<k {
                                for j in 0..<columns {
                                    let value = theta[v * stride + j]
                                    g[v * stride + j] += penaltyWeight * value
                                }
                            }
                        }
                    }
                }
            }
        }
        var penalty = 0.0
        if penaltyWeight > 0 {
            for v in 0..<k {
                for j in 0..<columns { penalty += parameters[v * stride + j] * parameters[v * stride + j] }
            }
        }
        return loss / Double(rows) + 0.5 * penaltyWeight * penalty
    }

    /// One row of the cross-entropy, shared by the full-batch objective (L-BFGS) and the mini-batch one
    /// (`solver: sgd`): the scores z = W·x + b into `scores` (one per vector), then the residuals
    /// sᵢ·(probability − indicator) in their place, added to `gradient` (coefficients and intercepts, not yet
    /// divided by the number of rows). Returns the row's weighted loss sᵢℓᵢ. A weight of 1 multiplies exactly.
    @inline(__always)
    static func accumulate(
        row x: UnsafeBufferPointer<Double>, label: Int, weight: Double, parameters theta: UnsafeBufferPointer<Double>,
        classes k: Int, fitIntercept: Bool, scores z: UnsafeMutableBufferPointer<Double>,
        gradient g: UnsafeMutableBufferPointer<Double>
    ) -> Double {
        let columns = x.count, stride = columns + 1
        // Scores: each a SIMD dot product of the feature row and a coefficient block.
        for v in 0..<k {
            let offset = v * stride
            let block = UnsafeBufferPointer(rebasing: theta[offset..<(offset + columns)])
            z[v] = (fitIntercept ? theta[offset + columns] : 0) + ColumnKernels.dot(x, block)
        }
        let loss: Double
        if k == 1 {
            let score = z[0]
            let target = label == 1 ? 1.0 : 0.0
            loss = weight * (Sigmoid.softplus(score) - target * score)
            z[0] = weight * (Sigmoid.value(score) - target)
        } else {
            var largest = -Double.infinity
            for v in 0..<k { largest = max(largest, z[v]) }
            var total = 0.0
            for v in 0..<k { total += Foundation.exp(z[v] - largest) }
            let logNormalizer = largest + Foundation.log(total)
            loss = weight * (logNormalizer - z[label])
            for v in 0..<k { z[v] = weight * (Foundation.exp(z[v] - logNormalizer) - (v == label ? 1 : 0)) }
        }
        // Gradient: residual·x for the coefficients, the residual itself for the intercept.
        for v in 0..<k {
            let residual = z[v]
            if residual == 0 { continue }
            let offset = v * stride
            ColumnKernels.addScaled(
                residual, x, to: UnsafeMutableBufferPointer(rebasing: g[offset..<(offset + columns)]))
            if fitIntercept { g[offset + columns] += residual }
        }
        return loss
    }
}
