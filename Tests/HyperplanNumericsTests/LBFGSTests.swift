import HyperplanNumerics
import HyperplanTestSupport
import Testing

/// L-BFGS with the strong-Wolfe line search (the learners' solver) on functions whose minimum is known in
/// closed form.
@Suite("L-BFGS")
struct LBFGSTests {
    /// f(x) = ½ xᵀAx − bᵀx with A = [[4, 1, 0], [1, 3, 1], [0, 1, 2]] (positive definite) and b = (1, 2, 3).
    /// Solving Ax = b by substitution gives x* = (2/9, 1/9, 13/9) and f(x*) = −½ bᵀx* = −43/18.
    struct Quadratic: DifferentiableObjective {
        let a: [[Double]] = [[4, 1, 0], [1, 3, 1], [0, 1, 2]]
        let b: [Double] = [1, 2, 3]
        var evaluations = 0
        var dimension: Int { 3 }

        mutating func evaluate(_ x: [Double], gradient: inout [Double]) -> Double {
            evaluations += 1
            var value = 0.0
            for i in 0..<3 {
                var ax = 0.0
                for j in 0..<3 { ax += a[i][j] * x[j] }
                gradient[i] = ax - b[i]
                value += 0.5 * x[i] * ax - b[i] * x[i]
            }
            return value
        }
    }

    /// f(x, y) = (1 − x)² + 100·(y − x²)², minimum 0 at (1, 1) at the end of a curved, narrow valley.
    struct Rosenbrock: DifferentiableObjective {
        var dimension: Int { 2 }

        mutating func evaluate(_ point: [Double], gradient: inout [Double]) -> Double {
            let x = point[0], y = point[1]
            let valley = y - x * x
            gradient[0] = -2 * (1 - x) - 400 * x * valley
            gradient[1] = 200 * valley
            return (1 - x) * (1 - x) + 100 * valley * valley
        }
    }

    @Test("a quadratic converges to A⁻¹b", arguments: [[0.0, 0, 0], [10, -7, 3], [1e3, 1e3, -1e3]])
    func quadratic(start: [Double]) {
        var objective = Quadratic()
        let tolerance = 1e-12
        let result = LBFGS(memory: 10, maxIterations: 100, gradientTolerance: tolerance)
            .minimize(&objective, from: start)
        #expect(result.converged, "\(result.stopReason)")
        // The solver's contract: converged means the largest gradient component is within the tolerance,
        // even though f stops changing at rounding level (f changes by ~‖g‖²/λ) long before ‖g‖ reaches 1e-12.
        var gradient = [Double](repeating: 0, count: 3)
        _ = objective.evaluate(result.parameters, gradient: &gradient)
        let largest = gradient.reduce(0) { max($0, abs($1)) }
        #expect(largest <= tolerance, "gradient \(gradient), \(result.stopReason)")
        // ‖x − x*‖₂ ≤ ‖g‖₂ / λ_min(A) ≤ √3·1e-12 / (3 − √3) < 1.4e-12.
        let minimum = VectorCloseness(
            result.parameters, reference: [2.0 / 9, 1.0 / 9, 13.0 / 9], within: .absolute(1.4e-12))
        #expect(minimum.isClose, "\(minimum)")
        let value = Closeness(result.value, reference: -43.0 / 18, within: .relative(1e-14))
        #expect(value.isClose, "\(value)")
        #expect(result.iterations <= 20, "\(result.iterations) iterations, \(objective.evaluations) evaluations")
    }

    @Test("Rosenbrock's function converges to (1, 1)", arguments: [[-1.2, 1.0], [0, 0], [2, -1], [-3, 8]])
    func rosenbrock(start: [Double]) {
        var objective = Rosenbrock()
        let result = LBFGS(memory: 10, maxIterations: 1000, gradientTolerance: 1e-10).minimize(&objective, from: start)
        #expect(result.converged, "\(result.stopReason), \(result.iterations) iterations")
        // Converged means the largest gradient component is at most 1e-10; the Hessian's smallest eigenvalue
        // at (1, 1) is about 0.4, so ‖x − x*‖ ≲ √2·1e-10 / 0.4 < 1e-9.
        let minimum = VectorCloseness(result.parameters, reference: [1, 1], within: .absolute(1e-9))
        #expect(minimum.isClose, "\(minimum)")
        #expect(result.value < 1e-14, "f = \(result.value)")
    }

    @Test("stopping at the iteration limit is reported as not converged")
    func iterationLimit() {
        var objective = Rosenbrock()
        let result = LBFGS(memory: 10, maxIterations: 3, gradientTolerance: 1e-10).minimize(
            &objective, from: [-1.2, 1])
        #expect(!result.converged)
        #expect(result.iterations == 3)
        #expect(result.value < 24.2, "three descent steps from f(−1.2, 1) = 24.2 must decrease f")
    }

    @Test("starting at the minimum stops at once")
    func alreadyOptimal() {
        var objective = Rosenbrock()
        let result = LBFGS(memory: 10, maxIterations: 100, gradientTolerance: 1e-10).minimize(&objective, from: [1, 1])
        #expect(result.converged)
        #expect(result.iterations == 0)
        #expect(result.parameters == [1, 1])
    }
}
