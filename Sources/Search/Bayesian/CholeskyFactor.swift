import Foundation

/// The Cholesky factor L of a symmetric positive definite matrix, A + jitter·I = L·Lᵀ, and solves with it.
///
/// Kernel matrices are positive semi-definite in exact arithmetic but can lose definiteness in floating point
/// when two inputs (nearly) coincide and the noise variance is at its floor. The factorisation therefore
/// escalates a diagonal jitter, as GPyTorch's `psd_safe_cholesky` does: first none, then 10⁻¹⁰ times the
/// mean diagonal, ten times more on each failure, up to 10⁻² of it. A matrix that still fails (it holds NaN
/// or infinity) gives `nil`, never a trap.
package struct CholeskyFactor: Sendable {
    package let size: Int
    /// The lower-triangular factor, row-major `size × size` (the upper triangle is zero).
    package private(set) var lower: [Double]
    /// What was added to the diagonal before the factorisation succeeded.
    package private(set) var jitter: Double

    /// Factors the symmetric row-major `size × size` matrix `matrix` (only its lower triangle is read).
    ///
    /// - Complexity: O(size³ / 3) per attempt, at most nine attempts.
    package init?(_ matrix: [Double], size: Int) {
        precondition(matrix.count == size * size, "matrix must be size × size")
        self.size = size
        lower = [Double](repeating: 0, count: size * size)
        jitter = 0
        guard size > 0 else { return }
        var diagonalMean = 0.0
        for i in 0..<size { diagonalMean += matrix[i * size + i] }
        diagonalMean /= Double(size)
        guard diagonalMean.isFinite, diagonalMean > 0 else { return nil }
        var added = 0.0
        for attempt in 0..<9 {
            if attempt > 0 { added = diagonalMean * 1e-10 * pow(10, Double(attempt - 1)) }
            if CholeskyFactor.factor(matrix, size: size, jitter: added, into: &lower) {
                jitter = added
                return
            }
        }
        return nil
    }

    /// Cholesky–Banachiewicz, row by row: each entry is a contiguous dot product of two rows of L.
    private static func factor(_ matrix: [Double], size n: Int, jitter: Double, into lower: inout [Double]) -> Bool {
        matrix.withUnsafeBufferPointer { a in
            lower.withUnsafeMutableBufferPointer { l in
                for i in 0..<n {
                    let rowI = i * n
                    for j in 0...i {
                        let rowJ = j * n
                        var sum = a[rowI + j]
                        for k in 0..<j { sum -= l[rowI + k] * l[rowJ + k] }
                        if i == j {
                            sum += jitter
                            guard sum > 0, sum.isFinite else { return false }
                            l[rowI + i] = sum.squareRoot()
                        } else {
                            l[rowI + j] = sum / l[rowJ + j]
                        }
                    }
                    for j in (i + 1)..<n { l[rowI + j] = 0 }
                }
                return true
            }
        }
    }

    /// log det(A + jitter·I) = 2 Σ log Lᵢᵢ.
    package var logDeterminant: Double {
        var sum = 0.0
        for i in 0..<size { sum += log(lower[i * size + i]) }
        return 2 * sum
    }

    /// Solves L·x = b in place (forward substitution).
    ///
    /// - Complexity: O(size² / 2).
    package func solveLower(_ b: UnsafeMutableBufferPointer<Double>) {
        lower.withUnsafeBufferPointer { l in
            for i in 0..<size {
                let row = i * size
                var sum = b[i]
                for k in 0..<i { sum -= l[row + k] * b[k] }
                b[i] = sum / l[row + i]
            }
        }
    }

    /// Solves Lᵀ·x = b in place (back substitution), column-oriented so L is still read row by row.
    ///
    /// - Complexity: O(size² / 2).
    package func solveUpper(_ b: UnsafeMutableBufferPointer<Double>) {
        lower.withUnsafeBufferPointer { l in
            for i in stride(from: size - 1, through: 0, by: -1) {
                let row = i * size
                let x = b[i] / l[row + i]
                b[i] = x
                for k in 0..<i { b[k] -= l[row + k] * x }
            }
        }
    }

    /// Solves (L·Lᵀ)·x = b.
    package func solve(_ b: [Double]) -> [Double] {
        var x = b
        x.withUnsafeMutableBufferPointer { buffer in
            solveLower(buffer)
            solveUpper(buffer)
        }
        return x
    }

    /// (L·Lᵀ)⁻¹ as a full symmetric row-major matrix: L⁻¹ by forward substitution, then L⁻ᵀ·L⁻¹.
    ///
    /// - Complexity: O(size³ / 2).
    package func inverse() -> [Double] {
        let n = size
        var inverseLower = [Double](repeating: 0, count: n * n)
        var result = [Double](repeating: 0, count: n * n)
        lower.withUnsafeBufferPointer { l in
            inverseLower.withUnsafeMutableBufferPointer { m in
                // Row i of L⁻¹: m[i][j] = (δᵢⱼ − Σ_{j≤k<i} L[i][k]·m[k][j]) / L[i][i].
                for i in 0..<n {
                    let row = i * n
                    let pivot = l[row + i]
                    m[row + i] = 1 / pivot
                    for k in 0..<i {
                        let factor = l[row + k]
                        if factor == 0 { continue }
                        let rowK = k * n
                        for j in 0...k { m[row + j] -= factor * m[rowK + j] }
                    }
                    for j in 0..<i { m[row + j] /= pivot }
                }
                result.withUnsafeMutableBufferPointer { r in
                    // (L⁻ᵀL⁻¹)ᵢⱼ = Σₖ m[k][i]·m[k][j] over k ≥ max(i, j); accumulate row k's outer product.
                    for k in 0..<n {
                        let rowK = k * n
                        for i in 0...k {
                            let value = m[rowK + i]
                            if value == 0 { continue }
                            let rowI = i * n
                            for j in 0...i { r[rowI + j] += value * m[rowK + j] }
                        }
                    }
                    for i in 0..<n { for j in 0..<i { r[j * n + i] = r[i * n + j] } }
                }
            }
        }
        return result
    }
}
