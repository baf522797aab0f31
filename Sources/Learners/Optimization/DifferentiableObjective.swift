/// A smooth function to minimise, evaluated together with its gradient.
protocol DifferentiableObjective {
    var dimension: Int { get }
    /// Returns f(θ) and writes ∇f(θ) into `gradient` (of length `dimension`).
    mutating func evaluate(_ parameters: [Double], gradient: inout [Double]) -> Double
}

/// The outcome of a minimisation.
struct MinimizationResult {
    var parameters: [Double]
    var value: Double
    var iterations: Int
    var converged: Bool
    /// Why the solver stopped, for reports.
    var stopReason: String
}
