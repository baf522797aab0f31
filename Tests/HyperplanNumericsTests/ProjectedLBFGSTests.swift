import HyperplanNumerics
import Testing

/// L-BFGS with the projected backtracking line search (the Bayesian search's solver), within a box.
@Suite("Projected L-BFGS")
struct ProjectedLBFGSTests {
    @Test("projected L-BFGS finds a minimum on the boundary and Rosenbrock's inside the box")
    func boundedLBFGS() {
        let optimizer = LBFGS(
            memory: 8, maxIterations: 200, gradientTolerance: 1e-6,
            lineSearch: .projectedBacktracking(relativeTolerance: 1e-9))
        let corner = optimizer.minimize(from: [0.5, 0.5], lower: [0, 0], upper: [1, 1]) { x, g in
            g[0] = 2 * (x[0] - 2)
            g[1] = 2 * (x[1] + 1)
            return (x[0] - 2) * (x[0] - 2) + (x[1] + 1) * (x[1] + 1)
        }
        #expect(corner.parameters == [1, 0])
        let precise = LBFGS(
            memory: 8, maxIterations: 500, gradientTolerance: 1e-9,
            lineSearch: .projectedBacktracking(relativeTolerance: 0))
        let valley = precise.minimize(from: [-1.2, 1], lower: [-2, -2], upper: [2, 2]) { x, g in
            let a = x[1] - x[0] * x[0]
            g[0] = -400 * x[0] * a - 2 * (1 - x[0])
            g[1] = 200 * a
            return 100 * a * a + (1 - x[0]) * (1 - x[0])
        }
        #expect(abs(valley.parameters[0] - 1) < 1e-6 && abs(valley.parameters[1] - 1) < 1e-6, "\(valley.parameters)")
    }
}
