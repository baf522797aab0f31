import Foundation

/// The Matérn 5/2 covariance with one length scale per modelled dimension (automatic relevance
/// determination), a signal variance and a noise variance:
///
///     k(x, x′) = s · (1 + √5·r + 5/3·r²) · exp(−√5·r),   r² = Σ_c (x_c − x′_c)² / ℓ²_{g(c)},
///
/// plus σ²ₙ on the diagonal of the training covariance. Column c of the encoded input belongs to length-scale
/// group g(c): one column per continuous or integer dimension, the whole one-hot block of a categorical one,
/// so two configurations that differ in a categorical dimension are √2/ℓ apart in it (Optuna's Hamming
/// distance with ℓ_Optuna = ℓ/√2). This is scikit-learn's `ConstantKernel(s) * Matern(ℓ, nu=2.5) +
/// WhiteKernel(σ²ₙ)`, with tied length scales over a one-hot block.
package struct MaternKernel: Sendable, Hashable {
    /// The length-scale group of each input column.
    package var columnGroups: [Int]
    /// ℓ_g for each group.
    package var lengthScales: [Double]
    /// s, the prior variance of the modelled function.
    package var signalVariance: Double
    /// σ²ₙ, the variance of the observation noise.
    package var noiseVariance: Double

    package init(columnGroups: [Int], lengthScales: [Double], signalVariance: Double, noiseVariance: Double) {
        self.columnGroups = columnGroups
        self.lengthScales = lengthScales
        self.signalVariance = signalVariance
        self.noiseVariance = noiseVariance
    }

    /// The kernel at θ = (log ℓ₁, …, log ℓ_p, log s, log σ²ₙ), the coordinates hyperparameters are fitted in.
    package init(columnGroups: [Int], logParameters θ: [Double]) {
        let p = θ.count - 2
        self.init(
            columnGroups: columnGroups, lengthScales: θ.prefix(p).map { exp($0) }, signalVariance: exp(θ[p]),
            noiseVariance: exp(θ[p + 1]))
    }

    /// θ = (log ℓ₁, …, log ℓ_p, log s, log σ²ₙ).
    package var logParameters: [Double] { lengthScales.map { log($0) } + [log(signalVariance), log(noiseVariance)] }

    package var columnCount: Int { columnGroups.count }

    /// 1/ℓ²_{g(c)} for each column c.
    package var columnWeights: [Double] { columnGroups.map { 1 / (lengthScales[$0] * lengthScales[$0]) } }

    static let squareRootFive = 5.0.squareRoot()

    /// The Matérn 5/2 correlation m(r) = (1 + √5·r + 5/3·r²)·exp(−√5·r) at r² = `squaredDistance`, and
    /// g(r) = 5/3·(1 + √5·r)·exp(−√5·r), the factor in every derivative: dm/d(r²) = −g/2.
    @inline(__always)
    static func correlation(squaredDistance: Double) -> (value: Double, slopeFactor: Double) {
        let r = squaredDistance.squareRoot()
        let decay = exp(-squareRootFive * r)
        let linear = 1 + squareRootFive * r
        return ((linear + 5.0 / 3.0 * squaredDistance) * decay, 5.0 / 3.0 * linear * decay)
    }

    /// r² between two rows of `columns` values each.
    @inline(__always)
    static func squaredDistance(
        _ a: UnsafeBufferPointer<Double>, _ aStart: Int, _ b: UnsafeBufferPointer<Double>, _ bStart: Int,
        weights: UnsafeBufferPointer<Double>
    ) -> Double {
        var sum = 0.0
        for c in 0..<weights.count {
            let difference = a[aStart + c] - b[bStart + c]
            sum += weights[c] * difference * difference
        }
        return sum
    }

    /// The `count × count` covariance of the rows of `inputs`, noise on the diagonal, row-major; when
    /// `slopeFactors` is given it receives s·g(rᵢⱼ) for every pair (the likelihood gradient's factor).
    ///
    /// - Complexity: O(count² · columns / 2).
    package func trainingCovariance(
        _ inputs: [Double], count n: Int, slopeFactors: UnsafeMutableBufferPointer<Double>? = nil
    ) -> [Double] {
        var matrix = [Double](repeating: 0, count: n * n)
        let weights = columnWeights
        let columns = columnCount
        let s = signalVariance
        inputs.withUnsafeBufferPointer { x in
            weights.withUnsafeBufferPointer { w in
                matrix.withUnsafeMutableBufferPointer { k in
                    for i in 0..<n {
                        for j in 0..<i {
                            let d2 = MaternKernel.squaredDistance(x, i * columns, x, j * columns, weights: w)
                            let (value, slope) = MaternKernel.correlation(squaredDistance: d2)
                            k[i * n + j] = s * value
                            k[j * n + i] = s * value
                            if let slopeFactors {
                                slopeFactors[i * n + j] = s * slope
                                slopeFactors[j * n + i] = s * slope
                            }
                        }
                        k[i * n + i] = s + noiseVariance
                        if let slopeFactors { slopeFactors[i * n + i] = s * 5.0 / 3.0 }
                    }
                }
            }
        }
        return matrix
    }
}
