/// A smooth function to minimise, evaluated together with its gradient.
@usableFromInline
package protocol DifferentiableObjective {
    /// The number of parameters.
    var dimension: Int { get }
    /// Returns f(θ) and writes ∇f(θ) into `gradient` (of length `dimension`).
    mutating func evaluate(_ parameters: [Double], gradient: inout [Double]) -> Double
}
