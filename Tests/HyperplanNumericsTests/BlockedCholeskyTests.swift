import Foundation
import HyperplanNumerics
import HyperplanTestSupport
import Testing

/// The Cholesky factorisation as the Gaussian process uses it (`.blocked` sums, `.escalating` jitter), checked
/// against hand-derived values.
@Suite("Cholesky with blocked sums and escalating jitter")
struct BlockedCholeskyTests {
    @Test("Cholesky solves and inverts a small SPD matrix exactly enough")
    func cholesky() throws {
        // A = [[4, 2, 0.4], [2, 5, 1], [0.4, 1, 3]], b = A·(1, −2, 0.5).
        let a = [4, 2, 0.4, 2, 5, 1, 0.4, 1, 3.0]
        let factor = try #require(Cholesky(a, size: 3, summation: .blocked, jitter: .escalating))
        #expect(factor.jitter == 0)
        let x = factor.solve([4 - 4 + 0.2, 2 - 10 + 0.5, 0.4 - 2 + 1.5])
        #expect(VectorCloseness(x, reference: [1, -2, 0.5], within: .absolute(1e-14)).isClose)
        let inverse = factor.inverse()
        for i in 0..<3 {
            for j in 0..<3 {
                var sum = 0.0
                for k in 0..<3 { sum += a[i * 3 + k] * inverse[k * 3 + j] }
                #expect(abs(sum - (i == j ? 1 : 0)) < 1e-14)
            }
        }
        // log det by cofactor expansion along the first row.
        let minors: [Double] = [5 * 3 - 1, 2 * 3 - 0.4, 2 * 1 - 5 * 0.4]
        let determinant: Double = 4 * minors[0] - 2 * minors[1] + 0.4 * minors[2]
        #expect(abs(factor.logDeterminant - log(determinant)) < 1e-13)
    }

    @Test("a singular matrix is factored with jitter, a NaN one is refused, neither traps")
    func jitter() {
        // Rank one: every row the same.
        let singular = [Double](repeating: 1, count: 16)
        let factor = Cholesky(singular, size: 4, summation: .blocked, jitter: .escalating)
        #expect(factor != nil)
        #expect((factor?.jitter ?? 0) > 0)
        #expect(Cholesky([1, .nan, .nan, 1], size: 2, summation: .blocked, jitter: .escalating) == nil)
        #expect(Cholesky([-1, 0, 0, -1], size: 2, summation: .blocked, jitter: .escalating) == nil)
    }
}
