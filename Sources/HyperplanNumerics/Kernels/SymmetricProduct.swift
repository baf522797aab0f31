/// Gram matrices XᵀX and X̃ᵀ·diag(w)·X̃, the O(n·p²) kernels of coordinate descent on the elastic net and of
/// the explicit-Hessian proximal Newton method.
///
/// Both accumulate rank-one updates of the upper triangle, four rows at a time, in `SIMD4` runs along a row
/// of the result (so the inner loop is a vectorised update with no reduction), then mirror the upper
/// triangle into the lower. Rows are added in order, so results are bit-reproducible for a given build.
package enum SymmetricProduct {
    /// XᵀX (p × p, row-major, both triangles filled) of X given column-major (p × rows, each column contiguous).
    ///
    /// - Complexity: O(rows × p² / 2).
    package static func gram(columnMajor x: [Double], rows: Int, columns p: Int) -> [Double] {
        products(columnMajor: x, rows: rows, columns: p, weights: nil)
    }

    /// X̃ᵀ·diag(w)·X̃ ((p + 1) × (p + 1), row-major, both triangles) for X̃ = [X 1], X given column-major
    /// (p × rows).
    ///
    /// - Complexity: O(rows × (p + 1)² / 2).
    package static func weightedGram(
        columnMajor x: [Double], rows: Int, columns p: Int, weights: [Double]
    ) -> [Double] {
        products(columnMajor: x, rows: rows, columns: p, weights: weights)
    }

    /// XᵀX, or X̃ᵀ·diag(w)·X̃ when `weights` are given. Rows are copied in chunks of 64 into row-major buffers
    /// (one plain, one scaled by w) so the update kernel reads contiguous rows.
    private static func products(columnMajor x: [Double], rows n: Int, columns p: Int, weights: [Double]?)
        -> [Double]
    {
        let q = weights == nil ? p : p + 1
        let chunk = 64
        var gram = [Double](repeating: 0, count: q * q)
        var plain = [Double](repeating: 0, count: chunk * q)
        var scaled = weights == nil ? [] : plain
        x.withUnsafeBufferPointer { x in
            gram.withUnsafeMutableBufferPointer { g in
                plain.withUnsafeMutableBufferPointer { plain in
                    scaled.withUnsafeMutableBufferPointer { scaled in
                        var start = 0
                        while start < n {
                            let m = min(chunk, n - start)
                            for r in 0..<m {
                                // Row by row: the p column streams each advance one element per row.
                                let out = r * q
                                for j in 0..<p { plain[out + j] = x[j * n + start + r] }
                                if let weights {
                                    let weight = weights[start + r]
                                    for j in 0..<p { scaled[out + j] = weight * plain[out + j] }
                                    plain[out + p] = 1
                                    scaled[out + p] = weight
                                }
                            }
                            let left = weights == nil ? plain.readOnly : scaled.readOnly
                            addProducts(into: g, left: left, right: plain.readOnly, rows: m, columns: q)
                            start += m
                        }
                    }
                }
            }
        }
        mirrorUpperTriangle(&gram, size: q)
        return gram
    }

    /// g[j, k] += Σᵣ a[r, j]·b[r, k] for k from j rounded down to a multiple of 4 (at least the upper triangle),
    /// with a and b row-major rows × columns.
    ///
    /// - Complexity: O(rows × columns² / 2).
    private static func addProducts(
        into g: UnsafeMutableBufferPointer<Double>, left a: UnsafeBufferPointer<Double>,
        right b: UnsafeBufferPointer<Double>, rows: Int, columns q: Int
    ) {
        let out = UnsafeMutableRawBufferPointer(g)
        let right = UnsafeRawBufferPointer(b)
        var r = 0
        while r + 4 <= rows {
            let r0 = r * q, r1 = r0 + q, r2 = r1 + q, r3 = r2 + q
            for j in 0..<q {
                let a0 = a[r0 + j], a1 = a[r1 + j], a2 = a[r2 + j], a3 = a[r3 + j]
                let v0 = SIMD4<Double>(repeating: a0), v1 = SIMD4<Double>(repeating: a1)
                let v2 = SIMD4<Double>(repeating: a2), v3 = SIMD4<Double>(repeating: a3)
                let row = j * q
                var k = j & ~3
                while k + 4 <= q {
                    let b0 = right.loadUnaligned(fromByteOffset: (r0 + k) * 8, as: SIMD4<Double>.self)
                    let b1 = right.loadUnaligned(fromByteOffset: (r1 + k) * 8, as: SIMD4<Double>.self)
                    let b2 = right.loadUnaligned(fromByteOffset: (r2 + k) * 8, as: SIMD4<Double>.self)
                    let b3 = right.loadUnaligned(fromByteOffset: (r3 + k) * 8, as: SIMD4<Double>.self)
                    var sum = out.loadUnaligned(fromByteOffset: (row + k) * 8, as: SIMD4<Double>.self)
                    let first: SIMD4<Double> = v0 * b0 + v1 * b1
                    let second: SIMD4<Double> = v2 * b2 + v3 * b3
                    sum += first + second
                    out.storeBytes(of: sum, toByteOffset: (row + k) * 8, as: SIMD4<Double>.self)
                    k += 4
                }
                while k < q {
                    g[row + k] += (a0 * b[r0 + k] + a1 * b[r1 + k]) + (a2 * b[r2 + k] + a3 * b[r3 + k])
                    k += 1
                }
            }
            r += 4
        }
        while r < rows {
            let r0 = r * q
            for j in 0..<q {
                let a0 = a[r0 + j]
                let row = j * q
                for k in (j & ~3)..<q { g[row + k] += a0 * b[r0 + k] }
            }
            r += 1
        }
    }

    /// Copies the upper triangle of a size × size row-major matrix into its lower triangle.
    private static func mirrorUpperTriangle(_ matrix: inout [Double], size: Int) {
        for j in 0..<size {
            for k in 0..<j { matrix[j * size + k] = matrix[k * size + j] }
        }
    }
}
