/// The Cholesky factor L (A = L·Lᵀ) of a symmetric positive definite matrix, and solves with it.
struct Cholesky {
    let size: Int
    /// Lower-triangular factor, row-major `size × size`.
    private(set) var factor: [Double]

    /// Factors the `size × size` row-major matrix `matrix`; `nil` when it is not (numerically) positive definite.
    ///
    /// - Complexity: O(size³ / 3).
    init?(_ matrix: [Double], size: Int) {
        self.size = size
        var lower = [Double](repeating: 0, count: size * size)
        let positive = lower.withUnsafeMutableBufferPointer { l -> Bool in
            matrix.withUnsafeBufferPointer { a -> Bool in
                for j in 0..<size {
                    var diagonal = a[j * size + j]
                    for k in 0..<j { diagonal -= l[j * size + k] * l[j * size + k] }
                    guard diagonal > 0, diagonal.isFinite else { return false }
                    let pivot = diagonal.squareRoot()
                    l[j * size + j] = pivot
                    for i in (j + 1)..<max(j + 1, size) {
                        var sum = a[i * size + j]
                        for k in 0..<j { sum -= l[i * size + k] * l[j * size + k] }
                        l[i * size + j] = sum / pivot
                    }
                }
                return true
            }
        }
        guard positive else { return nil }
        factor = lower
    }

    /// Solves A·x = b.
    ///
    /// - Complexity: O(size²).
    func solve(_ rightHandSide: [Double]) -> [Double] {
        var x = rightHandSide
        // Forward substitution with L, then back substitution with Lᵀ.
        for i in 0..<size {
            var sum = x[i]
            for k in 0..<i { sum -= factor[i * size + k] * x[k] }
            x[i] = sum / factor[i * size + i]
        }
        for i in stride(from: size - 1, through: 0, by: -1) {
            var sum = x[i]
            for k in (i + 1)..<max(i + 1, size) { sum -= factor[k * size + i] * x[k] }
            x[i] = sum / factor[i * size + i]
        }
        return x
    }
}
