/// Limited-memory BFGS (Nocedal & Wright, Algorithm 7.4) with a strong-Wolfe line search.
///
/// Converged means one thing: the largest gradient component is at most `gradientTolerance`. The solver
/// also stops, not converged, after `maxIterations`, when the line search finds no acceptable step, or
/// when steps shrink below the resolution of the parameters; `stopReason` says which.
struct LBFGS {
    var memory = 10
    var maxIterations = 1000
    var gradientTolerance = 1e-8

    func minimize<Objective: DifferentiableObjective>(_ objective: inout Objective, from start: [Double])
        -> MinimizationResult
    {
        let n = objective.dimension
        var x = start
        var gradient = [Double](repeating: 0, count: n)
        var value = objective.evaluate(x, gradient: &gradient)
        var steps: [[Double]] = []
        var gradientChanges: [[Double]] = []
        var curvatures: [Double] = []
        var iteration = 0
        guard value.isFinite else {
            return MinimizationResult(
                parameters: x, value: value, iterations: 0, converged: false, stopReason: "non-finite objective")
        }
        while true {
            let gradientSize = maxAbs(gradient)
            if gradientSize <= gradientTolerance {
                return MinimizationResult(
                    parameters: x, value: value, iterations: iteration, converged: true,
                    stopReason: "gradient tolerance reached")
            }
            if iteration >= maxIterations {
                return MinimizationResult(
                    parameters: x, value: value, iterations: iteration, converged: false,
                    stopReason: "iteration limit reached")
            }
            var direction = twoLoopDirection(
                gradient: gradient, steps: steps, changes: gradientChanges, curvatures: curvatures)
            var slope = dot(direction, gradient)
            if !(slope < 0) {
                // Not a descent direction (numerical trouble): restart from steepest descent.
                steps.removeAll(); gradientChanges.removeAll(); curvatures.removeAll()
                direction = gradient.map { -$0 }
                slope = dot(direction, gradient)
            }
            let initialStep = steps.isEmpty ? min(1, 1 / max(norm(gradient), 1e-300)) : 1
            var search = WolfeLineSearch(start: x, value: value, gradient: gradient, direction: direction)
            guard let accepted = search.run(&objective, initialStep: initialStep) else {
                return MinimizationResult(
                    parameters: x, value: value, iterations: iteration, converged: false,
                    stopReason: "line search found no acceptable step (largest gradient component \(gradientSize))")
            }
            iteration += 1
            var step = [Double](repeating: 0, count: n)
            var change = [Double](repeating: 0, count: n)
            for i in 0..<n {
                step[i] = accepted.point[i] - x[i]
                change[i] = accepted.gradient[i] - gradient[i]
            }
            let curvature = dot(step, change)
            x = accepted.point
            value = accepted.value
            gradient = accepted.gradient
            if curvature > 1e-12 * norm(step) * norm(change) {
                steps.append(step)
                gradientChanges.append(change)
                curvatures.append(curvature)
                if steps.count > memory {
                    steps.removeFirst(); gradientChanges.removeFirst(); curvatures.removeFirst()
                }
            }
            if maxAbs(step) <= 4 * Double.ulpOfOne * max(maxAbs(x), 1) {
                let gradientNow = maxAbs(gradient)
                return MinimizationResult(
                    parameters: x, value: value, iterations: iteration, converged: gradientNow <= gradientTolerance,
                    stopReason: "steps below the parameters' resolution (largest gradient component \(gradientNow))")
            }
        }
    }

    private func twoLoopDirection(gradient: [Double], steps: [[Double]], changes: [[Double]], curvatures: [Double])
        -> [Double]
    {
        var q = gradient
        var alphas = [Double](repeating: 0, count: steps.count)
        for index in stride(from: steps.count - 1, through: 0, by: -1) {
            let alpha = dot(steps[index], q) / curvatures[index]
            alphas[index] = alpha
            for i in q.indices { q[i] -= alpha * changes[index][i] }
        }
        if let lastChange = changes.last, let lastCurvature = curvatures.last {
            let scale = lastCurvature / dot(lastChange, lastChange)
            for i in q.indices { q[i] *= scale }
        }
        for index in 0..<steps.count {
            let beta = dot(changes[index], q) / curvatures[index]
            for i in q.indices { q[i] += (alphas[index] - beta) * steps[index][i] }
        }
        return q.map { -$0 }
    }
}

func dot(_ a: [Double], _ b: [Double]) -> Double {
    var sum = 0.0
    for i in a.indices { sum += a[i] * b[i] }
    return sum
}

func norm(_ a: [Double]) -> Double { dot(a, a).squareRoot() }

func maxAbs(_ a: [Double]) -> Double { a.reduce(0) { max($0, abs($1)) } }
