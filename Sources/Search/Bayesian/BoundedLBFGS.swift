/// Box-constrained limited-memory BFGS by projection, for the Gaussian process's hyperparameters and the
/// acquisition function's continuous coordinates.
///
/// Each iteration takes the two-loop L-BFGS direction (Nocedal & Wright, Algorithm 7.4) on the free
/// variables — those not held at a bound by a gradient pointing outward — and backtracks along the projected
/// path x(t) = clamp(x + t·d) until the Armijo condition f(x(t)) ≤ f(x) + 10⁻⁴·∇f·(x(t) − x) holds. This is
/// the projected quasi-Newton scheme of Bertsekas (1982) and Kim, Sra & Dhillon (2010), a simpler relative of
/// L-BFGS-B (which SciPy, Optuna and BoTorch use) that needs no Cauchy point or subspace minimisation: with
/// a few dozen variables and cheap iterations, a few extra iterations cost less than the machinery.
///
/// It stops when the largest projected-gradient component is below `gradientTolerance`, when an iteration
/// lowers f by less than `relativeTolerance`·max(1, |f|) (SciPy's `ftol` test), after `maxIterations`, or when
/// backtracking finds no decrease. Everything is deterministic: no randomness, fixed evaluation order.
package struct BoundedLBFGS: Sendable {
    package var memory = 8
    package var maxIterations = 100
    package var gradientTolerance = 1e-6
    package var relativeTolerance = 1e-9

    package init(maxIterations: Int = 100) { self.maxIterations = maxIterations }

    /// The best point found and its value.
    package struct Result: Sendable {
        package var point: [Double]
        package var value: Double
        package var iterations: Int
        package var evaluations: Int
    }

    /// Minimises `objective` over the box [lower, upper] from `start` (clamped into the box).
    ///
    /// `objective(x, &gradient)` returns f(x) and writes ∇f(x); a non-finite value counts as "worse than
    /// anything", so the line search backs away from it.
    package func minimize(
        from start: [Double], lower: [Double], upper: [Double],
        objective: (_ x: [Double], _ gradient: inout [Double]) -> Double
    ) -> Result {
        let n = start.count
        var x = (0..<n).map { min(upper[$0], max(lower[$0], start[$0])) }
        var gradient = [Double](repeating: 0, count: n)
        var value = objective(x, &gradient)
        var evaluations = 1
        guard value.isFinite, n > 0 else { return Result(point: x, value: value, iterations: 0, evaluations: 1) }
        var steps: [[Double]] = []
        var changes: [[Double]] = []
        var curvatures: [Double] = []
        var trialGradient = [Double](repeating: 0, count: n)
        var iteration = 0
        while iteration < maxIterations {
            // Variables at a bound with the gradient pushing outward are held fixed this iteration.
            var free = [Bool](repeating: true, count: n)
            var projectedGradient = 0.0
            for i in 0..<n {
                if (x[i] <= lower[i] && gradient[i] > 0) || (x[i] >= upper[i] && gradient[i] < 0) {
                    free[i] = false
                } else {
                    projectedGradient = max(projectedGradient, abs(gradient[i]))
                }
            }
            if projectedGradient <= gradientTolerance { break }
            var direction = twoLoopDirection(
                gradient, free: free, steps: steps, changes: changes, curvatures: curvatures)
            var slope = 0.0
            for i in 0..<n { slope += direction[i] * gradient[i] }
            if !(slope < 0) {
                steps.removeAll()
                changes.removeAll()
                curvatures.removeAll()
                for i in 0..<n { direction[i] = free[i] ? -gradient[i] : 0 }
            }
            // The first step of steepest descent is scaled so it moves at most 1 in any coordinate.
            var stepLength = 1.0
            if steps.isEmpty {
                var largest = 0.0
                for i in 0..<n { largest = max(largest, abs(direction[i])) }
                if largest > 1 { stepLength = 1 / largest }
            }
            var accepted = false
            var trial = x
            var trialValue = value
            for _ in 0..<30 {
                var decrease = 0.0
                for i in 0..<n {
                    trial[i] = min(upper[i], max(lower[i], x[i] + stepLength * direction[i]))
                    decrease += gradient[i] * (trial[i] - x[i])
                }
                if decrease >= 0 { break }
                trialValue = objective(trial, &trialGradient)
                evaluations += 1
                if trialValue.isFinite && trialValue <= value + 1e-4 * decrease {
                    accepted = true
                    break
                }
                stepLength *= 0.5
            }
            guard accepted else { break }
            iteration += 1
            var step = [Double](repeating: 0, count: n)
            var change = [Double](repeating: 0, count: n)
            var curvature = 0.0
            for i in 0..<n {
                step[i] = trial[i] - x[i]
                change[i] = trialGradient[i] - gradient[i]
                curvature += step[i] * change[i]
            }
            let previous = value
            x = trial
            value = trialValue
            gradient = trialGradient
            // Keep the pair only when it keeps the inverse-Hessian estimate positive definite.
            if curvature > 1e-10 {
                if steps.count == memory {
                    steps.removeFirst()
                    changes.removeFirst()
                    curvatures.removeFirst()
                }
                steps.append(step)
                changes.append(change)
                curvatures.append(curvature)
            }
            if previous - value <= relativeTolerance * max(1, abs(value)) { break }
        }
        return Result(point: x, value: value, iterations: iteration, evaluations: evaluations)
    }

    /// −H·g by the two-loop recursion, restricted to the free variables.
    private func twoLoopDirection(
        _ gradient: [Double], free: [Bool], steps: [[Double]], changes: [[Double]], curvatures: [Double]
    ) -> [Double] {
        let n = gradient.count
        var q = (0..<n).map { free[$0] ? gradient[$0] : 0 }
        var alphas = [Double](repeating: 0, count: steps.count)
        for m in stride(from: steps.count - 1, through: 0, by: -1) {
            var dot = 0.0
            for i in 0..<n where free[i] { dot += steps[m][i] * q[i] }
            alphas[m] = dot / curvatures[m]
            for i in 0..<n where free[i] { q[i] -= alphas[m] * changes[m][i] }
        }
        if let last = changes.last, let lastCurvature = curvatures.last {
            var changeNorm = 0.0
            for i in 0..<n { changeNorm += last[i] * last[i] }
            let scale = changeNorm > 0 ? lastCurvature / changeNorm : 1
            for i in 0..<n { q[i] *= scale }
        }
        for m in 0..<steps.count {
            var dot = 0.0
            for i in 0..<n where free[i] { dot += changes[m][i] * q[i] }
            let beta = dot / curvatures[m]
            for i in 0..<n where free[i] { q[i] += (alphas[m] - beta) * steps[m][i] }
        }
        return q.map { -$0 }
    }
}
