/// |d|ᵖ by multiplications for p = q or q + ½ (q ≤ 64): aᵠ by repeated squaring, times √a for a half.
struct MinkowskiPower {
    let p: Double
    let whole: Int
    let half: Bool
    /// A factor f < 1 with Σ pow(aⱼ, p) ≥ f · Σ term(aⱼ) for sums over up to `columns` terms in feature order.
    let lowerBoundFactor: Double

    init?(_ metric: NeighborMetric, columns: Int = 0) {
        guard case .minkowski(let p) = metric, p >= 1, p <= 64, (2 * p).rounded() == 2 * p else { return nil }
        self.p = p
        whole = Int(p)
        half = Double(whole) != p
        // At most 14 roundings in the exponentiation, the √ and its product, pow's own error (< 1 ulp) and
        // the n − 1 additions of each sum: under (2n + 30) units of roundoff; allowed 4(n + 40).
        lowerBoundFactor = 1 - 4 * Double(max(columns, 1) + 40) * Double.ulpOfOne / 2
    }

    @inline(__always)
    func term(_ a: SIMD4<Double>) -> SIMD4<Double> {
        var result = SIMD4<Double>(repeating: 1), base = a, exponent = whole
        while exponent > 0 {
            if exponent & 1 == 1 { result *= base }
            exponent >>= 1
            if exponent > 0 { base *= base }
        }
        return half ? result * a.squareRoot() : result
    }
}
