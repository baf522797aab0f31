import Foundation
import HyperplanCore

/// The state of a CMA-ES search distribution N(m, σ² C) and its update, as in Hansen's tutorial ("The CMA
/// Evolution Strategy: A Tutorial", 2016, arXiv:1604.00772), including its negative ("active") weights.
///
/// Constants (n dimensions, λ offspring, μ = ⌊λ/2⌋): raw weights w′ᵢ = ln((λ+1)/2) − ln i; μ_eff and μ⁻_eff
/// from the positive and negative ones; c_σ = (μ_eff + 2)/(n + μ_eff + 5), d_σ = 1 + 2 max(0, √((μ_eff − 1)/(n + 1))
/// − 1) + c_σ, c_c = (4 + μ_eff/n)/(n + 4 + 2μ_eff/n), c₁ = 2/((n + 1.3)² + μ_eff), c_μ = min(1 − c₁,
/// 2(μ_eff − 2 + 1/μ_eff)/((n + 2)² + μ_eff)); positive weights sum to 1, negative ones to
/// −min(1 + c₁/c_μ, 1 + 2μ⁻_eff/(μ_eff + 2), (1 − c₁ − c_μ)/(n c_μ)).
///
/// One generation (`update(sortedSolutions:)`, solutions best first), with yᵢ = (xᵢ − m)/σ and ⟨y⟩ = Σᵢ≤μ wᵢ yᵢ:
///
///     m   ← m + σ ⟨y⟩
///     p_σ ← (1 − c_σ) p_σ + √(c_σ(2 − c_σ) μ_eff) C^(−½) ⟨y⟩
///     σ   ← σ exp((c_σ/d_σ)(‖p_σ‖ / E‖N(0, I)‖ − 1))
///     p_c ← (1 − c_c) p_c + h_σ √(c_c(2 − c_c) μ_eff) ⟨y⟩
///     C   ← (1 + c₁ δ(h_σ) − c₁ − c_μ Σwⱼ) C + c₁ p_c p_cᵀ + c_μ Σᵢ wᵢ° yᵢ yᵢᵀ
///
/// where wᵢ° = wᵢ for wᵢ ≥ 0 and wᵢ n/‖C^(−½) yᵢ‖² otherwise, h_σ is 1 unless ‖p_σ‖ is too long for the
/// generation count, and δ(h_σ) = (1 − h_σ) c_c (2 − c_c). B and D (C = B D² Bᵀ) are recomputed every generation.
package struct CMAES: Sendable {
    package let dimension: Int
    package let populationSize: Int
    package let weights: [Double]
    let parentCount: Int
    let effectiveParents: Double
    let cSigma, dSigma, cC, c1, cMu, expectedNorm: Double

    package internal(set) var mean: [Double]
    package internal(set) var sigma: Double
    /// C, row-major n × n.
    package internal(set) var covariance: [Double]
    var pathSigma: [Double]
    var pathC: [Double]
    /// B (eigenvectors in columns, row-major) and D (square roots of C's eigenvalues).
    var basis: [Double]
    var scales: [Double]
    package internal(set) var generation = 0
    /// The margin for discrete coordinates (CMA-ES with margin), or `nil` for plain CMA-ES.
    package internal(set) var margin: CMAESMargin?

    /// - Parameter margin: per discrete coordinate, its position, first value, step and number of values, for
    ///   CMA-ES with margin (`CMAESMargin`, α = 1/(nλ)); empty for plain CMA-ES.
    package init(
        mean: [Double], sigma: Double, populationSize: Int? = nil,
        margin: [(coordinate: Int, low: Double, step: Double, size: Int)] = []
    ) {
        let n = mean.count
        dimension = n
        let lambda = max(2, populationSize ?? 4 + Int((3 * Foundation.log(Double(n))).rounded(.down)))
        self.populationSize = lambda
        parentCount = lambda / 2
        let raw = (1...lambda).map { Foundation.log(Double(lambda + 1) / 2) - Foundation.log(Double($0)) }
        let positive = raw.prefix(parentCount), negative = raw.dropFirst(parentCount)
        let muEff = pow(positive.reduce(0, +), 2) / positive.map { $0 * $0 }.reduce(0, +)
        let negativeSquares = negative.map { $0 * $0 }.reduce(0, +)
        let muEffNegative = negativeSquares > 0 ? pow(negative.reduce(0, +), 2) / negativeSquares : 0
        effectiveParents = muEff
        let dn = Double(n)
        cSigma = (muEff + 2) / (dn + muEff + 5)
        dSigma = 1 + 2 * max(0, ((muEff - 1) / (dn + 1)).squareRoot() - 1) + cSigma
        cC = (4 + muEff / dn) / (dn + 4 + 2 * muEff / dn)
        c1 = 2 / ((dn + 1.3) * (dn + 1.3) + muEff)
        cMu = min(1 - c1, 2 * (muEff - 2 + 1 / muEff) / ((dn + 2) * (dn + 2) + muEff))
        let alphaMu = 1 + c1 / cMu
        let alphaMuEff = 1 + 2 * muEffNegative / (muEff + 2)
        let alphaPositiveDefinite = (1 - c1 - cMu) / (dn * cMu)
        let negativeScale = min(alphaMu, alphaMuEff, alphaPositiveDefinite)
        let positiveSum = positive.reduce(0, +), negativeSum = -negative.reduce(0, +)
        weights = raw.map { $0 >= 0 ? $0 / positiveSum : negativeScale * $0 / max(negativeSum, .leastNormalMagnitude) }
        expectedNorm = dn.squareRoot() * (1 - 1 / (4 * dn) + 1 / (21 * dn * dn))

        self.mean = mean
        self.sigma = sigma
        covariance = [Double](repeating: 0, count: n * n)
        basis = covariance
        for i in 0..<n {
            covariance[i * n + i] = 1
            basis[i * n + i] = 1
        }
        scales = [Double](repeating: 1, count: n)
        pathSigma = [Double](repeating: 0, count: n)
        pathC = pathSigma
        let grids = CMAESMargin(grids: margin, dimension: n, populationSize: lambda)
        self.margin = grids.isEmpty ? nil : grids
    }

    /// m + σ B D z for a standard normal vector z.
    package func point(forStandardNormal z: [Double]) -> [Double] {
        let n = dimension
        var x = mean
        for i in 0..<n {
            var sum = 0.0
            for j in 0..<n { sum += basis[i * n + j] * scales[j] * z[j] }
            x[i] += sigma * sum
        }
        return x
    }

    /// C^(−½) v = B D⁻¹ Bᵀ v.
    func whitened(_ v: [Double]) -> [Double] {
        let n = dimension
        var inner = [Double](repeating: 0, count: n)
        for j in 0..<n {
            var sum = 0.0
            for i in 0..<n { sum += basis[i * n + j] * v[i] }
            inner[j] = sum / scales[j]
        }
        var result = [Double](repeating: 0, count: n)
        for i in 0..<n {
            var sum = 0.0
            for j in 0..<n { sum += basis[i * n + j] * inner[j] }
            result[i] = sum
        }
        return result
    }
}
