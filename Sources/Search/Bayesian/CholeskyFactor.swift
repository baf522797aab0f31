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
                guard let base = l.baseAddress else { return false }
                let rows = UnsafePointer(base)
                for i in 0..<n {
                    let rowI = i * n
                    for j in 0...i {
                        let rowJ = j * n
                        let sum = a[rowI + j] - CholeskyFactor.dot(rows + rowI, rows + rowJ, count: j)
                        if i == j {
                            let pivot = sum + jitter
                            guard pivot > 0, pivot.isFinite else { return false }
                            l[rowI + i] = pivot.squareRoot()
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

    /// Σ a[k]·b[k] over k < count, in two `SIMD4` accumulators and then a fixed-order tail: vectorised, and
    /// still the same bits for the same inputs on a given build.
    @inline(__always)
    static func dot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
        var first = SIMD4<Double>()
        var second = SIMD4<Double>()
        var k = 0
        while k + 8 <= count {
            first += load(a + k) * load(b + k)
            second += load(a + k + 4) * load(b + k + 4)
            k += 8
        }
        if k + 4 <= count {
            first += load(a + k) * load(b + k)
            k += 4
        }
        let lanes = first + second
        var sum = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3])
        while k < count {
            sum += a[k] * b[k]
            k += 1
        }
        return sum
    }

    @inline(__always)
    private static func load(_ pointer: UnsafePointer<Double>) -> SIMD4<Double> {
        UnsafeRawPointer(pointer).loadUnaligned(as: SIMD4<Double>.self)
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
        guard let solved = b.baseAddress else { return }
        lower.withUnsafeBufferPointer { l in
            guard let rows = l.baseAddress else { return }
            for i in 0..<size {
                let row = i * size
                b[i] = (b[i] - CholeskyFactor.dot(rows + row, UnsafePointer(solved), count: i)) / l[row + i]
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

    /// (L·Lᵀ)⁻¹ as a full symmetric row-major matrix.
    ///
    /// N = L⁻ᵀ is built row by row (row j of N is column j of L⁻¹, found by forward substitution:
    /// N[j][i] = (δᵢⱼ − Σ_{j≤k<i} L[i][k]·N[j][k]) / L[i][i]), and then (L⁻ᵀL⁻¹)ᵢⱼ = Σ_{k≥max(i,j)} N[i][k]·N[j][k]:
    /// both steps are contiguous dot products.
    ///
    /// - Complexity: O(size³ / 3).
    package func inverse() -> [Double] {
        let n = size
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
                        let sum = CholeskyFactor.dot(rows + i * n + j, inverseRows + rowJ + j, count: i - j)
                        m[rowJ + i] = -sum / l[i * n + i]
                    }
                }
                result.withUnsafeMutableBufferPointer { r in
                    for i in 0..<n {
                        for j in 0...i {
                            let value = CholeskyFactor.dot(
                                inverseRows + i * n + i, inverseRows + j * n + i, count: n - i)
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
