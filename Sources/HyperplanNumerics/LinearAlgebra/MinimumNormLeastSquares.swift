import Foundation

/// The minimum-norm least-squares solution of X·w ≈ y, robust to rank deficiency (as LAPACK's `gelsd`).
///
/// X is reduced to its triangular factor R by Householder QR (X = Q·R), R is decomposed by one-sided
/// Jacobi SVD (R = U·Σ·Vᵀ), and singular values below `eps × max(n, p) × σ_max` are treated as zero,
/// which is how scikit-learn's `LinearRegression` (through SciPy's `lstsq`) handles collinear columns.
package enum MinimumNormLeastSquares {
    /// Solves for `w` given the `rows × columns` row-major matrix `x` and the vector `y`.
    ///
    /// - Complexity: O(rows × columns²) for the QR, O(columns³ × sweeps) for the SVD.
    package static func solve(_ x: [Double], rows: Int, columns: Int, y: [Double]) -> [Double] {
        guard columns > 0 else { return [] }
        var a = x
        var b = y
        // Householder QR, column by column; R ends up in the upper triangle of a's first `columns` rows.
        let steps = min(rows, columns)
        for k in 0..<steps {
            var norm = 0.0
            for i in k..<rows { norm += a[i * columns + k] * a[i * columns + k] }
            norm = norm.squareRoot()
            guard norm > 0 else { continue }
            let alpha = a[k * columns + k] > 0 ? -norm : norm
            var v = [Double](repeating: 0, count: rows - k)
            for i in k..<rows { v[i - k] = a[i * columns + k] }
            v[0] -= alpha
            var vNorm = 0.0
            for value in v { vNorm += value * value }
            guard vNorm > 0 else { continue }
            // Apply H = I - 2 v vᵀ / (vᵀv) to the remaining columns and to b.
            for j in k..<columns {
                var dot = 0.0
                for i in k..<rows { dot += v[i - k] * a[i * columns + j] }
                let factor = 2 * dot / vNorm
                for i in k..<rows { a[i * columns + j] -= factor * v[i - k] }
            }
            var dot = 0.0
            for i in k..<rows { dot += v[i - k] * b[i] }
            let factor = 2 * dot / vNorm
            for i in k..<rows { b[i] -= factor * v[i - k] }
        }
        // R (steps × columns) and Qᵀy (first `steps` entries).
        var r = [Double](repeating: 0, count: columns * columns)
        for i in 0..<steps {
            for j in i..<columns { r[i * columns + j] = a[i * columns + j] }
        }
        var qty = [Double](repeating: 0, count: columns)
        for i in 0..<steps { qty[i] = b[i] }
        let svd = JacobiSVD(r, size: columns)
        let largest = svd.singularValues.max() ?? 0
        let cutoff = Double.ulpOfOne * Double(max(rows, columns)) * largest
        // w = V Σ⁺ Uᵀ (Qᵀy)
        var w = [Double](repeating: 0, count: columns)
        for index in 0..<columns where svd.singularValues[index] > cutoff {
            var projection = 0.0
            for i in 0..<columns { projection += svd.u[i * columns + index] * qty[i] }
            let scaled = projection / svd.singularValues[index]
            for j in 0..<columns { w[j] += svd.v[j * columns + index] * scaled }
        }
        return w
    }
}
