import Foundation

/// The Cholesky factor L of a symmetric positive definite matrix, A + jitter·I = L·Lᵀ, and solves with it.
///
/// One implementation for every caller: the ridge normal equations and the proximal Newton systems of
/// `Learners`, and the Gaussian process of `Search`'s Bayesian optimisation. Two things differ between them
/// and are chosen explicitly, because each caller's results (and so the result bundles and the reference
/// tests against scikit-learn and Optuna) depend on them bit for bit:
///
/// - `Summation`: the order in which each entry's sum of products is formed (`.sequential` subtracts the
///   products one at a time, `.blocked` forms their sum in SIMD lanes first), for the factorisation and for
///   the triangular solves with it;
/// - `JitterSchedule`: whether a matrix that is not numerically positive definite is refused (`.none`) or
///   factored again with a growing diagonal jitter (`.escalating`).
///
/// Whatever the options, every entry is L[i][j] = (A[i][j] − Σ_{k<j} L[i][k]·L[j][k]) / L[j][j] and
/// L[j][j] = √(A[j][j] + jitter − Σ_{k<j} L[j][k]²), computed row by row (Cholesky–Banachiewicz, so each
/// sum reads two contiguous rows of L), and only the lower triangle of A is read. A matrix holding NaN or
/// infinity gives `nil`, never a trap.
package struct Cholesky: Sendable {
    /// How a sum of products Σ_k x[k]·y[k] is combined with the entry it is subtracted from.
    package enum Summation: Sendable, Hashable {
        /// ((a − x₀y₀) − x₁y₁) − …, one product at a time in increasing k; back substitution reads column i
        /// of L in increasing row order. What `Learners` has always used.
        case sequential
        /// a − Σ_k x[k]·y[k], the sum formed in two `SIMD4` accumulators, then a four-wide step, then a
        /// fixed-order scalar tail; back substitution by columns (each solved value subtracted from the rows
        /// above it at once). Vectorised, and what the Gaussian process has always used.
        case blocked
    }

    /// What to do when a pivot is not positive.
    package enum JitterSchedule: Sendable, Hashable {
        /// Refuse the matrix: `nil`.
        case none
        /// GPyTorch's `psd_safe_cholesky`: first no jitter, then 10⁻¹⁰ times the mean diagonal, ten times
        /// more on each failure, up to 10⁻² of it (nine attempts in all). Kernel matrices are positive
        /// semi-definite in exact arithmetic but can lose definiteness in floating point when two inputs
        /// (nearly) coincide and the noise variance is at its floor. A matrix whose mean diagonal is not
        /// positive and finite is refused at once.
        case escalating
    }

    package let size: Int
    /// The summation order of the factorisation, which the solves use too.
    package let summation: Summation
    /// The lower-triangular factor, row-major `size × size` (the upper triangle is zero).
    package private(set) var lower: [Double]
    /// What was added to the diagonal before the factorisation succeeded (0 unless `.escalating` needed it).
    package private(set) var jitter: Double

    /// Factors the symmetric row-major `size × size` matrix `matrix` (only its lower triangle is read); `nil`
    /// when it is not numerically positive definite, even with the jitter `schedule` allows.
    ///
    /// - Complexity: O(size³ / 3) per attempt: one attempt with `.none`, at most nine with `.escalating`.
    package init?(_ matrix: [Double], size: Int, summation: Summation, jitter schedule: JitterSchedule) {
        precondition(matrix.count == size * size, "matrix must be size × size")
        self.size = size
        self.summation = summation
        lower = [Double](repeating: 0, count: size * size)
        jitter = 0
        switch schedule {
        case .none:
            guard Cholesky.factor(matrix, size: size, jitter: 0, summation: summation, into: &lower) else {
                return nil
            }
        case .escalating:
            guard size > 0 else { return }
            var diagonalMean = 0.0
            for i in 0..<size { diagonalMean += matrix[i * size + i] }
            diagonalMean /= Double(size)
            guard diagonalMean.isFinite, diagonalMean > 0 else { return nil }
            var added = 0.0
            for attempt in 0..<9 {
                if attempt > 0 { added = diagonalMean * 1e-10 * pow(10, Double(attempt - 1)) }
                if Cholesky.factor(matrix, size: size, jitter: added, summation: summation, into: &lower) {
                    jitter = added
                    return
                }
            }
            return nil
        }
    }

    /// Row by row: each entry is the residual of its A entry after a sum over two contiguous rows of L.
    private static func factor(
        _ matrix: [Double], size n: Int, jitter: Double, summation: Summation, into lower: inout [Double]
    ) -> Bool {
        matrix.withUnsafeBufferPointer { a in
            lower.withUnsafeMutableBufferPointer { l in
                guard let base = l.baseAddress else { return true }
                let rows = UnsafePointer(base)
                for i in 0..<n {
                    let rowI = i * n
                    for j in 0...i {
                        let rowJ = j * n
                        let sum = residual(a[rowI + j], rows + rowI, rows + rowJ, count: j, summation)
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

    /// entry − Σ_{k<count} x[k]·y[k], in the order `summation` names.
    @inline(__always)
    static func residual(
        _ entry: Double, _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int,
        _ summation: Summation
    ) -> Double {
        switch summation {
        case .sequential:
            var result = entry
            for k in 0..<count { result -= x[k] * y[k] }
            return result
        case .blocked:
            return entry - blockedDot(x, y, count: count)
        }
    }

    /// Σ_{k<count} x[k]·y[k] in the order `summation` names (from 0, one product at a time, or `blockedDot`).
    @inline(__always)
    static func dot(
        _ x: UnsafePointer<Double>, _ y: UnsafePointer<Double>, count: Int, _ summation: Summation
    ) -> Double {
        switch summation {
        case .sequential:
            var sum = 0.0
            for k in 0..<count { sum += x[k] * y[k] }
            return sum
        case .blocked:
            return blockedDot(x, y, count: count)
        }
    }

    /// Σ a[k]·b[k] over k < count, in two `SIMD4` accumulators, one more four-wide step into the first, the
    /// lanes added as (l₀ + l₁) + (l₂ + l₃), and then a fixed-order scalar tail: vectorised, and still the
    /// same bits for the same inputs on a given build. (`ColumnKernels.dot` keeps its tail apart and has no
    /// four-wide step: a different order, so the two are not interchangeable.)
    @inline(__always)
    static func blockedDot(_ a: UnsafePointer<Double>, _ b: UnsafePointer<Double>, count: Int) -> Double {
        var first = SIMD4<Double>()
        var second = SIMD4<Double>()
        var k = 0
        while k + 8 <= count {
            first += a.vector(at: k) * b.vector(at: k)
            second += a.vector(at: k + 4) * b.vector(at: k + 4)
            k += 8
        }
        if k + 4 <= count {
            first += a.vector(at: k) * b.vector(at: k)
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
}
