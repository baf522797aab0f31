import Foundation

extension Cholesky {
    /// log det(A + jitter·I) = 2 Σ log Lᵢᵢ, the logarithms added in index order.
    ///
    /// - Complexity: O(size).
    package var logDeterminant: Double {
        var sum = 0.0
        for i in 0..<size { sum += log(lower[i * size + i]) }
        return 2 * sum
    }

    /// Solves L·x = b in place (forward substitution), each row's sum in the factor's `summation` order.
    ///
    /// - Complexity: O(size² / 2).
    package func solveLower(_ b: UnsafeMutableBufferPointer<Double>) {
        guard let solved = b.baseAddress else { return }
        let summation = summation
        lower.withUnsafeBufferPointer { l in
            guard let rows = l.baseAddress else { return }
            for i in 0..<size {
                let row = i * size
                b[i] = Cholesky.residual(b[i], rows + row, UnsafePointer(solved), count: i, summation) / l[row + i]
            }
        }
    }

    /// Solves Lᵀ·x = b in place (back substitution).
    ///
    /// `.sequential` forms each x[i] from b[i] by subtracting L[k][i]·x[k] for k = i + 1, i + 2, …;
    /// `.blocked` goes by columns, so L is still read row by row: once x[i] is known, L[i][k]·x[i] is
    /// subtracted from every b[k] above it.
    ///
    /// - Complexity: O(size² / 2).
    package func solveUpper(_ b: UnsafeMutableBufferPointer<Double>) {
        let n = size
        lower.withUnsafeBufferPointer { l in
            switch summation {
            case .sequential:
                for i in stride(from: n - 1, through: 0, by: -1) {
                    var sum = b[i]
                    for k in (i + 1)..<max(i + 1, n) { sum -= l[k * n + i] * b[k] }
                    b[i] = sum / l[i * n + i]
                }
            case .blocked:
                for i in stride(from: n - 1, through: 0, by: -1) {
                    let row = i * n
                    let x = b[i] / l[row + i]
                    b[i] = x
                    for k in 0..<i { b[k] -= l[row + k] * x }
                }
            }
        }
    }

    /// Solves (L·Lᵀ)·x = b.
    ///
    /// - Complexity: O(size²).
    package func solve(_ b: [Double]) -> [Double] {
        var x = b
        x.withUnsafeMutableBufferPointer { buffer in
            solveLower(buffer)
            solveUpper(buffer)
        }
        return x
    }

    /// (L·Lᵀ)⁻¹ as a full symmetric row-major matrix.
    ///
    /// N = L⁻ᵀ is built row by row (row j of N is column j of L⁻¹, found by forward substitution:
    /// N[j][i] = (δᵢⱼ − Σ_{j≤k<i} L[i][k]·N[j][k]) / L[i][i]), and then (L⁻ᵀL⁻¹)ᵢⱼ = Σ_{k≥max(i,j)} N[i][k]·N[j][k]:
    /// both steps are contiguous dot products, summed in the factor's `summation` order.
    ///
    /// - Complexity: O(size³ / 3).
    package func inverse() -> [Double] {
        let n = size
        let summation = summation
        var transposedInverse = [Double](repeating: 0, count: n * n)
        var result = [Double](repeating: 0, count: n * n)
        lower.withUnsafeBufferPointer { l in
            transposedInverse.withUnsafeMutableBufferPointer { m in
                guard let rows = l.baseAddress, let base = m.baseAddress else { return }
                let inverseRows = UnsafePointer(base)
                for j in 0..<n {
                    let rowJ = j * n
                    m[rowJ + j] = 1 / l[rowJ + j]
                    for i in (j + 1)..<max(j + 1, n) {
                        let sum = Cholesky.dot(rows + i * n + j, inverseRows + rowJ + j, count: i - j, summation)
                        m[rowJ + i] = -sum / l[i * n + i]
                    }
                }
                result.withUnsafeMutableBufferPointer { r in
                    for i in 0..<n {
                        for j in 0...i {
                            let value = Cholesky.dot(
                                inverseRows + i * n + i, inverseRows + j * n + i, count: n - i, summation)
                            r[i * n + j] = value
                            r[j * n + i] = value
                        }
                    }
                }
            }
        }
        return result
    }
}
