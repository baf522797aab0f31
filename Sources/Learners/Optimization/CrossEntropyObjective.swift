import Foundation
import HyperplanCore

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
        scores = [Double](repeating: 0, count: features.rows * vectors)
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
                        // Scores z = X·Wᵀ + b, each a SIMD dot product of a feature row and a coefficient block.
                        for i in 0..<rows {
                            let row = UnsafeBufferPointer(rebasing: x[(i * columns)..<((i + 1) * columns)])
                            for v in 0..<k {
                                let offset = v * stride
                                let block = UnsafeBufferPointer(rebasing: theta[offset..<(offset + columns)])
                                z[i * k + v] =
                                    (fitIntercept ? theta[offset + columns] : 0) + ColumnKernels.dot(row, block)
                            }
                        }
                        // Loss and residuals (probability − indicator), weighted, stored back into z. A weight
                        // of 1 (no sample weights) multiplies exactly, so the unweighted sums are unchanged.
                        for i in 0..<rows {
                            let label = labels[i]
                            let weight = sampleWeights?[i] ?? 1
                            if k == 1 {
                                let score = z[i]
                                let target = label == 1 ? 1.0 : 0.0
                                loss += weight * (Sigmoid.softplus(score) - target * score)
                                z[i] = weight * (Sigmoid.value(score) - target)
                            } else {
                                var largest = -Double.infinity
                                for v in 0..<k { largest = max(largest, z[i * k + v]) }
                                var total = 0.0
                                for v in 0..<k { total += Foundation.exp(z[i * k + v] - largest) }
                                let logNormalizer = largest + Foundation.log(total)
                                loss += weight * (logNormalizer - z[i * k + label])
                                for v in 0..<k {
                                    z[i * k + v] =
                                        weight * (Foundation.exp(z[i * k + v] - logNormalizer) - (v == label ? 1 : 0))
                                }
                            }
                        }
                        // Gradient: residualsᵀ·X for the coefficients, column sums for the intercepts.
                        for i in 0..<rows {
                            let row = UnsafeBufferPointer(rebasing: x[(i * columns)..<((i + 1) * columns)])
                            for v in 0..<k {
                                let residual = z[i * k + v]
                                if residual == 0 { continue }
                                let offset = v * stride
                                ColumnKernels.addScaled(
                                    residual, row,
                                    to: UnsafeMutableBufferPointer(rebasing: g[offset..<(offset + columns)]))
                                if fitIntercept { g[offset + columns] += residual }
                            }
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
}
