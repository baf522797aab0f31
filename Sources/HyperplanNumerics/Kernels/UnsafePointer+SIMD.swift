// Unaligned SIMD loads and stores of four consecutive `Double`s, for kernels that walk flat buffers four
// lanes at a time (on the baseline x86-64 target a `SIMD4<Double>` is a pair of SSE registers).

extension UnsafePointer where Pointee == Double {
    /// The four values at `self[offset..<offset + 4]`.
    @inlinable @inline(__always)
    package func vector(at offset: Int) -> SIMD4<Double> {
        UnsafeRawPointer(self + offset).loadUnaligned(as: SIMD4<Double>.self)
    }
}

extension UnsafeMutablePointer where Pointee == Double {
    /// The four values at `self[offset..<offset + 4]`.
    @inlinable @inline(__always)
    package func vector(at offset: Int) -> SIMD4<Double> {
        UnsafeRawPointer(self + offset).loadUnaligned(as: SIMD4<Double>.self)
    }

    /// Writes four values to `self[offset..<offset + 4]`.
    @inlinable @inline(__always)
    package func setVector(_ value: SIMD4<Double>, at offset: Int) {
        UnsafeMutableRawPointer(self + offset).storeBytes(of: value, as: SIMD4<Double>.self)
    }
}
