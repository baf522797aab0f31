extension LBFGS {
    /// `.strongWolfe`: unbounded L-BFGS with a strong-Wolfe line search.
    ///
    /// Converged means one thing: the largest gradient component is at most `gradientTolerance`. The solver
    /// also stops, not converged, after `maxIterations`, when the line search finds no acceptable step, or
    /// when steps shrink below the resolution of the parameters; `stopReason` says which.
    @inlinable
    func minimizeStrongWolfe<Objective: DifferentiableObjective>(_ objective: inout Objective, from start: [Double])
        -> MinimizationResult
    {
        let n = objective.dimension
        var x = start
        var gradient = [Double](repeating: 0, count: n)
        var value = objective.evaluate(x, gradient: &gradient)
        var evaluations = 1
        var history = CurvatureHistory(memory: memory)
        var iteration = 0
        func result(converged: Bool, _ reason: MinimizationResult.StopReason) -> MinimizationResult {
            MinimizationResult(
                parameters: x, value: value, iterations: iteration, evaluations: evaluations, converged: converged,
                stopReason: reason)
        }
        guard value.isFinite else { return result(converged: false, .nonFiniteObjective) }
        while true {
            let gradientSize = ArrayReductions.maxAbs(gradient)
            if gradientSize <= gradientTolerance { return result(converged: true, .gradientTolerance) }
            if iteration >= maxIterations { return result(converged: false, .iterationLimit) }
            var direction = history.direction(for: gradient, free: nil, guardsScale: false)
            if !(ArrayReductions.dot(direction, gradient) < 0) {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                history.removeAll()
                direction = gradient.map { -$0 }
            }
            let initialStep = history.isEmpty ? min(1, 1 / max(ArrayReductions.norm(gradient), 1e-300)) : 1
            var search = WolfeLineSearch(start: x, value: value, gradient: gradient, direction: direction)
            guard let accepted = search.run(&objective, initialStep: initialStep, evaluations: &evaluations) else {
                return result(converged: false, .noAcceptableStep(largestGradientComponent: gradientSize))
            }
            iteration += 1
            var step = [Double](repeating: 0, count: n)
            var change = [Double](repeating: 0, count: n)
            for i in 0..<n {
                step[i] = accepted.point[i] - x[i]
                change[i] = accepted.gradient[i] - gradient[i]
            }
            let curvature = ArrayReductions.dot(step, change)
            x = accepted.point
            value = accepted.value
            gradient = accepted.gradient
            if curvature > 1e-12 * ArrayReductions.norm(step) * ArrayReductions.norm(change) {
                history.append(step: step, change: change, curvature: curvature)
            }
            if ArrayReductions.maxAbs(step) <= 4 * Double.ulpOfOne * max(ArrayReductions.maxAbs(x), 1) {
                let gradientNow = ArrayReductions.maxAbs(gradient)
                return result(
                    converged: gradientNow <= gradientTolerance,
                    .stepsBelowResolution(largestGradientComponent: gradientNow))
            }
        }
    }
}
