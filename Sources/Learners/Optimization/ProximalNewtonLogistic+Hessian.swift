import HyperplanNumerics

/// The inner solve of `ProximalNewtonLogistic` with the Hessian formed explicitly: coordinate descent at O(d)
/// per coordinate, finished by an exact solve on the orthant the iterate settles in.
extension ProximalNewtonState {
    /// The Hessian of the smooth part over every parameter (vectors·(p + 1) square, row-major), from the
    /// curvature weights of `computeCurvature`, with λ₂ + ν on the coefficients' diagonal and ν on the
    /// intercepts' (ν = 1e-12, as the data form uses).
    ///
    /// - Complexity: O(n·(p + 1)²/2) per block, vectors·(vectors + 1)/2 blocks.
    func hessian(l2: Double) -> [Double] {
        let n = self.n, q = stride, d = vectors * q
        var result = [Double](repeating: 0, count: d * d)
        var weights = [Double](repeating: 0, count: n)
        for k in 0..<vectors {
            for l in k..<vectors {
                // Block (k, l): Σᵢ sᵢ/n·pᵢₖ(δₖₗ − pᵢₗ)·x̃ᵢx̃ᵢᵀ; for one vector, Σᵢ sᵢ/n·pᵢ(1 − pᵢ)·x̃ᵢx̃ᵢᵀ.
                for i in 0..<n {
                    if vectors == 1 {
                        weights[i] = curvature[i]
                    } else {
                        weights[i] = curvature[k * n + i] * ((k == l ? 1 : 0) - probabilities[l * n + i])
                    }
                }
                let block = SymmetricProduct.weightedGram(columnMajor: columns, rows: n, columns: p, weights: weights)
                for j in 0..<q {
                    for m in 0..<q {
                        result[(k * q + j) * d + l * q + m] = block[j * q + m]
                        result[(l * q + m) * d + k * q + j] = block[j * q + m]
                    }
                }
            }
        }
        let nu = 1e-12
        for k in 0..<vectors {
            for j in 0..<q { result[(k * q + j) * d + k * q + j] += (j < p ? l2 : 0) + nu }
        }
        return result
    }

    /// Minimises the model gᵀd + ½dᵀHd + λ₁‖θ + d‖₁ over the active coordinates, writing θ + d into `trial` and
    /// u = X̃·d into `direction` for the line search. Returns the sweeps made.
    mutating func solveModelWithHessian(
        theta: [Double], trial: inout [Double], gradient: [Double], active: [Int], l1: Double, l2: Double,
        fitIntercept: Bool, tolerance: Double, maxSweeps: Int
    ) -> Int {
        let d = vectors * stride, p = self.p, stride = self.stride
        let h = hessian(l2: l2)
        var hd = [Double](repeating: 0, count: d)
        var sweeps = 0
        var previousSigns: [Int8] = []
        var rejectedSigns: [Int8] = []
        h.withUnsafeBufferPointer { h in
            while sweeps < maxSweeps {
                sweeps += 1
                var violation = 0.0
                for index in active {
                    let g = gradient[index] + hd[index]
                    let curvature = h[index * d + index]
                    let current = trial[index]
                    let target: Double
                    if index % stride == p {
                        target = current - g / curvature
                        violation = max(violation, abs(g))
                    } else {
                        target = Self.shrunk(current - g / curvature, threshold: l1 / curvature)
                        violation = max(violation, Self.violation(g, at: current, l1: l1))
                    }
                    let change = target - current
                    if change == 0 { continue }
                    trial[index] = target
                    let row = index * d
                    for c in 0..<d { hd[c] += change * h[row + c] }
                }
                if violation <= tolerance { break }
                // Once a sweep leaves every sign as the previous one did, try the exact minimiser on that orthant.
                let signs = active.map { index -> Int8 in trial[index] > 0 ? 1 : (trial[index] < 0 ? -1 : 0) }
                if signs == previousSigns, signs != rejectedSigns {
                    if let exact = orthantMinimizer(
                        theta: theta, trial: trial, gradient: gradient, hessian: h, active: active, l1: l1,
                        fitIntercept: fitIntercept, tolerance: tolerance)
                    {
                        trial = exact
                        break
                    }
                    rejectedSigns = signs
                }
                previousSigns = signs
            }
        }
        computeDirection(theta: theta, trial: trial)
        return sweeps
    }

    /// The minimiser of the model on the orthant of `trial` (its zero coefficients held at zero), when its
    /// signs agree with that orthant and every zero coefficient satisfies the model's KKT condition
    /// |gⱼ + (H·d)ⱼ| ≤ λ₁ (within `tolerance`); otherwise nil.
    private func orthantMinimizer(
        theta: [Double], trial: [Double], gradient: [Double], hessian h: UnsafeBufferPointer<Double>, active: [Int],
        l1: Double, fitIntercept: Bool, tolerance: Double
    ) -> [Double]? {
        let d = vectors * stride
        let free = active.filter { $0 % stride == p || trial[$0] != 0 }
        guard !free.isEmpty else { return nil }
        var isFree = [Bool](repeating: false, count: d)
        for index in free { isFree[index] = true }
        // Held coordinates keep trial's value: d = trial − θ there.
        var step = [Double](repeating: 0, count: d)
        for index in 0..<d where !isFree[index] { step[index] = trial[index] - theta[index] }
        let size = free.count
        var system = [Double](repeating: 0, count: size * size)
        var rhs = [Double](repeating: 0, count: size)
        for (a, row) in free.enumerated() {
            var value = gradient[row]
            if row % stride != p { value += trial[row] > 0 ? l1 : -l1 }
            for c in 0..<d where !isFree[c] && step[c] != 0 { value += h[row * d + c] * step[c] }
            rhs[a] = -value
            for (b, column) in free.enumerated() { system[a * size + b] = h[row * d + column] }
        }
        guard let factor = Cholesky(system, size: size, summation: .sequential, jitter: .none) else { return nil }
        let solution = factor.solve(rhs)
        var candidate = trial
        for (a, index) in free.enumerated() {
            step[index] = solution[a]
            candidate[index] = theta[index] + solution[a]
            guard candidate[index].isFinite else { return nil }
            if index % stride != p, (candidate[index] > 0) != (trial[index] > 0) || candidate[index] == 0 {
                return nil
            }
        }
        // KKT of the model at the candidate for every coefficient held at zero (active or not).
        for index in 0..<d where index % stride != p && candidate[index] == 0 {
            var g = gradient[index]
            for c in 0..<d where step[c] != 0 { g += h[index * d + c] * step[c] }
            if abs(g) > l1 + tolerance { return nil }
        }
        return candidate
    }

    /// u = X̃·(trial − θ) per vector, the change of the scores along the step.
    private mutating func computeDirection(theta: [Double], trial: [Double]) {
        let n = self.n, p = self.p, stride = self.stride, vectors = self.vectors
        columns.withUnsafeBufferPointer { x in
            direction.withUnsafeMutableBufferPointer { u in
                for k in 0..<vectors {
                    let uk = u.run(from: k * n, count: n)
                    let intercept = trial[k * stride + p] - theta[k * stride + p]
                    for i in 0..<n { uk[i] = intercept }
                    for j in 0..<p {
                        let change = trial[k * stride + j] - theta[k * stride + j]
                        if change != 0 { ColumnKernels.addScaled(change, x.run(from: j * n, count: n), to: uk) }
                    }
                }
            }
        }
    }

    /// sign(v)·max(|v| − threshold, 0): with v = current − g/h and threshold λ₁/h, the minimiser over v of
    /// g·(v − current) + ½h(v − current)² + λ₁|v|.
    @inline(__always)
    static func shrunk(_ value: Double, threshold: Double) -> Double {
        if value > threshold { return value - threshold }
        if value < -threshold { return value + threshold }
        return 0
    }

    /// The minimum-norm subgradient of g·v + λ₁|v| at `value`, in absolute value.
    @inline(__always)
    static func violation(_ g: Double, at value: Double, l1: Double) -> Double {
        if value > 0 { return abs(g + l1) }
        if value < 0 { return abs(g - l1) }
        return abs(g) - l1
    }
}
