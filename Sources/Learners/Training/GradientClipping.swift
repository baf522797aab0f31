/// Clipping by the global gradient norm, as PyTorch's `clip_grad_norm_` over all parameters at once.
package enum GradientClipping {
    /// Scales `gradient` by `maxNorm/‖gradient‖` when its Euclidean norm exceeds `maxNorm`, so that the norm
    /// becomes `maxNorm` and the direction is kept; returns the norm before clipping.
    ///
    /// PyTorch divides by ‖g‖ + 10⁻⁶; this divides by ‖g‖ exactly. The norm is summed in four interleaved
    /// partial sums combined in a fixed order, so it is reproducible bit for bit.
    ///
    /// - Complexity: O(gradient.count).
    @discardableResult
    package static func clip(_ gradient: UnsafeMutableBufferPointer<Double>, maxNorm: Double) -> Double {
        let count = gradient.count
        var sums = SIMD4<Double>()
        var i = 0
        while i + 4 <= count {
            let g = SIMD4(gradient[i], gradient[i + 1], gradient[i + 2], gradient[i + 3])
            sums += g * g
            i += 4
        }
        var tail = 0.0
        while i < count {
            tail += gradient[i] * gradient[i]
            i += 1
        }
        let norm = ((sums[0] + sums[1]) + (sums[2] + sums[3]) + tail).squareRoot()
        if norm > maxNorm {
            let scale = maxNorm / norm
            for j in 0..<count { gradient[j] *= scale }
        }
        return norm
    }
}
