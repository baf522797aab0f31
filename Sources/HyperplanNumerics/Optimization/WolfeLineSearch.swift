/// A line search for a step satisfying the strong Wolfe conditions (Nocedal & Wright, Algorithms 3.5–3.6):
/// sufficient decrease (c₁ = 1e-4) and curvature (c₂ = 0.9), with cubic interpolation while zooming.
///
/// Near a minimum, changes in the objective fall below its rounding error long before the gradient is
/// small, and the sufficient-decrease test becomes noise. As in Hager and Zhang's approximate Wolfe
/// conditions, a step is then also accepted when the objective has not grown by more than `valueSlack`
/// (a few ulps of it) and the curvature condition holds: the gradient, which is still accurate, guides
/// the last iterations.
@usableFromInline
struct WolfeLineSearch {
    @usableFromInline
    struct Point {
        @usableFromInline var step: Double
        @usableFromInline var point: [Double]
        @usableFromInline var value: Double
        @usableFromInline var gradient: [Double]
        @usableFromInline var slope: Double

        @inlinable
        init(step: Double, point: [Double], value: Double, gradient: [Double], slope: Double) {
            self.step = step
            self.point = point
            self.value = value
            self.gradient = gradient
            self.slope = slope
        }
    }

    @usableFromInline let start: [Double]
    @usableFromInline let value: Double
    @usableFromInline let slope: Double
    @usableFromInline let direction: [Double]
    @usableFromInline let sufficientDecrease = 1e-4
    @usableFromInline let curvature = 0.9
    @usableFromInline let maxEvaluations = 40
    /// How much the objective may rise at an accepted step: 1e-12 of its magnitude, above rounding noise.
    @inlinable
    var valueSlack: Double { 1e-12 * max(abs(value), 1) }

    @inlinable
    init(start: [Double], value: Double, gradient: [Double], direction: [Double]) {
        self.start = start
        self.value = value
        self.direction = direction
        slope = ArrayReductions.dot(gradient, direction)
    }

    /// The accepted point, or `nil` when no step decreases the objective (machine precision reached);
    /// `total` counts the objective's evaluations.
    @inlinable
    mutating func run<Objective: DifferentiableObjective>(
        _ objective: inout Objective, initialStep: Double, evaluations total: inout Int
    ) -> Point? {
        var evaluations = 0
        defer { total += evaluations }
        var previous = Point(step: 0, point: start, value: value, gradient: [], slope: slope)
        var step = initialStep
        var best: Point?
        while evaluations < maxEvaluations {
            let current = evaluate(&objective, step: step)
            evaluations += 1
            if current.value.isFinite, current.value < value, best.map({ current.value < $0.value }) ?? true {
                best = current
            }
            if satisfiesApproximateWolfe(current) { return current }
            if !current.value.isFinite || current.value > value + sufficientDecrease * step * slope
                || (evaluations > 1 && current.value >= previous.value)
            {
                return zoom(&objective, low: previous, high: current, evaluations: &evaluations) ?? best
            }
            if abs(current.slope) <= -curvature * slope { return current }
            if current.slope >= 0 {
                return zoom(&objective, low: current, high: previous, evaluations: &evaluations) ?? best
            }
            previous = current
            step *= 2
        }
        return best
    }

    /// The objective has not risen beyond rounding slack and the slope has shrunk as the curvature condition asks.
    @inlinable
    func satisfiesApproximateWolfe(_ point: Point) -> Bool {
        point.value.isFinite && point.value <= value + valueSlack && abs(point.slope) <= -curvature * slope
    }

    @inlinable
    func evaluate<Objective: DifferentiableObjective>(_ objective: inout Objective, step: Double) -> Point {
        var point = start
        for i in point.indices { point[i] += step * direction[i] }
        var gradient = [Double](repeating: 0, count: point.count)
        let value = objective.evaluate(point, gradient: &gradient)
        return Point(
            step: step, point: point, value: value, gradient: gradient, slope: ArrayReductions.dot(gradient, direction))
    }

    @inlinable
    func zoom<Objective: DifferentiableObjective>(
        _ objective: inout Objective, low lowStart: Point, high highStart: Point, evaluations: inout Int
    ) -> Point? {
        var low = lowStart
        var high = highStart
        while evaluations < maxEvaluations {
            var step = interpolate(low, high)
            let lower = min(low.step, high.step), upper = max(low.step, high.step)
            let margin = 0.1 * (upper - lower)
            if !(step > lower + margin && step < upper - margin) { step = (lower + upper) / 2 }
            if upper - lower <= 1e-16 * max(1, upper) { break }
            let current = evaluate(&objective, step: step)
            evaluations += 1
            if satisfiesApproximateWolfe(current) { return current }
            if !current.value.isFinite || current.value > value + sufficientDecrease * step * slope
                || current.value >= low.value
            {
                high = current
            } else {
                if abs(current.slope) <= -curvature * slope { return current }
                if current.slope * (high.step - low.step) >= 0 { high = low }
                low = current
            }
        }
        return low.step > 0 && low.value < value ? low : nil
    }

    /// The minimiser of the cubic through two points with their values and slopes, if it exists.
    @inlinable
    func interpolate(_ a: Point, _ b: Point) -> Double {
        guard a.value.isFinite, b.value.isFinite, !a.gradient.isEmpty || a.step == 0 else {
            return (a.step + b.step) / 2
        }
        let d1 = a.slope + b.slope - 3 * (a.value - b.value) / (a.step - b.step)
        let radicand = d1 * d1 - a.slope * b.slope
        guard radicand >= 0 else { return (a.step + b.step) / 2 }
        let d2 = (b.step > a.step ? 1.0 : -1.0) * radicand.squareRoot()
        let denominator = b.slope - a.slope + 2 * d2
        guard denominator != 0 else { return (a.step + b.step) / 2 }
        return b.step - (b.step - a.step) * (b.slope + d2 - d1) / denominator
    }
}
