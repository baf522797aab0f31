/// Reductions and updates over contiguous runs of doubles (the columns of a column-major copy of the features),
/// the inner loops of coordinate descent.
///
/// Reductions accumulate in two `SIMD4<Double>` lanes and a scalar tail, then add the lanes in a fixed order,
/// so a result depends only on its inputs (never on threads or alignment) and is bit-reproducible for a given
/// build. Callers enter `withUnsafeBufferPointer` once per kernel and pass runs of it (`run(from:count:)`).
/// Element access goes through buffer pointers, whose bounds checks exist only in debug builds.
package enum ColumnKernels {
    /// Σᵢ a[i]·b[i].
    ///
    /// - Complexity: O(count).
    @inlinable @inline(__always)
    package static func dot(_ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>) -> Double {
        let count = a.count
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
        var i = 0
        let a4 = UnsafeRawBufferPointer(a), b4 = UnsafeRawBufferPointer(b)
        while i + 8 <= count {
            s0 +=
                a4.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
                * b4.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            s1 +=
                a4.loadUnaligned(fromByteOffset: (i + 4) * 8, as: SIMD4<Double>.self)
                * b4.loadUnaligned(fromByteOffset: (i + 4) * 8, as: SIMD4<Double>.self)
            i += 8
        }
        var tail = 0.0
        while i < count {
            tail += a[i] * b[i]
            i += 1
        }
        return horizontalSum(s0 + s1) + tail
    }

    /// Σᵢ a[i]·b[i]·c[i].
    ///
    /// - Complexity: O(count).
    @inlinable @inline(__always)
    package static func dot(
        _ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>, _ c: UnsafeBufferPointer<Double>
    )
        -> Double
    {
        let count = a.count
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
        var i = 0
        let a4 = UnsafeRawBufferPointer(a), b4 = UnsafeRawBufferPointer(b), c4 = UnsafeRawBufferPointer(c)
        while i + 8 <= count {
            let o0 = i * 8, o1 = (i + 4) * 8
            s0 +=
                a4.loadUnaligned(fromByteOffset: o0, as: SIMD4<Double>.self)
                * b4.loadUnaligned(fromByteOffset: o0, as: SIMD4<Double>.self)
                * c4.loadUnaligned(fromByteOffset: o0, as: SIMD4<Double>.self)
            s1 +=
                a4.loadUnaligned(fromByteOffset: o1, as: SIMD4<Double>.self)
                * b4.loadUnaligned(fromByteOffset: o1, as: SIMD4<Double>.self)
                * c4.loadUnaligned(fromByteOffset: o1, as: SIMD4<Double>.self)
            i += 8
        }
        var tail = 0.0
        while i < count {
            tail += a[i] * b[i] * c[i]
            i += 1
        }
        return horizontalSum(s0 + s1) + tail
    }

    /// Σᵢ a[i]·b[i]·(c[i] − d[i]).
    ///
    /// - Complexity: O(count).
    @inlinable @inline(__always)
    package static func dotDifference(
        _ a: UnsafeBufferPointer<Double>, _ b: UnsafeBufferPointer<Double>, _ c: UnsafeBufferPointer<Double>,
        _ d: UnsafeBufferPointer<Double>
    ) -> Double {
        let count = a.count
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
        var i = 0
        let a4 = UnsafeRawBufferPointer(a), b4 = UnsafeRawBufferPointer(b), c4 = UnsafeRawBufferPointer(c),
            d4 = UnsafeRawBufferPointer(d)
        while i + 8 <= count {
            let o0 = i * 8, o1 = (i + 4) * 8
            s0 +=
                a4.loadUnaligned(fromByteOffset: o0, as: SIMD4<Double>.self)
                * b4.loadUnaligned(fromByteOffset: o0, as: SIMD4<Double>.self)
                * (c4.loadUnaligned(fromByteOffset: o0, as: SIMD4<Double>.self)
                    - d4.loadUnaligned(fromByteOffset: o0, as: SIMD4<Double>.self))
            s1 +=
                a4.loadUnaligned(fromByteOffset: o1, as: SIMD4<Double>.self)
                * b4.loadUnaligned(fromByteOffset: o1, as: SIMD4<Double>.self)
                * (c4.loadUnaligned(fromByteOffset: o1, as: SIMD4<Double>.self)
                    - d4.loadUnaligned(fromByteOffset: o1, as: SIMD4<Double>.self))
            i += 8
        }
        var tail = 0.0
        while i < count {
            tail += a[i] * b[i] * (c[i] - d[i])
            i += 1
        }
        return horizontalSum(s0 + s1) + tail
    }

    /// Σᵢ a[i].
    ///
    /// - Complexity: O(count).
    @inlinable @inline(__always)
    package static func sum(_ a: UnsafeBufferPointer<Double>) -> Double {
        let count = a.count
        var s0 = SIMD4<Double>(), s1 = SIMD4<Double>()
        var i = 0
        let a4 = UnsafeRawBufferPointer(a)
        while i + 8 <= count {
            s0 += a4.loadUnaligned(fromByteOffset: i * 8, as: SIMD4<Double>.self)
            s1 += a4.loadUnaligned(fromByteOffset: (i + 4) * 8, as: SIMD4<Double>.self)
            i += 8
        }
        var tail = 0.0
        while i < count {
            tail += a[i]
            i += 1
        }
        return horizontalSum(s0 + s1) + tail
    }

    /// y[i] += scale·x[i].
    ///
    /// - Complexity: O(count).
    @inlinable @inline(__always)
    package static func addScaled(
        _ scale: Double, _ x: UnsafeBufferPointer<Double>, to y: UnsafeMutableBufferPointer<Double>
    ) {
        for i in 0..<x.count { y[i] += scale * x[i] }
    }

    /// The lanes of `v` added in a fixed order.
    @inlinable @inline(__always)
    package static func horizontalSum(_ v: SIMD4<Double>) -> Double { (v[0] + v[1]) + (v[2] + v[3]) }
}

extension UnsafeBufferPointer where Element == Double {
    /// The `count` elements from `start`, as a buffer of their own (no copy).
    @inlinable @inline(__always)
    package func run(from start: Int, count: Int) -> UnsafeBufferPointer<Double> {
        UnsafeBufferPointer(rebasing: self[start..<(start + count)])
    }
}

extension UnsafeMutableBufferPointer where Element == Double {
    /// The `count` elements from `start`, as a buffer of their own (no copy).
    @inlinable @inline(__always)
    package func run(from start: Int, count: Int) -> UnsafeMutableBufferPointer<Double> {
        UnsafeMutableBufferPointer(rebasing: self[start..<(start + count)])
    }

    /// The whole buffer, read-only.
    @inlinable @inline(__always)
    package var readOnly: UnsafeBufferPointer<Double> { UnsafeBufferPointer(self) }
}
