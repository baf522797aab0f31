/// The outcome of a minimisation: the last accepted point, which is the best one found.
@usableFromInline
package struct MinimizationResult: Sendable {
    /// Why a solver stopped.
    @usableFromInline
    package enum StopReason: Sendable, Hashable, CustomStringConvertible {
        case gradientTolerance
        case iterationLimit
        case nonFiniteObjective
        /// The line search found no acceptable step.
        case noAcceptableStep(largestGradientComponent: Double)
        /// A step fell below the resolution of the parameters (`.strongWolfe`).
        case stepsBelowResolution(largestGradientComponent: Double)
        /// An iteration lowered f by at most `relativeTolerance`·max(1, |f|) (`.projectedBacktracking`).
        case relativeDecrease

        /// The reason as a phrase for reports.
        @usableFromInline package var description: String {
            switch self {
            case .gradientTolerance: return "gradient tolerance reached"
            case .iterationLimit: return "iteration limit reached"
            case .nonFiniteObjective: return "non-finite objective"
            case .noAcceptableStep(let largest):
                return "line search found no acceptable step (largest gradient component \(largest))"
            case .stepsBelowResolution(let largest):
                return "steps below the parameters' resolution (largest gradient component \(largest))"
            case .relativeDecrease: return "relative decrease of the objective below tolerance"
            }
        }
    }

    @usableFromInline package var parameters: [Double]
    @usableFromInline package var value: Double
    /// Accepted steps.
    @usableFromInline package var iterations: Int
    /// Evaluations of the objective, the one at the start included.
    @usableFromInline package var evaluations: Int
    /// Whether the solver's convergence test held where it stopped.
    @usableFromInline package var converged: Bool
    @usableFromInline package var stopReason: StopReason

    /// A result with every field given.
    @inlinable
    package init(
        parameters: [Double], value: Double, iterations: Int, evaluations: Int, converged: Bool,
        stopReason: StopReason
    ) {
        self.parameters = parameters
        self.value = value
        self.iterations = iterations
        self.evaluations = evaluations
        self.converged = converged
        self.stopReason = stopReason
    }
}
