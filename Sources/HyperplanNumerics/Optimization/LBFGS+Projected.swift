extension LBFGS {
    /// `.projectedBacktracking`: box-constrained L-BFGS by projection.
    ///
    /// Each iteration takes the two-loop direction on the free variables — those not held at a bound by a
    /// gradient pointing outward — and backtracks along the projected path x(t) = clamp(x + t·d) until the
    /// Armijo condition f(x(t)) ≤ f(x) + 10⁻⁴·∇f·(x(t) − x) holds. It stops when the largest projected-gradient
    /// component is at most `gradientTolerance`, when an iteration lowers f by at most
    /// `relativeTolerance`·max(1, |f|) (SciPy's `ftol` test), after `maxIterations`, or when backtracking
    /// finds no decrease. Every trial point's gradient is written into one reused buffer.
    @inlinable
    func minimizeProjected<Objective: DifferentiableObjective>(
        _ objective: inout Objective, from start: [Double], lower: [Double], upper: [Double],
        relativeTolerance: Double
    ) -> MinimizationResult {
        let n = start.count
        var x = (0..<n).map { min(upper[$0], max(lower[$0], start[$0])) }
        var gradient = [Double](repeating: 0, count: n)
        var value = objective.evaluate(x, gradient: &gradient)
        var evaluations = 1
        var iteration = 0
        func result(converged: Bool, _ reason: MinimizationResult.StopReason) -> MinimizationResult {
            MinimizationResult(
                parameters: x, value: value, iterations: iteration, evaluations: evaluations, converged: converged,
                stopReason: reason)
        }
        guard value.isFinite else { return result(converged: false, .nonFiniteObjective) }
        guard n > 0 else { return result(converged: true, .gradientTolerance) }
        var history = CurvatureHistory(memory: memory)
        var trialGradient = [Double](repeating: 0, count: n)
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
            if projectedGradient <= gradientTolerance { return result(converged: true, .gradientTolerance) }
            var direction = history.direction(for: gradient, free: free, guardsScale: true)
            var slope = 0.0
            for i in 0..<n { slope += direction[i] * gradient[i] }
            if !(slope < 0) {
                history.removeAll()
                for i in 0..<n { direction[i] = free[i] ? -gradient[i] : 0 }
            }
            // The first step of steepest descent is scaled so it moves at most 1 in any coordinate.
            var stepLength = 1.0
            if history.isEmpty {
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
                trialValue = objective.evaluate(trial, gradient: &trialGradient)
                evaluations += 1
                if trialValue.isFinite && trialValue <= value + 1e-4 * decrease {
                    accepted = true
                    break
                }
                stepLength *= 0.5
            }
            guard accepted else {
                return result(converged: false, .noAcceptableStep(largestGradientComponent: projectedGradient))
            }
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
            if curvature > 1e-10 { history.append(step: step, change: change, curvature: curvature) }
            if previous - value <= relativeTolerance * max(1, abs(value)) {
                return result(converged: true, .relativeDecrease)
            }
        }
        return result(converged: false, .iterationLimit)
    }
}
