import Foundation

/// The eigenvalues and eigenvectors of a real symmetric matrix, by the cyclic Jacobi method.
///
/// Each rotation zeroes one off-diagonal element (t = sgn θ / (|θ| + √(θ² + 1)), θ = (a_qq − a_pp) / 2a_pq);
/// sweeps repeat until the off-diagonal mass is negligible against the diagonal. Jacobi is slower than QR for
/// large n but simple, deterministic and accurate to working precision even for tiny eigenvalues, which is what
/// CMA-ES's covariance matrices need. Matrices are row-major flat arrays.
package struct SymmetricEigendecomposition: Sendable {
    /// Eigenvalues, in the order of the columns of `vectors` (unsorted).
    package var values: [Double]
    /// Row-major n × n matrix whose column j is the unit eigenvector of `values[j]`.
    package var vectors: [Double]

    /// - Complexity: O(n³) per sweep; a handful of sweeps in practice.
    package init(symmetric matrix: [Double], dimension n: Int) {
        var a = matrix
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        for _ in 0..<64 {
            var offDiagonal = 0.0, diagonal = 0.0
            for p in 0..<n {
                diagonal += a[p * n + p] * a[p * n + p]
                for q in (p + 1)..<n { offDiagonal += a[p * n + q] * a[p * n + q] }
            }
            if offDiagonal <= 1e-32 * diagonal || offDiagonal == 0 { break }
            for p in 0..<max(0, n - 1) {
                for q in (p + 1)..<n {
                    let apq = a[p * n + q]
                    if apq == 0 { continue }
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * apq)
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let akp = a[k * n + p], akq = a[k * n + q]
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let apk = a[p * n + k], aqk = a[q * n + k]
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let vkp = v[k * n + p], vkq = v[k * n + q]
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        values = (0..<n).map { a[$0 * n + $0] }
        vectors = v
    }
}
