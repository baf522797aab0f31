/// Limited-memory BFGS (Nocedal & Wright, Algorithm 7.4), unbounded or within a box: the one L-BFGS of
/// Hyperplan, for the learners' convex objectives and for the Bayesian search's kernel fit and acquisition
/// optimiser.
///
/// The two callers have always taken different steps along the quasi-Newton direction, and their fitted
/// parameters and suggestions (so the result bundles and the reference tests) depend on every bit of that,
/// so the step is chosen explicitly with `lineSearch`:
///
/// - `.strongWolfe` (the learners'): a strong-Wolfe line search with cubic interpolation
///   (`WolfeLineSearch`), a first step of min(1, 1/‖g‖), a curvature pair kept when sᵀy > 10⁻¹²·‖s‖·‖y‖,
///   and a stop when a step falls below the parameters' resolution. Unbounded only.
/// - `.projectedBacktracking` (the search's): the direction on the free variables (those not held at a
///   bound by a gradient pointing outward), Armijo backtracking along the projected path
///   x(t) = clamp(x + t·d), a first steepest-descent step that moves at most 1 in any coordinate, a pair kept
///   when sᵀy > 10⁻¹⁰, and SciPy's `ftol` test: stop when an iteration lowers f by at most
///   `relativeTolerance`·max(1, |f|). This is the projected quasi-Newton scheme of Bertsekas (1982) and
///   Kim, Sra & Dhillon (2010), a simpler relative of L-BFGS-B (which SciPy, Optuna and BoTorch use) that
///   needs no Cauchy point or subspace minimisation: with a few dozen variables and cheap iterations, a few
///   extra iterations cost less than the machinery. Bounded or not.
///
/// Both share the curvature history and its two-loop recursion (`CurvatureHistory`), restart from steepest
/// descent when the direction is not a descent direction, stop when the largest (projected) gradient
/// component is at most `gradientTolerance` (which is what `converged` means, with the `ftol` test for
/// `.projectedBacktracking`) or after `maxIterations`, and say why they stopped in `MinimizationResult`.
/// Everything is deterministic: no randomness, fixed evaluation and summation order.
@usableFromInline
package struct LBFGS: Sendable {
    /// How a step along the direction is chosen, and the stopping rules that go with it.
    @usableFromInline
    package enum LineSearch: Sendable, Hashable {
        /// Strong Wolfe conditions (sufficient decrease c₁ = 10⁻⁴, curvature c₂ = 0.9); unbounded only.
        case strongWolfe
        /// Armijo backtracking (c₁ = 10⁻⁴, halving, at most 30 trials) on the path projected into the box;
        /// also stops when an iteration lowers f by at most `relativeTolerance`·max(1, |f|).
        case projectedBacktracking(relativeTolerance: Double)
    }

    /// How many curvature pairs (s, y) the inverse-Hessian estimate keeps.
    @usableFromInline package var memory: Int
    @usableFromInline package var maxIterations: Int
    /// Converged when the largest (projected) gradient component is at most this.
    @usableFromInline package var gradientTolerance: Double
    @usableFromInline package var lineSearch: LineSearch

    /// - Parameters:
    ///   - memory: curvature pairs kept.
    ///   - maxIterations: accepted steps at most.
    ///   - gradientTolerance: the largest (projected) gradient component at which the solver has converged.
    ///   - lineSearch: how steps are chosen; `.projectedBacktracking` is needed for bounds.
    package init(
        memory: Int = 10, maxIterations: Int = 1000, gradientTolerance: Double = 1e-8,
        lineSearch: LineSearch = .strongWolfe
    ) {
        self.memory = memory
        self.maxIterations = maxIterations
        self.gradientTolerance = gradientTolerance
        self.lineSearch = lineSearch
    }

    /// Minimises `objective` from `start`, without bounds.
    ///
    /// - Complexity: O(memory · dimension) per iteration besides the objective's evaluations (at most 40 per
    ///   iteration for `.strongWolfe`, 30 for `.projectedBacktracking`).
    @inlinable
    package func minimize<Objective: DifferentiableObjective>(_ objective: inout Objective, from start: [Double])
        -> MinimizationResult
    {
        switch lineSearch {
        case .strongWolfe:
            return minimizeStrongWolfe(&objective, from: start)
        case .projectedBacktracking(let relativeTolerance):
            let unbounded = [Double](repeating: .infinity, count: start.count)
            return minimizeProjected(
                &objective, from: start, lower: unbounded.map { -$0 }, upper: unbounded,
                relativeTolerance: relativeTolerance)
        }
    }

    /// Minimises `objective` over the box [lower, upper] from `start` (clamped into the box).
    ///
    /// A non-finite value counts as worse than anything, so the line search backs away from it.
    /// `lineSearch` must be `.projectedBacktracking`: the strong-Wolfe search knows no bounds.
    ///
    /// - Complexity: O(memory · dimension) per iteration besides at most 30 evaluations of the objective.
    @inlinable
    package func minimize<Objective: DifferentiableObjective>(
        _ objective: inout Objective, from start: [Double], lower: [Double], upper: [Double]
    ) -> MinimizationResult {
        guard case .projectedBacktracking(let relativeTolerance) = lineSearch else {
            preconditionFailure("bounds need the projected backtracking line search")
        }
        precondition(lower.count == start.count && upper.count == start.count, "one bound per coordinate")
        return minimizeProjected(
            &objective, from: start, lower: lower, upper: upper, relativeTolerance: relativeTolerance)
    }

    /// Minimises the function `objective(x, &gradient)` (which returns f(x) and writes ∇f(x)) over the box
    /// [lower, upper] from `start`; see `minimize(_:from:lower:upper:)`.
    ///
    /// - Complexity: O(memory · dimension) per iteration besides at most 30 evaluations of the objective.
    package func minimize(
        from start: [Double], lower: [Double], upper: [Double],
        objective: (_ x: [Double], _ gradient: inout [Double]) -> Double
    ) -> MinimizationResult {
        withoutActuallyEscaping(objective) { body in
            var function = FunctionObjective(dimension: start.count, body: body)
            return minimize(&function, from: start, lower: lower, upper: upper)
        }
    }
}

/// A closure as a `DifferentiableObjective`.
private struct FunctionObjective: DifferentiableObjective {
    let dimension: Int
    let body: ([Double], inout [Double]) -> Double

    mutating func evaluate(_ parameters: [Double], gradient: inout [Double]) -> Double {
        body(parameters, &gradient)
    }
}
