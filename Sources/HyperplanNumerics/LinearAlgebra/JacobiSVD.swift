/// One-sided Jacobi SVD of a square matrix: accurate singular values even for ill-conditioned input.
package struct JacobiSVD: Sendable {
    /// Left singular vectors as columns (row-major `size × size`).
    package var u: [Double]
    package var singularValues: [Double]
    /// Right singular vectors as columns (row-major `size × size`).
    package var v: [Double]

    /// Decomposes the `size × size` row-major `matrix`; sweeps stop when no pair needs rotating (at most 80).
    ///
    /// - Complexity: O(size³) per sweep.
    package init(_ matrix: [Double], size n: Int) {
        var a = matrix
        var vectors = [Double](repeating: 0, count: n * n)
        for i in 0..<n { vectors[i * n + i] = 1 }
        let tolerance = Double.ulpOfOne * Double(n)
        for _ in 0..<80 {
            var rotated = false
            for p in 0..<n {
                for q in (p + 1)..<max(p + 1, n) {
                    var alpha = 0.0, beta = 0.0, gamma = 0.0
                    for i in 0..<n {
                        let ap = a[i * n + p], aq = a[i * n + q]
                        alpha += ap * ap
                        beta += aq * aq
                        gamma += ap * aq
                    }
                    guard gamma != 0, abs(gamma) > tolerance * (alpha * beta).squareRoot() else { continue }
                    rotated = true
                    let zeta = (beta - alpha) / (2 * gamma)
                    let t = (zeta >= 0 ? 1.0 : -1.0) / (abs(zeta) + (1 + zeta * zeta).squareRoot())
                    let c = 1 / (1 + t * t).squareRoot()
                    let s = c * t
                    for i in 0..<n {
                        let ap = a[i * n + p], aq = a[i * n + q]
                        a[i * n + p] = c * ap - s * aq
                        a[i * n + q] = s * ap + c * aq
                        let vp = vectors[i * n + p], vq = vectors[i * n + q]
                        vectors[i * n + p] = c * vp - s * vq
                        vectors[i * n + q] = s * vp + c * vq
                    }
                }
            }
            if !rotated { break }
        }
        var values = [Double](repeating: 0, count: n)
        var left = [Double](repeating: 0, count: n * n)
        for j in 0..<n {
            var norm = 0.0
            for i in 0..<n { norm += a[i * n + j] * a[i * n + j] }
            norm = norm.squareRoot()
            values[j] = norm
            if norm > 0 { for i in 0..<n { left[i * n + j] = a[i * n + j] / norm } }
        }
        u = left
        singularValues = values
        v = vectors
    }
}
