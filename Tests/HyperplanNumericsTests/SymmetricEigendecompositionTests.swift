import HyperplanCore
import HyperplanNumerics
import Testing

/// The cyclic Jacobi eigendecomposition CMA-ES uses for its covariance matrix.
@Suite("Symmetric eigendecomposition")
struct SymmetricEigendecompositionTests {
    @Test("the Jacobi eigendecomposition reconstructs a symmetric matrix")
    func eigendecomposition() {
        let n = 6
        var generator = SeededGenerator(seed: 3, key: "test/eigen")
        var matrix = [Double](repeating: 0, count: n * n)
        for r in 0..<n {
            for c in r..<n {
                let value = generator.nextGaussian()
                matrix[r * n + c] = value
                matrix[c * n + r] = value
            }
        }
        let eigen = SymmetricEigendecomposition(symmetric: matrix, dimension: n)
        var worst = 0.0
        for r in 0..<n {
            for c in 0..<n {
                var value = 0.0
                for k in 0..<n { value += eigen.vectors[r * n + k] * eigen.values[k] * eigen.vectors[c * n + k] }
                worst = max(worst, abs(value - matrix[r * n + c]))
            }
        }
        #expect(worst < 1e-12, "largest reconstruction error \(worst)")
    }
}
