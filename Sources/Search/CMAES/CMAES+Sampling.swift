package import HyperplanCore

extension CMAES {
    /// A sample for the box [0, 1]ⁿ, as the `cmaes` package's `ask` with bounds (Optuna passes
    /// `n_max_resampling = 10n`): drawn up to 10n + 1 times until it lies in the box, the last draw clipped.
    ///
    /// With margin only the continuous coordinates must lie in the box (and only they are clipped); the
    /// discrete ones are encoded to their values, which are always in range. `point` is the sample to
    /// evaluate; `tell` is the one the update must see (the unencoded sample with margin, `point` without).
    ///
    /// Draws n standard normals from `generator` per attempt.
    package func sample(using generator: inout SeededGenerator) -> (tell: [Double], point: [Double]) {
        let n = dimension
        var bounded = [Bool](repeating: true, count: n)
        if let margin { for d in margin.coordinates { bounded[d] = false } }
        var x: [Double] = []
        for _ in 0...(10 * n) {
            x = point(forStandardNormal: (0..<n).map { _ in generator.nextGaussian() })
            if (0..<n).allSatisfy({ !bounded[$0] || (x[$0] >= 0 && x[$0] <= 1) }) { break }
        }
        for d in 0..<n where bounded[d] { x[d] = min(1, max(0, x[d])) }
        guard let margin else { return (x, x) }
        return (x, margin.encoded(x, mean: mean))
    }
}
