import Foundation

/// The margin of CMA-ES with margin (Hamano, Saito, Nomura and Shirakawa, "CMA-ES with Margin: Lower-Bounding
/// Marginal Probability for Mixed-Integer Black-Box Optimization", GECCO 2022), as the `cmaes` package's `CMAwM`
/// (which Optuna's `CmaEsSampler(with_margin=True)` uses) implements it.
///
/// Some coordinates are discrete: coordinate d takes the values low_d + j·step_d, j = 0 ..< size_d, and a
/// continuous sample is encoded to the value whose cell (bounded by the midpoints between neighbouring values)
/// holds (x_d − m_d)·A_d + m_d, where A_d ≥ 0 is a per-coordinate scale (initially 1). Without a margin, a
/// discrete coordinate whose distribution concentrates inside one cell stops moving: every sample encodes to the
/// same value. After each update the margin keeps the probability of leaving the mean's cell, towards each
/// neighbouring cell, at least α/2 (α = 1/(nλ) by default): by moving the mean back towards the cell's border
/// when the mean is beyond the outermost border (the edge cells), and otherwise by rescaling A_d and moving the
/// mean between the cell's two borders so that both tail probabilities are at least α/2.
///
/// The update itself sees the raw (unencoded) samples.
package struct CMAESMargin: Sendable {
    /// The positions of the discrete coordinates in the solution vector.
    package let coordinates: [Int]
    /// Per discrete coordinate: the first value, the step between values, and the number of values (≥ 2).
    package let lows: [Double]
    package let steps: [Double]
    package let sizes: [Int]
    /// α, the least probability of leaving a cell (split between its two sides).
    package let alpha: Double
    /// A, per discrete coordinate.
    package internal(set) var scales: [Double]

    /// - Parameters:
    ///   - grids: per discrete coordinate, its position in the solution vector, first value, step and count.
    ///   - alpha: α; `nil` for 1/(nλ).
    package init(
        grids: [(coordinate: Int, low: Double, step: Double, size: Int)], dimension: Int, populationSize: Int,
        alpha: Double? = nil
    ) {
        let usable = grids.filter { $0.size >= 2 && $0.step > 0 }
        coordinates = usable.map(\.coordinate)
        lows = usable.map(\.low)
        // As the package does: the step as it survives being added to the first value.
        steps = usable.map { ($0.low + $0.step) - $0.low }
        sizes = usable.map(\.size)
        self.alpha = alpha ?? 1 / Double(max(1, dimension * populationSize))
        scales = [Double](repeating: 1, count: usable.count)
    }

    package var isEmpty: Bool { coordinates.isEmpty }

    /// Discrete coordinate k's value j.
    func value(_ j: Int, _ k: Int) -> Double { lows[k] + Double(j) * steps[k] }

    /// The border between discrete coordinate k's values j and j + 1.
    func border(_ j: Int, _ k: Int) -> Double { (value(j, k) + value(j + 1, k)) / 2 }

    /// The index of the value whose cell holds `x` (a border belongs to the lower cell), clamped to the values.
    package func index(of x: Double, _ k: Int) -> Int {
        let size = sizes[k]
        let estimate = ((x - lows[k]) / steps[k] + 0.5).rounded(.down)
        var j = estimate.isNaN ? 0 : Int(min(Double(size - 1), max(0, estimate)))
        if j > 0, x <= border(j - 1, k) { j -= 1 }
        if j < size - 1, x > border(min(j, size - 2), k) { j += 1 }
        return j
    }

    /// The borders below and above the cell of `x` (both the outermost border in an edge cell).
    func borders(around x: Double, _ k: Int) -> (lower: Double, upper: Double) {
        let j = index(of: x, k), top = sizes[k] - 2
        return (border(min(max(j - 1, 0), top), k), border(min(max(j, 0), top), k))
    }

    /// `x` with every discrete coordinate encoded to its value, the distribution's mean being `mean`.
    package func encoded(_ x: [Double], mean: [Double]) -> [Double] {
        var result = x
        for (k, d) in coordinates.enumerated() {
            result[d] = value(index(of: (x[d] - mean[d]) * scales[k] + mean[d], k), k)
        }
        return result
    }

    /// Applies the margin after an update to N(`mean`, σ² C): corrects the discrete coordinates of the mean and A.
    mutating func correct(mean: inout [Double], sigma: Double, covariance: [Double], dimension n: Int) {
        let half = alpha / 2
        for (k, d) in coordinates.enumerated() {
            let m = mean[d], spread = covariance[d * n + d].squareRoot()
            let (lower, upper) = borders(around: m, k)
            let scale = sigma * scales[k] * spread
            let below = Self.normalCDF((lower - m) / scale)
            let above = 1 - Self.normalCDF((upper - m) / scale)
            let inside = 1 - (below + above)
            guard max(below, above) <= 0.5 else {
                // An edge cell with the mean beyond its border: pull the mean back so that the far tail keeps
                // probability α.
                if min(below, above) < alpha {
                    let sign: Double = m > upper ? 1 : (m < upper ? -1 : 0)
                    mean[d] = upper + sign * sigma * scales[k] * Self.chiOneQuantile(1 - 2 * alpha) * spread
                }
                continue
            }
            let low = max(below, half), high = max(above, half)
            let excess = 1 - low - high - inside, denominator = low + inside + high - 3 * half
            let clampedLow = min(0.5 - 1e-10, max(1e-10, low + excess * (low - half) / denominator))
            let clampedHigh = min(0.5 - 1e-10, max(1e-10, high + excess * (high - half) / denominator))
            let chiLow = Self.chiOneQuantile(1 - 2 * clampedLow)
            let chiHigh = Self.chiOneQuantile(1 - 2 * clampedHigh)
            scales[k] = (upper - lower) / ((chiLow + chiHigh) * sigma * spread)
            mean[d] = (lower * chiHigh + upper * chiLow) / (chiLow + chiHigh)
        }
    }

    /// Φ(x), the standard normal distribution function.
    static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

    /// √(χ²₁ quantile of q) = Φ⁻¹((1 + q)/2) = √2 erf⁻¹(q), for q in (0, 1). Near 0, where (1 + q)/2 would lose
    /// q's digits, the series of erf⁻¹ (three terms: relative error below 1e-16 for q < 1e-4).
    static func chiOneQuantile(_ q: Double) -> Double {
        guard q >= 1e-4 else {
            let x = q, pi = Double.pi
            let inverseErf = (pi.squareRoot() / 2) * x * (1 + pi / 12 * x * x + 7 * pi * pi / 480 * x * x * x * x)
            return 2.0.squareRoot() * inverseErf
        }
        return TruncatedNormal.quantile((1 + q) / 2)
    }

    /// Whether `other` is the same margin (grids, α and A, bit for bit).
    func isSame(as other: CMAESMargin) -> Bool {
        coordinates == other.coordinates && sizes == other.sizes
            && lows.elementsEqual(other.lows) { $0.bitPattern == $1.bitPattern }
            && steps.elementsEqual(other.steps) { $0.bitPattern == $1.bitPattern }
            && scales.elementsEqual(other.scales) { $0.bitPattern == $1.bitPattern }
            && alpha.bitPattern == other.alpha.bitPattern
    }
}
