import HyperplanNumerics
import HyperplanTestSupport
import Testing

/// The dense kernels under the closed-form learners, on systems solved by hand.
@Suite("Linear algebra kernels")
struct LinearAlgebraTests {
    @Test("Cholesky factor and solve of a 3×3 system, products subtracted one at a time")
    func cholesky() throws {
        // A = L·Lᵀ with L = [[2, 0, 0], [6, 1, 0], [−8, 5, 3]]; every step of the factorisation is exact.
        let a: [Double] = [4, 12, -16, 12, 37, -43, -16, -43, 98]
        let factorization = try #require(Cholesky(a, size: 3, summation: .sequential, jitter: .none))
        #expect(factorization.lower == [2, 0, 0, 6, 1, 0, -8, 5, 3])
        // b = A·(1, 2, 3).
        let solution = factorization.solve([-20, -43, 192])
        let closeness = VectorCloseness(solution, reference: [1, 2, 3], within: .absolute(1e-13))
        #expect(closeness.isClose, "\(closeness)")
    }

    @Test(
        "matrices that are not positive definite have no Cholesky factor",
        arguments: [
            [1.0, 2, 2, 1],  // eigenvalues 3 and −1
            [0.0, 0, 0, 1],  // singular
            [1.0, 0, 0, .nan],
        ])
    func notPositiveDefinite(matrix: [Double]) {
        #expect(Cholesky(matrix, size: 2, summation: .sequential, jitter: .none) == nil)
    }

    /// A square matrix (row-major) and its singular values, largest first.
    struct Spectrum: Sendable {
        var matrix: [Double]
        var size: Int
        var singularValues: [Double]
    }

    static let spectra: [Spectrum] = [
        // AᵀA = [[25, 20], [20, 25]] has eigenvalues 45 and 5.
        Spectrum(matrix: [3, 0, 4, 5], size: 2, singularValues: [Double(45).squareRoot(), Double(5).squareRoot()]),
        // Rank one: the columns are (1, 2) and 2·(1, 2); σ₁ = ‖(1, 2)‖·‖(1, 2)‖ = 5.
        Spectrum(matrix: [1, 2, 2, 4], size: 2, singularValues: [5, 0]),
        // Block diagonal: 2, and the symmetric [[3, 4], [4, −3]] with eigenvalues ±5.
        Spectrum(matrix: [2, 0, 0, 0, 3, 4, 0, 4, -3], size: 3, singularValues: [5, 5, 2]),
    ]

    @Test("singular values of matrices with known spectra", arguments: spectra)
    func jacobiSVD(_ spectrum: Spectrum) {
        let matrix = spectrum.matrix, size = spectrum.size
        let svd = JacobiSVD(matrix, size: size)
        let values = VectorCloseness(
            svd.singularValues.sorted(by: >), reference: spectrum.singularValues, within: .absolute(1e-14))
        #expect(values.isClose, "\(values)")
        // U·Σ·Vᵀ reproduces the matrix, and V is orthogonal.
        var product = [Double](repeating: 0, count: size * size)
        var gram = [Double](repeating: 0, count: size * size)
        for i in 0..<size {
            for j in 0..<size {
                for k in 0..<size {
                    product[i * size + j] += svd.u[i * size + k] * svd.singularValues[k] * svd.v[j * size + k]
                    gram[i * size + j] += svd.v[k * size + i] * svd.v[k * size + j]
                }
            }
        }
        let identity = (0..<(size * size)).map { $0 / size == $0 % size ? 1.0 : 0 }
        #expect(VectorCloseness(product, reference: matrix, within: .absolute(1e-14)).isClose)
        #expect(VectorCloseness(gram, reference: identity, within: .absolute(1e-14)).isClose)
    }

    /// A least-squares problem X·w ≈ y (X row-major) and its minimum-norm solution.
    struct LeastSquares: Sendable {
        var x: [Double]
        var rows: Int
        var columns: Int
        var y: [Double]
        var solution: [Double]
    }

    static let leastSquares: [LeastSquares] = [
        // Full rank, overdetermined: XᵀX = [[2, 1], [1, 2]], Xᵀy = (5, 6), so w = (4/3, 7/3).
        LeastSquares(x: [1, 0, 0, 1, 1, 1], rows: 3, columns: 2, y: [1, 2, 4], solution: [4.0 / 3, 7.0 / 3]),
        // Two equal columns: every w with w₁ + w₂ = 2 fits exactly; the shortest is (1, 1).
        LeastSquares(x: [1, 1, 2, 2, 3, 3], rows: 3, columns: 2, y: [2, 4, 6], solution: [1, 1]),
        // A zero column gets coefficient 0; the other solves the 1-D problem (Σxy / Σx² = 28/14).
        LeastSquares(x: [1, 0, 2, 0, 3, 0], rows: 3, columns: 2, y: [2, 4, 6], solution: [2, 0]),
    ]

    @Test("minimum-norm least squares", arguments: leastSquares)
    func minimumNorm(_ problem: LeastSquares) {
        let w = MinimumNormLeastSquares.solve(problem.x, rows: problem.rows, columns: problem.columns, y: problem.y)
        let closeness = VectorCloseness(w, reference: problem.solution, within: .absolute(1e-14))
        #expect(closeness.isClose, "\(closeness)")
    }
}
