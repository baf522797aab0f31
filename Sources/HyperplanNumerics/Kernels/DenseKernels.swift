/// The matrix products of a dense layer's forward and backward passes, over raw row-major buffers.
///
/// One kernel covers the three products a layer needs: Z = X·W (forward), ∇W = Xᵀ·Δ (weight gradient) and
/// Δ_in = Δ·Wᵀ (with Wᵀ transposed into a buffer first), by giving the left operand's element (i, r) as
/// `a[i·aRowStride + r·aDepthStride]`. The right operand is row-major and contiguous along its columns, so
/// each step of the inner loop loads SIMD vectors of it and broadcasts single elements of the left operand.
///
/// The main register block is 2 rows × 8 columns held in four `SIMD4<Double>` accumulators (eight SSE
/// registers on the baseline x86-64 target, leaving room for the operands without spilling); tails use
/// 1×8, 4×4, 1×4 and scalar blocks. Each element of C is accumulated over r in increasing order from its
/// initial value, so results do not depend on the block it falls in: the same inputs give the same bits.
package enum DenseKernels {
    /// C[i, j] += Σ_r A(i, r)·B[r, j] for i < m, j < n, r < k.
    ///
    /// - Complexity: O(m·n·k).
    @inlinable
    package static func multiplyAdd(
        m: Int, n: Int, k: Int,
        a: UnsafePointer<Double>, aRowStride: Int, aDepthStride: Int,
        b: UnsafePointer<Double>, bRowStride: Int,
        c: UnsafeMutablePointer<Double>, cRowStride: Int
    ) {
        guard m > 0, n > 0, k > 0 else { return }
        var j = 0
        while j + 8 <= n {
            var i = 0
            while i + 2 <= m {
                block2x8(
                    k: k, a: a + i * aRowStride, aRowStride: aRowStride, aDepthStride: aDepthStride, b: b + j,
                    bRowStride: bRowStride, c: c + i * cRowStride + j, cRowStride: cRowStride)
                i += 2
            }
            if i < m {
                block1x8(
                    k: k, a: a + i * aRowStride, aDepthStride: aDepthStride, b: b + j, bRowStride: bRowStride,
                    c: c + i * cRowStride + j)
            }
            j += 8
        }
        if j + 4 <= n {
            var i = 0
            while i + 4 <= m {
                block4x4(
                    k: k, a: a + i * aRowStride, aRowStride: aRowStride, aDepthStride: aDepthStride, b: b + j,
                    bRowStride: bRowStride, c: c + i * cRowStride + j, cRowStride: cRowStride)
                i += 4
            }
            while i < m {
                block1x4(
                    k: k, a: a + i * aRowStride, aDepthStride: aDepthStride, b: b + j, bRowStride: bRowStride,
                    c: c + i * cRowStride + j)
                i += 1
            }
            j += 4
        }
        while j < n {
            for i in 0..<m {
                let row = a + i * aRowStride
                var sum = c[i * cRowStride + j]
                var aOffset = 0
                var bOffset = j
                for _ in 0..<k {
                    sum += row[aOffset] * b[bOffset]
                    aOffset += aDepthStride
                    bOffset += bRowStride
                }
                c[i * cRowStride + j] = sum
            }
            j += 1
        }
    }

    @inlinable @inline(__always)
    static func load(_ pointer: UnsafePointer<Double>) -> SIMD4<Double> { pointer.vector(at: 0) }

    @inlinable @inline(__always)
    static func load(_ pointer: UnsafeMutablePointer<Double>) -> SIMD4<Double> { pointer.vector(at: 0) }

    @inlinable @inline(__always)
    static func store(_ value: SIMD4<Double>, _ pointer: UnsafeMutablePointer<Double>) {
        pointer.setVector(value, at: 0)
    }

    @inlinable @inline(__always)
    static func block2x8(
        k: Int, a: UnsafePointer<Double>, aRowStride: Int, aDepthStride: Int, b: UnsafePointer<Double>,
        bRowStride: Int, c: UnsafeMutablePointer<Double>, cRowStride: Int
    ) {
        let c1 = c + cRowStride
        var c00 = load(c)
        var c01 = load(c + 4)
        var c10 = load(c1)
        var c11 = load(c1 + 4)
        let a1 = a + aRowStride
        var bRow = b
        var offset = 0
        for _ in 0..<k {
            let b0 = load(bRow)
            let b1 = load(bRow + 4)
            let x0 = SIMD4(repeating: a[offset])
            c00 += x0 * b0
            c01 += x0 * b1
            let x1 = SIMD4(repeating: a1[offset])
            c10 += x1 * b0
            c11 += x1 * b1
            bRow += bRowStride
            offset += aDepthStride
        }
        store(c00, c)
        store(c01, c + 4)
        store(c10, c1)
        store(c11, c1 + 4)
    }

    @inlinable @inline(__always)
    static func block1x8(
        k: Int, a: UnsafePointer<Double>, aDepthStride: Int, b: UnsafePointer<Double>, bRowStride: Int,
        c: UnsafeMutablePointer<Double>
    ) {
        var c0 = load(c)
        var c1 = load(c + 4)
        var bRow = b
        var offset = 0
        for _ in 0..<k {
            let x = SIMD4(repeating: a[offset])
            c0 += x * load(bRow)
            c1 += x * load(bRow + 4)
            bRow += bRowStride
            offset += aDepthStride
        }
        store(c0, c)
        store(c1, c + 4)
    }

    @inlinable @inline(__always)
    static func block4x4(
        k: Int, a: UnsafePointer<Double>, aRowStride: Int, aDepthStride: Int, b: UnsafePointer<Double>,
        bRowStride: Int, c: UnsafeMutablePointer<Double>, cRowStride: Int
    ) {
        var c0 = load(c)
        var c1 = load(c + cRowStride)
        var c2 = load(c + 2 * cRowStride)
        var c3 = load(c + 3 * cRowStride)
        let a1 = a + aRowStride
        let a2 = a1 + aRowStride
        let a3 = a2 + aRowStride
        var bRow = b
        var offset = 0
        for _ in 0..<k {
            let bv = load(bRow)
            c0 += SIMD4(repeating: a[offset]) * bv
            c1 += SIMD4(repeating: a1[offset]) * bv
            c2 += SIMD4(repeating: a2[offset]) * bv
            c3 += SIMD4(repeating: a3[offset]) * bv
            bRow += bRowStride
            offset += aDepthStride
        }
        store(c0, c)
        store(c1, c + cRowStride)
        store(c2, c + 2 * cRowStride)
        store(c3, c + 3 * cRowStride)
    }

    @inlinable @inline(__always)
    static func block1x4(
        k: Int, a: UnsafePointer<Double>, aDepthStride: Int, b: UnsafePointer<Double>, bRowStride: Int,
        c: UnsafeMutablePointer<Double>
    ) {
        var c0 = load(c)
        var bRow = b
        var offset = 0
        for _ in 0..<k {
            c0 += SIMD4(repeating: a[offset]) * load(bRow)
            bRow += bRowStride
            offset += aDepthStride
        }
        store(c0, c)
    }

    /// Writes the transpose of the rows × columns matrix `source` into `target` (columns × rows).
    ///
    /// - Complexity: O(rows·columns).
    @inlinable
    package static func transpose(
        _ source: UnsafePointer<Double>, rows: Int, columns: Int, into target: UnsafeMutablePointer<Double>
    ) {
        for i in 0..<rows {
            let row = source + i * columns
            for j in 0..<columns { target[j * rows + i] = row[j] }
        }
    }
}
